"""Suite 12, operation promises: one story per promise of ``contracts/interface.py`` that no
other suite checks, each run on the candidate and the model side by side
(:class:`~novacat_persistence.suites.harness.twin.Twin`): after every call the result or typed
error, the log record and every item the call touched must be the model's, and after the story
the whole table. Each story also asserts its rule explicitly on the stored items.
``suites/PROMISES.md`` maps every promise to the test that checks it."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts.bucket_layout import photometry_key, raw_spectra_key
from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.deterministic_ids import composite_id
from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    FileObject,
    JobRun,
    NameMapping,
    Nova,
    NovaReference,
    Reference,
    SpectraProduct,
    WorkItem,
)
from novacat_persistence.contracts.enums import (
    AttemptStatus,
    DirtyType,
    ErrorClass,
    FileRole,
    JobRunStatus,
    LockState,
    ManualReviewStatus,
    NameKind,
    NameSource,
    NovaQuarantineReason,
    NovaReferenceRole,
    NovaStatus,
    ReferenceType,
    RegenPlanStatus,
    SpectraQuarantineReason,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
    PointerImmutableError,
    PointerLayoutError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey, WorkItemKey, key_of
from novacat_persistence.contracts.operations import (
    AcquisitionDecision,
    LockOutcome,
    PhotometryIngestion,
    RawObject,
    SpectraRegistration,
    ValidationOutcome,
)
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.suites.harness.builders import key_of as product_key
from novacat_persistence.suites.harness.builders import regen_plan, stored_item
from novacat_persistence.suites.harness.builders import registration as new_registration
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.harness.twin import Twin
from novacat_persistence.suites.model.calls import MARKER

BUCKET = "novacat-private"
RUN = "execution-1"
REVIEW = "review-1"
"""The asking executions' identities (IFC-030 2.0.0): a JobRun id or token, a review's
token."""
BIBCODE = "2013ApJ...779..118S"
SHA = "0f" * 32


def _nova(name: str | None = None, nova_id: UUID | None = None, **fields: object) -> Nova:
    nova_id = nova_id or uuid4()
    normalized = name or f"nova {nova_id.hex[:12]}"
    return Nova(
        nova_id=nova_id,
        primary_name=f"{MARKER} {normalized.title()}",
        primary_name_normalized=normalized,
        **fields,
    )


def _created(twin: Twin, **fields: object) -> Nova:
    nova = _nova(**fields)  # type: ignore[arg-type]
    stored = twin.call("create_nova", nova)
    assert stored.created
    return nova


def _registered(twin: Twin, nova_id: UUID | None = None, product: str = "ADP.1") -> SpectraProduct:
    registration = SpectraRegistration(
        nova_id=nova_id or uuid4(),
        provider="ESO",
        locator_identity=f"provider_product_id:{product}.{uuid4().hex[:8]}",
        hints={"note": f"{MARKER} hint"},
    )
    stored = twin.call("register_spectra_product", registration)
    product_item: SpectraProduct = stored.item
    return product_item


def _quarantined(status: str = "q" * 16) -> ValidationOutcome:
    return ValidationOutcome(
        ValidationStatus.QUARANTINED,
        status,
        quarantine_reason_code=SpectraQuarantineReason.CHECKSUM_MISMATCH,
    )


# --- every write ---------------------------------------------------------------------------


def test_every_write_stamps_its_entity_s_current_version(twin: Twin) -> None:
    """Creates, updates and upserts alike stamp every stored item, of every entity type, with
    its entity's current schema version."""
    nova = _created(twin)
    twin.call("add_nova_aliases", nova.nova_id, [f"{MARKER} a"])
    twin.call("attach_alias", nova.nova_id, f"{MARKER} b", f"b {nova.nova_id}", NameSource.TNS)
    key = product_key(_registered(twin, nova.nova_id))
    twin.call("record_retryable_failure", key, error_fingerprint="e" * 16, execution=RUN)
    twin.call(
        "record_photometry_ingestion",
        nova.nova_id,
        PhotometryIngestion("aavso", BUCKET, "1.0.0"),
        execution=RUN,
    )
    twin.call("upsert_reference", _reference())
    twin.call("upsert_reference", _reference(title=f"{MARKER} t"))
    twin.call(
        "link_nova_reference",
        NovaReference(nova_id=nova.nova_id, bibcode=BIBCODE, role=NovaReferenceRole.OTHER),
    )
    run = _run(timedelta(0), nova_id=nova.nova_id)
    twin.call("begin_job_run", run)
    twin.call("finalize_job_run", _run_key(run), JobRunStatus.SUCCEEDED)
    token = twin.call(
        "acquire_lock",
        f"k:{uuid4()}",
        job_run_id=run.job_run_id,
        workflow_name="initialize_nova",
        primary_id="p",
    ).token
    twin.call("complete_lock", token)
    twin.call("record_step", StepKind.LINK, f"s:{uuid4()}", job_run_id=run.job_run_id)
    twin.call("enqueue_work_item", _work_item(nova.nova_id, timedelta(0)))
    twin.call(
        "put_file_object",
        _file(nova.nova_id, FileRole.PHOTOMETRY_TABLE, photometry_key(nova.nova_id)),
    )
    attempt = Attempt(
        nova_id=nova.nova_id,
        job_run_id=run.job_run_id,
        correlation_id=run.correlation_id,
        task_name="AcquireArtifact",
        attempt_number=1,
        status=AttemptStatus.STARTED,
        created_at=EPOCH,
    )
    twin.call("record_attempt", attempt)
    stored = twin.raw.scan()
    written = {i["entity_type"]["S"] for i in stored}
    assert written >= {"Nova", "NameMapping", "NameClaim", "DataProduct", "JobRun", "WorkItem"}
    for item in stored:
        entity_type = item["entity_type"]["S"]
        current = ENTITIES[entity_type].current.version
        assert item["schema_version"] == {"S": current}, f"{item['PK']['S']}/{item['SK']['S']}"


# --- identity and names --------------------------------------------------------------------


