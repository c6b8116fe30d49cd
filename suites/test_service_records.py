"""Suite 13, service records: what Nova Cat's services keep besides the access patterns. A
nova's position and visibility (compare-and-set), JobRun annotations (each field written once,
while RUNNING), duplicates of a VALID product and products ingested VALID, the execution
launched for a product, the photometry offset cache, references read in batches, and the
cross-nova listings. Each is checked against what must be stored, with its DynamoDB type, and
each refusal against what it must leave unchanged (no partial item where nothing existed). The
stories through the twin compare every call and stored item with the model's: repeats that
change nothing (``updated_at`` included) and refusals that carry the stored item."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4, uuid5

import pytest

from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.deterministic_ids import composite_id, spectra_product_id
from novacat_persistence.contracts.entities import CompositeSpectra, OffsetCache, Reference
from novacat_persistence.contracts.enums import (
    ErrorClass,
    JobRunStatus,
    NovaStatus,
    ReferenceType,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    EntityValidationError,
    InputValidationError,
    InvalidTransitionError,
    KeyShapeError,
    NotFoundError,
    PointerLayoutError,
    StaleWriterError,
    ThrottledError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import (
    JobRunAnnotation,
    NovaPosition,
    RawObject,
    ValidationOutcome,
)
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import (
    ingested_spectra,
    key_of,
    new_job_run,
    new_nova,
    registration,
    run_key,
    stored_item,
)
from novacat_persistence.suites.harness.interception import (
    RequestInterceptor,
    throttled_throughout,
)
from novacat_persistence.suites.harness.twin import Twin

POSITION = NovaPosition(Decimal("52.799083"), Decimal("43.904667"), resolver_source="SIMBAD")
MOVED = NovaPosition(Decimal("52.8"), Decimal("43.9"), coord_epoch="J2015.5", resolver_source="TNS")
ARN = "arn:aws:states:us-east-1:123456789012:execution:acquire-and-validate-spectra:x"


def _nova(wrapper: PersistenceWrapper) -> UUID:
    nova = new_nova()
    wrapper.create_nova(nova)
    return nova.nova_id


# --- a nova's position and visibility ------------------------------------------------------


def test_a_position_is_set_once_then_only_over_the_expected_one(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor
) -> None:
    """Stored with its types; a repeat is answered; another position needs the stored one as
    ``expected``; values a Nova cannot hold are refused before any request."""
    nova_id = _nova(wrapper)
    wrapper.set_nova_position(nova_id, POSITION, expected=None)
    item = stored_item(raw, str(nova_id), "NOVA")
    assert (item["ra_deg"], item["dec_deg"]) == ({"N": "52.799083"}, {"N": "43.904667"})
    assert item["coord_epoch"] == {"S": "J2000"} and item["coord_frame"] == {"S": "ICRS"}
    assert item["resolver_source"] == {"S": "SIMBAD"}
    assert wrapper.set_nova_position(nova_id, POSITION, expected=None).resolver_source == "SIMBAD"
    with pytest.raises(ConflictError):
        wrapper.set_nova_position(nova_id, MOVED, expected=None)
    moved = wrapper.set_nova_position(nova_id, MOVED, expected=POSITION)
    assert (moved.coord_epoch, moved.resolver_source) == ("J2015.5", "TNS")
    with pytest.raises(NotFoundError):
        wrapper.set_nova_position(uuid4(), POSITION, expected=None)
    before = interceptor.count()
    with pytest.raises(EntityValidationError):
        wrapper.set_nova_position(nova_id, NovaPosition(400, 0), expected=MOVED)
    assert interceptor.count() == before
    assert stored_item(raw, str(nova_id), "NOVA")["ra_deg"] == {"N": "52.8"}


def test_visibility_moves_between_active_and_hidden_over_the_expected_status(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor
) -> None:
    """HIDDEN keeps a nova out of the ACTIVE listing; a repeat is answered; an unexpected
    status is refused with the stored nova; statuses other than ACTIVE/HIDDEN before any
    request."""
    nova_id = _nova(wrapper)
    hidden = wrapper.set_nova_visibility(nova_id, NovaStatus.HIDDEN, expected=NovaStatus.ACTIVE)
    assert hidden.status is NovaStatus.HIDDEN
    assert stored_item(raw, str(nova_id), "NOVA")["status"] == {"S": "HIDDEN"}
    again = wrapper.set_nova_visibility(nova_id, NovaStatus.HIDDEN, expected=NovaStatus.ACTIVE)
    assert again.status is NovaStatus.HIDDEN
    assert nova_id not in {n.nova_id for n in wrapper.list_novae(status=NovaStatus.ACTIVE)}
    assert nova_id in {n.nova_id for n in wrapper.list_novae(status=NovaStatus.HIDDEN)}
    with pytest.raises(ConflictError) as refused:
        wrapper.set_nova_visibility(nova_id, NovaStatus.ACTIVE, expected=NovaStatus.PENDING)
    assert refused.value.existing is not None
    wrapper.set_nova_visibility(nova_id, NovaStatus.ACTIVE, expected=NovaStatus.HIDDEN)
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.set_nova_visibility(
            nova_id,
            NovaStatus.QUARANTINED,  # type: ignore[arg-type]
            expected=NovaStatus.ACTIVE,
        )
    assert interceptor.count() == before
    with pytest.raises(NotFoundError):
        wrapper.set_nova_visibility(uuid4(), NovaStatus.HIDDEN, expected=NovaStatus.ACTIVE)


def test_the_novae_are_listed_across_the_table(wrapper: PersistenceWrapper) -> None:
    """Every nova, by nova_id, whatever else the table holds."""
    ids = sorted((_nova(wrapper) for _ in range(3)), key=str)
    wrapper.register_spectra_product(registration(ids[0]))
    assert [n.nova_id for n in wrapper.list_novae()] == ids


def test_position_repeats_change_nothing_and_refusals_carry_the_stored_nova(twin: Twin) -> None:
    """Through the twin: a position set where none was; a second later the same call (a
    repeat) answers with the stored nova, ``updated_at`` unchanged; another position over a
    stale ``expected`` is refused with the stored nova; a missing nova is not found."""
    nova = new_nova()
    twin.call("create_nova", nova)
    placed = twin.call("set_nova_position", nova.nova_id, POSITION, expected=None)
    twin.advance(timedelta(seconds=1))
    assert twin.call("set_nova_position", nova.nova_id, POSITION, expected=None) == placed
    refused = twin.fails(ConflictError, "set_nova_position", nova.nova_id, MOVED, expected=MOVED)
    assert refused.existing == placed
    twin.fails(NotFoundError, "set_nova_position", uuid4(), POSITION, expected=None)


def test_a_nova_already_in_the_asked_visibility_is_answered_as_it_is(twin: Twin) -> None:
    """Through the twin: a hidden nova asked to be hidden again a second later, whatever the
    ``expected`` status (the mover's, its own, another): the stored nova, ``updated_at``
    unchanged; a move from a status it is not in is refused with the stored nova."""
    nova = new_nova()
    twin.call("create_nova", nova)
    hidden = twin.call(
        "set_nova_visibility", nova.nova_id, NovaStatus.HIDDEN, expected=NovaStatus.ACTIVE
    )
    twin.advance(timedelta(seconds=1))
    for expected in (NovaStatus.ACTIVE, NovaStatus.HIDDEN, NovaStatus.PENDING):
        again = twin.call("set_nova_visibility", nova.nova_id, NovaStatus.HIDDEN, expected=expected)
        assert again == hidden
    refused = twin.fails(
        ConflictError,
        "set_nova_visibility",
        nova.nova_id,
        NovaStatus.ACTIVE,
        expected=NovaStatus.PENDING,
    )
    assert refused.existing == hidden


# --- JobRun annotations --------------------------------------------------------------------


def test_a_job_run_annotation_is_written_once_while_it_runs(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Each field stored with its type; the same values again are answered (also after the
    run was finalized); another value is refused; a new field after the end is refused."""
    run = new_job_run()
    wrapper.begin_job_run(run)
    key = run_key(run)
    quarantine = JobRunAnnotation(
        quarantine_reason_code="COORDINATE_AMBIGUITY",
        classification_reason="two candidates within 2 arcsec",
        error_fingerprint="0a1b2c3d4e5f",
        extra_context={"min_sep_arcsec": Decimal("1.25")},
    )
    first = wrapper.annotate_job_run(key, quarantine)
    assert first.quarantined_at is not None
    pk = f"WORKFLOW#{run.correlation_id}"
    sk = f"JOBRUN#{run.workflow_name}#2025-03-01T12:00:00Z#{run.job_run_id}"
    item = stored_item(raw, pk, sk)
    assert item["quarantine_reason_code"] == {"S": "COORDINATE_AMBIGUITY"}
    assert item["extra_context"] == {"M": {"min_sep_arcsec": {"N": "1.25"}}}
    assert item["quarantined_at"]["S"]
    assert wrapper.annotate_job_run(key, quarantine).quarantined_at == first.quarantined_at
    with pytest.raises(ConflictError):
        wrapper.annotate_job_run(key, JobRunAnnotation(error_fingerprint="ffffffffffff"))
    wrapper.annotate_job_run(
        key, JobRunAnnotation(error_classification=ErrorClass.TERMINAL, error_type="Boom")
    )
    wrapper.finalize_job_run(key, JobRunStatus.QUARANTINED)
    assert wrapper.annotate_job_run(key, quarantine).status is JobRunStatus.QUARANTINED
    with pytest.raises(InvalidTransitionError):
        wrapper.annotate_job_run(key, JobRunAnnotation(outcome="LATE"))
    assert "outcome" not in stored_item(raw, pk, sk)
    assert stored_item(raw, pk, sk)["error_classification"] == {"S": "TERMINAL"}


def test_an_empty_annotation_is_refused_and_a_missing_run_is_not_created(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Nothing to record: InputValidationError. No run: NotFoundError, no partial item."""
    run = new_job_run()
    with pytest.raises(InputValidationError):
        wrapper.annotate_job_run(run_key(run), JobRunAnnotation())
    with pytest.raises(NotFoundError):
        wrapper.annotate_job_run(run_key(run), JobRunAnnotation(outcome="SUCCEEDED"))
    assert raw.scan() == []


QUARANTINE = JobRunAnnotation(
    quarantine_reason_code="COORDINATE_AMBIGUITY",
    classification_reason="two candidates within 2 arcsec",
    extra_context={"min_sep_arcsec": Decimal("1.25")},
)


def test_an_annotation_repeated_changes_nothing(twin: Twin) -> None:
    """Through the twin: a quarantine annotation, then a second later the same one and its
    reason alone (repeats): the stored run, ``updated_at`` and ``quarantined_at`` unchanged; a
    new field is written while RUNNING, another value for it refused with the stored run; once
    finalized, a new field is refused and a repeat still answered."""
    run = new_job_run()
    twin.call("begin_job_run", run)
    key = run_key(run)
    first = twin.call("annotate_job_run", key, QUARANTINE)
    twin.advance(timedelta(seconds=1))
    assert twin.call("annotate_job_run", key, QUARANTINE) == first
    reason = JobRunAnnotation(quarantine_reason_code="COORDINATE_AMBIGUITY")
    assert twin.call("annotate_job_run", key, reason) == first
    added = twin.call("annotate_job_run", key, JobRunAnnotation(outcome="QUARANTINED"))
    assert added.quarantined_at == first.quarantined_at
    refused = twin.fails(ConflictError, "annotate_job_run", key, JobRunAnnotation(outcome="OK"))
    assert refused.existing == added
    twin.call("finalize_job_run", key, JobRunStatus.QUARANTINED)
    twin.fails(InvalidTransitionError, "annotate_job_run", key, JobRunAnnotation(error_type="E"))
    assert twin.call("annotate_job_run", key, reason).status is JobRunStatus.QUARANTINED


# --- duplicates, ingested products, launched executions -------------------------------------


def _raw_object(key: SpectraProductKey) -> RawObject:
    return RawObject(
        "novacat-private", raw_spectra_key(key.nova_id, key.data_product_id), 2880, "e", "ab" * 32
    )


def test_a_duplicate_is_recorded_once_and_leaves_the_index(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """SKIPPED_DUPLICATE, the canonical id, the raw pointer, one attempt, eligibility NONE, no
    GSI1 attributes, still UNVALIDATED; a repeat counts nothing; another canonical id or a
    product with a definitive result is refused."""
    nova_id = uuid4()
    key = key_of(wrapper.register_spectra_product(registration(nova_id)).item)
    canonical = uuid4()
    wrapper.record_duplicate(key, duplicate_of=canonical, raw=_raw_object(key))
    again = wrapper.record_duplicate(key, duplicate_of=canonical, raw=_raw_object(key))
    assert again.attempt_count_total == 1
    item = stored_item(raw, str(nova_id), f"PRODUCT#SPECTRA#ESO#{key.data_product_id}")
    assert item["acquisition_status"] == {"S": "SKIPPED_DUPLICATE"}
    assert item["duplicate_of_data_product_id"] == {"S": str(canonical)}
    assert item["validation_status"] == {"S": "UNVALIDATED"}
    assert item["eligibility"] == {"S": "NONE"} and item["attempt_count_total"] == {"N": "1"}
    assert "GSI1PK" not in item and "GSI1SK" not in item
    assert raw.gsi1_members(str(nova_id)) == []
    with pytest.raises(ConflictError):
        wrapper.record_duplicate(key, duplicate_of=uuid4(), raw=_raw_object(key))
    valid = key_of(wrapper.register_spectra_product(registration(nova_id, "ADP.2")).item)
    outcome = ValidationOutcome(ValidationStatus.VALID, "c" * 64)
    wrapper.record_validation_result(valid, outcome, execution=uuid4())
    with pytest.raises(InvalidTransitionError):
        wrapper.record_duplicate(valid, duplicate_of=canonical, raw=_raw_object(valid))
    with pytest.raises(InputValidationError):
        wrapper.record_duplicate(key, duplicate_of=key.data_product_id, raw=_raw_object(key))


def test_an_ingested_product_is_created_valid_out_of_the_index_once(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor
) -> None:
    """Stored VALID without GSI1 attributes, never listed eligible; the same product again is
    a replay; other content under its key is refused; an eligible one before any request."""
    nova_id = uuid4()
    product = ingested_spectra(nova_id)
    assert wrapper.put_ingested_spectra(product).created is True
    sk = f"PRODUCT#SPECTRA#ticket_ingestion#{product.data_product_id}"
    item = stored_item(raw, str(nova_id), sk)
    assert item["validation_status"] == {"S": "VALID"} and item["snr"] == {"N": "41.5"}
    assert "GSI1PK" not in item
    assert wrapper.list_eligible_spectra(nova_id) == []
    assert wrapper.put_ingested_spectra(product).created is False
    with pytest.raises(AlreadyExistsError):
        wrapper.put_ingested_spectra(product.model_copy(update={"byte_length": 1}))
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.put_ingested_spectra(
            ingested_spectra(uuid4(), validation_status="UNVALIDATED", eligibility="ACQUIRE")
        )
    assert interceptor.count() == before


def test_a_launched_execution_is_recorded_on_an_existing_product_only(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """``last_execution_arn`` is stored; a missing product raises NotFoundError and leaves no
    item behind (Nova Cat's unconditional update leaves one)."""
    nova_id = uuid4()
    key = key_of(wrapper.register_spectra_product(registration(nova_id)).item)
    wrapper.record_spectra_execution(key, ARN)
    item = stored_item(raw, str(nova_id), f"PRODUCT#SPECTRA#ESO#{key.data_product_id}")
    assert item["last_execution_arn"] == {"S": ARN}
    missing = SpectraProductKey(nova_id, "ESO", spectra_product_id("ESO", "url:x"))
    with pytest.raises(NotFoundError):
        wrapper.record_spectra_execution(missing, ARN)
    assert raw.get(str(nova_id), f"PRODUCT#SPECTRA#ESO#{missing.data_product_id}") is None


def test_a_duplicate_needs_its_product_and_its_raw_key_and_is_counted_once(
    twin: Twin, interceptor: RequestInterceptor
) -> None:
    """Through the twin: a raw object outside the product's raw key is refused before any
    request; a missing product is not found; a repeat a second later answers with the stored
    product (counted once, ``updated_at`` unchanged); another canonical product is refused
    with it."""
    nova_id = uuid4()
    key = key_of(twin.call("register_spectra_product", registration(nova_id)).item)
    elsewhere = RawObject("novacat-private", f"raw/{nova_id}/other.fits", 2880, "e", "ab" * 32)
    before = interceptor.count()
    twin.fails(PointerLayoutError, "record_duplicate", key, duplicate_of=uuid4(), raw=elsewhere)
    assert interceptor.count() == before
    missing = SpectraProductKey(nova_id, "ESO", spectra_product_id("ESO", "url:missing"))
    twin.fails(
        NotFoundError, "record_duplicate", missing, duplicate_of=uuid4(), raw=_raw_object(missing)
    )
    canonical = uuid4()
    first = twin.call("record_duplicate", key, duplicate_of=canonical, raw=_raw_object(key))
    twin.advance(timedelta(seconds=1))
    assert twin.call("record_duplicate", key, duplicate_of=canonical, raw=_raw_object(key)) == first
    refused = twin.fails(
        ConflictError, "record_duplicate", key, duplicate_of=uuid4(), raw=_raw_object(key)
    )
    assert refused.existing == first


def test_an_ingested_product_replays_whatever_its_write_times(twin: Twin) -> None:
    """Through the twin: the same ingested product sent again with other timestamps and
    ``last_attempt_at`` is a replay answered with the stored product; other content is
    refused with it; no LocatorAlias is written (the whole table is compared)."""
    product = ingested_spectra(uuid4())
    stored = twin.call("put_ingested_spectra", product).item
    twin.advance(timedelta(seconds=1))
    later = EPOCH + timedelta(hours=1)
    resent = product.model_copy(
        update={"last_attempt_at": later, "created_at": later, "updated_at": later}
    )
    replay = twin.call("put_ingested_spectra", resent)
    assert (replay.created, replay.item) == (False, stored)
    other = product.model_copy(update={"snr": 12.5})
    assert twin.fails(AlreadyExistsError, "put_ingested_spectra", other).existing == stored
    assert twin.call("resolve_locator", product.provider, product.locator_identity) is None


def test_the_same_launched_execution_again_changes_nothing(twin: Twin) -> None:
    """Through the twin: the execution recorded, the same ARN a second later answered with
    the stored product (``updated_at`` unchanged), another ARN recorded over it."""
    key = key_of(twin.call("register_spectra_product", registration(uuid4())).item)
    first = twin.call("record_spectra_execution", key, ARN)
    twin.advance(timedelta(seconds=1))
    assert twin.call("record_spectra_execution", key, ARN) == first
    assert twin.call("record_spectra_execution", key, f"{ARN}-2").last_execution_arn == f"{ARN}-2"


def test_the_spectra_scan_holds_composites_by_nova_then_sort_key(twin: Twin) -> None:
    """Through the twin: stubs, a composite and an ingested product of two novae (and a
    photometry table, not a spectrum): all spectra by nova then SK; VALID ones alone."""
    first, second = sorted((uuid4(), uuid4()), key=str)
    twin.call("register_spectra_product", registration(second, "ADP.9"))
    twin.call("register_spectra_product", registration(first, "ADP.1", provider="MAST"))
    twin.call("ensure_photometry_table", first)
    constituents = sorted((uuid4(), uuid4()), key=str)
    made = composite_id(constituents)
    composite = CompositeSpectra(
        nova_id=first,
        data_product_id=made,
        composite_id=made,
        provider="ESO",
        constituent_data_product_ids=constituents,
        composite_fingerprint="c" * 16,
    )
    twin.call("put_composite_spectra", composite)
    twin.call("put_ingested_spectra", ingested_spectra(second))
    scanned = twin.call("scan_spectra_products")
    assert [p.nova_id for p in scanned] == [first, first, second, second]
    valid = twin.call("scan_spectra_products", validation_status=ValidationStatus.VALID)
    assert {type(p).__name__ for p in valid} == {"CompositeSpectra", "SpectraProduct"}


def test_spectra_are_scanned_across_novae(wrapper: PersistenceWrapper) -> None:
    """Products of every nova, or of one validation status, by nova then SK."""
    first, second = sorted((uuid4(), uuid4()), key=str)
    stub = wrapper.register_spectra_product(registration(first)).item
    wrapper.put_ingested_spectra(ingested_spectra(second))
    everything = [(p.nova_id, p.data_product_id) for p in wrapper.scan_spectra_products()]
    assert everything == [(first, stub.data_product_id), (second, uuid5(second, "ticket"))]
    valid = wrapper.scan_spectra_products(validation_status=ValidationStatus.VALID)
    assert [p.nova_id for p in valid] == [second]


# --- the offset cache ----------------------------------------------------------------------


def _cache(nova_id: UUID, **fields: Any) -> OffsetCache:
    values: dict[str, Any] = {
        "nova_id": nova_id,
        "regime": "optical",
        "band_offsets": {"V": Decimal("0"), "B": Decimal("0.5")},
        "band_observation_counts": {"V": 41, "B": 17},
        "band_set_hash": "b4" * 32,
        "computed_at": EPOCH,
        "created_at": EPOCH,
        "updated_at": EPOCH,
    }
    return OffsetCache(**(values | fields))


def test_the_offset_cache_is_replaced_whole_never_over_a_newer_version(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Stored at ``OFFSET_CACHE#<regime>`` with its maps; a new computation replaces it
    (``created_at`` kept); an item stored without a version is rewritten as the current one;
    a newer version is never overwritten."""
    nova_id = uuid4()
    first = wrapper.put_offset_cache(_cache(nova_id))
    item = stored_item(raw, str(nova_id), "OFFSET_CACHE#optical")
    assert item["band_offsets"] == {"M": {"V": {"N": "0"}, "B": {"N": "0.5"}}}
    assert item["band_observation_counts"]["M"]["V"] == {"N": "41"}
    second = wrapper.put_offset_cache(_cache(nova_id, band_offsets={"V": Decimal("0.1")}))
    assert second.band_offsets == {"V": Decimal("0.1")} and second.created_at == first.created_at
    read = wrapper.get_offset_cache(nova_id, "optical")
    assert read is not None and read.band_offsets == {"V": Decimal("0.1")}
    other = uuid4()
    raw.put(  # as Nova Cat's generator stores it: no entity_type, no schema_version
        {
            "PK": {"S": str(other)},
            "SK": {"S": "OFFSET_CACHE#optical"},
            "band_offsets": {"M": {"V": {"N": "0"}}},
            "band_observation_counts": {"M": {"V": {"N": "3"}}},
            "band_set_hash": {"S": "c0" * 32},
            "computed_at": {"S": "2026-04-02T10:00:00Z"},
        }
    )
    legacy = wrapper.get_offset_cache(other, "optical")
    assert legacy is not None and legacy.band_observation_counts == {"V": 3}
    wrapper.put_offset_cache(_cache(other))
    assert stored_item(raw, str(other), "OFFSET_CACHE#optical")["entity_type"] == {
        "S": "OffsetCache"
    }
    newer = {
        **stored_item(raw, str(nova_id), "OFFSET_CACHE#optical"),
        "schema_version": {"S": "2.0.0"},
    }
    raw.put(newer)
    with pytest.raises(StaleWriterError):
        wrapper.put_offset_cache(_cache(nova_id))
    assert stored_item(raw, str(nova_id), "OFFSET_CACHE#optical") == newer
    assert wrapper.get_offset_cache(uuid4(), "optical") is None


# --- references in batches ------------------------------------------------------------------


def _bibcode(n: int) -> str:
    return f"2013ApJ...{n:03d}..118S"


def test_references_are_read_in_batches_of_100_to_the_last_key(
    wrapper: PersistenceWrapper, interceptor: RequestInterceptor
) -> None:
    """The stored references of the bibcodes asked, by bibcode; 130 keys take two requests;
    keys left unprocessed are asked again; a malformed bibcode before any request."""
    stored = [_bibcode(n) for n in range(120)]
    for bibcode in stored:
        wrapper.upsert_reference(
            Reference(bibcode=bibcode, reference_type=ReferenceType.JOURNAL_ARTICLE)
        )
    asked = [*stored, *(_bibcode(n) for n in range(900, 910))]
    before = interceptor.counts()["BatchGetItem"]
    interceptor.leave_unprocessed(30, 0)
    found = wrapper.get_references(asked)
    assert sorted(found) == sorted(stored)
    assert all(found[b].bibcode == b for b in stored)
    assert interceptor.counts()["BatchGetItem"] - before == 3
    before = interceptor.count()
    with pytest.raises(KeyShapeError):
        wrapper.get_references(["not a bibcode"])
    assert interceptor.count() == before
    assert wrapper.get_references([]) == {}


@pytest.mark.parametrize(("asked", "requests"), [(100, 1), (101, 2)])
def test_references_are_read_at_most_100_keys_a_request(
    wrapper: PersistenceWrapper, interceptor: RequestInterceptor, asked: int, requests: int
) -> None:
    """100 bibcodes take one BatchGetItem request, 101 two; the stored ones are found."""
    stored = [_bibcode(n) for n in (0, asked - 1)]
    for bibcode in stored:
        wrapper.upsert_reference(
            Reference(bibcode=bibcode, reference_type=ReferenceType.JOURNAL_ARTICLE)
        )
    before = interceptor.counts()["BatchGetItem"]
    found = wrapper.get_references([_bibcode(n) for n in range(asked)])
    assert interceptor.counts()["BatchGetItem"] - before == requests
    assert sorted(found) == sorted(stored)


def test_references_still_unread_after_the_retries_are_a_retryable_error(
    wrapper: PersistenceWrapper, interceptor: RequestInterceptor
) -> None:
    """Keys left unprocessed however often they are asked: ThrottledError (RETRYABLE); once the
    throttling is over, the same call finds every reference."""
    stored = [_bibcode(n) for n in range(3)]
    for bibcode in stored:
        wrapper.upsert_reference(
            Reference(bibcode=bibcode, reference_type=ReferenceType.JOURNAL_ARTICLE)
        )
    with throttled_throughout(interceptor, 2), pytest.raises(ThrottledError) as refused:
        wrapper.get_references(stored)
    assert refused.value.retryable
    assert sorted(wrapper.get_references(stored)) == stored
