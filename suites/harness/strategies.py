"""Hypothesis strategies for every entity and key of the Nova Cat table.

Valid values only: each strategy draws values the models and the key grammar accept, including
the awkward legal ones (``#`` in normalized names and locator identities, non-ASCII text,
38-digit numbers, empty lists and maps).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hypothesis import strategies as st

from novacat_persistence.contracts import enums, keys
from novacat_persistence.contracts.deterministic_ids import composite_id
from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    DocumentValue,
    ExecutionMarker,
    FileObject,
    IdempotencyLock,
    JobRun,
    Locator,
    LocatorAlias,
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
    frozen_enums,
)
from novacat_persistence.contracts.entities.execution import TERMINAL_JOB_RUN_STATUSES
from novacat_persistence.contracts.enums import (
    NOVA_SCOPED_FILE_ROLES,
    PRODUCT_SCOPED_FILE_ROLES,
    AcquisitionStatus,
    AttemptOutcome,
    AttemptStatus,
    BandResolutionConfidence,
    BandResolutionType,
    DataOrigin,
    DirtyType,
    Eligibility,
    FileRole,
    FluxDensityUnit,
    JobRunStatus,
    LocatorKind,
    LocatorRole,
    ManualReviewStatus,
    NameKind,
    NameSource,
    NovaQuarantineReason,
    NovaReferenceRole,
    NovaStatus,
    ReferenceType,
    RegenPlanStatus,
    SpectralCoordType,
    SpectralCoordUnit,
    SpectraQuarantineReason,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.nesting import MAX_ATTRIBUTE_LEVELS

uuids = st.uuids()
"""Any UUID (rendered canonical lowercase by the key grammar)."""

utc_datetimes = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
"""Timezone-aware UTC instants with microsecond precision."""

# hypothesis's own default alphabet for patterns and text (every character UTF-8 encodes) is
# worked out by encoding every code point once per storage folder: 2.5 s of CPU time in each
# process of a run with a fresh report folder. The suites name their alphabets instead.
_ASCII = st.characters(max_codepoint=127)


def pattern(regex: str) -> st.SearchStrategy[str]:
    """Strings matching an ASCII regular expression in full."""
    return st.from_regex(regex, fullmatch=True, alphabet=_ASCII)


_safe_text = st.characters(blacklist_categories=("Cs", "Cc"))
"""Any character but control characters and surrogates."""

inner_components = st.text(_safe_text, min_size=1, max_size=20).filter(lambda s: "#" not in s)
"""Key components that sit between delimiters: no ``#``."""

last_components = st.text(_safe_text, min_size=1, max_size=40)
"""Key components that stand last: ``#`` allowed."""

identifiers = pattern(r"[a-z][a-z0-9_]{0,30}")
"""Workflow names and the like."""

task_names = pattern(r"[A-Z][A-Za-z0-9_]{0,30}")
"""Step Functions task state names."""

normalized_names = st.one_of(
    st.sampled_from(["v1500 cyg", "nova sco 2012 #2", "gk per", "t crb", "nova cen 2013"]),
    st.text(_safe_text, min_size=1, max_size=30),
)
"""Normalized nova names, some with ``#``."""

providers = st.one_of(st.sampled_from(["ESO", "MAST", "AAVSO", "ARAS"]), inner_components)
"""Provider names (never containing ``#``)."""

locator_identities = st.one_of(
    st.builds(
        lambda v: f"provider_product_id:{v}",
        pattern(r"[A-Za-z0-9.:_-]{1,30}"),
    ),
    st.builds(lambda v: f"url:https://archive.example.org/spectra/{v}#frag", identifiers),
    last_components,
)
"""Locator identities, some URLs with fragments."""

bibcodes = pattern(r"(19|20)[0-9]{2}[A-Za-z&.]{5}[0-9.]{4}[A-Z.][0-9.]{4}[A-Z]")
"""19-character ADS bibcodes."""

correlation_ids = st.one_of(st.uuids().map(str), last_components)
"""Correlation ids: usually UUIDs, any non-empty text allowed."""

fingerprints = pattern(r"[0-9a-f]{16,64}")
sha256s = pattern(r"[0-9a-f]{64}")
plain_text = st.text(_safe_text, min_size=1, max_size=40)

decimals_38 = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: (
        d.is_zero()
        or (
            len("".join(map(str, d.as_tuple().digits)).strip("0")) <= 38
            and -130 <= d.adjusted() <= 125
        )
    )
)
"""Decimals DynamoDB stores exactly."""