def test_create_nova_claims_its_primary_name(twin: Twin) -> None:
    """create_nova writes the nova, its PRIMARY mapping and the name's claim in one
    transaction; another nova with the same primary name is refused (ConflictError) and
    nothing of it is written."""
    nova = _created(twin)
    name = nova.primary_name_normalized
    claim = stored_item(twin.raw, f"NAME#{name}", "CLAIM")
    assert claim["nova_id"] == {"S": str(nova.nova_id)}
    mapping = stored_item(twin.raw, f"NAME#{name}", f"NOVA#{nova.nova_id}")
    assert mapping["name_kind"] == {"S": "PRIMARY"}
    other = _nova(name)
    twin.fails(ConflictError, "create_nova", other)
    assert twin.raw.get(str(other.nova_id), "NOVA") is None
    assert [m.nova_id for m in twin.call("resolve_name", name)] == [nova.nova_id]


def test_create_nova_replays_and_refuses_another_nova_under_its_id(twin: Twin) -> None:
    """The same nova again is a replay (created=False, nothing written); other content under
    the same id raises AlreadyExistsError carrying the stored nova."""
    nova = _created(twin)
    twin.advance(timedelta(seconds=1))
    again = twin.call("create_nova", nova)
    assert not again.created
    error = twin.fails(AlreadyExistsError, "create_nova", nova.model_copy(update={"ra_deg": 12.5}))
    assert getattr(error, "existing", None) == again.item


def test_attach_alias_needs_an_existing_nova(twin: Twin) -> None:
    """Linking a name to a nova that does not exist raises NotFoundError and writes neither the
    mapping nor the claim."""
    twin.fails(
        NotFoundError, "attach_alias", uuid4(), f"{MARKER} Alias", "lonely alias", NameSource.SIMBAD
    )
    assert twin.raw.partition("NAME#lonely alias") == []


def test_attach_alias_keeps_a_name_on_one_nova(twin: Twin) -> None:
    """An alias is create-only (the same name for the same nova is a no-op, created=False) and
    a name that maps to another nova raises ConflictError."""
    first, second = _created(twin), _created(twin)
    name = f"alias {uuid4().hex[:8]}"
    made = twin.call("attach_alias", first.nova_id, f"{MARKER} A", name, NameSource.SIMBAD)
    assert made.created and made.item.name_kind is NameKind.ALIAS
    twin.advance(timedelta(seconds=1))
    again = twin.call("attach_alias", first.nova_id, f"{MARKER} B", name, NameSource.TNS)
    assert not again.created and again.item == made.item
    twin.fails(ConflictError, "attach_alias", second.nova_id, f"{MARKER} C", name, NameSource.TNS)
    assert stored_item(twin.raw, f"NAME#{name}", "CLAIM")["nova_id"] == {"S": str(first.nova_id)}


def test_resolve_name_lists_every_nova_of_an_ambiguous_name(twin: Twin) -> None:
    """A name mapped to several novae (data written before claims existed) resolves to all
    of them, ordered by nova id."""
    name = f"ambiguous {uuid4().hex[:8]}"
    ids = [uuid4() for _ in range(3)]
    for nova_id in ids:
        twin.seed(
            NameMapping(
                name_raw=f"{MARKER} {name}",
                name_normalized=name,
                name_kind=NameKind.ALIAS,
                nova_id=nova_id,
                source=NameSource.INGESTION,
                created_at=EPOCH,
                updated_at=EPOCH,
            )
        )
    found = twin.call("resolve_name", name)
    assert [m.nova_id for m in found] == sorted(ids, key=str)


def test_quarantine_identity_writes_the_nova_and_its_context(twin: Twin) -> None:
    """quarantine_identity writes the QUARANTINED nova and its pre-nova context file together;
    a replay is created=False, other content AlreadyExistsError, an ACTIVE nova an input
    error."""
    nova = _nova(
        status=NovaStatus.QUARANTINED,
        quarantine_reason_code=NovaQuarantineReason.COORDINATE_AMBIGUITY,
    )
    correlation_id = f"corr-{nova.nova_id.hex}"
    context = FileObject(
        file_id=uuid4(),
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id=correlation_id,
        bucket=BUCKET,
        key=f"quarantine/identity/{correlation_id}/context.json",
        created_by=f"initialize_nova:{uuid4()}",
    )
    assert twin.call("quarantine_identity", nova, context).created
    stored_item(twin.raw, str(nova.nova_id), "NOVA")
    files = twin.call("list_workflow_files", correlation_id)
    assert [f.file_id for f in files] == [context.file_id]
    assert not twin.call("quarantine_identity", nova, context).created
    other = nova.model_copy(update={"ra_deg": 1.5})
    twin.fails(AlreadyExistsError, "quarantine_identity", other, context)
    twin.fails(InputValidationError, "quarantine_identity", _nova(), context)


def test_add_nova_aliases_is_a_set_union_in_first_order(twin: Twin) -> None:
    """add_nova_aliases keeps each name once, in the order of its first addition; adding only
    known names changes nothing; a missing nova raises NotFoundError."""
    nova = _created(twin)
    a, b, c = (f"{MARKER} {n}" for n in "abc")
    assert twin.call("add_nova_aliases", nova.nova_id, [a, b, a]).aliases == [a, b]
    twin.advance(timedelta(seconds=1))
    assert twin.call("add_nova_aliases", nova.nova_id, [b, c]).aliases == [a, b, c]
    twin.advance(timedelta(seconds=1))
    unchanged = twin.call("add_nova_aliases", nova.nova_id, [c])
    assert unchanged.updated_at == EPOCH + timedelta(seconds=1), "nothing new: nothing written"
    twin.fails(NotFoundError, "add_nova_aliases", uuid4(), [a])


def test_set_discovery_date_is_compare_and_set(twin: Twin) -> None:
    """The date is set only when the stored one is the expected one; otherwise ConflictError
    carrying the stored nova; a missing nova raises NotFoundError."""
    nova = _created(twin)
    assert (
        twin.call("set_discovery_date", nova.nova_id, "2013-12-02", expected=None).discovery_date
        == "2013-12-02"
    )
    refused = twin.fails(
        ConflictError, "set_discovery_date", nova.nova_id, "2013-12-05", expected=None
    )
    assert getattr(refused, "existing", None) is not None
    changed = twin.call("set_discovery_date", nova.nova_id, "2013-12-05", expected="2013-12-02")
    assert changed.discovery_date == "2013-12-05"
    twin.fails(NotFoundError, "set_discovery_date", uuid4(), "2013-12-05", expected=None)


