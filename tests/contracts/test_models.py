"""Entity model rules: types, ranges, cross-field invariants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from novacat_persistence.contracts.deterministic_ids import composite_id
from novacat_persistence.contracts.entities import (
    CompositeSpectra,
    FileObject,
    JobRun,
    Nova,
    Reference,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import FileRole, JobRunStatus
from novacat_persistence.contracts.types import format_utc

NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")


def nova(**fields: object) -> Nova:
    return Nova.model_validate(
        {
            "nova_id": NOVA,
            "primary_name": "V1500 Cyg",
            "primary_name_normalized": "v1500 cyg",
            **fields,
        }
    )


def test_timestamps_must_be_utc() -> None:
    with pytest.raises(ValidationError, match="timezone info"):
        nova(created_at=datetime(2025, 1, 1))
    with pytest.raises(ValidationError, match="offset of 0"):
        nova(created_at=datetime(2025, 1, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))))
    with pytest.raises(ValidationError, match="offset of 0"):
        nova(created_at="2025-01-01T14:00:00+02:00")
    plus_two = datetime(2025, 1, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert nova(created_at=plus_two.astimezone(UTC)).created_at == plus_two
    assert nova(created_at="2025-01-01T12:00:00Z").created_at == plus_two


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ra_deg", 360.0),
        ("ra_deg", -0.5),
        ("dec_deg", 90.5),
        ("dec_deg", float("nan")),
        ("ra_deg", float("inf")),
    ],
)
def test_coordinates_are_bounded_and_finite(field: str, value: float) -> None:
    with pytest.raises(ValidationError, match=field):
        nova(**{field: value})


def test_coordinates_accept_exact_decimal_text_only() -> None:
    assert nova(ra_deg="359.99999").ra_deg == 359.99999
    with pytest.raises(ValidationError, match="exact float"):
        nova(ra_deg="0.1000000000000000000001")
    with pytest.raises(ValidationError, match="boolean"):
        nova(ra_deg=True)


@pytest.mark.parametrize("date", ["2012-08-00", "1975-08-29"])
def test_discovery_date_allows_unknown_day(date: str) -> None:
    assert nova(discovery_date=date).discovery_date == date


@pytest.mark.parametrize("date", ["2012-13-01", "2012-8-1", "12-08-01", "2012-08-32"])
def test_malformed_discovery_dates_are_refused(date: str) -> None:
    with pytest.raises(ValidationError, match="discovery_date"):
        nova(discovery_date=date)


def test_unknown_fields_and_wrong_enums_are_refused() -> None:
    with pytest.raises(ValidationError, match="prmary_name"):
        nova(prmary_name="typo")
    with pytest.raises(ValidationError, match="status"):
        nova(status="SLEEPING")


def test_entities_are_immutable() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        nova().primary_name = "other"  # type: ignore[misc]


def test_a_valid_spectra_product_cannot_be_eligible() -> None:
    with pytest.raises(ValidationError, match="VALID product cannot be eligible"):
        SpectraProduct(
            nova_id=NOVA,
            data_product_id=uuid4(),
            provider="ESO",
            locator_identity="provider_product_id:x",
            validation_status="VALID",
            eligibility="ACQUIRE",
        )


@given(
    st.lists(
        st.sampled_from([UUID(int=n) for n in (0, 9, 10, 15, 16, 2**64, 2**127, 2**128 - 1)])
        | st.uuids(),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.uuids(), max_size=3),
)
def test_a_composite_accepts_exactly_ids_sorted_by_their_texts(
    constituents: list[UUID], rejected: list[UUID]
) -> None:
    cid = composite_id(constituents)
    fields = {"nova_id": NOVA, "data_product_id": cid, "composite_id": cid, "provider": "ESO"}
    fields |= {"constituent_data_product_ids": constituents, "composite_fingerprint": "abc"}

    def composite() -> CompositeSpectra:
        return CompositeSpectra.model_validate(fields | {"rejected_data_product_ids": rejected})

    texts_sorted = all(
        [str(i) for i in ids] == sorted(str(i) for i in ids) for ids in (constituents, rejected)
    )
    if texts_sorted:
        composite()
    else:
        with pytest.raises(ValidationError, match="must be sorted"):
            composite()


def test_composite_identity_and_sorted_ids() -> None:
    ids = sorted([uuid4(), uuid4()], key=str)
    cid = composite_id(ids)
    made = CompositeSpectra(
        nova_id=NOVA,
        data_product_id=cid,
        composite_id=cid,
        provider="ESO",
        constituent_data_product_ids=ids,
        composite_fingerprint="abc",
    )
    assert made.validation_status == "VALID" and made.eligibility == "NONE"
    with pytest.raises(ValidationError, match="sorted"):
        CompositeSpectra(
            nova_id=NOVA,
            data_product_id=cid,
            composite_id=cid,
            provider="ESO",
            constituent_data_product_ids=list(reversed(ids)),
            composite_fingerprint="abc",
        )
    with pytest.raises(ValidationError, match="must equal"):
        CompositeSpectra(
            nova_id=NOVA,
            data_product_id=uuid4(),
            composite_id=cid,
            provider="ESO",
            constituent_data_product_ids=ids,
            composite_fingerprint="abc",
        )
    with pytest.raises(ValidationError, match="VALID"):
        CompositeSpectra(
            nova_id=NOVA,
            data_product_id=cid,
            composite_id=cid,
            provider="ESO",
            constituent_data_product_ids=ids,
            composite_fingerprint="abc",
            validation_status="QUARANTINED",
        )


@pytest.mark.parametrize(
    ("role", "ids", "message"),
    [
        (FileRole.WORKFLOW_QUARANTINE_CONTEXT, {}, "correlation_id"),
        (FileRole.SPECTRA_RAW_FITS, {}, "nova_id"),
        (FileRole.SPECTRA_PLOT, {"nova_id": NOVA}, "data_product_id"),
    ],
)
def test_file_objects_need_the_ids_of_their_role(
    role: FileRole, ids: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        FileObject(
            file_id=uuid4(), role=role, bucket="b", key="k", created_by=f"wf:{uuid4()}", **ids
        )


def test_file_object_created_by_names_workflow_and_run() -> None:
    with pytest.raises(ValidationError, match="created_by"):
        FileObject(
            file_id=uuid4(),
            role=FileRole.OTHER,
            nova_id=NOVA,
            bucket="b",
            key="k",
            created_by="nobody",
        )


def test_job_run_end_time_follows_status() -> None:
    started = datetime(2025, 1, 1, tzinfo=UTC)
    base = {
        "job_run_id": uuid4(),
        "workflow_name": "initialize_nova",
        "correlation_id": "c",
        "started_at": started,
    }
    with pytest.raises(ValidationError, match="needs ended_at"):
        JobRun.model_validate({**base, "status": JobRunStatus.SUCCEEDED})
    with pytest.raises(ValidationError, match="cannot have ended_at"):
        JobRun.model_validate({**base, "ended_at": started})
    with pytest.raises(ValidationError, match="workflow_name"):
        JobRun.model_validate({**base, "workflow_name": "Initialize#Nova"})


@pytest.mark.parametrize("bibcode", ["2013ATel.4934....1W", "2019A&A...622A.136S"])
def test_bibcodes(bibcode: str) -> None:
    assert Reference(bibcode=bibcode, reference_type="atel").bibcode == bibcode


@pytest.mark.parametrize(
    "bibcode", ["2013ATel.4934...1W", "2013ATel#4934....1W", "ABCDATel.4934....1W"]
)
def test_malformed_bibcodes(bibcode: str) -> None:
    with pytest.raises(ValidationError, match="bibcode"):
        Reference(bibcode=bibcode, reference_type="atel")


@pytest.mark.parametrize(
    ("micro", "text"),
    [
        (0, "2025-03-01T12:00:00Z"),
        (123000, "2025-03-01T12:00:00.123Z"),
        (123456, "2025-03-01T12:00:00.123456Z"),
    ],
)
def test_canonical_timestamp_form(micro: int, text: str) -> None:
    assert format_utc(datetime(2025, 3, 1, 12, 0, 0, micro, tzinfo=UTC)) == text


_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


@given(
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=_OFFSETS)
)
def test_a_canonical_timestamp_is_its_instant_in_utc(when: datetime) -> None:
    text = format_utc(when)
    assert text.endswith("Z") and datetime.fromisoformat(text) == when
    assert text[:19] == when.astimezone(UTC).isoformat()[:19]


def test_provenance_does_not_affect_equality() -> None:
    from novacat_persistence.contracts.entities import Provenance

    a, b = nova(), nova()
    b = b.model_copy(update={"created_at": a.created_at, "updated_at": a.updated_at})
    b.attach_read_provenance(Provenance("1.0.0"))
    assert a == b and b.read_provenance is not None and a.read_provenance is None