documents: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1),
        decimals_38.filter(lambda d: d != d.to_integral_value()),
        st.text(_safe_text, max_size=20),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain_text, inner, max_size=3),
    max_leaves=8,
)
"""Free-form document values (``hints``, ``provenance``)."""

document_maps = st.dictionaries(plain_text, documents, max_size=4)


def storable_floats(
    low: float, high: float, *, exclude_max: bool = False
) -> st.SearchStrategy[float]:
    """Finite floats in a range that DynamoDB can store (zero, or magnitude >= 1E-130)."""
    return st.floats(low, high, exclude_max=exclude_max).filter(
        lambda f: f == 0 or abs(f) >= 1e-130
    )


def _times(draw: st.DrawFn) -> dict[str, datetime]:
    created = draw(utc_datetimes)
    return {
        "created_at": created,
        "updated_at": created + draw(st.timedeltas(timedelta(0), timedelta(days=30))),
    }


@st.composite
def novas(draw: st.DrawFn) -> Nova:
    """Nova records of every status."""
    status = draw(st.sampled_from(NovaStatus))
    quarantined = status is NovaStatus.QUARANTINED
    return Nova(
        nova_id=draw(uuids),
        primary_name=draw(plain_text),
        primary_name_normalized=draw(normalized_names),
        status=status,
        ra_deg=draw(st.none() | storable_floats(0, 360, exclude_max=True)),
        dec_deg=draw(st.none() | storable_floats(-90, 90)),
        discovery_date=draw(
            st.none() | pattern(r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[0-9]|1[0-9]|2[0-8])")
        ),
        aliases=draw(st.lists(plain_text, max_size=3)),
        quarantine_reason_code=draw(st.sampled_from(NovaQuarantineReason)) if quarantined else None,
        manual_review_status=draw(st.none() | st.sampled_from(ManualReviewStatus)),
        **_times(draw),
    )


@st.composite
def name_mappings(draw: st.DrawFn) -> NameMapping:
    """Name mappings, primary and alias."""
    return NameMapping(
        name_raw=draw(plain_text),
        name_normalized=draw(normalized_names),
        name_kind=draw(st.sampled_from(NameKind)),
        nova_id=draw(uuids),
        source=draw(st.sampled_from(NameSource)),
        **_times(draw),
    )


locators = st.builds(
    Locator,
    kind=st.sampled_from(LocatorKind),
    role=st.sampled_from(LocatorRole),
    value=st.builds(lambda v: f"https://archive.example.org/{v}", identifiers),
)


@st.composite
def spectra_products(draw: st.DrawFn) -> SpectraProduct:
    """Spectra products in any lifecycle state the model allows."""
    validation = draw(st.sampled_from(ValidationStatus))
    eligibility = (
        Eligibility.NONE
        if validation is ValidationStatus.VALID
        else draw(st.sampled_from(Eligibility))
    )
    return SpectraProduct(
        nova_id=draw(uuids),
        data_product_id=draw(uuids),
        provider=draw(providers),
        locator_identity=draw(locator_identities),
        locators=draw(st.lists(locators, max_size=2)),
        hints=draw(document_maps),
        acquisition_status=draw(st.sampled_from(AcquisitionStatus)),
        validation_status=validation,
        eligibility=eligibility,
        attempt_count_total=draw(st.integers(0, 10**6)),
        last_attempt_at=draw(st.none() | utc_datetimes),
        last_attempt_outcome=draw(st.none() | st.sampled_from(AttemptOutcome)),
        last_error_fingerprint=draw(st.none() | fingerprints),
        next_eligible_attempt_at=draw(st.none() | utc_datetimes),
        last_successful_fingerprint=draw(st.none() | fingerprints),
        content_fingerprint=draw(st.none() | sha256s),
        duplicate_of_data_product_id=draw(st.none() | uuids),
        byte_length=draw(st.none() | st.integers(0, 2**40)),
        normalization_notes=draw(st.lists(plain_text, max_size=2)),
        quarantine_reason_code=draw(st.none() | st.sampled_from(SpectraQuarantineReason)),
        raw_s3_key=draw(st.none() | plain_text),
        observation_date_mjd=draw(st.none() | storable_floats(40000, 70000)),
        **_times(draw),
    )


