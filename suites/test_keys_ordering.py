"""Suite 1, keys and ordering: every entity written through the candidate is stored under the
exact key strings of the key grammar (read back from the raw table), and ``PRODUCT#``
listings come product type first, then provider, then id (the SK order)."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.bucket_layout import photometry_key, quarantine_prefix
from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.deterministic_ids import composite_id
from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    FileObject,
    NovaReference,
    PhotometryTable,
    Reference,
    SpectraProduct,
    WorkItem,
)
from novacat_persistence.contracts.enums import (
    AttemptStatus,
    DirtyType,
    FileRole,
    NameSource,
    NovaQuarantineReason,
    NovaReferenceRole,
    NovaStatus,
    ReferenceType,
    StepKind,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness import strategies
from novacat_persistence.suites.harness.builders import (
    PROPERTY_SETTINGS,
    iso,
    new_job_run,
    new_nova,
    registration,
    stored_item,
)

BIBCODE = "2013ApJ...779..118S"


def _entity_type(raw: RawView, pk: str, sk: str) -> str:
    item = raw.get(pk, sk)
    assert item is not None, f"no item at PK={pk!r} SK={sk!r}; stored: {sorted(raw.keys())}"
    return str(item["entity_type"]["S"])


def test_nova_and_name_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A Nova is stored at <nova_id>/NOVA, its names at NAME#<name>/NOVA#<nova_id> (``#`` kept in
    a normalized name)."""
    nova = new_nova("Nova Sco 2012 #2")
    wrapper.create_nova(nova)
    wrapper.attach_alias(nova.nova_id, "V1324 Sco", "v1324 sco", NameSource.SIMBAD)
    nid = str(nova.nova_id)
    assert _entity_type(raw, nid, "NOVA") == "Nova"
    assert _entity_type(raw, "NAME#nova sco 2012 #2", f"NOVA#{nid}") == "NameMapping"
    assert _entity_type(raw, "NAME#v1324 sco", f"NOVA#{nid}") == "NameMapping"


def test_product_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """The photometry table, a spectra stub (with its GSI1 keys) and its LocatorAlias are stored
    under the exact grammar keys, product type first."""
    nova_id = uuid4()
    table = wrapper.ensure_photometry_table(nova_id).item
    stub = wrapper.register_spectra_product(
        registration(nova_id, "ADP.2014-01-01T00:00:00.123")
    ).item
    nid = str(nova_id)
    assert _entity_type(raw, nid, "PRODUCT#PHOTOMETRY_TABLE") == "DataProduct"
    assert table.data_product_id is not None
    sk = f"PRODUCT#SPECTRA#ESO#{stub.data_product_id}"
    assert _entity_type(raw, nid, sk) == "DataProduct"
    alias_pk = "LOCATOR#ESO#provider_product_id:ADP.2014-01-01T00:00:00.123"
    assert _entity_type(raw, alias_pk, f"DATA_PRODUCT#{stub.data_product_id}") == "LocatorAlias"
    stored = stored_item(raw, nid, sk)
    assert stored["GSI1PK"] == {"S": nid}
    assert stored["GSI1SK"] == {"S": f"ELIG#ACQUIRE#SPECTRA#ESO#{stub.data_product_id}"}
    products = [i for i in raw.partition(nid) if i["SK"]["S"].startswith("PRODUCT#")]
    assert [i["SK"]["S"] for i in products] == ["PRODUCT#PHOTOMETRY_TABLE", sk]


def test_execution_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """JobRun and Attempt SKs carry the workflow, canonical UTC timestamps and ids in grammar
    order; a JobRun is filed under its correlation id even once its nova is known."""
    run = new_job_run(started_at=EPOCH + timedelta(milliseconds=123))
    wrapper.begin_job_run(run)
    nid = str(run.nova_id)
    run_sk = f"JOBRUN#initialize_nova#2025-03-01T12:00:00.123Z#{run.job_run_id}"
    assert _entity_type(raw, f"WORKFLOW#{run.correlation_id}", run_sk) == "JobRun"
    assert raw.get(nid, run_sk) is None
    attempt_at = EPOCH + timedelta(seconds=5, microseconds=1)
    assert run.nova_id is not None
    attempt = Attempt(
        nova_id=run.nova_id,
        job_run_id=run.job_run_id,
        correlation_id=run.correlation_id,
        task_name="AcquireIdempotencyLock",
        attempt_number=2,
        status=AttemptStatus.STARTED,
        created_at=attempt_at,
    )
    wrapper.record_attempt(attempt)
    attempt_sk = f"ATTEMPT#{run.job_run_id}#AcquireIdempotencyLock#2#{iso(attempt_at)}"
    assert iso(attempt_at) == "2025-03-01T12:00:05.000001Z"
    assert _entity_type(raw, nid, attempt_sk) == "Attempt"


