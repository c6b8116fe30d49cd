"""Small builders the suites share: entities with fresh ids, keys of what was stored, and the
hypothesis settings every suite property runs under."""

from __future__ import annotations

from datetime import UTC, datetime
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
    SpectraProduct,
)
from novacat_persistence.contracts.enums import FileRole, NovaReferenceRole
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.contracts.raw_view import RawView
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


def stored_item(raw: RawView, pk: str, sk: str) -> Item:
    """The item stored at ``pk``/``sk``; fails the test when nothing is stored there."""
    item = raw.get(pk, sk)
    assert item is not None, f"nothing is stored at ({pk!r}, {sk!r})"
    return item