def test_rename_primary_moves_the_primary_mapping(twin: Twin) -> None:
    """rename_primary updates the nova, writes the new PRIMARY mapping and its claim, and turns
    the old mapping into an ALIAS, in one transaction; a stale expected name raises
    ConflictError, a name of another nova ConflictError."""
    nova, other = _created(twin), _created(twin)
    old = nova.primary_name_normalized
    new = f"renamed {uuid4().hex[:8]}"
    renamed = twin.call(
        "rename_primary",
        nova.nova_id,
        f"{MARKER} Renamed",
        new,
        expected_primary_name_normalized=old,
    )
    assert renamed.primary_name_normalized == new
    assert stored_item(twin.raw, f"NAME#{old}", f"NOVA#{nova.nova_id}")["name_kind"] == {
        "S": "ALIAS"
    }
    assert stored_item(twin.raw, f"NAME#{new}", f"NOVA#{nova.nova_id}")["name_kind"] == {
        "S": "PRIMARY"
    }
    assert stored_item(twin.raw, f"NAME#{new}", "CLAIM")["nova_id"] == {"S": str(nova.nova_id)}
    twin.fails(
        ConflictError,
        "rename_primary",
        nova.nova_id,
        f"{MARKER} Third",
        f"third {uuid4().hex[:8]}",
        expected_primary_name_normalized=old,
    )
    twin.fails(
        ConflictError,
        "rename_primary",
        nova.nova_id,
        f"{MARKER} Taken",
        other.primary_name_normalized,
        expected_primary_name_normalized=new,
    )
    twin.fails(
        NotFoundError,
        "rename_primary",
        uuid4(),
        f"{MARKER} X",
        "x",
        expected_primary_name_normalized="y",
    )


# --- spectra -------------------------------------------------------------------------------


def test_register_spectra_product_writes_the_alias_and_an_eligible_stub(twin: Twin) -> None:
    """Registration writes the LocatorAlias and a STUB/UNVALIDATED/ACQUIRE stub with counters
    at zero and its exact GSI1 keys; again it is created=False; the locator under another
    nova raises ConflictError."""
    product = _registered(twin)
    stored = stored_item(
        twin.raw, str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"
    )
    assert stored["GSI1PK"] == {"S": str(product.nova_id)}
    assert stored["GSI1SK"] == {"S": f"ELIG#ACQUIRE#SPECTRA#ESO#{product.data_product_id}"}
    assert stored["attempt_count_total"] == {"N": "0"}
    registration = SpectraRegistration(
        nova_id=product.nova_id, provider="ESO", locator_identity=product.locator_identity
    )
    twin.advance(timedelta(seconds=1))
    assert not twin.call("register_spectra_product", registration).created
    elsewhere = SpectraRegistration(
        nova_id=uuid4(), provider="ESO", locator_identity=product.locator_identity
    )
    twin.fails(ConflictError, "register_spectra_product", elsewhere)
    alias = twin.call("resolve_locator", "ESO", product.locator_identity)
    assert alias.data_product_id == product.data_product_id


@pytest.mark.parametrize("kept", ["alias", "stub"])
def test_register_spectra_product_completes_a_half_written_registration(
    wrapper: PersistenceWrapper, raw: RawView, kept: str
) -> None:
    """Nova Cat's discoverer writes the alias, then the stub, in two requests: a crash between
    them (or a stub whose alias was lost) leaves half a registration. Registering again
    completes it: the missing item is written again as a registration writes it (the stub
    eligible to ACQUIRE, in the index), the other is left as it is, and the answer is
    created=True only when the stub was missing."""
    reg = new_registration(uuid4(), f"ADP.{uuid4()}")
    product_id = wrapper.register_spectra_product(reg).item.data_product_id
    keys = {
        "alias": (f"LOCATOR#ESO#{reg.locator_identity}", f"DATA_PRODUCT#{product_id}"),
        "stub": (str(reg.nova_id), f"PRODUCT#SPECTRA#ESO#{product_id}"),
    }
    first = {name: stored_item(raw, *key) for name, key in keys.items()}
    lost = "stub" if kept == "alias" else "alias"
    raw.delete_except(raw.keys() - {keys[lost]})

    again = wrapper.register_spectra_product(reg)

    assert again.created is (lost == "stub")
    assert again.item.data_product_id == product_id
    assert raw.get(*keys[kept]) == first[kept], f"the {kept} was written again"
    rewritten = raw.get(*keys[lost])
    assert rewritten is not None, f"the lost {lost} was not written again"
    stamps = ("created_at", "updated_at")  # the instant of the registration that wrote it
    untimed = {name: value for name, value in first[lost].items() if name not in stamps}
    assert {name: value for name, value in rewritten.items() if name not in stamps} == untimed
    if lost == "stub":
        assert rewritten["GSI1SK"] == {"S": f"ELIG#ACQUIRE#SPECTRA#ESO#{product_id}"}
        assert rewritten["eligibility"] == {"S": "ACQUIRE"}


def test_decide_acquisition_gates_quarantined_products(twin: Twin) -> None:
    """A QUARANTINED product is QUARANTINE_GATED, whether its cooldown runs or has passed; only
    a human's retry approval lets it PROCEED. decide_acquisition writes nothing."""
    product = _registered(twin)
    key = product_key(product)
    twin.call("record_retryable_failure", key, error_fingerprint="e" * 16, execution=RUN)
    twin.call("record_validation_result", key, _quarantined(), execution="execution-2")
    assert twin.call("decide_acquisition", key).decision is AcquisitionDecision.QUARANTINE_GATED
    twin.advance(timedelta(days=2))
    assert twin.call("decide_acquisition", key).decision is AcquisitionDecision.QUARANTINE_GATED
    twin.call("clear_quarantine", key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution=REVIEW)
    assert twin.call("decide_acquisition", key).decision is AcquisitionDecision.PROCEED


