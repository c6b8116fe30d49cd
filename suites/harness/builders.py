"""Small builders the suites share: entities with fresh ids, keys of what was stored, and the
hypothesis settings every suite property runs under."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final
from uuid import UUID, uuid4, uuid5

from hypothesis import HealthCheck, Phase, settings

from novacat_persistence.contracts.bucket_layout import photometry_key
from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import (
    FileObject,
    JobRun,
    Nova,
    NovaReference,
    PhotometryRow,
    RegenBatchPlan,
    SpectraProduct,
)
from novacat_persistence.contracts.entities.regeneration import NovaManifest
from novacat_persistence.contracts.enums import FileRole, NovaReferenceRole
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.contracts.raw_view import TableView
from novacat_persistence.contracts.wire_form import Item

PROPERTY_SETTINGS: Final = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    report_multiple_bugs=False,
)
"""Suite properties share the test's table (fresh ids per example), run 20 examples, keep no
example database in the candidate's repository, and report the first failing example as
found (no shrinking: a failing run stays fast; rerun with the printed seed to reproduce)."""


def new_nova(name: str | None = None, **fields: Any) -> Nova:
    """A valid ACTIVE nova with a fresh id (and a unique name unless given)."""
    nova_id = uuid4()
    name = name or f"Nova Conformance {nova_id.hex[:12]}"
    return Nova(nova_id=nova_id, primary_name=name, primary_name_normalized=name.lower(), **fields)


def registration(
    nova_id: UUID, product: str = "ADP.1", provider: str = "ESO"
) -> SpectraRegistration:
    """A discovery registration of a provider product id."""
    return SpectraRegistration(
        nova_id=nova_id, provider=provider, locator_identity=f"provider_product_id:{product}"
    )


def discovery_link(nova_id: UUID) -> NovaReference:
    """A nova's DISCOVERY link to one fixed bibcode."""
    return NovaReference(
        nova_id=nova_id, bibcode="2013ApJ...779..118S", role=NovaReferenceRole.DISCOVERY
    )


def photometry_table_file(nova_id: UUID) -> FileObject:
    """The FileObject of a nova's photometry table at its canonical key (ids derived from the
    nova's, so the same nova gives the same record)."""
    return FileObject(
        file_id=uuid5(nova_id, "file"),
        role=FileRole.PHOTOMETRY_TABLE,
        nova_id=nova_id,
        bucket="novacat-private",
        key=photometry_key(nova_id),
        created_by=f"ingest_photometry:{uuid5(nova_id, 'run')}",
    )


def key_of(product: SpectraProduct) -> SpectraProductKey:
    """The key of a stored spectra product."""
    return SpectraProductKey(product.nova_id, product.provider, product.data_product_id)


def new_job_run(
    *, nova_id: UUID | None = None, started_at: datetime = EPOCH, workflow: str = "initialize_nova"
) -> JobRun:
    """A RUNNING JobRun with a fresh id, under a nova (fresh unless given)."""
    return JobRun(
        job_run_id=uuid4(),
        workflow_name=workflow,
        nova_id=nova_id or uuid4(),
        correlation_id=str(uuid4()),
        started_at=started_at,
    )


def run_key(run: JobRun) -> JobRunKey:
    """The key a JobRun is filed under: its correlation id's (docs/domain.md, Item types)."""
    return JobRunKey(
        run.workflow_name, run.started_at, run.job_run_id, correlation_id=run.correlation_id
    )


def iso(instant: datetime) -> str:
    """The canonical key timestamp of an instant (``Z``, milliseconds when whole)."""
    instant = instant.astimezone(UTC)
    if instant.microsecond % 1000 == 0:
        text = instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
        return text.replace(".000Z", "Z")
    return instant.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def numbers_as_values(value: Any) -> Any:
    """A wire-form item (or value) with every number as its decimal value: DynamoDB stores a
    number, not its text (``7.50`` is read back as ``7.5``), so items compare by this."""
    if isinstance(value, dict):
        if set(value) == {"N"}:
            return {"N": Decimal(value["N"])}
        return {k: numbers_as_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers_as_values(v) for v in value]
    return value


