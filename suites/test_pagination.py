"""Suite 14, pages: every listing of IFC-030 over a partition larger than one DynamoDB page
(1 MB): four items of about 350 KB each, written through the candidate (or, for a name mapped
to several novae, seeded as older data); the scans over a table that large, the photometry
rows in theirs, and the plan lookups over the regeneration plans' partition. The listing must
return all of them (a lookup the plan on the last page), in the promised order, exactly as the
model does; for a candidate on a client, the suite first checks that one page of the partition
(or table) really stops short. (Pages of a few small items, through ``Limit``, are
forced on every listing of the model suite.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Final
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import (
    Attempt,
    FileObject,
    JobRun,
    NameMapping,
    NovaReference,
    WorkItem,
)
from novacat_persistence.contracts.enums import (
    AttemptStatus,
    DirtyType,
    FileRole,
    NameKind,
    NameSource,
    NovaReferenceRole,
)
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.contracts.tables import ELIGIBILITY_INDEX_NAME
from novacat_persistence.suites.harness.access import Access
from novacat_persistence.suites.harness.builders import new_nova, photometry_row, regen_plan
from novacat_persistence.suites.harness.paging import first_page_is_partial
from novacat_persistence.suites.harness.twin import Twin
from novacat_persistence.suites.model.calls import MARKER, Call, call

ITEMS: Final = 4
BLOB: Final = MARKER + "x" * 350_000
"""A value that makes an item about 350 KB (DynamoDB's limit: 400 KB)."""
BIBCODES: Final = (
    "1999A&A...123..456B",
    "2013ApJ...779..118S",
    "2016MNRAS.455..000Z",
    "2020Natur.580..111A",
)


@dataclass(frozen=True)
class Listing:
    """A listing and how to fill its partition: ``fill(twin, owner)`` writes the items and
    returns the listing call and the partition key (of the table, or of ``index``)."""

    name: str
    fill: Callable[[Twin, UUID], tuple[Call, str | None]]
    index: str | None = None
    photometry: bool = False
    """The partition is in the photometry table."""
    found: int | None = ITEMS
    """How many entities the listing returns (None: it returns one, the last page's)."""


def _spectra(twin: Twin, nova_id: UUID) -> None:
    for n in range(ITEMS):
        registration = SpectraRegistration(
            nova_id=nova_id,
            provider="ESO",
            locator_identity=f"provider_product_id:BIG.{n}.{nova_id}",
            hints={"blob": BLOB},
        )
        twin.call("register_spectra_product", registration)


def _data_products(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    _spectra(twin, nova_id)
    return call("list_data_products", nova_id), str(nova_id)


def _eligible(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    _spectra(twin, nova_id)
    return call("list_eligible_spectra", nova_id), str(nova_id)


def _references(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    for bibcode in reversed(BIBCODES):
        link = NovaReference(
            nova_id=nova_id,
            bibcode=bibcode,
            role=NovaReferenceRole.OTHER,
            provenance={"blob": BLOB},
        )
        twin.call("link_nova_reference", link)
    return call("list_nova_references", nova_id), str(nova_id)


def _file(nova_id: UUID | None, correlation_id: str | None) -> FileObject:
    return FileObject(
        file_id=uuid4(),
        role=FileRole.BUNDLE_ZIP if nova_id else FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        nova_id=nova_id,
        correlation_id=correlation_id,
        bucket="novacat-private",
        key=f"bundles/{nova_id}/bundle.zip"
        if nova_id
        else f"quarantine/identity/{correlation_id}/c.json",
        content_type=BLOB,
        created_by=f"regenerate_bundles:{uuid4()}",
    )


def _file_objects(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    for _ in range(ITEMS):
        twin.call("put_file_object", _file(nova_id, None))
    return call("list_file_objects", nova_id, FileRole.BUNDLE_ZIP), str(nova_id)


def _workflow_files(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    correlation_id = f"corr-{nova_id}"
    for _ in range(ITEMS):
        twin.call("put_file_object", _file(None, correlation_id))
    return call("list_workflow_files", correlation_id), f"WORKFLOW#{correlation_id}"


def _job_runs(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    correlation_id = f"corr-{nova_id}"
    for n in reversed(range(ITEMS)):
        run = JobRun(
            job_run_id=uuid4(),
            workflow_name="initialize_nova",
            nova_id=nova_id,
            correlation_id=correlation_id,
            started_at=EPOCH + timedelta(minutes=n),
            initiated_by=BLOB,
        )
        twin.call("begin_job_run", run)
    return call("list_job_runs", correlation_id=correlation_id), f"WORKFLOW#{correlation_id}"


def _attempts(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    run_id = uuid4()
    for n in range(1, ITEMS + 1):
        attempt = Attempt(
            nova_id=nova_id,
            job_run_id=run_id,
            correlation_id="corr-1",
            task_name="AcquireArtifact",
            attempt_number=n,
            status=AttemptStatus.FAILED,
            error_message=BLOB,
            created_at=EPOCH + timedelta(seconds=n),
        )
        twin.call("record_attempt", attempt)
    return call("list_attempts", nova_id, run_id), str(nova_id)


def _work_items(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    for n in range(ITEMS):
        created = EPOCH + timedelta(milliseconds=n)
        item = WorkItem(
            nova_id=nova_id,
            dirty_type=DirtyType.SPECTRA,
            source_workflow="ingest_photometry",
            job_run_id=uuid4(),
            correlation_id=BLOB,
            ttl=1_800_000_000,
            created_at=created,
            updated_at=created,
        )
        twin.call("enqueue_work_item", item)
    return call("list_work_items", nova_id), "WORKQUEUE"


def _names(twin: Twin, nova_id: UUID) -> tuple[Call, str]:
    name = f"ambiguous {nova_id}"
    for _ in range(ITEMS):
        twin.seed(
            NameMapping(
                name_raw=BLOB,
                name_normalized=name,
                name_kind=NameKind.ALIAS,
                nova_id=uuid4(),
                source=NameSource.INGESTION,
                created_at=EPOCH,
                updated_at=EPOCH,
            )
        )
    return call("resolve_name", name), f"NAME#{name}"


def _novae(twin: Twin, _nova_id: UUID) -> tuple[Call, str | None]:
    for _ in range(ITEMS):
        twin.call("create_nova", new_nova(aliases=[BLOB]))
    return call("list_novae"), None


def _spectra_scan(twin: Twin, nova_id: UUID) -> tuple[Call, str | None]:
    _spectra(twin, nova_id)
    return call("scan_spectra_products"), None


def _rows(twin: Twin, nova_id: UUID) -> tuple[Call, str | None]:
    twin.call("put_photometry_rows", [photometry_row(nova_id, n, notes=BLOB) for n in range(ITEMS)])
    return call("list_photometry_rows", nova_id), str(nova_id)


def _plans(twin: Twin, nova_id: UUID) -> UUID:
    """Four PENDING plans, an hour apart; the newest one's id (the last in SK order)."""
    plans = [
        regen_plan((nova_id,), created_at=EPOCH + timedelta(hours=n), workitem_sks=[BLOB])
        for n in range(ITEMS)
    ]
    for plan in plans:
        twin.call("create_regen_plan", plan)
    return plans[-1].plan_id


def _plan_lookup(twin: Twin, nova_id: UUID) -> tuple[Call, str | None]:
    return call("get_regen_plan", _plans(twin, nova_id)), "REGEN_PLAN"


def _active_plan(twin: Twin, nova_id: UUID) -> tuple[Call, str | None]:
    _plans(twin, nova_id)
    return call("find_active_regen_plan"), "REGEN_PLAN"


LISTINGS: Final = (
    Listing("list_data_products", _data_products),
    Listing("list_eligible_spectra", _eligible, ELIGIBILITY_INDEX_NAME),
    Listing("list_nova_references", _references),
    Listing("list_file_objects", _file_objects),
    Listing("list_workflow_files", _workflow_files),
    Listing("list_job_runs", _job_runs),
    Listing("list_attempts", _attempts),
    Listing("list_work_items", _work_items),
    Listing("resolve_name", _names),
    Listing("list_novae", _novae),
    Listing("scan_spectra_products", _spectra_scan),
    Listing("list_photometry_rows", _rows, photometry=True),
    Listing("get_regen_plan", _plan_lookup, found=None),
    Listing("find_active_regen_plan", _active_plan, found=None),
)
"""Every IFC-030 operation that reads more than one item."""


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.name)
def test_listings_read_every_page(twin: Twin, access: Access, listing: Listing) -> None:
    """A partition (or table) of four ~350 KB items spans pages; the listing returns all four,
    in order, as the model does (a lookup, the plan on the last page)."""
    listing_call, pk = listing.fill(twin, uuid4())
    spans = first_page_is_partial(access, pk, index=listing.index, photometry=listing.photometry)
    assert spans is not False, "the partition fits one page: the test would prove nothing"
    found = twin.run(listing_call)
    if listing.found is None:
        assert found is not None
    else:
        assert len(found) == listing.found
