"""Suite 7, faults: at every request position of every write operation, inject throttling,
HTTP 500, a timeout before the request reaches the backend, a timeout after it was applied
(ambiguous success) and a transaction conflict, through botocore hooks on the candidate's
client (retries off). The candidate either succeeds or raises a RETRYABLE typed error (never a
raw botocore exception); retrying the same call (same clock instant) converges on the
fault-free end state: no duplicated effect, no lost write, no partial transaction. The
fault-free end state is the model's (:mod:`novacat_persistence.suites.model`), never the
candidate's own: a candidate that is consistently wrong fails here too."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4, uuid5

import pytest

from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.clock import EPOCH, ManualClock
from novacat_persistence.contracts.deterministic_ids import composite_id
from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    FileObject,
    OffsetCache,
    Reference,
    WorkItem,
)
from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.contracts.enums import (
    AttemptStatus,
    DirtyType,
    FileRole,
    JobRunStatus,
    ManualReviewStatus,
    NameSource,
    NovaQuarantineReason,
    NovaStatus,
    ReferenceType,
    RegenPlanStatus,
    SpectraQuarantineReason,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import ConditionalWriteError, PersistenceError
from novacat_persistence.contracts.fault_hook import Fault
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import key_of as key_of_entity
from novacat_persistence.contracts.operations import (
    JobRunAnnotation,
    NovaCounts,
    NovaPosition,
    PhotometryIngestion,
    RawObject,
    ValidationOutcome,
)
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import (
    discovery_link,
    ingested_spectra,
    key_of,
    new_job_run,
    new_nova,
    numbers_as_values,
    photometry_row,
    photometry_table_file,
    regen_plan,
    registration,
    run_key,
)
from novacat_persistence.suites.harness.fixtures import WrapperMaker
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.model.model import oracle

RETRIES = 3
WORKFLOW = "initialize_nova"
_FIXED_RUN = uuid4()
"""The job run of every acquisition, step and counted write of the fault suite (a retry is
the same call)."""


@dataclass(frozen=True)
class Scenario:
    """One operation under faults: ``prepare`` (fault-free) returns the call's context and the
    ids its items are keyed by; ``act`` is the call; ``atomic`` operations must never leave a
    partial state behind a failed call. A read (``writes`` False) changes nothing: its cases
    share the state prepared once, which each case checks is still exactly that state."""

    name: str
    prepare: Callable[[Any], tuple[Any, list[str]]]
    act: Callable[[Any, Any], Any]
    atomic: bool = False
    writes: bool = True


def _lock_ctx(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    key = f"{WORKFLOW}:{uuid4()}"
    token = wrapper.acquire_lock(key, job_run_id=uuid4(), workflow_name=WORKFLOW, primary_id="p")
    return token.token, [key]


def _product_ctx(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    stored = wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item
    return key_of(stored), [str(stored.nova_id)]


def _new_key(_wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    key = f"{WORKFLOW}:{uuid4()}"
    return key, [key]


def _run_ctx(wrapper: PersistenceWrapper, *, begin: bool) -> tuple[Any, list[str]]:
    run = new_job_run()
    if begin:
        wrapper.begin_job_run(run)
    return run, [str(run.nova_id), str(run.job_run_id)]


def _nova_ctx(wrapper: PersistenceWrapper, *, create: bool) -> tuple[Any, list[str]]:
    nova = new_nova()
    if create:
        wrapper.create_nova(nova)
    return nova, [str(nova.nova_id), nova.nova_id.hex[:12]]


def _ingest(wrapper: PersistenceWrapper, nova_id: UUID) -> Any:
    ingestion = PhotometryIngestion("aavso", "novacat-private", "1.0.0")
    return wrapper.record_photometry_ingestion(nova_id, ingestion, execution=_FIXED_RUN)


def _fresh_nova_id(_wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    nova_id = uuid4()
    return nova_id, [str(nova_id)]


def _acquire_raw(wrapper: PersistenceWrapper, key: Any) -> Any:
    return wrapper.record_raw_acquisition(key, _raw(key))


def _quarantined_ctx(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    key, ids = _product_ctx(wrapper)
    outcome = ValidationOutcome(
        ValidationStatus.QUARANTINED,
        "q" * 16,
        quarantine_reason_code=SpectraQuarantineReason.UNKNOWN_PROFILE,
    )
    wrapper.record_validation_result(key, outcome, execution=uuid4())
    return key, ids


def _rename(wrapper: PersistenceWrapper, nova: Any) -> Any:
    name = f"Renamed {nova.nova_id.hex[:12]}"
    return wrapper.rename_primary(
        nova.nova_id,
        name,
        name.lower(),
        expected_primary_name_normalized=nova.primary_name_normalized,
    )


def _fresh_bibcode(_wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    bibcode = f"2013ApJ...{uuid4().int % 1000:03d}..118S"
    reference = Reference(
        bibcode=bibcode, reference_type=ReferenceType.JOURNAL_ARTICLE, title="A nova"
    )
    return reference, [bibcode]


def _attempt(nova_id: UUID) -> Attempt:
    return Attempt(
        nova_id=nova_id,
        job_run_id=uuid5(nova_id, "run"),
        correlation_id="c",
        task_name="AcquireArtifact",
        attempt_number=1,
        status=AttemptStatus.STARTED,
        created_at=EPOCH,
        updated_at=EPOCH,
    )


def _work_item(nova_id: UUID) -> WorkItem:
    return WorkItem(
        nova_id=nova_id,
        dirty_type=DirtyType.SPECTRA,
        source_workflow="ingest_photometry",
        job_run_id=uuid5(nova_id, "run"),
        correlation_id="c",
        ttl=1_800_000_000,
        created_at=EPOCH,
        updated_at=EPOCH,
    )


def _queued_ctx(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    nova_id = uuid4()
    item = _work_item(nova_id)
    wrapper.enqueue_work_item(item)
    return item, [str(nova_id)]


def _composite(nova_id: UUID) -> CompositeSpectra:
    constituents = sorted((uuid5(nova_id, "a"), uuid5(nova_id, "b")), key=str)
    cid = composite_id(constituents)
    return CompositeSpectra(
        nova_id=nova_id,
        data_product_id=cid,
        composite_id=cid,
        provider="ESO",
        constituent_data_product_ids=constituents,
        composite_fingerprint="c" * 16,
    )


def _quarantine_ctx(_wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    """A QUARANTINED nova and its pre-nova context file (ids derived from the nova's, so a
    retry is the same call)."""
    nova = new_nova(
        status=NovaStatus.QUARANTINED,
        quarantine_reason_code=NovaQuarantineReason.COORDINATE_AMBIGUITY,
    )
    correlation_id = f"corr-{nova.nova_id.hex}"
    context = FileObject(
        file_id=uuid5(nova.nova_id, "context"),
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id=correlation_id,
        bucket="novacat-private",
        key=f"quarantine/identity/{correlation_id}/context.json",
        created_by=f"{WORKFLOW}:{uuid5(nova.nova_id, 'run')}",
    )
    return (nova, context), [correlation_id, str(nova.nova_id), nova.nova_id.hex[:12]]


PLAN_ARN = "arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:faults"
POSITION = NovaPosition(Decimal("52.799083"), Decimal("43.904667"), resolver_source="SIMBAD")
ANNOTATION = JobRunAnnotation(
    quarantine_reason_code="OTHER",
    classification_reason="ambiguous",
    error_fingerprint="0a1b2c3d4e5f",
    extra_context={"min_sep_arcsec": Decimal("1.25")},
)


def _new_plan(_wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    plan = regen_plan()
    return plan, [str(plan.plan_id)]


def _plan_ctx(wrapper: PersistenceWrapper, *, claim: bool) -> tuple[Any, list[str]]:
    plan, ids = _new_plan(wrapper)
    wrapper.create_regen_plan(plan)
    if claim:
        wrapper.claim_regen_plan(plan.plan_id, PLAN_ARN)
    return plan, ids


def _record_results(wrapper: PersistenceWrapper, plan: Any) -> Any:
    results = [
        NovaResult(nova_id=nova, success=True, spectra_count=2) for nova in plan.nova_manifests
    ]
    return wrapper.record_regen_results(plan.plan_id, results, execution_arn=PLAN_ARN)


def _counted_plan_ctx(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    nova, nova_ids = _nova_ctx(wrapper, create=True)
    plan = regen_plan((nova.nova_id,))
    wrapper.create_regen_plan(plan)
    wrapper.claim_regen_plan(plan.plan_id, PLAN_ARN)
    return (nova, plan), [*nova_ids, str(plan.plan_id)]


def _set_counts(wrapper: PersistenceWrapper, context: Any) -> Any:
    nova, plan = context
    counts = NovaCounts(12, 340, 7, True, 3)
    return wrapper.set_nova_counts(
        nova.nova_id, counts, plan_id=plan.plan_id, execution_arn=PLAN_ARN
    )


def _rows_ctx(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    nova_id = uuid4()
    wrapper.put_photometry_rows([photometry_row(nova_id, n) for n in range(3)])
    return nova_id, [str(nova_id)]


def _offset_cache(nova_id: UUID) -> OffsetCache:
    return OffsetCache(
        nova_id=nova_id,
        regime="optical",
        band_offsets={"V": Decimal("0.5")},
        band_observation_counts={"V": 41},
        band_set_hash="b4" * 32,
        computed_at=EPOCH,
        created_at=EPOCH,
        updated_at=EPOCH,
    )


def _raw(key: Any) -> RawObject:
    return RawObject(
        "novacat-private", raw_spectra_key(key.nova_id, key.data_product_id), 10, "e", "0f" * 32
    )


SCENARIOS = (
    Scenario(
        "acquire_lock",
        _new_key,
        lambda w, key: w.acquire_lock(
            key, job_run_id=_FIXED_RUN, workflow_name=WORKFLOW, primary_id="p"
        ),
    ),
    Scenario("release_lock", _lock_ctx, lambda w, token: w.release_lock(token)),
    Scenario("complete_lock", _lock_ctx, lambda w, token: w.complete_lock(token)),
    Scenario(
        "record_step",
        _new_key,
        lambda w, key: w.record_step(StepKind.LINK, key, job_run_id=_FIXED_RUN, result={"a": 1}),
    ),
    Scenario(
        "begin_job_run",
        lambda w: _run_ctx(w, begin=False),
        lambda w, run: w.begin_job_run(run),
        atomic=True,
    ),
    Scenario(
        "finalize_job_run",
        lambda w: _run_ctx(w, begin=True),
        lambda w, run: w.finalize_job_run(run_key(run), JobRunStatus.SUCCEEDED),
    ),
    Scenario(
        "create_nova",
        lambda w: _nova_ctx(w, create=False),
        lambda w, nova: w.create_nova(nova),
        atomic=True,
    ),
    Scenario(
        "attach_alias",
        lambda w: _nova_ctx(w, create=True),
        lambda w, nova: w.attach_alias(
            nova.nova_id, "alias", f"alias {nova.nova_id}", NameSource.SIMBAD
        ),
        atomic=True,
    ),
    Scenario(
        "register_spectra_product",
        _fresh_nova_id,
        lambda w, nova_id: w.register_spectra_product(registration(nova_id, f"P.{nova_id}")),
        atomic=True,
    ),
    Scenario(
        "record_retryable_failure",
        _product_ctx,
        lambda w, key: w.record_retryable_failure(
            key, error_fingerprint="f" * 16, execution=_FIXED_RUN
        ),
    ),
    Scenario(
        "record_validation_result",
        _product_ctx,
        lambda w, key: w.record_validation_result(
            key, ValidationOutcome(ValidationStatus.VALID, "c" * 16), execution=_FIXED_RUN
        ),
    ),
    Scenario(
        "put_composite_spectra",
        _fresh_nova_id,
        lambda w, nova_id: w.put_composite_spectra(_composite(nova_id)),
    ),
    Scenario(
        "ensure_photometry_table",
        _fresh_nova_id,
        lambda w, nova_id: w.ensure_photometry_table(nova_id),
    ),
    Scenario("record_photometry_ingestion", _fresh_nova_id, _ingest),
    Scenario("record_raw_acquisition", _product_ctx, _acquire_raw),
    Scenario(
        "clear_quarantine",
        _quarantined_ctx,
        lambda w, key: w.clear_quarantine(
            key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution="review"
        ),
    ),
    Scenario(
        "set_discovery_date",
        lambda w: _nova_ctx(w, create=True),
        lambda w, nova: w.set_discovery_date(nova.nova_id, "2013-12-02", expected=None),
    ),
    Scenario(
        "add_nova_aliases",
        lambda w: _nova_ctx(w, create=True),
        lambda w, nova: w.add_nova_aliases(nova.nova_id, ["V1369 Cen", "PNV J1354"]),
    ),
    Scenario("rename_primary", lambda w: _nova_ctx(w, create=True), _rename, atomic=True),
    Scenario(
        "quarantine_identity",
        _quarantine_ctx,
        lambda w, ctx: w.quarantine_identity(*ctx),
        atomic=True,
    ),
    Scenario("upsert_reference", _fresh_bibcode, lambda w, ref: w.upsert_reference(ref)),
    Scenario(
        "link_nova_reference",
        _fresh_nova_id,
        lambda w, nova_id: w.link_nova_reference(discovery_link(nova_id)),
    ),
    Scenario(
        "put_file_object",
        _fresh_nova_id,
        lambda w, nova_id: w.put_file_object(photometry_table_file(nova_id)),
    ),
    Scenario(
        "record_attempt", _fresh_nova_id, lambda w, nova_id: w.record_attempt(_attempt(nova_id))
    ),
    Scenario(
        "enqueue_work_item",
        _fresh_nova_id,
        lambda w, nova_id: w.enqueue_work_item(_work_item(nova_id)),
    ),
    Scenario(
        "delete_work_items", _queued_ctx, lambda w, item: w.delete_work_items([key_of_entity(item)])
    ),
    Scenario("create_regen_plan", _new_plan, lambda w, plan: w.create_regen_plan(plan)),
    Scenario(
        "abandon_regen_plan",
        lambda w: _plan_ctx(w, claim=False),
        lambda w, plan: w.abandon_regen_plan(plan.plan_id),
    ),
    Scenario(
        "claim_regen_plan",
        lambda w: _plan_ctx(w, claim=False),
        lambda w, plan: w.claim_regen_plan(plan.plan_id, PLAN_ARN),
    ),
    Scenario("record_regen_results", lambda w: _plan_ctx(w, claim=True), _record_results),
    Scenario(
        "complete_regen_plan",
        lambda w: _plan_ctx(w, claim=True),
        lambda w, plan: w.complete_regen_plan(
            plan.plan_id, RegenPlanStatus.COMPLETED, execution_arn=PLAN_ARN
        ),
    ),
    Scenario("set_nova_counts", _counted_plan_ctx, _set_counts, atomic=True),
    Scenario(
        "set_nova_position",
        lambda w: _nova_ctx(w, create=True),
        lambda w, nova: w.set_nova_position(nova.nova_id, POSITION, expected=None),
    ),
    Scenario(
        "set_nova_visibility",
        lambda w: _nova_ctx(w, create=True),
        lambda w, nova: w.set_nova_visibility(
            nova.nova_id, NovaStatus.HIDDEN, expected=NovaStatus.ACTIVE
        ),
    ),
    Scenario(
        "put_photometry_rows",
        _fresh_nova_id,
        lambda w, nova_id: w.put_photometry_rows([photometry_row(nova_id, n) for n in range(30)]),
    ),
    Scenario(
        "record_photometry_rows_ingested",
        _rows_ctx,
        lambda w, nova_id: w.record_photometry_rows_ingested(
            nova_id, job_run_id=uuid5(nova_id, "run"), source="ticket_ingestion"
        ),
    ),
    Scenario(
        "put_offset_cache",
        _fresh_nova_id,
        lambda w, nova_id: w.put_offset_cache(_offset_cache(nova_id)),
    ),
    Scenario(
        "record_spectra_execution",
        _product_ctx,
        lambda w, key: w.record_spectra_execution(key, PLAN_ARN),
    ),
    Scenario(
        "record_duplicate",
        _product_ctx,
        lambda w, key: w.record_duplicate(
            key, duplicate_of=uuid5(key.nova_id, "canonical"), raw=_raw(key)
        ),
    ),
    Scenario(
        "put_ingested_spectra",
        _fresh_nova_id,
        lambda w, nova_id: w.put_ingested_spectra(ingested_spectra(nova_id)),
    ),
    Scenario(
        "annotate_job_run",
        lambda w: _run_ctx(w, begin=True),
        lambda w, run: w.annotate_job_run(run_key(run), ANNOTATION),
    ),
)
"""Every IFC-030 write operation."""


def _everything(wrapper: PersistenceWrapper) -> tuple[Any, list[str]]:
    """A nova with a product, a photometry table, a run, an attempt, a link, a file and a
    queued item: what the reads read."""
    nova, ids = _nova_ctx(wrapper, create=True)
    product = wrapper.register_spectra_product(registration(nova.nova_id, str(nova.nova_id)))
    wrapper.ensure_photometry_table(nova.nova_id)
    run = new_job_run(nova_id=nova.nova_id)
    wrapper.begin_job_run(run)
    wrapper.link_nova_reference(discovery_link(nova.nova_id))
    wrapper.put_file_object(photometry_table_file(nova.nova_id))
    wrapper.record_attempt(_attempt(nova.nova_id))
    wrapper.enqueue_work_item(_work_item(nova.nova_id))
    return (nova, key_of(product.item), run), ids


READS = tuple(
    Scenario(name, _everything, act, writes=False)
    for name, act in (
        ("get_nova", lambda w, c: w.get_nova(c[0].nova_id)),
        ("resolve_name", lambda w, c: w.resolve_name(c[0].primary_name_normalized)),
        ("get_spectra_product", lambda w, c: w.get_spectra_product(c[1])),
        (
            "resolve_locator",
            lambda w, c: w.resolve_locator("ESO", f"provider_product_id:{c[0].nova_id}"),
        ),
        ("decide_acquisition", lambda w, c: w.decide_acquisition(c[1])),
        ("list_eligible_spectra", lambda w, c: w.list_eligible_spectra(c[0].nova_id)),
        ("list_data_products", lambda w, c: w.list_data_products(c[0].nova_id)),
        ("get_photometry_table", lambda w, c: w.get_photometry_table(c[0].nova_id)),
        ("get_reference", lambda w, _c: w.get_reference("2013ApJ...779..118S")),
        ("list_nova_references", lambda w, c: w.list_nova_references(c[0].nova_id)),
        ("list_file_objects", lambda w, c: w.list_file_objects(c[0].nova_id)),
        ("list_workflow_files", lambda w, c: w.list_workflow_files(str(c[0].nova_id))),
        ("get_job_run", lambda w, c: w.get_job_run(run_key(c[2]))),
        ("list_job_runs", lambda w, c: w.list_job_runs(nova_id=c[0].nova_id)),
        ("list_attempts", lambda w, c: w.list_attempts(c[0].nova_id, uuid5(c[0].nova_id, "run"))),
        ("list_work_items", lambda w, c: w.list_work_items(c[0].nova_id)),
        ("list_novae", lambda w, _c: w.list_novae()),
        ("scan_spectra_products", lambda w, _c: w.scan_spectra_products()),
        ("list_photometry_rows", lambda w, c: w.list_photometry_rows(c[0].nova_id)),
        ("get_offset_cache", lambda w, c: w.get_offset_cache(c[0].nova_id, "optical")),
        ("get_references", lambda w, _c: w.get_references(["2013ApJ...779..118S"])),
        ("get_regen_plan", lambda w, c: w.get_regen_plan(c[0].nova_id)),
        ("find_active_regen_plan", lambda w, _c: w.find_active_regen_plan()),
    )
)
"""Every IFC-030 read but ``audit_pointers``: under faults a read answers or raises a RETRYABLE
typed error, and writes nothing. ``audit_pointers`` is left out because it is the optional
``pointer_audit`` capability (this matrix is core) and needs an S3 client the matrix's
wrappers are not given."""


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""Ids minted from a round's ids (data product ids...) are compared by position."""

