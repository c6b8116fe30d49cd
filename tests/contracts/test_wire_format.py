"""The exact stored form of one canonical entity of every model (syrupy snapshots).

A change here changes what is written to the production table: review it like a migration.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.deterministic_ids import composite_id, photometry_product_id
from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    ExecutionMarker,
    FileObject,
    IdempotencyLock,
    JobRun,
    JobRunClaim,
    Locator,
    LocatorAlias,
    NameClaim,
    NameMapping,
    Nova,
    NovaManifest,
    NovaReference,
    NovaResult,
    OffsetCache,
    PersistedEntity,
    PhotometryRow,
    PhotometryTable,
    Reference,
    RegenBatchPlan,
    SpectraProduct,
    StepDedupe,
    WorkItem,
)

NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")
PRODUCT = UUID("0b8e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b")
RUN = UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
T1 = datetime(2025, 3, 1, 12, 5, 30, 250000, tzinfo=UTC)
TIMES = {"created_at": T0, "updated_at": T1}
CONSTITUENTS = sorted([PRODUCT, UUID("1c9d7e2b-4d3e-4f60-9bac-1d2e3f4a5b6c")], key=str)

CANONICAL: list[PersistedEntity] = [
    Nova(
        nova_id=NOVA,
        primary_name="V1500 Cyg",
        primary_name_normalized="v1500 cyg",
        ra_deg=315.5404167,
        dec_deg=48.1505556,
        discovery_date="1975-08-29",
        aliases=["Nova Cygni 1975"],
        **TIMES,
    ),
    NameMapping(
        name_raw="Nova Sco 2012 #2",
        name_normalized="nova sco 2012 #2",
        name_kind="ALIAS",
        nova_id=NOVA,
        source="SIMBAD",
        **TIMES,
    ),
    NameClaim(name_normalized="nova sco 2012 #2", nova_id=NOVA, **TIMES),
    SpectraProduct(
        nova_id=NOVA,
        data_product_id=PRODUCT,
        provider="ESO",
        locator_identity="provider_product_id:ADP.2019-03-14T09:12:33.123",
        locators=[
            Locator(
                kind="URL",
                role="PRIMARY",
                value="https://archive.eso.org/datalink/links?ID=ADP.2019-03-14T09:12:33.123",
            )
        ],
        hints={"instrument": "UVES", "exptime_s": Decimal("1800.5"), "orders": 37},
        attempt_count_total=2,
        last_attempt_at=T1,
        last_attempt_outcome="RETRYABLE_FAILURE",
        last_error_fingerprint="e3b0c44298fc1c14",
        next_eligible_attempt_at=datetime(2025, 3, 1, 12, 15, 30, 250000, tzinfo=UTC),
        acquisition_status="FAILED_RETRYABLE",
        observation_date_mjd=58556.38372685,
        **TIMES,
    ),
    CompositeSpectra(
        nova_id=NOVA,
        data_product_id=composite_id(CONSTITUENTS),
        composite_id=composite_id(CONSTITUENTS),
        provider="ESO",
        constituent_data_product_ids=CONSTITUENTS,
        composite_fingerprint="5d41402abc4b2a76",
        **TIMES,
    ),
    PhotometryTable(
        nova_id=NOVA,
        data_product_id=photometry_product_id(NOVA),
        s3_bucket="novacat-private",
        s3_key=f"derived/photometry/{NOVA}/photometry_table.parquet",
        last_ingestion_at=T1,
        last_ingestion_source="AAVSO",
        ingestion_count=3,
        table_schema_version="1.1.0",
        snapshot_s3_keys={
            "1.0.0": f"derived/photometry/{NOVA}/snapshots/schema=1.0.0/photometry_table.parquet"
        },
        **TIMES,
    ),
    LocatorAlias(
        provider="MAST",
        locator_identity="url:https://mast.stsci.edu/x#frag",
        data_product_id=PRODUCT,
        nova_id=NOVA,
        **TIMES,
    ),
    FileObject(
        file_id=RUN,
        role="SPECTRA_PLOT",
        nova_id=NOVA,
        data_product_id=PRODUCT,
        bucket="novacat-private",
        key=f"derived/spectra/{NOVA}/{PRODUCT}/plot.png",
        content_type="image/png",
        byte_length=48213,
        created_by=f"acquire_and_validate_spectra:{RUN}",
        **TIMES,
    ),
    Reference(
        bibcode="2013ATel.4934....1W",
        reference_type="atel",
        title="Spectroscopic classification of Nova Sco 2013",
        year=2013,
        authors=["Walter, F. M."],
        provenance={"source": "ADS"},
        **TIMES,
    ),
    NovaReference(
        nova_id=NOVA,
        bibcode="2013ATel.4934....1W",
        role="DISCOVERY",
        added_by_workflow="refresh_references",
        **TIMES,
    ),
    JobRun(
        job_run_id=RUN,
        workflow_name="initialize_nova",
        correlation_id="corr-1",
        status="SUCCEEDED",
        started_at=T0,
        ended_at=T1,
        initiated_by="api",
        **TIMES,
    ),
    JobRunClaim(
        job_run_id=RUN,
        workflow_name="initialize_nova",
        started_at=T0,
        correlation_id="corr-1",
        **TIMES,
    ),
    Attempt(
        nova_id=NOVA,
        job_run_id=RUN,
        correlation_id="corr-1",
        task_name="AcquireArtifact",
        attempt_number=2,
        status="FAILED",
        error_type="TimeoutError",
        duration_ms=10000,
        **TIMES,
    ),
    IdempotencyLock(
        idempotency_key="initialize_nova:v1500 cyg:1.0.0:2025-03-01T12",
        job_run_id=RUN,
        workflow_name="initialize_nova",
        primary_id="v1500 cyg",
        acquired_at=T0,
        ttl=1740831300,
        holder_token=PRODUCT,
        **TIMES,
    ),
    StepDedupe(
        dedupe_key=f"acquire:{PRODUCT}",
        step_kind="ACQUISITION",
        job_run_id=RUN,
        result={"etag": "abc"},
        **TIMES,
    ),
    ExecutionMarker(
        execution=str(RUN),
        operation="record_photometry_ingestion",
        target=f"{NOVA}#PRODUCT#PHOTOMETRY_TABLE",
        ttl=1_743_422_400,
        **TIMES,
    ),
    WorkItem(
        nova_id=NOVA,
        dirty_type="spectra",
        source_workflow="acquire_and_validate_spectra",
        job_run_id=RUN,
        correlation_id="corr-1",
        ttl=1743423300,
        **TIMES,
    ),
    RegenBatchPlan(
        plan_id=PRODUCT,
        status="COMPLETED",
        nova_manifests={
            str(NOVA): NovaManifest(
                dirty_types=["spectra", "photometry"],
                artifacts=["spectra.json", "photometry.json", "sparkline.svg"],
            )
        },
        nova_count=1,
        workitem_sks=[f"{NOVA}#spectra#2025-03-01T12:00:00Z"],
        execution_arn="arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:x",
        completed_at=T1,
        nova_results=[
            NovaResult(nova_id=str(NOVA), success=True, spectra_count=12, has_sparkline=True)
        ],
        ttl=1741435200,
        **TIMES,
    ),
    OffsetCache(
        nova_id=NOVA,
        regime="optical",
        band_offsets={"V": Decimal("0.0"), "B": Decimal("0.5")},
        band_observation_counts={"V": 41, "B": 17},
        band_set_hash="b45334a7d0915bfa1f7c2cdc020a9d038d5d413afba1942564779ab1b5adfc0c",
        computed_at=T1,
        **TIMES,
    ),
    PhotometryRow(
        nova_id=NOVA,
        row_id=UUID("e7a2c82d-e282-7a0d-36cc-e571f0d74309"),
        primary_name="V4739 Sgr",
        ra_deg=Decimal("270.123"),
        dec_deg=Decimal("-23.456"),
        time_mjd=Decimal("52148.33900000015"),
        time_orig=Decimal("2452148.839"),
        time_orig_sys="JD_UTC",
        svo_filter_id="HCT/HFOSC.Bessell_V",
        band_id="Generic_V",
        band_name="V",
        regime="optical",
        spectral_coord_type="wavelength",
        spectral_coord_value=Decimal("5696.92"),
        spectral_coord_unit="Angstrom",
        magnitude=Decimal("7.46"),
        mag_err=Decimal("0.009"),
        bibcode="2001IBVS.5172....1L",
        band_resolution_type="canonical",
        band_resolution_confidence="high",
        data_origin="literature",
        ingested_at=T1,
        ingestion_source="ticket_ingestion",
        **TIMES,
    ),
]


@pytest.fixture
def snapshot_json(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("entity", CANONICAL, ids=lambda e: type(e).__name__)
def test_stored_form(entity: PersistedEntity, snapshot_json: SnapshotAssertion) -> None:
    assert encode(entity) == snapshot_json


def test_every_current_model_has_a_canonical_example() -> None:
    from novacat_persistence.contracts.versions import CURRENT_MODELS

    assert {type(e) for e in CANONICAL} == set(CURRENT_MODELS)