def test_decide_acquisition_follows_the_validation_status(twin: Twin) -> None:
    """VALID is SKIPPED_DUPLICATE, TERMINAL_INVALID is TERMINAL; a missing product raises
    NotFoundError; nothing is written."""
    valid, terminal = product_key(_registered(twin)), product_key(_registered(twin))
    twin.call(
        "record_validation_result",
        valid,
        ValidationOutcome(ValidationStatus.VALID, SHA),
        execution=RUN,
    )
    twin.call(
        "record_validation_result",
        terminal,
        ValidationOutcome(ValidationStatus.TERMINAL_INVALID, SHA),
        execution=RUN,
    )
    assert twin.call("decide_acquisition", valid).decision is AcquisitionDecision.SKIPPED_DUPLICATE
    assert twin.call("decide_acquisition", terminal).decision is AcquisitionDecision.TERMINAL
    twin.fails(NotFoundError, "decide_acquisition", SpectraProductKey(uuid4(), "ESO", uuid4()))


def test_record_raw_acquisition_records_the_pointer_until_valid(twin: Twin) -> None:
    """The raw pointer, size, ETag and sha256 are recorded (ACQUIRED) and another object may be
    recorded before validation; the object an ACQUIRED product records already is answered
    unchanged (nothing written: a retried task changes nothing); once VALID another pointer
    raises PointerImmutableError and the same one is answered unchanged."""
    product = _registered(twin)
    key = product_key(product)
    raw_key = raw_spectra_key(product.nova_id, product.data_product_id)
    first = twin.call("record_raw_acquisition", key, RawObject(BUCKET, raw_key, 10, "e1", SHA))
    assert (first.raw_s3_key, first.byte_length, first.etag) == (raw_key, 10, "e1")
    twin.advance(timedelta(seconds=2))
    again = twin.call("record_raw_acquisition", key, RawObject(BUCKET, raw_key, 10, "e1", SHA))
    assert again == first, "the same object again writes nothing (updated_at kept)"
    twin.call("record_raw_acquisition", key, RawObject(BUCKET, raw_key, 11, "e2", SHA))
    twin.call(
        "record_validation_result",
        key,
        ValidationOutcome(ValidationStatus.VALID, SHA),
        execution=RUN,
    )
    twin.fails(
        PointerImmutableError,
        "record_raw_acquisition",
        key,
        RawObject(BUCKET, raw_key, 12, "e3", SHA),
    )
    twin.call("record_raw_acquisition", key, RawObject(BUCKET, raw_key, 11, "e2", SHA))
    missing = SpectraProductKey(uuid4(), "ESO", product.data_product_id)
    elsewhere = raw_spectra_key(missing.nova_id, missing.data_product_id)
    twin.fails(
        NotFoundError, "record_raw_acquisition", missing, RawObject(BUCKET, elsewhere, 1, "e", SHA)
    )


def test_record_validation_result_is_definitive_once(twin: Twin) -> None:
    """A definitive result records status, fingerprints, attempt bookkeeping and its execution
    (``last_applied_by``) and leaves the index; the same result again by the same execution is
    a no-op; the same result by another execution, or another result, raises ConflictError
    with the stored product; a retryable failure afterwards raises InvalidTransitionError."""
    product = _registered(twin)
    key = product_key(product)
    valid = ValidationOutcome(ValidationStatus.VALID, SHA, fits_profile_id="ESO_UVES")
    done = twin.call("record_validation_result", key, valid, execution=RUN)
    assert done.last_successful_fingerprint == SHA and done.attempt_count_total == 1
    stored = stored_item(
        twin.raw, str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"
    )
    assert "GSI1PK" not in stored and stored["eligibility"] == {"S": "NONE"}
    assert stored["last_applied_by"] == {"S": RUN}
    twin.advance(timedelta(seconds=1))
    assert twin.call("record_validation_result", key, valid, execution=RUN) == done
    for execution, outcome in (("execution-2", valid), (RUN, _quarantined())):
        conflict = twin.fails(
            ConflictError, "record_validation_result", key, outcome, execution=execution
        )
        assert getattr(conflict, "existing", None) == done
    twin.fails(
        InvalidTransitionError,
        "record_retryable_failure",
        key,
        error_fingerprint="e" * 16,
        execution="execution-2",
    )
    missing = SpectraProductKey(uuid4(), "ESO", uuid4())
    twin.fails(NotFoundError, "record_validation_result", missing, valid, execution=RUN)
    twin.fails(
        NotFoundError,
        "record_retryable_failure",
        missing,
        error_fingerprint="e" * 16,
        execution=RUN,
    )
    twin.fails(
        NotFoundError,
        "clear_quarantine",
        missing,
        ManualReviewStatus.CLEARED_TERMINAL,
        execution=REVIEW,
    )


def test_a_retry_approval_restores_the_index_keys_and_removes_the_cooldown(twin: Twin) -> None:
    """CLEARED_RETRY_APPROVED makes a QUARANTINED product UNVALIDATED and eligible: its exact
    GSI1 keys are back, its cooldown and quarantine reason gone, and it is listed eligible."""
    product = _registered(twin)
    key = product_key(product)
    twin.call("record_retryable_failure", key, error_fingerprint="e" * 16, execution=RUN)
    twin.call("record_validation_result", key, _quarantined(), execution="execution-2")
    twin.call("clear_quarantine", key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution=REVIEW)
    stored = stored_item(
        twin.raw, str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"
    )
    assert stored["GSI1PK"] == {"S": str(product.nova_id)}
    assert stored["GSI1SK"] == {"S": f"ELIG#ACQUIRE#SPECTRA#ESO#{product.data_product_id}"}
    assert "next_eligible_attempt_at" not in stored and "quarantine_reason_code" not in stored
    listed = twin.call("list_eligible_spectra", product.nova_id)
    assert [p.data_product_id for p in listed] == [product.data_product_id]