_CALL_SPECIFIC = ("holder_token",)
"""Attributes whose value is minted per call (compared for presence only)."""


def _number_text(number: Decimal) -> str:
    """A stored number's value as one text (DynamoDB stores the value: ``7.50`` is ``7.5``)."""
    return format(number.normalize(), "f")


def snapshot(raw: RawView, ids: list[str]) -> str:
    """The stored items of one round, its ids replaced by placeholders (so rounds compare)."""
    stored = [*raw.scan(), *raw.photometry.scan()]
    mine = [i for i in stored if any(x in i["PK"]["S"] or x in i["SK"]["S"] for x in ids)]
    for item in mine:
        for name in _CALL_SPECIFIC:
            if name in item:
                item[name] = {"S": "<minted>"}
    texts = []
    for item in mine:
        text = json.dumps(numbers_as_values(item), sort_keys=True, default=_number_text)
        for number, value in sorted(enumerate(ids), key=lambda p: len(p[1]), reverse=True):
            text = text.replace(value, f"<id{number}>")
        texts.append(text)
    texts.sort(key=lambda t: _UUID.sub("<uuid>", t))
    seen: dict[str, str] = {}
    joined = "[" + ", ".join(texts) + "]"
    return _UUID.sub(lambda m: seen.setdefault(m.group(0), f"<uuid{len(seen)}>"), joined)