@st.composite
def composite_spectra(draw: st.DrawFn) -> CompositeSpectra:
    """Composite spectra with sorted constituent lists."""
    constituents = sorted(draw(st.lists(uuids, min_size=1, max_size=4, unique=True)), key=str)
    cid = composite_id(constituents)
    return CompositeSpectra(
        nova_id=draw(uuids),
        data_product_id=cid,
        composite_id=cid,
        provider=draw(providers),
        constituent_data_product_ids=constituents,
        rejected_data_product_ids=sorted(draw(st.lists(uuids, max_size=2, unique=True)), key=str),
        composite_fingerprint=draw(fingerprints),
        **_times(draw),
    )


@st.composite
def photometry_tables(draw: st.DrawFn) -> PhotometryTable:
    """Photometry tables, fresh or ingested."""
    return PhotometryTable(
        nova_id=draw(uuids),
        data_product_id=draw(uuids),
        s3_bucket=draw(st.none() | st.just("novacat-private")),
        s3_key=draw(st.none() | plain_text),
        last_ingestion_at=draw(st.none() | utc_datetimes),
        last_ingestion_source=draw(st.none() | plain_text),
        ingestion_count=draw(st.integers(0, 10**4)),
        table_schema_version=draw(st.none() | pattern(r"[1-9]\.[0-9]\.[0-9]")),
        snapshot_s3_keys=draw(
            st.dictionaries(pattern(r"[1-9]\.[0-9]\.[0-9]"), plain_text, max_size=2)
        ),
        **_times(draw),
    )


@st.composite
def locator_aliases(draw: st.DrawFn) -> LocatorAlias:
    """Locator aliases."""
    return LocatorAlias(
        provider=draw(providers),
        locator_identity=draw(locator_identities),
        data_product_id=draw(uuids),
        nova_id=draw(uuids),
        **_times(draw),
    )


@st.composite
def file_objects(draw: st.DrawFn) -> FileObject:
    """File objects of every role, with exactly the ids their role needs."""
    role = draw(st.sampled_from(FileRole))
    ids: dict[str, Any] = {}
    if role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
        ids["correlation_id"] = draw(correlation_ids)
    else:
        ids["nova_id"] = draw(uuids)
        if role in PRODUCT_SCOPED_FILE_ROLES:
            ids["data_product_id"] = draw(uuids)
    return FileObject(
        file_id=draw(uuids),
        role=role,
        bucket="novacat-private",
        key=draw(plain_text),
        content_type=draw(st.none() | st.just("application/fits")),
        byte_length=draw(st.none() | st.integers(0, 2**40)),
        sha256=draw(st.none() | sha256s),
        created_by=f"{draw(identifiers)}:{draw(uuids)}",
        **ids,
        **_times(draw),
    )


@st.composite
def references(draw: st.DrawFn) -> Reference:
    """References of every type."""
    return Reference(
        bibcode=draw(bibcodes),
        reference_type=draw(st.sampled_from(ReferenceType)),
        title=draw(st.none() | plain_text),
        year=draw(st.none() | st.integers(1800, 2100)),
        authors=draw(st.lists(plain_text, max_size=3)),
        doi=draw(st.none() | st.just("10.1088/0004-637X/788/2/130")),
        provenance=draw(document_maps),
        **_times(draw),
    )


@st.composite
def nova_references(draw: st.DrawFn) -> NovaReference:
    """Nova-to-reference links."""
    return NovaReference(
        nova_id=draw(uuids),
        bibcode=draw(bibcodes),
        role=draw(st.sampled_from(NovaReferenceRole)),
        added_by_workflow=draw(st.none() | identifiers),
        notes=draw(st.none() | plain_text),
        **_times(draw),
    )


@st.composite
def job_runs(draw: st.DrawFn) -> JobRun:
    """JobRuns of novae and of pre-nova workflows, running or finished."""
    status = draw(st.sampled_from(JobRunStatus))
    started = draw(utc_datetimes)
    final = status in TERMINAL_JOB_RUN_STATUSES
    return JobRun(
        job_run_id=draw(uuids),
        workflow_name=draw(identifiers),
        nova_id=draw(st.none() | uuids),
        correlation_id=draw(correlation_ids),
        status=status,
        started_at=started,
        ended_at=started + timedelta(seconds=draw(st.integers(0, 10**5))) if final else None,
        **_times(draw),
    )