def _as_read(text: str) -> str:
    """``text`` as a caller reads it from an event: a new string, not the interned constant a
    member's value is (so that only equality, never identity, finds its member)."""
    return "".join(list(text))


def test_an_enumeration_given_as_its_text_acts_as_its_member(twin: Twin) -> None:
    """A member of a string enumeration given as its text, as an argument or in a record, acts
    as that member: a retry approval given as ``"CLEARED_RETRY_APPROVED"`` makes the product
    eligible again, a VALID result given as ``"VALID"`` records the last successful
    fingerprint, and a visibility move or a plan's ending repeated as text is answered with
    the stored item."""
    approval, valid_text, hidden, active, completed = (
        _as_read(t) for t in ("CLEARED_RETRY_APPROVED", "VALID", "HIDDEN", "ACTIVE", "COMPLETED")
    )
    product = _registered(twin)
    key = product_key(product)
    twin.call("record_validation_result", key, _quarantined(), execution=RUN)
    cleared = twin.call("clear_quarantine", key, approval, execution=REVIEW)
    assert cleared.validation_status is ValidationStatus.UNVALIDATED
    stored = stored_item(
        twin.raw, str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"
    )
    assert stored["GSI1SK"] == {"S": f"ELIG#ACQUIRE#SPECTRA#ESO#{product.data_product_id}"}
    valid = ValidationOutcome(valid_text, SHA)  # type: ignore[arg-type]  # its text, on purpose
    done = twin.call("record_validation_result", key, valid, execution="execution-2")
    assert done.validation_status is ValidationStatus.VALID
    assert done.last_successful_fingerprint == SHA
    nova = _created(twin)
    moved = twin.call("set_nova_visibility", nova.nova_id, hidden, expected=active)
    assert moved.status is NovaStatus.HIDDEN
    twin.advance(timedelta(seconds=1))
    assert twin.call("set_nova_visibility", nova.nova_id, hidden, expected=active) == moved
    plan = regen_plan()
    twin.call("create_regen_plan", plan)
    arn = "arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:text-1"
    twin.call("claim_regen_plan", plan.plan_id, arn)
    ended = twin.call("complete_regen_plan", plan.plan_id, completed, execution_arn=arn)
    assert ended.status is RegenPlanStatus.COMPLETED
    twin.advance(timedelta(seconds=1))
    again = _as_read(completed)  # a retried task reads its event anew
    assert twin.call("complete_regen_plan", plan.plan_id, again, execution_arn=arn) == ended


def test_a_failure_counts_unless_it_is_its_execution_s_counted_failure(twin: Twin) -> None:
    """A failure is the retry of its execution's failure only when the last call applied to the
    product is that failure: after the execution's definitive result and a retry approval, the
    same execution's failure counts (one more attempt, the cooldown of the new count from now),
    and its retry then counts nothing."""
    key = product_key(_registered(twin))
    twin.call("record_retryable_failure", key, error_fingerprint="e" * 16, execution=RUN)
    twin.call("record_validation_result", key, _quarantined(), execution=RUN)
    twin.advance(timedelta(hours=1))
    twin.call("clear_quarantine", key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution=REVIEW)
    twin.advance(timedelta(hours=1))
    now = twin.clock.peek()
    failed = twin.call("record_retryable_failure", key, error_fingerprint="f" * 16, execution=RUN)
    assert failed.attempt_count_total == 3 and failed.updated_at == now
    assert failed.next_eligible_attempt_at == now + timedelta(minutes=20)
    twin.advance(timedelta(seconds=2))
    again = twin.call("record_retryable_failure", key, error_fingerprint="f" * 16, execution=RUN)
    assert again == failed


def test_clear_quarantine_needs_a_quarantined_product(twin: Twin) -> None:
    """PENDING is no decision and an UNVALIDATED product is not QUARANTINED
    (InvalidTransitionError); CLEARED_TERMINAL makes it TERMINAL_INVALID and stores the
    review's ExecutionMarker (``APPLIED#<token>``, ``clear_quarantine#<product key>``, kept 30
    days); the same review again is answered unchanged, and another review, even with the same
    decision, is refused (InvalidTransitionError)."""
    product = _registered(twin)
    key = product_key(product)
    twin.fails(
        InvalidTransitionError,
        "clear_quarantine",
        key,
        ManualReviewStatus.CLEARED_TERMINAL,
        execution=REVIEW,
    )
    twin.call("record_validation_result", key, _quarantined(), execution=RUN)
    twin.fails(
        InvalidTransitionError,
        "clear_quarantine",
        key,
        ManualReviewStatus.PENDING,
        execution=REVIEW,
    )
    cleared = twin.call(
        "clear_quarantine", key, ManualReviewStatus.CLEARED_TERMINAL, execution=REVIEW
    )
    assert cleared.validation_status is ValidationStatus.TERMINAL_INVALID
    target = f"{product.nova_id}#PRODUCT#SPECTRA#ESO#{product.data_product_id}"
    marker = stored_item(twin.raw, f"APPLIED#{REVIEW}", f"clear_quarantine#{target}")
    assert marker["ttl"] == {"N": str(int((cleared.updated_at + timedelta(days=30)).timestamp()))}
    twin.advance(timedelta(seconds=1))
    again = twin.call(
        "clear_quarantine", key, ManualReviewStatus.CLEARED_TERMINAL, execution=REVIEW
    )
    assert again == cleared
    for decision in (
        ManualReviewStatus.CLEARED_TERMINAL,
        ManualReviewStatus.CLEARED_RETRY_APPROVED,
    ):
        twin.fails(InvalidTransitionError, "clear_quarantine", key, decision, execution="review-2")