def stored_item(raw: TableView, pk: str, sk: str) -> Item:
    """The item stored at ``pk``/``sk``; fails the test when nothing is stored there."""
    item = raw.get(pk, sk)
    assert item is not None, f"nothing is stored at ({pk!r}, {sk!r})"
    return item


def photometry_row(nova_id: UUID, index: int, **fields: Any) -> PhotometryRow:
    """The ``index``-th V magnitude of a nova: a valid row whose id derives from both (the
    same arguments give the same row), ingested at :data:`EPOCH`."""
    values: dict[str, Any] = {
        "nova_id": nova_id,
        "row_id": uuid5(nova_id, f"row-{index}"),
        "primary_name": "V1 Conformance",
        "ra_deg": Decimal("270.123"),
        "dec_deg": Decimal("-23.456"),
        "time_mjd": Decimal("60000.25") + index,
        "band_id": "Generic_V",
        "regime": "optical",
        "spectral_coord_type": "wavelength",
        "spectral_coord_unit": "Angstrom",
        "magnitude": Decimal("7.46") + Decimal(index) / 100,
        "mag_err": Decimal("0.009"),
        "band_resolution_type": "canonical",
        "band_resolution_confidence": "high",
        "data_origin": "literature",
        "ingested_at": EPOCH,
        "ingestion_source": "ticket_ingestion",
        "created_at": EPOCH,
        "updated_at": EPOCH,
    }
    return PhotometryRow(**(values | fields))


def regen_plan(nova_ids: tuple[UUID, ...] = (), **fields: Any) -> RegenBatchPlan:
    """A PENDING plan with a fresh id, created at :data:`EPOCH`, regenerating the spectra of
    ``nova_ids`` (a fresh nova when none)."""
    novae = nova_ids or (uuid4(),)
    values: dict[str, Any] = {
        "plan_id": uuid4(),
        "nova_manifests": {
            str(n): NovaManifest(dirty_types=["spectra"], artifacts=["spectra.json"]) for n in novae
        },
        "nova_count": len(novae),
        "workitem_sks": [f"{n}#spectra#2025-03-01T12:00:00Z" for n in novae],
        "ttl": int(EPOCH.timestamp()) + 7 * 86_400,
        "created_at": EPOCH,
        "updated_at": EPOCH,
    }
    return RegenBatchPlan(**(values | fields))


def plan_key_texts(plan: RegenBatchPlan) -> tuple[str, str]:
    """The stored (PK, SK) of a plan: ``REGEN_PLAN``, ``<created_at>#<plan_id>``."""
    return "REGEN_PLAN", f"{iso(plan.created_at)}#{plan.plan_id}"


def ingested_spectra(nova_id: UUID, **fields: Any) -> SpectraProduct:
    """A spectra product as ticket ingestion brings it: VALID, ACQUIRED, not eligible, its raw
    file in the public bucket, its id derived from the nova (the same arguments give the same
    product)."""
    product_id = uuid5(nova_id, "ticket")
    values: dict[str, Any] = {
        "data_product_id": product_id,
        "nova_id": nova_id,
        "provider": "ticket_ingestion",
        "locator_identity": "ticket_ingestion:2013ApJ...779..118S:spectrum_1.fits",
        "acquisition_status": "ACQUIRED",
        "validation_status": "VALID",
        "eligibility": "NONE",
        "attempt_count_total": 1,
        "last_attempt_at": EPOCH,
        "last_attempt_outcome": "SUCCESS",
        "raw_s3_bucket": "nova-cat-public-site",
        "raw_s3_key": f"raw/{nova_id}/ticket_ingestion/{product_id}.fits",
        "byte_length": 2880,
        "snr": 41.5,
        "snr_provenance": "estimated_der_snr",
        "created_at": EPOCH,
        "updated_at": EPOCH,
    }
    return SpectraProduct(**(values | fields))
