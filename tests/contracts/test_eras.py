"""Historical eras (docs/domain.md, History): every era item reads, normalized or as its legacy
model, with its era recorded; legacy key shapes parse only through their own entry point."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import jsonschema
import pytest

from novacat_persistence.contracts import eras, keys, snapshots
from novacat_persistence.contracts.codec.attribute_values import from_attribute_value
from novacat_persistence.contracts.codec.export_lines import parse_export_line
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import (
    FileObject,
    JobRun,
    LegacyFileObject,
    LegacyJobRun,
    LegacyNovaReference,
    LegacyNovaScopedReference,
    NovaReference,
    PersistedEntity,
    is_legacy,
)
from novacat_persistence.contracts.enums import FileRole, JobRunStatus, ProductType
from novacat_persistence.contracts.errors import KeyShapeError, UnreadableItemError
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus import CORPUS_DIR

NOVA = "4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60"
RUN = "0b8e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b"
PRODUCT = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
FILE = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d"
REF_ID = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"
T0 = datetime(2024, 3, 1, 9, 15, 42, tzinfo=UTC)
T1 = datetime(2024, 3, 1, 9, 16, 3, 250000, tzinfo=UTC)
STAMP = {
    "created_at": {"S": "2024-03-01T09:15:42Z"},
    "updated_at": {"S": "2024-03-01T09:16:03.25Z"},
}
RUN_SK = f"JOBRUN#initialize_nova#2024-03-01T09:15:42Z#{RUN}"


def s(value: str) -> dict[str, str]:
    return {"S": value}


def job_run_item(**attributes: dict[str, Any]) -> dict[str, Any]:
    return {
        "PK": s(NOVA),
        "SK": s(RUN_SK),
        "entity_type": s("JobRun"),
        "schema_version": s("1"),
        "workflow_name": s("initialize_nova"),
        "nova_id": s(NOVA),
        "status": s("SUCCEEDED"),
        **STAMP,
        **attributes,
    }


def expected_run(**fields: object) -> JobRun:
    return JobRun.model_validate(
        {
            "job_run_id": RUN,
            "workflow_name": "initialize_nova",
            "nova_id": NOVA,
            "correlation_id": "exec-7f3a",
            "status": "SUCCEEDED",
            "started_at": T0,
            "ended_at": T1,
            "created_at": T0,
            "updated_at": T1,
            **fields,
        }
    )


def read(item: dict[str, Any], era: str) -> PersistedEntity:
    entity = decode(item)
    provenance = entity.read_provenance
    assert provenance is not None
    assert provenance.era == era
    assert provenance.source_version == "1.0.0"
    assert provenance.unknown_attributes == {}
    assert keys.ItemKey(item["PK"]["S"], item["SK"]["S"]) in eras.stored_keys(entity)
    return entity


# --- normalized eras -------------------------------------------------------------------------


def test_job_run_with_id_and_dataset_id_reads_as_the_current_job_run() -> None:
    item = job_run_item(
        id=s(RUN),
        dataset_id=s(PRODUCT),
        correlation_id=s("exec-7f3a"),
        started_at=s("2024-03-01T09:15:42Z"),
        ended_at=s("2024-03-01T09:16:03.25Z"),
    )
    entity = read(item, "id-dataset")
    assert entity == expected_run(data_product_id=PRODUCT)
    assert not is_legacy(entity)


def test_job_run_with_contract_time_names_reads_as_the_current_job_run() -> None:
    item = job_run_item(
        job_run_id=s(RUN),
        correlation_id=s("exec-7f3a"),
        initiated_at=s("2024-03-01T09:15:42Z"),
        finished_at=s("2024-03-01T09:16:03.25Z"),
    )
    item["schema_version"] = s("1.0.0")
    assert read(item, "initiated-at") == expected_run()


def test_renaming_eras_compose() -> None:
    item = job_run_item(
        id=s(RUN),
        correlation_id=s("exec-7f3a"),
        initiated_at=s("2024-03-01T09:15:42Z"),
        finished_at=s("2024-03-01T09:16:03.25Z"),
    )
    assert read(item, "id-dataset.initiated-at") == expected_run()


def test_a_running_job_run_of_an_era_has_no_end_and_null_attributes_read_as_absent() -> None:
    item = job_run_item(
        id=s(RUN),
        correlation_id=s("exec-7f3a"),
        initiated_at=s("2024-03-01T09:15:42Z"),
        finished_at={"NULL": True},
        status=s("RUNNING"),
    )
    assert read(item, "id-dataset.initiated-at") == expected_run(status="RUNNING", ended_at=None)


def test_a_legacy_sk_file_object_with_a_file_id_reads_as_the_current_file_object() -> None:
    key = f"raw/spectra/{NOVA}/{PRODUCT}/ADP.2013-08-16T23:41:17.524.fits"
    item = {
        "PK": s(NOVA),
        "SK": s(f"FILE#SPECTRA#{PRODUCT}#SPECTRA_RAW_FITS#ADP.2013-08-16T23:41:17.524.fits"),
        "entity_type": s("FileObject"),
        "schema_version": s("1"),
        "file_id": s(FILE),
        "role": s("SPECTRA_RAW_FITS"),
        "nova_id": s(NOVA),
        "data_product_id": s(PRODUCT),
        "bucket": s("novacat-private"),
        "key": s(key),
        "byte_length": {"N": "5184000"},
        "created_by": s(f"acquire_and_validate_spectra:{RUN}"),
        **STAMP,
    }
    entity = read(item, "product-type-sk")
    assert entity == FileObject.model_validate(
        {
            "file_id": FILE,
            "role": "SPECTRA_RAW_FITS",
            "nova_id": NOVA,
            "data_product_id": PRODUCT,
            "bucket": "novacat-private",
            "key": key,
            "byte_length": 5184000,
            "created_by": f"acquire_and_validate_spectra:{RUN}",
            "created_at": T0,
            "updated_at": T1,
        }
    )


# --- legacy eras -----------------------------------------------------------------------------


def test_a_job_run_without_correlation_id_reads_as_legacy_job_run() -> None:
    item = job_run_item(
        job_run_id=s(RUN),
        started_at=s("2024-03-01T09:15:42Z"),
        ended_at=s("2024-03-01T09:16:03.25Z"),
    )
    entity = read(item, "no-correlation-id")
    assert type(entity) is LegacyJobRun and entity.LEGACY and is_legacy(entity)
    assert entity == LegacyJobRun.model_validate(
        expected_run().model_dump(exclude_unset=True, exclude={"correlation_id"})
    )


def test_legacy_models_keep_no_current_invariant_the_old_services_broke() -> None:
    item = job_run_item(id=s(RUN), initiated_at=s("2024-03-01T09:15:42Z"), status=s("FAILED"))
    entity = read(item, "id-dataset.initiated-at.no-correlation-id")
    assert isinstance(entity, LegacyJobRun)
    assert entity.status is JobRunStatus.FAILED and entity.ended_at is None


def test_a_legacy_sk_file_object_without_file_id_reads_as_legacy_file_object() -> None:
    item = {
        "PK": s(NOVA),
        "SK": s(f"FILE#PHOTOMETRY_TABLE#{PRODUCT}#PHOTOMETRY_TABLE#v1405 cas #2.parquet"),
        "entity_type": s("FileObject"),
        "schema_version": s("1.0.0"),
        "role": s("PHOTOMETRY_TABLE"),
        "nova_id": s(NOVA),
        "data_product_id": s(PRODUCT),
        "bucket": s("novacat-private"),
        "key": s(f"derived/photometry/{NOVA}/v1405 cas #2.parquet"),
        "created_by": s(f"ingest_photometry:{RUN}"),
        **STAMP,
    }
    entity = read(item, "product-type-sk")
    assert type(entity) is LegacyFileObject and is_legacy(entity)
    assert entity.file_id is None and entity.role is FileRole.PHOTOMETRY_TABLE


def test_a_per_nova_reference_reads_as_legacy_nova_scoped_reference() -> None:
    item = {
        "PK": s(NOVA),
        "SK": s(f"REF#{REF_ID}"),
        "entity_type": s("Reference"),
        "schema_version": s("1"),
        "nova_id": s(NOVA),
        "reference_id": s(REF_ID),
        "title": s("Spectroscopic confirmation of Nova Delphini 2013"),
        "authors": {"L": []},
        "provenance": {"M": {}},
        **STAMP,
    }
    entity = read(item, "per-nova-ref")
    assert isinstance(entity, LegacyNovaScopedReference) and entity.LEGACY
    assert entity.bibcode is None and entity.authors == [] and entity.provenance == {}


def test_a_link_keyed_by_reference_id_reads_as_legacy_nova_reference() -> None:
    item = {
        "PK": s(NOVA),
        "SK": s(f"NOVAREF#{REF_ID}"),
        "entity_type": s("NovaReference"),
        "schema_version": s("1"),
        "nova_id": s(NOVA),
        "reference_id": s(REF_ID),
        "role": s("DISCOVERY"),
        **STAMP,
    }
    entity = read(item, "reference-id-sk")
    assert isinstance(entity, LegacyNovaReference) and entity.bibcode is None


def test_a_legacy_item_its_model_refuses_is_unreadable_with_its_era_named() -> None:
    item = job_run_item(job_run_id=s("not-a-uuid"), started_at=s("2024-03-01T09:15:42Z"))
    with pytest.raises(UnreadableItemError, match=r"JobRun 1\.0\.0\+no-correlation-id item"):
        decode(item)


def test_current_items_have_no_era() -> None:
    current = NovaReference.model_validate(
        {"nova_id": NOVA, "bibcode": "2013ATel.5279....1M", "role": "DISCOVERY"}
    )
    entity = decode(encode(current))
    assert entity.read_provenance is not None and entity.read_provenance.era is None
    assert eras.stored_key(entity) == keys.item_key(current)


@pytest.mark.parametrize(
    "entity",
    [
        LegacyJobRun.model_validate(
            expected_run().model_dump(exclude_unset=True, exclude={"correlation_id"})
        ),
        LegacyNovaReference.model_validate(
            {"nova_id": NOVA, "reference_id": REF_ID, "role": "SPECTRA_SOURCE", "notes": "Ha"}
        ),
    ],
    ids=type,
)
def test_era_items_of_legacy_models_round_trip(entity: PersistedEntity) -> None:
    (era,) = [e for e in eras.ERAS[entity.ENTITY_TYPE] if e.legacy is type(entity)]
    assert decode(eras.era_item(entity, era.name)) == entity


def test_legacy_entities_are_not_written_by_the_current_codec() -> None:
    legacy = LegacyNovaReference.model_validate(
        {"nova_id": NOVA, "reference_id": REF_ID, "role": "OTHER"}
    )
    with pytest.raises(TypeError, match="not a stored entity type"):
        encode(legacy)


# --- legacy keys -----------------------------------------------------------------------------

LEGACY_KEYS = [
    (NOVA, f"FILE#SPECTRA#{PRODUCT}#SPECTRA_PLOT#plot #1.png"),
    (NOVA, f"REF#{REF_ID}"),
    (NOVA, f"NOVAREF#{REF_ID}"),
]


@pytest.mark.parametrize(("pk", "sk"), LEGACY_KEYS)
def test_legacy_keys_round_trip_through_their_own_entry_point(pk: str, sk: str) -> None:
    assert keys.build_legacy(keys.parse_legacy(pk, sk)) == keys.ItemKey(pk, sk)


@pytest.mark.parametrize(("pk", "sk"), LEGACY_KEYS[:2])
def test_the_current_grammar_refuses_legacy_keys(pk: str, sk: str) -> None:
    # (NOVAREF#<reference_id> is not in this list: the current grammar takes any text that
    # stands last as a bibcode, so only the codec's era check tells the two apart.)
    with pytest.raises(KeyShapeError):
        keys.parse(pk, sk)


def test_parse_legacy_reads_the_file_key_components() -> None:
    key = keys.parse_legacy(*LEGACY_KEYS[0])
    assert key == keys.LegacyFileObjectKey(
        UUID(NOVA), ProductType.SPECTRA, UUID(PRODUCT), FileRole.SPECTRA_PLOT, "plot #1.png"
    )


@pytest.mark.parametrize(
    ("pk", "sk"),
    [
        (NOVA, "NOVAREF#2013ATel.5279....1M"),
        (NOVA, f"FILE#PHOTOMETRY_TABLE#NOVA#{NOVA}#ID#{FILE}"),
        (NOVA, f"FILE#SPECTRA#{PRODUCT.upper()}#SPECTRA_PLOT#a.png"),
        (NOVA, f"FILE#BUNDLE#{PRODUCT}#SPECTRA_PLOT#a.png"),
        (NOVA, f"REF#{REF_ID}#2"),
        ("REFERENCE#2013ATel.5279....1M", "METADATA"),
        (NOVA, "NOVA"),
    ],
)
def test_parse_legacy_refuses_current_and_malformed_keys(pk: str, sk: str) -> None:
    with pytest.raises(KeyShapeError):
        keys.parse_legacy(pk, sk)


def test_a_legacy_file_key_needs_a_role_that_had_one() -> None:
    bundle = FileObject.model_validate(
        {
            "file_id": FILE,
            "role": "BUNDLE_ZIP",
            "nova_id": NOVA,
            "bucket": "novacat-public",
            "key": f"bundles/{NOVA}/bundle.zip",
            "created_by": f"publish:{RUN}",
        }
    )
    with pytest.raises(KeyShapeError, match="role"):
        eras.era_item(bundle, "product-type-sk")


# --- registry and snapshots ------------------------------------------------------------------


def test_every_era_is_registered_with_its_entity_and_legacy_eras_have_a_key() -> None:
    for entity_type, entity_eras in eras.ERAS.items():
        assert ENTITIES[entity_type].eras == entity_eras
        for era in entity_eras:
            assert era.legacy is None or (
                era.key is not None and entity_type == era.legacy.ENTITY_TYPE
            )
    assert eras.era_named("JobRun", "initiated-at").label == "1.0.0+initiated-at"
    with pytest.raises(KeyError, match="known: id-dataset"):
        eras.era_named("JobRun", "finished")


def test_an_era_name_must_be_a_build_identifier() -> None:
    with pytest.raises(ValueError, match="lowercase words"):
        eras.Era("Old.Shape", "", lambda item: False)


def era_schema(entity_type: str, era: str) -> jsonschema.Draft202012Validator:
    spec = ENTITIES[entity_type]
    path = snapshots.era_snapshot_path(spec, eras.era_named(entity_type, era))
    return jsonschema.Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def plain(item: dict[str, Any]) -> dict[str, Any]:
    return {k: from_attribute_value(v) for k, v in item.items() if v != {"NULL": True}}


def test_era_snapshots_describe_the_stored_names() -> None:
    renamed = job_run_item(id=s(RUN), correlation_id=s("c"), started_at=s("2024-03-01T09:15:42Z"))
    renamed["status"] = s("RUNNING")
    assert not list(era_schema("JobRun", "id-dataset").iter_errors(plain(renamed)))
    current = encode(expected_run())
    assert list(era_schema("JobRun", "id-dataset").iter_errors(plain(current)))
    legacy = eras.era_item(
        LegacyJobRun.model_validate(
            expected_run().model_dump(exclude_unset=True, exclude={"correlation_id"})
        ),
        "no-correlation-id",
        "1",
    )
    assert not list(era_schema("JobRun", "no-correlation-id").iter_errors(plain(legacy)))


def test_an_unversioned_item_with_a_timestamp_under_another_type_tag_is_unreadable() -> None:
    """A reader never invents a timestamp: a composite as Nova Cat's generator stores it (no
    schema_version), its created_at stored as a list, is refused (not read with the time of
    reading)."""
    captured = CORPUS_DIR / "items" / "data_product" / "1.0.0+unversioned@nova-cat-bf28f13.jsonl"
    composite = parse_export_line(captured.read_bytes().splitlines()[0])
    assert "schema_version" not in composite
    assert decode(composite).read_provenance.era == "unversioned"  # type: ignore[union-attr]
    with pytest.raises(UnreadableItemError, match=r"stores 'created_at' as \['L'\]"):
        decode(composite | {"created_at": {"L": []}})


def _captured(label: str) -> list[dict[str, Any]]:
    path = CORPUS_DIR / "items" / f"{label}.jsonl"
    return [json.loads(line)["Item"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_era_filling_from_its_key_fills_what_is_absent_or_null_and_keeps_what_is_held() -> None:
    """Nova Cat's photometry DataProduct stores no ``nova_id``: its PK holds it. Stored as NULL
    it is filled alike; a spectra product's own ``provider`` and ids are read as stored."""
    captured = _captured("data_product/1.0.0+services@nova-cat-bf28f13")
    (table,) = [i for i in captured if i["SK"]["S"] == "PRODUCT#PHOTOMETRY_TABLE"][:1]
    assert "nova_id" not in table
    filled = decode(table)
    assert str(filled.nova_id) == table["PK"]["S"]
    assert decode(table | {"nova_id": {"NULL": True}}) == filled
    spectra = next(i for i in captured if i["SK"]["S"].startswith("PRODUCT#SPECTRA#"))
    read = decode(spectra)
    held = {name: spectra[name]["S"] for name in ("nova_id", "provider", "data_product_id")}
    assert {name: str(getattr(read, name)) for name in held} == held