def test_put_composite_spectra_is_create_only(twin: Twin) -> None:
    """A composite is created once (the same again is created=False, other content under its
    id AlreadyExistsError, an id that is not its constituents' an input error) and is listed
    after its provider's products whose id sorts before COMPOSITE."""
    product = _registered(twin)
    constituents = sorted((uuid4(), uuid4()), key=str)
    cid = composite_id(constituents)
    composite = CompositeSpectra(
        nova_id=product.nova_id,
        data_product_id=cid,
        composite_id=cid,
        provider="ESO",
        constituent_data_product_ids=constituents,
        composite_fingerprint="c" * 16,
    )
    assert twin.call("put_composite_spectra", composite).created
    assert not twin.call("put_composite_spectra", composite).created
    other = composite.model_copy(update={"composite_fingerprint": "d" * 16})
    twin.fails(AlreadyExistsError, "put_composite_spectra", other)
    wrong = composite.model_copy(update={"constituent_data_product_ids": constituents[:1]})
    twin.fails(InputValidationError, "put_composite_spectra", wrong)
    listed = twin.call("list_data_products", product.nova_id)
    assert len(listed) == 2


# --- photometry ----------------------------------------------------------------------------


def test_photometry_ingestions_count_point_and_snapshot_exactly(twin: Twin) -> None:
    """Each ingestion counts once and points at the canonical key; each superseded table
    schema version gets its snapshot key once; the table is created by the first one."""
    nova_id = uuid4()
    for n, version in enumerate(("1.0.0", "1.0.0", "1.1.0", "1.1.0", "2.0.0")):
        twin.advance(timedelta(minutes=1))
        twin.call(
            "record_photometry_ingestion",
            nova_id,
            PhotometryIngestion("aavso", BUCKET, version),
            execution=f"execution-{n}",
        )
    table = twin.call("get_photometry_table", nova_id)
    assert table.ingestion_count == 5 and table.s3_key == photometry_key(nova_id)
    assert sorted(table.snapshot_s3_keys) == ["1.0.0", "1.1.0"]
    assert not twin.call("ensure_photometry_table", nova_id).created


def test_an_ingestion_counts_once_per_execution(twin: Twin) -> None:
    """An ingestion stores its execution's ExecutionMarker (``APPLIED#<execution>``,
    ``record_photometry_ingestion#<table key>``, kept 30 days); the same execution asking
    again, at the same instant or later and after another execution's ingestion, is answered
    with the stored table and not counted; another execution counts, at any instant."""
    nova_id = uuid4()
    ingestion = PhotometryIngestion("aavso", BUCKET, "1.0.0")
    first = twin.call("record_photometry_ingestion", nova_id, ingestion, execution=RUN)
    target = f"{nova_id}#PRODUCT#PHOTOMETRY_TABLE"
    marker = stored_item(twin.raw, f"APPLIED#{RUN}", f"record_photometry_ingestion#{target}")
    assert marker["ttl"] == {"N": str(int((first.updated_at + timedelta(days=30)).timestamp()))}
    again = twin.call("record_photometry_ingestion", nova_id, ingestion, execution=RUN)
    assert again == first and again.ingestion_count == 1
    other = PhotometryIngestion("asas-sn", BUCKET, "1.0.0")
    counted = twin.call("record_photometry_ingestion", nova_id, other, execution="execution-2")
    assert counted.ingestion_count == 2, "another execution at the same instant counts"
    twin.advance(timedelta(seconds=2))
    late = twin.call("record_photometry_ingestion", nova_id, ingestion, execution=RUN)
    assert late == counted, "the retry after another execution's ingestion counts nothing"


# --- references ----------------------------------------------------------------------------


def _reference(kind: ReferenceType = ReferenceType.JOURNAL_ARTICLE, **fields: object) -> Reference:
    return Reference(bibcode=BIBCODE, reference_type=kind, **fields)


def test_upsert_reference_clears_fields_the_new_version_leaves_unset(twin: Twin) -> None:
    """An upsert makes the stored reference the given one: fields the new version leaves unset
    are cleared from the stored item."""
    full = _reference(title=f"{MARKER} title", year=2013, doi="10.1/x", authors=[f"{MARKER} A"])
    twin.call("upsert_reference", full)
    twin.advance(timedelta(seconds=1))
    bare = twin.call("upsert_reference", _reference(ReferenceType.ATEL))
    assert (bare.title, bare.year, bare.doi, bare.authors) == (None, None, None, [])
    stored = stored_item(twin.raw, f"REFERENCE#{BIBCODE}", "METADATA")
    assert not {"title", "year", "doi"} & stored.keys()


def test_upsert_reference_keeps_created_at(twin: Twin) -> None:
    """An upsert of an existing reference keeps its created_at and stamps updated_at."""
    first = twin.call("upsert_reference", _reference(title=f"{MARKER} one"))
    twin.advance(timedelta(hours=1))
    second = twin.call("upsert_reference", _reference(title=f"{MARKER} two"))
    assert second.created_at == first.created_at == EPOCH
    assert second.updated_at == EPOCH + timedelta(hours=1)


def test_link_nova_reference_is_create_only_and_listed_by_bibcode(twin: Twin) -> None:
    """A link is created once; an existing link is returned untouched (created=False), even
    with other content; a nova's links are listed by bibcode."""
    nova_id = uuid4()
    later, earlier = "2020MNRAS.491.2333X", "1999A&A...123..456B"
    for bibcode in (later, earlier):
        link = NovaReference(nova_id=nova_id, bibcode=bibcode, role=NovaReferenceRole.DISCOVERY)
        assert twin.call("link_nova_reference", link).created
    relinked = NovaReference(
        nova_id=nova_id, bibcode=later, role=NovaReferenceRole.OTHER, notes=f"{MARKER} n"
    )
    again = twin.call("link_nova_reference", relinked)
    assert not again.created and again.item.role is NovaReferenceRole.DISCOVERY
    assert [n.bibcode for n in twin.call("list_nova_references", nova_id)] == [earlier, later]


# --- file objects --------------------------------------------------------------------------


def _file(nova_id: UUID, role: FileRole, key: str, **fields: object) -> FileObject:
    return FileObject(
        file_id=uuid4(),
        role=role,
        nova_id=nova_id,
        bucket=BUCKET,
        key=key,
        created_by=f"ingest_photometry:{uuid4()}",
        **fields,
    )