@st.composite
def attempts(draw: st.DrawFn) -> Attempt:
    """Task attempts."""
    return Attempt(
        nova_id=draw(uuids),
        job_run_id=draw(uuids),
        correlation_id=draw(correlation_ids),
        task_name=draw(task_names),
        attempt_number=draw(st.integers(1, 100)),
        status=draw(st.sampled_from(AttemptStatus)),
        duration_ms=draw(st.none() | st.integers(0, 10**7)),
        **_times(draw),
    )


@st.composite
def idempotency_locks(draw: st.DrawFn) -> IdempotencyLock:
    """Idempotency locks."""
    acquired = draw(utc_datetimes)
    return IdempotencyLock(
        idempotency_key=draw(last_components),
        job_run_id=draw(uuids),
        workflow_name=draw(identifiers),
        primary_id=draw(plain_text),
        acquired_at=acquired,
        ttl=int(acquired.timestamp()) + 900,
        holder_token=draw(st.none() | uuids),
        **_times(draw),
    )


@st.composite
def step_dedupes(draw: st.DrawFn) -> StepDedupe:
    """Step dedupe markers."""
    return StepDedupe(
        dedupe_key=draw(last_components),
        step_kind=draw(st.sampled_from(StepKind)),
        job_run_id=draw(uuids),
        result=draw(document_maps),
        **_times(draw),
    )


@st.composite
def execution_markers(draw: st.DrawFn) -> ExecutionMarker:
    """Markers of calls applied once per execution (a JobRun id or a token)."""
    return ExecutionMarker(
        execution=draw(st.uuids().map(str) | last_components),
        operation=draw(identifiers),
        target=draw(last_components),
        ttl=draw(st.integers(0, 4_000_000_000)),
        **_times(draw),
    )


@st.composite
def work_items(draw: st.DrawFn) -> WorkItem:
    """Work items."""
    return WorkItem(
        nova_id=draw(uuids),
        dirty_type=draw(st.sampled_from(DirtyType)),
        source_workflow=draw(identifiers),
        job_run_id=draw(uuids),
        correlation_id=draw(correlation_ids),
        ttl=draw(st.integers(0, 2**32)),
        **_times(draw),
    )


@st.composite
def regen_batch_plans(draw: st.DrawFn) -> RegenBatchPlan:
    """Regeneration batch plans, pending or finished, with their manifests and results."""
    created = draw(utc_datetimes)
    novae = draw(st.lists(uuids.map(str), max_size=3, unique=True))
    status = draw(st.sampled_from(RegenPlanStatus))
    finished = status not in (RegenPlanStatus.PENDING, RegenPlanStatus.IN_PROGRESS)
    manifest = st.builds(
        NovaManifest,
        dirty_types=st.lists(st.sampled_from(DirtyType), min_size=1, max_size=3),
        artifacts=st.lists(plain_text, min_size=1, max_size=4),
    )
    return RegenBatchPlan(
        plan_id=draw(uuids),
        status=status,
        nova_manifests={nova: draw(manifest) for nova in novae},
        nova_count=len(novae),
        workitem_sks=draw(st.lists(last_components, max_size=3)),
        execution_arn=draw(st.none() | st.just("") | plain_text),
        completed_at=created + timedelta(minutes=5) if finished else None,
        nova_results=[
            NovaResult(
                nova_id=nova,
                success=draw(st.booleans()),
                error=draw(st.none() | plain_text),
                spectra_count=draw(st.none() | st.integers(0, 500)),
                has_sparkline=draw(st.none() | st.booleans()),
            )
            for nova in novae
        ]
        if finished
        else None,
        ttl=int(created.timestamp()) + 7 * 86400,
        created_at=created,
        updated_at=created,
    )


@st.composite
def offset_caches(draw: st.DrawFn) -> OffsetCache:
    """Photometry offset caches of one regime."""
    bands = draw(st.lists(plain_text, max_size=4, unique=True))
    return OffsetCache(
        nova_id=draw(uuids),
        regime=draw(last_components),
        band_offsets={band: draw(decimals_38) for band in bands},
        band_observation_counts={band: draw(st.integers(0, 10**6)) for band in bands},
        band_set_hash=draw(sha256s),
        computed_at=draw(utc_datetimes),
        **_times(draw),
    )


