"""Shape compatibility with Nova Cat's readers: for each kind of item Nova Cat's services write,
the same logical write through the wrapper stores an item under upstream's key with at least
upstream's attributes, each of the same DynamoDB type, so that upstream code keeps reading
while services move to the wrapper one by one.

The upstream items (``upstream_items.json``) were captured from Nova Cat's own tests; each is
read by the kit's codec (the reader side accepts it) and written again through the operation
that replaces the service's requests (``docs/porting-map.md``). Where the kit deliberately
writes differently, :data:`DIFFERENCES` names the attribute and why; the test fails when a
difference is listed that does not occur, so the list stays exact.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from uuid import UUID, uuid5

import pytest

from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.deterministic_ids import composite_id
from novacat_persistence.contracts.entities import (
    CompositeSpectra,
    FileObject,
    IdempotencyLock,
    JobRun,
    LocatorAlias,
    NameMapping,
    Nova,
    NovaReference,
    OffsetCache,
    PhotometryRow,
    Reference,
    RegenBatchPlan,
    SpectraProduct,
    WorkItem,
)
from novacat_persistence.contracts.enums import FileRole, JobRunStatus, NameKind
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey
from novacat_persistence.contracts.operations import (
    JobRunAnnotation,
    NovaPosition,
    SpectraRegistration,
)
from novacat_persistence.contracts.tables import photometry_table_beside
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import TABLE

CAPTURED: Final = json.loads((Path(__file__).parent / "upstream_items.json").read_text())["items"]

Stored = tuple[str, str, str, dict[str, str]]
"""Where the wrapper stored its item (table, PK, SK), and the ids it minted itself where
upstream minted others (kit id -> upstream id): the key is upstream's once they are
swapped."""

NULL_OMITTED: Final = (
    "the kit writes no NULL: a field without a value is absent (readers of both read None)"
)
ATTEMPTS_RENAMED: Final = (
    "DataProduct 2.0.0 renamed attempt_count to attempt_count_total (MAJOR; the kit reads "
    "attempt_count as an era of 1.0.0)"
)

DIFFERENCES: Final[dict[str, dict[str, str]]] = {
    "nova_resolved": {"nova_type": NULL_OMITTED},
    "spectra_stub_launched": {"attempt_count": ATTEMPTS_RENAMED},
    "ticket_spectra": {"attempt_count": ATTEMPTS_RENAMED},
    "ticket_spectra_file": {
        "data_product_id": (
            "a nova-scoped SPECTRA_RAW_FITS file names no product in its key; the product "
            "records its raw pointer itself"
        )
    },
    "regen_plan_launched": {"completed_at": NULL_OMITTED},
}
"""Per kind: upstream attributes the wrapper deliberately does not write, and why (the
porting map says the same)."""


def _s(item: Item, name: str) -> str:
    return str(item[name]["S"])


def _job_run(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """BeginJobRun, then what the run's handlers record (annotations), then its final status."""
    run = decode(upstream)
    assert isinstance(run, JobRun)
    begun = run.model_copy(
        update={
            "status": JobRunStatus.RUNNING,
            "ended_at": None,
            **{name: None for name in JobRunAnnotation().__dataclass_fields__},
            "quarantined_at": None,
        }
    )
    wrapper.begin_job_run(JobRun.model_validate(begun.model_dump()))
    key = JobRunKey(
        run.workflow_name, run.started_at, run.job_run_id, correlation_id=run.correlation_id
    )
    annotation = {name: getattr(run, name) for name in JobRunAnnotation().__dataclass_fields__}
    if any(value is not None for value in annotation.values()):
        wrapper.annotate_job_run(key, JobRunAnnotation(**annotation))
    if run.status is not JobRunStatus.RUNNING:
        wrapper.finalize_job_run(key, run.status)
    return TABLE, _s(upstream, "PK"), _s(upstream, "SK"), {}