def test_put_file_object_checks_the_layout_before_any_request(
    twin: Twin, interceptor: RequestInterceptor
) -> None:
    """A key outside the layout of its role and ids raises PointerLayoutError before any
    request, and nothing is written."""
    nova_id = uuid4()
    before = interceptor.count()
    twin.fails(
        PointerLayoutError,
        "put_file_object",
        _file(nova_id, FileRole.PHOTOMETRY_TABLE, f"elsewhere/{MARKER}.parquet"),
    )
    twin.fails(
        PointerLayoutError,
        "put_file_object",
        _file(nova_id, FileRole.BUNDLE_ZIP, f"bundles/{uuid4()}/b.zip"),
    )
    assert interceptor.count() == before
    assert twin.raw.partition(str(nova_id)) == []


def test_put_file_object_is_create_only(twin: Twin) -> None:
    """The same record again is created=False; other content under its id raises
    AlreadyExistsError carrying the stored file."""
    nova_id = uuid4()
    file = _file(nova_id, FileRole.PHOTOMETRY_TABLE, photometry_key(nova_id), byte_length=5)
    stored = twin.call("put_file_object", file)
    assert stored.created
    assert not twin.call("put_file_object", file).created
    error = twin.fails(
        AlreadyExistsError, "put_file_object", file.model_copy(update={"byte_length": 6})
    )
    assert getattr(error, "existing", None) == stored.item


def test_list_file_objects_filters_by_role_in_sk_order(twin: Twin) -> None:
    """A nova's files are listed all, or of one role, in SK order."""
    nova_id = uuid4()
    table = _file(nova_id, FileRole.PHOTOMETRY_TABLE, photometry_key(nova_id))
    bundles = [_file(nova_id, FileRole.BUNDLE_ZIP, f"bundles/{nova_id}/{n}.zip") for n in range(2)]
    for file in (table, *bundles):
        twin.call("put_file_object", file)
    only = twin.call("list_file_objects", nova_id, FileRole.BUNDLE_ZIP)
    assert sorted(f.file_id for f in only) == sorted(f.file_id for f in bundles)
    assert len(twin.call("list_file_objects", nova_id)) == 3


# --- job runs and attempts -----------------------------------------------------------------


def _run(
    started: timedelta,
    workflow: str = "initialize_nova",
    nova_id: UUID | None = None,
    correlation_id: str | None = None,
) -> JobRun:
    return JobRun(
        job_run_id=uuid4(),
        workflow_name=workflow,
        nova_id=nova_id or uuid4(),
        correlation_id=correlation_id or f"corr-{uuid4().hex[:8]}",
        started_at=EPOCH + started,
        initiated_by=f"{MARKER} operator",
    )


def _run_key(run: JobRun) -> JobRunKey:
    key = key_of(run)
    assert isinstance(key, JobRunKey)
    return key


def test_begin_job_run_writes_the_run_and_its_claim(twin: Twin) -> None:
    """A run begins RUNNING, filed under its correlation id, with its JobRunClaim (which names
    that correlation id); the same execution's begin again (a retried task, even started at
    another time) is answered with the stored run; the id begun by another workflow raises
    AlreadyExistsError carrying the stored run; a run that is not RUNNING is an input
    error."""
    run = _run(timedelta(0))
    begun = twin.call("begin_job_run", run)
    claim = stored_item(twin.raw, f"JOBRUN#{run.job_run_id}", "CLAIM")
    assert claim["correlation_id"] == {"S": run.correlation_id}
    filed = twin.raw.partition(f"WORKFLOW#{run.correlation_id}")
    assert [i["job_run_id"] for i in filed] == [{"S": str(run.job_run_id)}]
    later = run.model_copy(update={"started_at": run.started_at + timedelta(seconds=1)})
    assert twin.call("begin_job_run", later) == begun
    other = later.model_copy(update={"workflow_name": "ingest_photometry"})
    twice = twin.fails(AlreadyExistsError, "begin_job_run", other)
    assert getattr(twice, "existing", None) == begun
    finished = _run(timedelta(0)).model_copy(
        update={"status": JobRunStatus.SUCCEEDED, "ended_at": EPOCH}
    )
    twin.fails(InputValidationError, "begin_job_run", finished)


def test_finalize_job_run_records_the_outcome_once(twin: Twin) -> None:
    """finalize_job_run sets the final status, ended_at = now and the error fields; the same
    outcome asked again (the run's retried finalize) is answered with the stored run, its first
    ended_at kept; another outcome raises InvalidTransitionError carrying the stored run."""
    run = _run(timedelta(0))
    twin.call("begin_job_run", run)
    twin.advance(timedelta(minutes=3))
    failed = {"error_classification": ErrorClass.TERMINAL, "error_fingerprint": "9" * 16}
    done = twin.call("finalize_job_run", _run_key(run), JobRunStatus.FAILED, **failed)
    assert done.ended_at == EPOCH + timedelta(minutes=3)
    twin.advance(timedelta(seconds=2))
    assert twin.call("finalize_job_run", _run_key(run), JobRunStatus.FAILED, **failed) == done
    error = twin.fails(
        InvalidTransitionError, "finalize_job_run", _run_key(run), JobRunStatus.SUCCEEDED
    )
    assert getattr(error, "existing", None) == done
    twin.fails(InputValidationError, "finalize_job_run", _run_key(run), JobRunStatus.RUNNING)


def test_list_job_runs_is_oldest_first(twin: Twin) -> None:
    """A correlation id's runs are listed oldest first across workflows (not in SK order),
    optionally of one workflow; naming both or neither owner is an input error."""
    correlation_id = f"corr-{uuid4()}"
    late = _run(timedelta(minutes=5), "acquire_and_validate_spectra", None, correlation_id)
    early = _run(timedelta(minutes=1), "initialize_nova", None, correlation_id)
    for run in (late, early):
        twin.call("begin_job_run", run)
    listed = twin.call("list_job_runs", correlation_id=correlation_id)
    assert [r.job_run_id for r in listed] == [early.job_run_id, late.job_run_id]
    only = twin.call(
        "list_job_runs", correlation_id=correlation_id, workflow_name="initialize_nova"
    )
    assert [r.job_run_id for r in only] == [early.job_run_id]
    twin.fails(InputValidationError, "list_job_runs")
    twin.fails(
        InputValidationError, "list_job_runs", nova_id=uuid4(), correlation_id=correlation_id
    )