def _difference(expected: str, got: str) -> str:
    want, have = json.loads(expected), json.loads(got)
    if len(want) != len(have):
        return f"{len(have)} items instead of {len(want)}"
    for a, b in zip(want, have, strict=True):
        changed = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        if changed:
            return f"{a['SK']['S']}: " + ", ".join(
                f"{k}={b.get(k)} (want {a.get(k)})" for k in changed
            )
    return "?"


def _call_until_done(scenario: Scenario, wrapper: PersistenceWrapper, context: Any) -> list[str]:
    """Retry the call after RETRYABLE errors; return violations of the retry contract."""
    for _ in range(RETRIES):
        try:
            scenario.act(wrapper, context)
            return []
        except ConditionalWriteError:
            return []  # the applied first attempt answers its retry as a duplicate
        except PersistenceError as exc:
            if not exc.retryable:
                return [f"retry raised {type(exc).__name__} ({exc.classification})"]
        except Exception as exc:
            return [f"retry let a raw {type(exc).__module__}.{type(exc).__name__} escape"]
    return ["retries did not converge"]


def _one_case(
    scenario: Scenario,
    wrapper: PersistenceWrapper,
    prepared: tuple[Any, list[str]],
    *,
    raw: RawView,
    interceptor: RequestInterceptor,
    fault: Fault,
    position: int,
    expected: str,
) -> list[str]:
    """Inject ``fault`` at request ``position`` of a fresh call on the ``prepared`` state (its
    context and ids); return the violations."""
    context, ids = prepared
    start = snapshot(raw, ids) if scenario.atomic else None  # only an atomic call is compared
    interceptor.arm(fault, position)
    try:
        scenario.act(wrapper, context)
    except PersistenceError as exc:
        interceptor.disarm()
        if not exc.retryable:
            return [f"{type(exc).__name__} is {exc.classification}"]
        if scenario.atomic and snapshot(raw, ids) not in (start, expected):
            return ["a failed call left a partial write"]
        retried = _call_until_done(scenario, wrapper, context)
        if retried:
            return retried
    except Exception as exc:
        interceptor.disarm()
        return [f"raw {type(exc).__module__}.{type(exc).__name__}"]
    interceptor.disarm()
    got = snapshot(raw, ids)
    return [] if got == expected else [f"end state differs: {_difference(expected, got)}"]


