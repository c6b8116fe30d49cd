"""Suite 6, evolution and backward-compatible reads: historical items put into the raw table
read through the candidate as their golden current-model values (the corpus when it ships
items, else items built from the contracts' own historical versions: DataProduct 1.0.0,
``schema_version`` "1", NULL-typed GSI attributes, a key component stored as NULL); an
unknown major raises UnsupportedSchemaVersionError; unknown attributes of a newer minor survive
a rewrite; a writer never overwrites a newer stored version (StaleWriterError, nothing
changed); a listing that meets an item of a legacy era returns the rest and reports that item
in its ``skipped``."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from uuid import UUID, uuid4, uuid5

import pytest
from botocore.exceptions import ClientError

from novacat_persistence.contracts import eras, keys
from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import (
    JobRun,
    LegacyEntity,
    LegacyFileObject,
    LegacyJobRun,
    LegacyNovaReference,
    Nova,
    PersistedEntity,
    SpectraProduct,
    SpectraProductV1,
)
from novacat_persistence.contracts.enums import (
    Eligibility,
    FileRole,
    NovaReferenceRole,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    PersistenceError,
    StaleWriterError,
    UnreadableItemError,
    UnsupportedSchemaVersionError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import JobRunAnnotation, NovaPosition, skipped_of
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.contracts.types import format_utc
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.suites.harness.builders import (
    discovery_link,
    key_of,
    new_job_run,
    new_nova,
    photometry_table_file,
    registration,
    run_key,
    stored_item,
)
from novacat_persistence.suites.harness.read_through import read_through

SHA = "ab" * 32
IGNORED = {"read_provenance"}


def _legacy_spectra(**fields: Any) -> tuple[SpectraProductV1, dict[str, Any]]:
    old = SpectraProductV1(
        nova_id=uuid4(),
        data_product_id=uuid4(),
        provider="ESO",
        locator_identity=f"provider_product_id:OLD.{uuid4()}",
        attempt_count=3,
        sha256=SHA,
        **fields,
    )
    return old, encode(old)


def _golden(old: SpectraProductV1) -> SpectraProduct:
    fields = old.model_dump(exclude={"attempt_count", "sha256"})
    fields["attempt_count_total"] = old.attempt_count
    fields["content_fingerprint"] = old.sha256
    if old.validation_status is ValidationStatus.VALID:
        fields["last_successful_fingerprint"] = old.sha256
    return SpectraProduct.model_validate(fields)


def _same(read: Any, golden: Any) -> None:
    assert read is not None, "the candidate did not find the item"
    assert type(read) is type(golden)
    assert read.model_dump(exclude=IGNORED) == golden.model_dump(exclude=IGNORED)


_STATUSES: Final = {
    "unvalidated": {},
    "valid": {"validation_status": ValidationStatus.VALID, "eligibility": Eligibility.NONE},
}
"""A spectra product's validation: a VALID one's fingerprint is also its last successful one."""


@pytest.mark.parametrize("status", sorted(_STATUSES))
@pytest.mark.parametrize("stored_version", ["1.0.0", "1", "1.0"])
def test_a_data_product_1_item_reads_as_its_golden_value(
    wrapper: PersistenceWrapper, raw: RawView, stored_version: str, status: str
) -> None:
    """DataProduct 1.0.0 items (stored as 1.0.0, 1 or 1.0; unvalidated or VALID) read as their
    golden 2.0.0 value."""
    old, item = _legacy_spectra(**_STATUSES[status])
    item["schema_version"] = {"S": stored_version}
    raw.put(item)
    _same(wrapper.get_spectra_product(key_of(old)), _golden(old))  # type: ignore[arg-type]


def test_a_data_product_1_item_whose_sha256_1_0_0_refuses_is_unreadable(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """A 1.0.0 ``sha256`` is 64 lowercase hex digits: a stored text 1.0.0 refuses is refused,
    though 2.0.0's ``content_fingerprint`` (any 1-256 characters) would take it."""
    old, item = _legacy_spectra()
    item["sha256"] = {"S": SHA.upper()}
    raw.put(item)
    with pytest.raises(UnreadableItemError, match="sha256"):
        wrapper.get_spectra_product(key_of(old))  # type: ignore[arg-type]