def test_attempts_keep_their_start_time_and_list_in_sk_order(twin: Twin) -> None:
    """An attempt's created_at is part of its key and kept as given; a replay is
    created=False; a run's attempts are listed in SK order."""
    nova_id, run_id = uuid4(), uuid4()
    attempts = [
        Attempt(
            nova_id=nova_id,
            job_run_id=run_id,
            correlation_id="corr-1",
            task_name=task,
            attempt_number=number,
            status=AttemptStatus.FAILED,
            error_message=f"{MARKER} failed",
            created_at=EPOCH + timedelta(seconds=number),
            updated_at=EPOCH,
        )
        for task, number in (("ValidateBytes", 1), ("AcquireArtifact", 2), ("AcquireArtifact", 1))
    ]
    twin.advance(timedelta(hours=1))
    for attempt in attempts:
        assert twin.call("record_attempt", attempt).item.created_at == attempt.created_at
    assert not twin.call("record_attempt", attempts[0]).created
    listed = twin.call("list_attempts", nova_id, run_id)
    assert [(a.task_name, a.attempt_number) for a in listed] == [
        ("AcquireArtifact", 1),
        ("AcquireArtifact", 2),
        ("ValidateBytes", 1),
    ]


# --- idempotency ---------------------------------------------------------------------------


def test_completed_work_survives_its_holders_release(twin: Twin) -> None:
    """Once completed, a lock stays COMPLETED when its holder releases it: later executions of
    the key end as duplicates. Completing again with the holder's token (a retried task) is
    answered with the lock as completed, its completed_at kept."""
    key = f"initialize_nova:{uuid4()}"
    token = twin.call(
        "acquire_lock",
        key,
        job_run_id=uuid4(),
        workflow_name="initialize_nova",
        primary_id=f"{MARKER} p",
    ).token
    completed = twin.call("complete_lock", token)
    assert completed.state is LockState.COMPLETED
    twin.advance(timedelta(seconds=2))
    assert twin.call("complete_lock", token) == completed
    twin.call("release_lock", token)
    later = twin.call(
        "acquire_lock",
        key,
        job_run_id=uuid4(),
        workflow_name="initialize_nova",
        primary_id=f"{MARKER} p",
    )
    assert later.outcome is LockOutcome.ALREADY_COMPLETED and later.token is None


# --- work queue ----------------------------------------------------------------------------


def _work_item(nova_id: UUID, created: timedelta, dirty: DirtyType = DirtyType.SPECTRA) -> WorkItem:
    at = EPOCH + created
    return WorkItem(
        nova_id=nova_id,
        dirty_type=dirty,
        source_workflow="ingest_photometry",
        job_run_id=uuid4(),
        correlation_id=f"{MARKER} corr",
        ttl=int((at + timedelta(days=30)).timestamp()),
        created_at=at,
        updated_at=at,
    )


def _work_key(item: WorkItem) -> WorkItemKey:
    key = key_of(item)
    assert isinstance(key, WorkItemKey)
    return key


def test_delete_work_items_deletes_exactly_the_named_items(twin: Twin) -> None:
    """delete_work_items deletes exactly the named items and counts those that existed, each
    once: an item of the same nova and type enqueued since is kept."""
    nova_id = uuid4()
    first = _work_item(nova_id, timedelta(0))
    since = _work_item(nova_id, timedelta(milliseconds=1))
    other = _work_item(uuid4(), timedelta(0))
    for item in (first, since, other):
        twin.call("enqueue_work_item", item)
    missing = _work_key(_work_item(nova_id, timedelta(hours=1)))
    assert twin.call("delete_work_items", [_work_key(first), _work_key(first), missing]) == 1
    left = twin.call("list_work_items")
    assert {w.created_at for w in left if w.nova_id == nova_id} == {since.created_at}
    assert twin.call("delete_work_items", [_work_key(first)]) == 0


def test_work_items_keep_their_key_time_and_ttl(twin: Twin) -> None:
    """A work item is created once with its created_at (its key) and ttl as given; a replay is
    created=False, other content under its key AlreadyExistsError; listing one nova's items
    leaves out the others."""
    nova_id = uuid4()
    item = _work_item(nova_id, timedelta(seconds=3), DirtyType.PHOTOMETRY)
    twin.advance(timedelta(hours=2))
    assert twin.call("enqueue_work_item", item).created
    stored = stored_item(
        twin.raw,
        "WORKQUEUE",
        f"{nova_id}#photometry#{item.created_at.strftime('%Y-%m-%dT%H:%M:%SZ')}",
    )
    assert stored["ttl"] == {"N": str(item.ttl)}
    assert not twin.call("enqueue_work_item", item).created
    twin.fails(
        AlreadyExistsError, "enqueue_work_item", item.model_copy(update={"ttl": item.ttl + 1})
    )
    twin.call("enqueue_work_item", _work_item(uuid4(), timedelta(0)))
    assert [w.nova_id for w in twin.call("list_work_items", nova_id)] == [nova_id]


def test_add_nova_aliases_takes_many_names_in_one_call(twin: Twin) -> None:
    """A call may add more names than one DynamoDB request can condition on one by one (a
    condition holds at most 300 operators, 4 KB): every name is added, once, in the call's
    order, and a repeat adds nothing."""
    nova = _created(twin)
    names = [f"{MARKER} many {n:03d}" for n in range(250)]
    assert twin.call("add_nova_aliases", nova.nova_id, names[:5]).aliases == names[:5]
    assert twin.call("add_nova_aliases", nova.nova_id, names[::-1]).aliases == (
        names[:5] + names[5:][::-1]
    )
    more = [f"{MARKER} more {n:03d}" for n in range(110)]  # a condition each: 330 operators
    assert twin.call("add_nova_aliases", nova.nova_id, more).aliases[-110:] == more
    twin.advance(timedelta(seconds=1))
    again = twin.call("add_nova_aliases", nova.nova_id, names + more)
    assert again.updated_at == EPOCH, "nothing new: nothing written"