def model_end_state(scenario: Scenario) -> str:
    """The fault-free end state of a scenario, as the model has it."""
    model = oracle()(ManualClock())
    context, ids = scenario.prepare(model)
    scenario.act(model, context)
    return snapshot(model.store.view(), ids)


@pytest.mark.parametrize("scenario", SCENARIOS + READS, ids=lambda s: s.name)
def test_faults_converge_on_the_fault_free_state(
    make_wrapper: WrapperMaker, raw: RawView, interceptor: RequestInterceptor, scenario: Scenario
) -> None:
    """Every fault at every request position: success or a RETRYABLE typed error, no partial
    transaction, and retries converge on the fault-free state (the model's)."""
    wrapper = make_wrapper(clock=ManualClock())  # frozen: a retry is the same call
    empty = raw.keys()
    expected = model_end_state(scenario)
    context, ids = scenario.prepare(wrapper)
    before = interceptor.count()
    scenario.act(wrapper, context)
    positions = interceptor.count() - before
    assert positions > 0, "the operation sent no request"
    fault_free = snapshot(raw, ids)
    assert fault_free == expected, (
        f"the fault-free call ends elsewhere than the model: {_difference(expected, fault_free)}"
    )
    violations: list[str] = []
    for fault in Fault:
        for position in range(positions):
            if scenario.writes:  # every case starts from an empty table, prepared again
                raw.delete_except(empty)
                prepared = scenario.prepare(wrapper)
            else:  # the state a read found, which every case checks it left as it was
                prepared = context, ids
            found = _one_case(
                scenario,
                wrapper,
                prepared,
                raw=raw,
                interceptor=interceptor,
                fault=fault,
                position=position,
                expected=expected,
            )
            violations += [f"{fault.value} at request {position}: {v}" for v in found]
    assert not violations, "\n".join(violations)