@st.composite
def photometry_rows(draw: st.DrawFn) -> PhotometryRow:
    """Photometry rows: detections by magnitude or flux density, and upper limits."""
    limit = draw(st.booleans())
    flux = not limit and draw(st.booleans())
    ingested = draw(utc_datetimes)
    return PhotometryRow(
        nova_id=draw(uuids),
        row_id=draw(uuids),
        primary_name=draw(plain_text),
        ra_deg=draw(st.decimals(0, 360, allow_nan=False, places=6)),
        dec_deg=draw(st.decimals(-90, 90, allow_nan=False, places=6)),
        time_mjd=draw(decimals_38),
        band_id=draw(plain_text),
        band_name=draw(st.none() | plain_text),
        regime=draw(plain_text),
        spectral_coord_type=draw(st.sampled_from(SpectralCoordType)),
        spectral_coord_unit=draw(st.sampled_from(SpectralCoordUnit)),
        magnitude=None if limit or flux else draw(decimals_38),
        flux_density=draw(decimals_38) if flux else None,
        flux_density_unit=draw(st.sampled_from(FluxDensityUnit)) if flux else None,
        is_upper_limit=limit,
        limiting_value=draw(decimals_38) if limit else None,
        bibcode=draw(st.none() | bibcodes),
        band_resolution_type=draw(st.sampled_from(BandResolutionType)),
        band_resolution_confidence=draw(st.sampled_from(BandResolutionConfidence)),
        data_origin=draw(st.sampled_from(DataOrigin)),
        ingested_at=ingested,
        ingestion_source=draw(plain_text),
        created_at=ingested,
        updated_at=ingested,
    )


ENTITY_STRATEGIES: dict[type[PersistedEntity], st.SearchStrategy[Any]] = {
    Nova: novas(),
    NameMapping: name_mappings(),
    SpectraProduct: spectra_products(),
    CompositeSpectra: composite_spectra(),
    PhotometryTable: photometry_tables(),
    LocatorAlias: locator_aliases(),
    FileObject: file_objects(),
    Reference: references(),
    NovaReference: nova_references(),
    JobRun: job_runs(),
    Attempt: attempts(),
    IdempotencyLock: idempotency_locks(),
    StepDedupe: step_dedupes(),
    ExecutionMarker: execution_markers(),
    WorkItem: work_items(),
    RegenBatchPlan: regen_batch_plans(),
    OffsetCache: offset_caches(),
    PhotometryRow: photometry_rows(),
}
"""A strategy for every current model class."""

entities: st.SearchStrategy[PersistedEntity] = st.one_of(*ENTITY_STRATEGIES.values())
"""Any current entity."""


@st.composite
def file_object_keys(draw: st.DrawFn) -> keys.FileObjectKey:
    """FileObject keys of every role."""
    role = draw(st.sampled_from(FileRole))
    if role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
        return keys.FileObjectKey(role, draw(uuids), correlation_id=draw(correlation_ids))
    if role in NOVA_SCOPED_FILE_ROLES:
        return keys.FileObjectKey(role, draw(uuids), nova_id=draw(uuids))
    return keys.FileObjectKey(role, draw(uuids), draw(uuids), draw(uuids))


@st.composite
def job_run_keys(draw: st.DrawFn) -> keys.JobRunKey:
    """JobRun keys, nova-owned or workflow-owned."""
    owner_is_nova = draw(st.booleans())
    return keys.JobRunKey(
        draw(identifiers),
        draw(utc_datetimes),
        draw(uuids),
        draw(uuids) if owner_is_nova else None,
        None if owner_is_nova else draw(correlation_ids),
    )


KEY_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    keys.NovaKey: st.builds(keys.NovaKey, uuids),
    keys.NameMappingKey: st.builds(keys.NameMappingKey, normalized_names, uuids),
    keys.PhotometryTableKey: st.builds(keys.PhotometryTableKey, uuids),
    keys.SpectraProductKey: st.builds(keys.SpectraProductKey, uuids, providers, uuids),
    keys.CompositeSpectraKey: st.builds(keys.CompositeSpectraKey, uuids, providers, uuids),
    keys.LocatorAliasKey: st.builds(keys.LocatorAliasKey, providers, locator_identities, uuids),
    keys.FileObjectKey: file_object_keys(),
    keys.ReferenceKey: st.builds(keys.ReferenceKey, bibcodes),
    keys.NovaReferenceKey: st.builds(keys.NovaReferenceKey, uuids, bibcodes),
    keys.JobRunKey: job_run_keys(),
    keys.AttemptKey: st.builds(
        keys.AttemptKey, uuids, uuids, task_names, st.integers(1, 10**6), utc_datetimes
    ),
    keys.IdempotencyLockKey: st.builds(keys.IdempotencyLockKey, last_components),
    keys.StepDedupeKey: st.builds(keys.StepDedupeKey, last_components, st.sampled_from(StepKind)),
    keys.WorkItemKey: st.builds(keys.WorkItemKey, uuids, st.sampled_from(DirtyType), utc_datetimes),
    keys.RegenBatchPlanKey: st.builds(keys.RegenBatchPlanKey, utc_datetimes, uuids),
    keys.OffsetCacheKey: st.builds(keys.OffsetCacheKey, uuids, last_components),
    keys.PhotometryRowKey: st.builds(keys.PhotometryRowKey, uuids, uuids),
}
"""A strategy for every typed key."""