def _lock(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    lock = decode(upstream)
    assert isinstance(lock, IdempotencyLock)
    wrapper.acquire_lock(
        lock.idempotency_key,
        job_run_id=lock.job_run_id,
        workflow_name=lock.workflow_name,
        primary_id=lock.primary_id,
    )
    return TABLE, _s(upstream, "PK"), "LOCK", {}


def _nova(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """CreateNovaId (the nova), then UpsertMinimalNovaMetadata (its position and aliases)."""
    nova = decode(upstream)
    assert isinstance(nova, Nova)
    assert nova.ra_deg is not None and nova.dec_deg is not None
    bare = {"ra_deg": None, "dec_deg": None, "resolver_source": None, "aliases": []}
    wrapper.create_nova(Nova.model_validate(nova.model_copy(update=bare).model_dump()))
    position = NovaPosition(
        nova.ra_deg, nova.dec_deg, nova.coord_epoch, nova.coord_frame, nova.resolver_source
    )
    wrapper.set_nova_position(nova.nova_id, position, expected=None)
    wrapper.add_nova_aliases(nova.nova_id, nova.aliases)
    return TABLE, str(nova.nova_id), "NOVA", {}


def _name_mapping(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    mapping = decode(upstream)
    assert isinstance(mapping, NameMapping)
    if mapping.name_kind is NameKind.PRIMARY:
        nova = Nova(
            nova_id=mapping.nova_id,
            primary_name=mapping.name_raw,
            primary_name_normalized=mapping.name_normalized,
        )
        wrapper.create_nova(nova, name_source=mapping.source)
    else:
        primary = f"primary of {mapping.nova_id}"
        nova = Nova(nova_id=mapping.nova_id, primary_name=primary, primary_name_normalized=primary)
        wrapper.create_nova(nova)
        wrapper.attach_alias(
            mapping.nova_id, mapping.name_raw, mapping.name_normalized, mapping.source
        )
    return TABLE, _s(upstream, "PK"), _s(upstream, "SK"), {}


def _locator_alias(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    alias = decode(upstream)
    assert isinstance(alias, LocatorAlias)
    registration = SpectraRegistration(alias.nova_id, alias.provider, alias.locator_identity)
    stored = wrapper.register_spectra_product(registration).item
    minted = {str(stored.data_product_id): str(alias.data_product_id)}
    return TABLE, _s(upstream, "PK"), f"DATA_PRODUCT#{stored.data_product_id}", minted


def _spectra_stub(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """Discovery's stub, then the launcher's execution ARN."""
    product = decode(upstream)
    assert isinstance(product, SpectraProduct)
    registration = SpectraRegistration(
        product.nova_id,
        product.provider,
        product.locator_identity,
        tuple(product.locators),
        product.hints,
        product.identity_strategy,
        product.provider_product_key,
    )
    stored = wrapper.register_spectra_product(registration).item
    key = SpectraProductKey(stored.nova_id, stored.provider, stored.data_product_id)
    assert product.last_execution_arn is not None
    wrapper.record_spectra_execution(key, product.last_execution_arn)
    sk = f"PRODUCT#SPECTRA#{stored.provider}#{stored.data_product_id}"
    minted = {str(stored.data_product_id): str(product.data_product_id)}
    return TABLE, str(stored.nova_id), sk, minted


def _photometry_table(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """Two ingestion runs of the rows the table counts."""
    nova_id = UUID(_s(upstream, "PK"))
    rows = int(upstream["row_count"]["N"])
    wrapper.put_photometry_rows([_row(nova_id, n) for n in range(rows)])
    for run in range(int(upstream["ingestion_count"]["N"])):
        wrapper.record_photometry_rows_ingested(
            nova_id,
            job_run_id=uuid5(nova_id, str(run)),
            source=_s(upstream, "last_ingestion_source"),
        )
    return TABLE, str(nova_id), "PRODUCT#PHOTOMETRY_TABLE", {}


def _ticket_spectra(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    product = decode(upstream)
    assert isinstance(product, SpectraProduct)
    wrapper.put_ingested_spectra(product)
    return TABLE, _s(upstream, "PK"), _s(upstream, "SK"), {}


def _raw_file(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """The raw FITS file's record, under the nova's raw prefix of the kit's layout."""
    nova_id, file_id = UUID(_s(upstream, "nova_id")), UUID(_s(upstream, "file_id"))
    wrapper.put_file_object(
        FileObject(
            file_id=file_id,
            role=FileRole.SPECTRA_RAW_FITS,
            nova_id=nova_id,
            bucket=_s(upstream, "bucket"),
            key=f"raw/spectra/{nova_id}/{_s(upstream, 'key').rsplit('/', 1)[-1]}",
            content_type=_s(upstream, "content_type"),
            byte_length=int(upstream["byte_length"]["N"]),
            created_by=_s(upstream, "created_by"),
        )
    )
    return TABLE, _s(upstream, "PK"), _s(upstream, "SK"), {}


def _composite(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """The composite of three products (the captured test's ids are no UUIDs: the kit's own
    are used, and the key compared under upstream's)."""
    nova_id = uuid5(UUID(int=0), _s(upstream, "PK"))
    constituents = sorted(
        (uuid5(nova_id, v["S"]) for v in upstream["constituent_data_product_ids"]["L"]), key=str
    )
    cid = composite_id(constituents)
    wrapper.put_composite_spectra(
        CompositeSpectra(
            nova_id=nova_id,
            data_product_id=cid,
            composite_id=cid,
            provider=_s(upstream, "provider"),
            constituent_data_product_ids=constituents,
            composite_fingerprint=_s(upstream, "composite_fingerprint"),
            instrument=_s(upstream, "instrument"),
            telescope=_s(upstream, "telescope"),
            observation_date_mjd=float(upstream["observation_date_mjd"]["N"]),
            composite_s3_key=_s(upstream, "composite_s3_key"),
            web_ready_s3_key=_s(upstream, "web_ready_s3_key"),
        )
    )
    sk = f"PRODUCT#SPECTRA#{_s(upstream, 'provider')}#COMPOSITE#{cid}"
    minted = {str(nova_id): _s(upstream, "PK"), str(cid): _s(upstream, "data_product_id")}
    return TABLE, str(nova_id), sk, minted


def _reference(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    reference = decode(upstream)
    assert isinstance(reference, Reference)
    wrapper.upsert_reference(reference)
    return TABLE, _s(upstream, "PK"), "METADATA", {}


def _nova_reference(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    link = decode(upstream)
    assert isinstance(link, NovaReference)
    wrapper.link_nova_reference(link)
    return TABLE, _s(upstream, "PK"), _s(upstream, "SK"), {}


def _work_item(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    item = decode(upstream)
    assert isinstance(item, WorkItem)
    wrapper.enqueue_work_item(item)
    return TABLE, "WORKQUEUE", _s(upstream, "SK"), {}


def _regen_plan(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    """The coordinator's plan, then the execution it launched (the kit claims the plan)."""
    plan = decode(upstream)
    assert isinstance(plan, RegenBatchPlan) and plan.execution_arn is not None
    fresh = plan.model_copy(update={"execution_arn": None, "completed_at": None})
    wrapper.create_regen_plan(RegenBatchPlan.model_validate(fresh.model_dump()))
    wrapper.claim_regen_plan(plan.plan_id, plan.execution_arn)
    return TABLE, "REGEN_PLAN", _s(upstream, "SK"), {}


def _offset_cache(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    cache = decode(upstream)
    assert isinstance(cache, OffsetCache)
    wrapper.put_offset_cache(cache)
    return TABLE, _s(upstream, "PK"), _s(upstream, "SK"), {}


def _photometry_row(wrapper: ReferenceWrapper, upstream: Item) -> Stored:
    row = decode(upstream)
    assert isinstance(row, PhotometryRow)
    wrapper.put_photometry_rows([row])
    return photometry_table_beside(TABLE), _s(upstream, "PK"), _s(upstream, "SK"), {}


def _row(nova_id: UUID, n: int) -> PhotometryRow:
    at = datetime(2026, 4, 1, tzinfo=UTC)
    return PhotometryRow(
        nova_id=nova_id,
        row_id=uuid5(nova_id, str(n)),
        primary_name="V1",
        ra_deg=1,
        dec_deg=1,
        time_mjd=60000 + n,
        band_id="Generic_V",
        regime="optical",
        spectral_coord_type="wavelength",
        spectral_coord_unit="Angstrom",
        magnitude=7,
        band_resolution_type="canonical",
        band_resolution_confidence="high",
        data_origin="literature",
        ingested_at=at,
        ingestion_source="ticket_ingestion",
        created_at=at,
        updated_at=at,
    )


WRITES: Final[dict[str, Callable[[ReferenceWrapper, Item], Stored]]] = {
    "job_run_succeeded": _job_run,
    "job_run_begun_for_a_candidate": _job_run,
    "job_run_failed_and_classified": _job_run,
    "job_run_quarantined": _job_run,
    "idempotency_lock": _lock,
    "nova_resolved": _nova,
    "name_mapping_primary": _name_mapping,
    "name_mapping_simbad_alias": _name_mapping,
    "locator_alias": _locator_alias,
    "spectra_stub_launched": _spectra_stub,
    "photometry_table_ingested_twice": _photometry_table,
    "ticket_spectra": _ticket_spectra,
    "ticket_spectra_file": _raw_file,
    "composite_spectra": _composite,
    "reference": _reference,
    "nova_reference": _nova_reference,
    "work_item": _work_item,
    "regen_plan_launched": _regen_plan,
    "offset_cache": _offset_cache,
    "photometry_row": _photometry_row,
}
"""Per kind: the wrapper's operations that replace the service's requests."""


def _types(item: Item) -> dict[str, str]:
    return {name: next(iter(value)) for name, value in item.items()}


def test_every_captured_kind_has_its_write() -> None:
    assert sorted(WRITES) == sorted(entry["kind"] for entry in CAPTURED)


@pytest.mark.parametrize("entry", CAPTURED, ids=lambda e: e["kind"])
def test_the_wrapper_stores_what_upstream_readers_read(
    wrapper: ReferenceWrapper, client: Any, entry: dict[str, Any]
) -> None:
    upstream: Item = entry["item"]
    table, pk, sk, minted = WRITES[entry["kind"]](wrapper, upstream)
    assert (_told(pk, minted), _told(sk, minted)) == (_s(upstream, "PK"), _s(upstream, "SK"))
    key = {"PK": {"S": pk}, "SK": {"S": sk}}
    mine: Item | None = client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
    assert mine is not None, "nothing is stored under upstream's key"
    theirs, ours = _types(upstream), _types(mine)
    missing = {name for name in theirs if name not in ours}
    retyped = {
        name: (theirs[name], ours[name])
        for name in theirs
        if name in ours and theirs[name] != ours[name]
    }
    assert not retyped, f"attributes stored with another type: {retyped}"
    assert missing == set(DIFFERENCES.get(entry["kind"], {})), (
        f"upstream attributes missing: {sorted(missing)}; listed differences: "
        f"{sorted(DIFFERENCES.get(entry['kind'], {}))}"
    )
    assert decode(mine) is not None  # the kit reads what it wrote


def _told(text: str, minted: dict[str, str]) -> str:
    """A key text with the kit's minted ids told as upstream's."""
    for mine, theirs in minted.items():
        text = text.replace(mine, theirs)
    return text