def test_lock_step_and_queue_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """Locks, step markers and work items are stored at IDEMPOTENCY#<key>/LOCK,
    IDEMPOTENCY#<key>/STEP#<kind> and WORKQUEUE/<nova>#<type>#<created_at>."""
    key = f"initialize_nova:{uuid4()}:1.0.0:2025-03-01T12"
    wrapper.acquire_lock(key, job_run_id=uuid4(), workflow_name="initialize_nova", primary_id="x")
    assert _entity_type(raw, f"IDEMPOTENCY#{key}", "LOCK") == "IdempotencyLock"
    wrapper.record_step(StepKind.ACQUISITION, "dedupe-1", job_run_id=uuid4())
    step = StepKind.ACQUISITION.value
    assert _entity_type(raw, "IDEMPOTENCY#dedupe-1", f"STEP#{step}") == "StepDedupe"
    nova_id = uuid4()
    created = EPOCH + timedelta(milliseconds=7)
    item = WorkItem(
        nova_id=nova_id,
        dirty_type=DirtyType.SPECTRA,
        source_workflow="acquire_and_validate_spectra",
        job_run_id=uuid4(),
        correlation_id="c-1",
        ttl=int((created + timedelta(days=30)).timestamp()),
        created_at=created,
        updated_at=created,
    )
    wrapper.enqueue_work_item(item)
    assert _entity_type(raw, "WORKQUEUE", f"{nova_id}#spectra#{iso(created)}") == "WorkItem"


def test_reference_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A Reference is stored at REFERENCE#<bibcode>/METADATA, its link at
    <nova_id>/NOVAREF#<bibcode>."""
    nova_id = uuid4()
    wrapper.upsert_reference(
        Reference(bibcode=BIBCODE, reference_type=ReferenceType("journal_article"))
    )
    wrapper.link_nova_reference(
        NovaReference(nova_id=nova_id, bibcode=BIBCODE, role=NovaReferenceRole.DISCOVERY)
    )
    assert _entity_type(raw, f"REFERENCE#{BIBCODE}", "METADATA") == "Reference"
    assert _entity_type(raw, str(nova_id), f"NOVAREF#{BIBCODE}") == "NovaReference"


def test_file_object_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """FileObjects are stored under their three role-scoped SKs: the pre-nova quarantine context
    at WORKFLOW#<correlation_id>/FILE#WORKFLOW_QUARANTINE_CONTEXT#ID#<file_id> (written with its
    QUARANTINED nova), a nova-scoped file at <nova_id>/FILE#<ROLE>#NOVA#<nova_id>#ID#<file_id>
    and a product-scoped one at
    <nova_id>/FILE#<ROLE>#NOVA#<nova_id>#PRODUCT#<data_product_id>#ID#<file_id>."""
    correlation_id = f"corr-{uuid4().hex}"
    nova = new_nova(
        status=NovaStatus.QUARANTINED,
        quarantine_reason_code=NovaQuarantineReason.COORDINATE_AMBIGUITY,
    )
    context = FileObject(
        file_id=uuid4(),
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id=correlation_id,
        bucket="novacat-private",
        key=f"quarantine/identity/{correlation_id}/context.json",
        created_by=f"initialize_nova:{uuid4()}",
    )
    wrapper.quarantine_identity(nova, context)
    nid = str(nova.nova_id)
    assert _entity_type(raw, nid, "NOVA") == "Nova"
    context_sk = f"FILE#WORKFLOW_QUARANTINE_CONTEXT#ID#{context.file_id}"
    assert _entity_type(raw, f"WORKFLOW#{correlation_id}", context_sk) == "FileObject"

    nova_id, product_id = uuid4(), uuid4()
    table = FileObject(
        file_id=uuid4(),
        role=FileRole.PHOTOMETRY_TABLE,
        nova_id=nova_id,
        bucket="novacat-private",
        key=photometry_key(nova_id),
        created_by=f"ingest_photometry:{uuid4()}",
    )
    quarantined = FileObject(
        file_id=uuid4(),
        role=FileRole.SPECTRA_QUARANTINE_CONTEXT,
        nova_id=nova_id,
        data_product_id=product_id,
        bucket="novacat-private",
        key=f"{quarantine_prefix(nova_id, product_id)}2025-03-01T12:00:00Z/context.json",
        created_by=f"acquire_and_validate_spectra:{uuid4()}",
    )
    wrapper.put_file_object(table)
    wrapper.put_file_object(quarantined)
    nid = str(nova_id)
    table_sk = f"FILE#PHOTOMETRY_TABLE#NOVA#{nid}#ID#{table.file_id}"
    assert _entity_type(raw, nid, table_sk) == "FileObject"
    product_sk = (
        f"FILE#SPECTRA_QUARANTINE_CONTEXT#NOVA#{nid}#PRODUCT#{product_id}#ID#{quarantined.file_id}"
    )
    assert _entity_type(raw, nid, product_sk) == "FileObject"
    files = sorted(i["SK"]["S"] for i in raw.partition(nid) if i["SK"]["S"].startswith("FILE#"))
    assert files == sorted([table_sk, product_sk])