def test_null_typed_attributes_read_as_absent(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """NULL-typed attributes of old items read as absent."""
    old, item = _legacy_spectra(
        validation_status=ValidationStatus.VALID, eligibility=Eligibility.NONE
    )
    for name in ("last_attempt_at", "raw_s3_key", "quarantine_reason_code", "instrument"):
        item[name] = {"NULL": True}
    raw.put(item)
    _same(wrapper.get_spectra_product(key_of(old)), _golden(old))  # type: ignore[arg-type]


def _stored_nova(wrapper: PersistenceWrapper, raw: RawView) -> tuple[Nova, Item]:
    """A nova created through the candidate, and its item as stored."""
    nova = new_nova()
    wrapper.create_nova(nova)
    return nova, stored_item(raw, str(nova.nova_id), "NOVA")


def test_an_attribute_stored_null_is_unset_for_a_write(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """An attribute an older writer stored NULL (Nova Cat's services store a ``None`` as
    NULL) reads as absent, and a write takes it as unset as the read does: a compare-and-set
    from unset, and a write-once field, are applied over it."""
    nova, item = _stored_nova(wrapper, raw)
    raw.put({**item, "discovery_date": {"NULL": True}, "ra_deg": {"NULL": True}})
    dated = wrapper.set_discovery_date(nova.nova_id, "1975-08-29", expected=None)
    assert dated.discovery_date == "1975-08-29"
    placed = wrapper.set_nova_position(
        nova.nova_id, NovaPosition(Decimal("52.8"), Decimal("43.9")), expected=None
    )
    assert placed.ra_deg == 52.8
    stored = stored_item(raw, str(nova.nova_id), "NOVA")
    assert stored["discovery_date"] == {"S": "1975-08-29"}
    assert stored["ra_deg"] == {"N": "52.8"}

    run = new_job_run()
    wrapper.begin_job_run(run)
    pk, sk = keys.build(run_key(run))
    raw.put({**stored_item(raw, pk, sk), "error_type": {"NULL": True}})
    annotated = wrapper.annotate_job_run(run_key(run), JobRunAnnotation(error_type="Timeout"))
    assert annotated.error_type == "Timeout"
    assert stored_item(raw, pk, sk)["error_type"] == {"S": "Timeout"}


def test_a_legacy_item_is_carried_forward_by_a_write(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """A write to a 1.0.0 item carries it to the current version (old attributes gone, counters
    kept)."""
    old, item = _legacy_spectra()
    item["schema_version"] = {"S": "1"}
    raw.put(item)
    key = key_of(old)  # type: ignore[arg-type]
    updated = wrapper.record_retryable_failure(key, error_fingerprint="e" * 16, execution=uuid4())
    assert updated.attempt_count_total == 4
    stored = stored_item(raw, item["PK"]["S"], item["SK"]["S"])
    assert stored["schema_version"] == {"S": ENTITIES["DataProduct"].current.version}
    assert "attempt_count" not in stored and "sha256" not in stored


def test_an_unknown_major_raises_the_typed_error(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """An unknown major schema_version raises UnsupportedSchemaVersionError."""
    product = wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item
    nova = new_nova()
    wrapper.create_nova(nova)
    for pk, sk in (
        (str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"),
        (str(nova.nova_id), "NOVA"),
    ):
        item = stored_item(raw, pk, sk)
        item["schema_version"] = {"S": "9.0.0"}
        raw.put(item)
    with pytest.raises(UnsupportedSchemaVersionError):
        wrapper.get_spectra_product(key_of(product))
    with pytest.raises(UnsupportedSchemaVersionError):
        wrapper.get_nova(nova.nova_id)


def test_unknown_attributes_of_a_newer_minor_survive_a_rewrite(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Attributes a newer minor added survive the candidate's rewrite of the item."""
    old, item = _legacy_spectra()
    item["schema_version"] = {"S": "1.1.0"}
    item["future_field"] = {"S": "written by a 1.1.0 writer"}
    item["future_map"] = {"M": {"n": {"N": "1"}}}
    raw.put(item)
    key = key_of(old)  # type: ignore[arg-type]
    read = wrapper.get_spectra_product(key)
    assert read is not None and read.attempt_count_total == 3
    wrapper.record_retryable_failure(key, error_fingerprint="e" * 16, execution=uuid4())
    stored = stored_item(raw, item["PK"]["S"], item["SK"]["S"])
    assert stored["future_field"] == item["future_field"]
    assert stored["future_map"] == item["future_map"]


@pytest.mark.parametrize("newer", ["2.3.0", "3.0.0"])
def test_a_stale_writer_is_refused_and_changes_nothing(
    wrapper: PersistenceWrapper, raw: RawView, newer: str
) -> None:
    """A write over a newer stored version raises StaleWriterError and leaves the item byte for
    byte."""
    product = wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item
    pk, sk = str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"
    item = stored_item(raw, pk, sk)
    item["schema_version"] = {"S": newer}
    item["future_field"] = {"S": "kept"}
    raw.put(item)
    with pytest.raises(StaleWriterError):
        wrapper.record_retryable_failure(
            key_of(product), error_fingerprint="e" * 16, execution=uuid4()
        )
    assert raw.get(pk, sk) == item


@pytest.mark.parametrize(
    ("stored", "error"),
    [
        pytest.param({"S": "banana"}, UnsupportedSchemaVersionError, id="a-word"),
        pytest.param({"S": ""}, UnsupportedSchemaVersionError, id="empty"),
        pytest.param({"S": "1.1.0.0"}, UnsupportedSchemaVersionError, id="four-parts"),
        pytest.param({"BOOL": True}, UnreadableItemError, id="not-text"),
        pytest.param(None, UnreadableItemError, id="missing"),
    ],
)
def test_a_writer_changes_nothing_it_cannot_read(
    wrapper: PersistenceWrapper,
    raw: RawView,
    stored: dict[str, Any] | None,
    error: type[PersistenceError],
) -> None:
    """A write over an item whose schema_version is no version (a malformed text, or none
    where its entity type needs one) raises the typed error a read of it raises, never
    StaleWriterError (it is not newer), and leaves the item byte for byte."""
    nova, item = _stored_nova(wrapper, raw)
    pk, sk = item["PK"]["S"], item["SK"]["S"]
    if stored is None:
        del item["schema_version"]
    else:
        item["schema_version"] = stored
    raw.put(item)
    with pytest.raises(error):
        wrapper.get_nova(nova.nova_id)
    with pytest.raises(error):
        wrapper.set_discovery_date(nova.nova_id, "1975-08-29", expected=None)
    assert raw.get(pk, sk) == item


@pytest.mark.parametrize(
    "number", [pytest.param("1", id="older"), pytest.param("1.1", id="current")]
)
def test_a_version_stored_as_a_number_reads_and_is_carried_forward_by_a_write(
    wrapper: PersistenceWrapper, raw: RawView, number: str
) -> None:
    """A schema_version stored as a number (``{"N": "1"}``, as boto3's document types store
    an int; ``{"N": "1.1"}``, the current version so written) reads as that version, and a
    write rewrites the item as the current version, stored as text."""
    nova, item = _stored_nova(wrapper, raw)
    pk, sk = item["PK"]["S"], item["SK"]["S"]
    item["schema_version"] = {"N": number}
    raw.put(item)
    read = wrapper.get_nova(nova.nova_id)
    assert read is not None and read.primary_name == nova.primary_name
    written = wrapper.set_discovery_date(nova.nova_id, "1975-08-29", expected=None)
    assert written.discovery_date == "1975-08-29"
    after = stored_item(raw, pk, sk)
    assert after["schema_version"] == {"S": ENTITIES["Nova"].current.version}
    assert after["discovery_date"] == {"S": "1975-08-29"}


def _corpus_pairs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    spec = importlib.util.find_spec("novacat_persistence.corpus")
    if spec is None or spec.origin is None:  # the corpus package is not installed (yet)
        return []
    folder = Path(spec.origin).parent
    pairs = []
    for items_file in sorted((folder / "items").glob("*/*.jsonl")):
        golden_file = folder / "golden" / items_file.relative_to(folder / "items")
        if not golden_file.exists():
            continue
        items = items_file.read_text(encoding="utf-8").splitlines()
        golden = golden_file.read_text(encoding="utf-8").splitlines()
        for number, (line, expected) in enumerate(zip(items, golden, strict=True), 1):
            name = f"{items_file.parent.name}/{items_file.name}:{number}"
            pairs.append((name, json.loads(line)["Item"], json.loads(expected)))
    return pairs


def _live(item: dict[str, Any]) -> dict[str, Any]:
    """An exported item as the live table can hold it: NULL-typed index keys are absent."""
    return {k: v for k, v in item.items() if not (k in ("GSI1PK", "GSI1SK") and "NULL" in v)}


def test_every_corpus_item_reads_as_its_golden_value(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Every corpus item an IFC-030 read addresses reads as its golden current-model value."""
    pairs = _corpus_pairs()
    if not pairs:
        pytest.skip("the corpus ships no items yet (the built-in legacy items above run)")
    failures, compared = [], 0
    for name, item, golden in pairs:
        if golden.get("legacy"):
            continue  # read as a legacy model: outside IFC-030's typed reads (corpus tools)
        try:
            keys.parse(item["PK"]["S"], item["SK"]["S"])
        except PersistenceError:
            continue  # an era whose key IFC-030 no longer addresses (read by the corpus tools)
        try:
            raw.put(_live(item))
        except ClientError:
            continue  # an exported item the live table refuses (over 400 KB, ...)
        try:
            read = read_through(wrapper, item["PK"]["S"], item["SK"]["S"])
        except LookupError:
            continue
        except Exception as exc:
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        compared += 1
        if read is None:
            failures.append(f"{name}: not found through the candidate")
        elif type(read).__name__ != golden["model"]:
            failures.append(f"{name}: read a {type(read).__name__}, golden {golden['model']}")
        elif read.model_dump(mode="json") != golden["fields"]:
            diff = sorted(
                k for k, v in golden["fields"].items() if read.model_dump(mode="json").get(k) != v
            )
            failures.append(f"{name}: fields differ: {diff}")
    assert compared, "no corpus item could be addressed through IFC-030 reads"
    assert not failures, f"{len(failures)} of {compared} items differ:\n" + "\n".join(failures[:20])


def test_a_key_component_stored_as_null_is_read_from_the_key(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Nova Cat's photometry DataProduct holds its nova in its PK alone: stored with a NULL
    ``nova_id`` instead of none, it reads as its golden value all the same."""
    for item, golden in _photometry_tables_without_nova_id():
        raw.put(_live(item | {"nova_id": {"NULL": True}}))
        _assert_photometry_table_reads_as(wrapper, item, golden)


def test_an_era_item_keeps_an_attribute_its_era_did_not_have_out_of_its_fields(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Nova Cat's photometry DataProduct, stored under the 1.0.0 stamp, holding an attribute
    only a later version defines (``table_schema_version``): read as its era reads it, the
    attribute is not taken into the entity's fields, which are its golden value."""
    for item, golden in _photometry_tables_without_nova_id():
        assert golden["fields"]["table_schema_version"] is None  # the oracle: its era's value
        raw.put(_live(item | {"table_schema_version": {"S": "9.9.9"}}))
        _assert_photometry_table_reads_as(wrapper, item, golden)


def test_an_era_fills_only_what_an_item_lacks(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A nova of Nova Cat's services' era takes a missing ``updated_at`` from its
    ``created_at``; one that records its own (here an hour later) keeps it, and reads as its
    golden value otherwise."""
    services = eras.era_named("Nova", "services")
    pairs = [
        (item, golden)
        for _, item, golden in _corpus_pairs()
        if item.get("entity_type") == {"S": "Nova"}
        and "updated_at" in item
        and services.identify(item)
    ]
    if not pairs:
        pytest.skip("the corpus ships no nova of the services' era recording its updated_at")
    for item, golden in pairs:
        created = datetime.fromisoformat(item["created_at"]["S"])
        later = created + timedelta(hours=1)
        raw.put(_live(item | {"updated_at": {"S": format_utc(later)}}))
        read = read_through(wrapper, item["PK"]["S"], item["SK"]["S"])
        assert read is not None and read.updated_at == later
        fields = read.model_dump(mode="json")
        assert {k: v for k, v in fields.items() if k != "updated_at"} == {
            k: v for k, v in golden["fields"].items() if k != "updated_at"
        }


def test_an_attribute_stored_null_is_one_an_era_lacks(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """An era tells its items apart by what they hold and fills what they lack; an attribute
    stored NULL-typed is held by neither. Each corpus item of an era that fills attributes
    it lacks reads as its golden value with each of them stored NULL; and a corpus nova of no
    era, its ``updated_at`` stored NULL, is a nova of the services' era: it reads as its
    golden value with ``updated_at`` taken from what that era fills it from."""
    services = eras.era_named("Nova", "services")
    tried = 0
    for name, item, golden in _corpus_pairs():
        entity_type = item.get("entity_type", {}).get("S")
        lacking = {
            attribute
            for era in eras.ERAS.get(entity_type, ())
            if era.identify(item)
            for attribute in era.fills
            if attribute not in item
        }
        expected = golden["fields"]
        if entity_type == "Nova" and "updated_at" in item and not services.identify(item):
            lacking = {"updated_at"}
            expected = expected | {"updated_at": expected[services.fills["updated_at"]]}
        if not lacking or golden.get("legacy"):
            continue
        try:
            keys.parse(item["PK"]["S"], item["SK"]["S"])
        except PersistenceError:
            continue  # an era's key IFC-030 no longer addresses
        raw.put(_live(item | {attribute: {"NULL": True} for attribute in lacking}))
        try:
            read = read_through(wrapper, item["PK"]["S"], item["SK"]["S"])
        except LookupError:
            continue  # an entity IFC-030 has no read of
        assert read is not None, f"{name}: not found through the candidate"
        assert read.model_dump(mode="json") == expected, name
        tried += 1
    if not tried:
        pytest.skip("the corpus ships no item of an era that fills what it lacks")


def _photometry_tables_without_nova_id() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(item, golden) of each corpus photometry table stored without its ``nova_id`` (Nova
    Cat's, which holds its nova in its PK alone); skips the test when the corpus has none."""
    pairs = [
        (item, golden)
        for _, item, golden in _corpus_pairs()
        if item.get("SK") == {"S": "PRODUCT#PHOTOMETRY_TABLE"} and "nova_id" not in item
    ]
    if not pairs:
        pytest.skip("the corpus ships no photometry table stored without its nova_id")
    return pairs


def _assert_photometry_table_reads_as(
    wrapper: PersistenceWrapper, item: dict[str, Any], golden: dict[str, Any]
) -> None:
    """The photometry table of ``item``'s nova, read through the candidate, is its golden
    value."""
    read = wrapper.get_photometry_table(UUID(item["PK"]["S"]))
    assert read is not None, f"{item['PK']['S']}: not found through the candidate"
    assert type(read).__name__ == golden["model"]
    assert read.model_dump(mode="json") == golden["fields"]


def test_writes_stamp_the_current_schema_version(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """Every write stamps its entity's current schema version."""
    product = wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item
    nova = new_nova()
    wrapper.create_nova(nova)
    stored = {
        "DataProduct": stored_item(
            raw, str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}"
        ),
        "Nova": stored_item(raw, str(nova.nova_id), "NOVA"),
    }
    for entity_type, item in stored.items():
        current = ENTITIES[entity_type].current.version
        assert item["schema_version"] == {"S": current}, f"{entity_type} not stamped {current}"


# --- listings that meet items of a legacy era --------------------------------------------------

OLD = datetime(2023, 8, 14, 6, 0, tzinfo=UTC)
Listed = Callable[[PersistenceWrapper, UUID], list[Any]]


def _legacy_link(nova_id: UUID) -> tuple[LegacyEntity, str]:
    link = LegacyNovaReference(
        nova_id=nova_id,
        reference_id=uuid5(nova_id, "ref"),
        role=NovaReferenceRole.DISCOVERY,
        created_at=OLD,
        updated_at=OLD,
    )
    return link, "reference-id-sk"


def _current_link(wrapper: PersistenceWrapper, nova_id: UUID) -> PersistedEntity:
    return wrapper.link_nova_reference(discovery_link(nova_id)).item


def _legacy_run(nova_id: UUID) -> tuple[LegacyEntity, str]:
    run = LegacyJobRun(
        job_run_id=uuid5(nova_id, "old-run"),
        workflow_name="initialize_nova",
        nova_id=nova_id,
        started_at=OLD,
        created_at=OLD,
        updated_at=OLD,
    )
    return run, "no-correlation-id"


def _current_run(_wrapper: PersistenceWrapper, nova_id: UUID) -> tuple[PersistedEntity, Any]:
    """A current JobRun filed under its nova (the 1.0.0 rule, still read): seeded raw, as no
    IFC-030 operation files a run there any more."""
    run = JobRun(
        job_run_id=uuid5(nova_id, "run"),
        workflow_name="initialize_nova",
        nova_id=nova_id,
        correlation_id=f"corr-{nova_id}",
        started_at=datetime(2025, 3, 1, tzinfo=UTC),
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
        updated_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    item = encode(run)
    under_nova = keys.stored_keys(run)[-1]
    item["PK"], item["SK"] = {"S": under_nova.pk}, {"S": under_nova.sk}
    return run, item


def _legacy_file(nova_id: UUID) -> tuple[LegacyEntity, str]:
    product_id = uuid5(nova_id, "product")
    file = LegacyFileObject(
        role=FileRole.SPECTRA_RAW_FITS,
        nova_id=nova_id,
        data_product_id=product_id,
        bucket="novacat-private",
        key=raw_spectra_key(nova_id, product_id),
        created_by=f"acquire_and_validate_spectra:{uuid5(nova_id, 'run')}",
        created_at=OLD,
        updated_at=OLD,
    )
    return file, "product-type-sk"


def _current_file(wrapper: PersistenceWrapper, nova_id: UUID) -> PersistedEntity:
    return wrapper.put_file_object(photometry_table_file(nova_id)).item


LISTINGS: dict[str, tuple[Callable[[UUID], tuple[LegacyEntity, str]], Any, Listed]] = {
    "nova_references": (
        _legacy_link,
        _current_link,
        lambda wrapper, nova_id: wrapper.list_nova_references(nova_id),
    ),
    "job_runs": (
        _legacy_run,
        _current_run,
        lambda wrapper, nova_id: wrapper.list_job_runs(nova_id=nova_id),
    ),
    "file_objects": (
        _legacy_file,
        _current_file,
        lambda wrapper, nova_id: wrapper.list_file_objects(nova_id),
    ),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_a_listing_returns_the_rest_and_reports_the_legacy_items_it_meets(
    wrapper: PersistenceWrapper, raw: RawView, listing: str
) -> None:
    """A listing that meets an item of a legacy era (a ``NOVAREF#<reference_id>`` link, a run
    without correlation id, a file under the product-scoped SK) never fails: it returns the
    current items, and reports the old one in its ``skipped``, read as its era."""
    legacy_of, seed_current, list_them = LISTINGS[listing]
    nova_id = uuid4()
    current = seed_current(wrapper, nova_id)
    if isinstance(current, tuple):
        current, item = current
        raw.put(item)
    legacy, era = legacy_of(nova_id)
    old_item = eras.era_item(legacy, era, stored_version="1")
    raw.put(old_item)

    found = list_them(wrapper, nova_id)

    assert [type(e) for e in found] == [type(current)], "the current item is not listed alone"
    assert found[0].model_dump(exclude=IGNORED) == current.model_dump(exclude=IGNORED)
    skipped = skipped_of(found)
    assert [(s.pk, s.sk) for s in skipped] == [(old_item["PK"]["S"], old_item["SK"]["S"])], (
        "the legacy item is not reported in the listing's skipped"
    )
    assert skipped[0].era == f"1.0.0+{era}"
    assert type(skipped[0].reading) is type(legacy)
    assert skipped[0].reading.model_dump(exclude=IGNORED) == legacy.model_dump(exclude=IGNORED)
    assert skipped[0].reason