entity_keys: st.SearchStrategy[Any] = st.one_of(*KEY_STRATEGIES.values())
"""Any typed key."""


# --- hostile input (invalid values the wrapper must refuse before any request) ---------------

hostile_inner_components = st.builds(
    lambda head, tail: f"{head}#{tail}",
    st.text(_safe_text, max_size=8),
    st.text(_safe_text, max_size=8),
)
"""Components that sit between delimiters but contain ``#``."""

oversized_components = st.integers(min_value=2049, max_value=4000).map(lambda n: "x" * n)
"""Key components over DynamoDB's key byte limits (PK 2048, SK 1024 UTF-8 bytes)."""

oversized_multibyte_components = st.integers(min_value=700, max_value=1200).map(lambda n: "é" * n)
"""Components short in characters but over the SK byte limit in UTF-8 (2 bytes each)."""

nul_text = st.builds(
    lambda a, b: f"{a}\x00{b}", st.text(_safe_text, max_size=5), st.text(_safe_text, max_size=5)
)
"""Strings with a NUL character."""

lone_surrogate_text = st.one_of(
    st.builds(lambda a: f"{a}\ud800", st.text(_safe_text, max_size=5)),
    st.builds(lambda a: f"\udfff{a}", st.text(_safe_text, max_size=5)),
)
"""Strings with a lone surrogate (which UTF-8 cannot encode)."""

broken_text = st.one_of(nul_text, lone_surrogate_text)
"""Strings with NUL or a lone surrogate."""

non_storable_numbers = st.one_of(
    st.sampled_from([float("nan"), float("inf"), float("-inf")]),
    st.integers(min_value=39, max_value=60).map(lambda n: int("9" * n)),
    st.integers(min_value=39, max_value=60).map(lambda n: Decimal("1." + "1" * n)),
    st.sampled_from([Decimal("1E+126"), Decimal("1E-131"), Decimal("NaN")]),
)
"""Numbers DynamoDB cannot store exactly: NaN, infinities, over 38 digits, out of range."""

naive_datetimes = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))
"""Datetimes without a timezone."""

oversized_documents = st.integers(min_value=401, max_value=600).map(
    lambda kib: {"blob": "x" * (kib * 1024)}
)
"""Maps that make an item exceed DynamoDB's 400 KB item limit."""


def nested_document(kinds: str) -> DocumentValue:
    """A document of one level per letter of ``kinds``, outermost first: a list (``L``) or a
    map (``M``) holding the next, the last holding a string."""
    value: DocumentValue = "deepest"
    for kind in reversed(kinds):
        value = [value] if kind == "L" else {"level": value}
    return value


over_deep_documents = st.integers(
    min_value=MAX_ATTRIBUTE_LEVELS, max_value=MAX_ATTRIBUTE_LEVELS + 9
).flatmap(
    lambda levels: st.text(alphabet="LM", min_size=levels, max_size=levels).map(
        lambda kinds: {"shallow": "beside", "deep": nested_document(kinds)}
    )
)
"""Maps of documents holding at least 31 levels of lists and maps below one entry: stored as
an attribute (a level of its own), 32 or more, beyond what DynamoDB stores in one."""

ENUM_VALUES: frozenset[str] = frozenset(
    member.value
    for module in (enums, frozen_enums)
    for kind in vars(module).values()
    if isinstance(kind, type) and issubclass(kind, StrEnum)
    for member in kind
)
"""Every value of every enumeration of the contracts, today's and those older versions stored."""

wrong_enum_values = st.text(
    st.characters(min_codepoint=65, max_codepoint=90), min_size=1, max_size=12
).filter(lambda s: s not in ENUM_VALUES)
"""Upper-case words that are no value of any enumeration of the contracts (hypothesis also
draws the words it finds in the code it tests, such as ``"HIDDEN"``)."""