def test_composite_spectra_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A composite spectrum is stored at <nova_id>/PRODUCT#SPECTRA#<provider>#COMPOSITE#<id>,
    outside GSI1 (never eligible)."""
    nova_id = uuid4()
    constituents = sorted((uuid4(), uuid4()), key=str)
    cid = composite_id(constituents)
    wrapper.put_composite_spectra(
        CompositeSpectra(
            nova_id=nova_id,
            data_product_id=cid,
            composite_id=cid,
            provider="ESO",
            constituent_data_product_ids=constituents,
            composite_fingerprint="c" * 16,
        )
    )
    sk = f"PRODUCT#SPECTRA#ESO#COMPOSITE#{cid}"
    assert _entity_type(raw, str(nova_id), sk) == "DataProduct"
    stored = stored_item(raw, str(nova_id), sk)
    assert "GSI1PK" not in stored and "GSI1SK" not in stored


def test_workflow_owned_job_run_keys(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A JobRun begun before any nova exists is stored under WORKFLOW#<correlation_id>, SK
    JOBRUN#<workflow>#<started_at>#<job_run_id>."""
    run = new_job_run(started_at=EPOCH + timedelta(microseconds=250))
    run = run.model_copy(update={"nova_id": None, "correlation_id": f"corr-{uuid4().hex}"})
    wrapper.begin_job_run(run)
    run_sk = f"JOBRUN#initialize_nova#2025-03-01T12:00:00.000250Z#{run.job_run_id}"
    assert _entity_type(raw, f"WORKFLOW#{run.correlation_id}", run_sk) == "JobRun"
    stored = [i for i in raw.scan() if i["SK"]["S"].startswith("JOBRUN#initialize_nova#")]
    assert [(i["PK"]["S"], i["SK"]["S"]) for i in stored] == [
        (f"WORKFLOW#{run.correlation_id}", run_sk)
    ]


def _sk_order(product: SpectraProduct) -> bytes:
    return f"{product.provider}#{product.data_product_id}".encode()


@given(
    products=st.lists(
        st.tuples(strategies.providers, strategies.locator_identities),
        max_size=6,
        unique_by=lambda p: p,
    ),
    photometry=st.booleans(),
)
@PROPERTY_SETTINGS
def test_product_listing_is_type_then_provider_then_id(
    wrapper: PersistenceWrapper, products: list[tuple[str, str]], photometry: bool
) -> None:
    """Over random product sets, list_data_products returns the photometry table first, then
    spectra in SK order (provider, then id); list_eligible_spectra follows the same order."""
    nova_id = uuid4()
    for provider, identity in products:
        unique = f"{identity}.{nova_id.hex}"  # a locator belongs to one nova: fresh per example
        wrapper.register_spectra_product(
            SpectraRegistration(nova_id=nova_id, provider=provider, locator_identity=unique)
        )
    if photometry:
        wrapper.ensure_photometry_table(nova_id)
    listed = wrapper.list_data_products(nova_id)
    spectra = [p for p in listed if isinstance(p, SpectraProduct)]
    tables = [p for p in listed if isinstance(p, PhotometryTable)]
    assert len(tables) == int(photometry)
    assert listed[: len(tables)] == tables, "the photometry table comes first"
    assert len(spectra) == len({(p, i) for p, i in products})
    assert spectra == sorted(spectra, key=_sk_order), "spectra by provider then id"
    eligible = wrapper.list_eligible_spectra(nova_id)
    assert [p.data_product_id for p in eligible] == [p.data_product_id for p in spectra]
