"""Suite 8, hostile input: ``#`` in delimited key components, empty strings, keys over the
UTF-8 byte limits, NUL and lone surrogates, NaN / infinities / numbers beyond 38 digits, items
over 400 KB, wrong enum values, naive datetimes. Each call raises a typed
InputValidationError before any request is sent (the client hook counts zero requests),
nothing is written, and nothing raw escapes. Entities pydantic would refuse are built with
``model_construct`` to reach the wrapper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import (
    JobRun,
    Nova,
    OffsetCache,
    PhotometryRow,
    RegenBatchPlan,
)
from novacat_persistence.contracts.enums import NameSource, NovaStatus
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import NovaPosition, SpectraRegistration
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness import strategies as hs
from novacat_persistence.suites.harness.builders import (
    PROPERTY_SETTINGS,
    new_job_run,
    photometry_row,
    regen_plan,
)
from novacat_persistence.suites.harness.fixtures import WrapperMaker
from novacat_persistence.suites.harness.interception import RequestInterceptor

Call = Callable[[Any], Any]


def _register(
    provider: str = "ESO", identity: str = "provider_product_id:X", hints: Any = None
) -> Call:
    registration = SpectraRegistration(
        nova_id=uuid4(), provider=provider, locator_identity=identity, hints=hints or {}
    )
    return lambda w: w.register_spectra_product(registration)


def _nova(**fields: Any) -> Call:
    nova_id = uuid4()
    base: dict[str, Any] = {
        "nova_id": nova_id,
        "primary_name": f"Hostile {nova_id}",
        "primary_name_normalized": f"hostile {nova_id}",
        "status": "ACTIVE",
        "aliases": [],
        "coord_frame": "ICRS",
        "coord_epoch": "J2000",
    }
    nova = Nova.model_construct(**(base | fields))
    return lambda w: w.create_nova(nova)


def _job_run(**fields: Any) -> Call:
    valid = new_job_run().model_dump()
    run = JobRun.model_construct(**(valid | fields))
    return lambda w: w.begin_job_run(run)


def _lock(key: str = "k", workflow: str = "initialize_nova", primary: str = "p") -> Call:
    return lambda w: w.acquire_lock(
        key, job_run_id=uuid4(), workflow_name=workflow, primary_id=primary
    )


def _alias(name: str) -> Call:
    return lambda w: w.attach_alias(uuid4(), name, name, NameSource.SIMBAD)


def _row(**fields: Any) -> Call:
    valid = photometry_row(uuid4(), 0).model_dump()
    row = PhotometryRow.model_construct(**(valid | fields))
    return lambda w: w.put_photometry_rows([photometry_row(row.nova_id, 1), row])


def _plan(**fields: Any) -> Call:
    plan = RegenBatchPlan.model_construct(**(regen_plan().model_dump() | fields))
    return lambda w: w.create_regen_plan(plan)


def _offset_cache(**fields: Any) -> Call:
    valid: dict[str, Any] = {
        "nova_id": uuid4(),
        "regime": "optical",
        "band_offsets": {},
        "band_observation_counts": {},
        "band_set_hash": "b4" * 32,
        "computed_at": EPOCH,
        "created_at": EPOCH,
        "updated_at": EPOCH,
    }
    cache = OffsetCache.model_construct(**(valid | fields))
    return lambda w: w.put_offset_cache(cache)


def _position(ra: Any) -> Call:
    return lambda w: w.set_nova_position(uuid4(), NovaPosition(ra, 0), expected=None)


CATEGORIES: dict[str, st.SearchStrategy[tuple[str, Call]]] = {
    "hash_in_delimited_component": st.one_of(
        hs.hostile_inner_components.map(lambda v: (f"provider {v!r}", _register(provider=v))),
        hs.hostile_inner_components.map(lambda v: (f"workflow {v!r}", _job_run(workflow_name=v))),
        hs.hostile_inner_components.map(lambda v: (f"lock workflow {v!r}", _lock(workflow=v))),
    ),
    "empty_string": st.sampled_from(
        [
            ("empty provider", _register(provider="")),
            ("empty locator identity", _register(identity="")),
            ("empty nova name", _nova(primary_name_normalized="")),
            ("empty idempotency key", _lock(key="")),
            ("empty execution arn", lambda w: w.claim_regen_plan(uuid4(), "")),
            ("empty offset cache regime", _offset_cache(regime="")),
            ("empty row band", _row(band_id="")),
        ]
    ),
    "key_over_byte_limit": st.one_of(
        hs.oversized_components.map(lambda v: ("locator over 2048 bytes", _register(identity=v))),
        hs.oversized_multibyte_components.map(
            lambda v: ("provider over 1024 bytes", _register(provider=v))
        ),
        hs.oversized_components.map(
            lambda v: ("nova name over 2048 bytes", _nova(primary_name_normalized=v))
        ),
        hs.oversized_components.map(lambda v: ("idempotency key over 2048 bytes", _lock(key=v))),
    ),
    "nul_characters": st.one_of(
        hs.nul_text.map(lambda v: (f"locator {v!r}", _register(identity=v))),
        hs.nul_text.map(lambda v: (f"offset cache regime {v!r}", _offset_cache(regime=v))),
        hs.nul_text.map(lambda v: (f"nova name {v!r}", _nova(primary_name_normalized=v))),
        hs.nul_text.map(lambda v: (f"alias {v!r}", _alias(v))),
    ),
    "lone_surrogates": st.one_of(
        hs.lone_surrogate_text.map(lambda v: (f"locator {v!r}", _register(identity=v))),
        hs.lone_surrogate_text.map(
            lambda v: (f"nova name {v!r}", _nova(primary_name_normalized=v))
        ),
        hs.lone_surrogate_text.map(lambda v: (f"alias {v!r}", _alias(v))),
    ),
    "non_storable_numbers": st.one_of(
        hs.non_storable_numbers.map(lambda v: (f"hint {v!r}", _register(hints={"n": v}))),
        hs.non_storable_numbers.map(lambda v: (f"ra_deg {v!r}", _nova(ra_deg=v))),
        hs.non_storable_numbers.map(lambda v: (f"row magnitude {v!r}", _row(magnitude=v))),
        hs.non_storable_numbers.map(lambda v: (f"position ra {v!r}", _position(v))),
    ),
    "item_over_400_kb": st.one_of(
        hs.oversized_documents.map(lambda v: ("item over 400 KB", _register(hints=v))),
        hs.oversized_documents.map(lambda v: ("row over 400 KB", _row(notes=v["blob"]))),
    ),
    "wrong_enum_values": st.one_of(
        hs.wrong_enum_values.map(lambda v: (f"nova status {v!r}", _nova(status=v))),
        hs.wrong_enum_values.map(lambda v: (f"job run status {v!r}", _job_run(status=v))),
        hs.wrong_enum_values.map(
            lambda v: (
                f"visibility {v!r}",
                lambda w: w.set_nova_visibility(uuid4(), v, expected=NovaStatus.ACTIVE),
            )
        ),
        hs.wrong_enum_values.map(
            lambda v: (
                f"plan ending {v!r}",
                lambda w: w.complete_regen_plan(uuid4(), v, execution_arn="arn:x"),
            )
        ),
    ),
    "naive_datetimes": st.one_of(
        hs.naive_datetimes.map(lambda v: (f"naive started_at {v}", _job_run(started_at=v))),
        hs.naive_datetimes.map(lambda v: (f"naive plan created_at {v}", _plan(created_at=v))),
        hs.naive_datetimes.map(lambda v: (f"naive row ingested_at {v}", _row(ingested_at=v))),
    ),
}
"""Hostile calls by category: each must be refused before any request."""


@pytest.mark.parametrize("category", sorted(CATEGORIES))
@given(data=st.data())
@PROPERTY_SETTINGS
def test_hostile_input_is_refused_before_any_request(
    wrapper: PersistenceWrapper,
    raw: RawView,
    interceptor: RequestInterceptor,
    category: str,
    data: st.DataObject,
) -> None:
    """Each hostile input category raises InputValidationError with zero requests sent and nothing
    written."""
    what, call = data.draw(CATEGORIES[category], label="call")
    before = interceptor.count()
    try:
        call(wrapper)
    except InputValidationError:
        pass
    except Exception as exc:
        pytest.fail(f"{what}: raised {type(exc).__module__}.{type(exc).__name__}: {exc!s:.200}")
    else:
        pytest.fail(f"{what}: accepted")
    assert interceptor.count() == before, f"{what}: requests were sent before refusing"
    assert raw.scan() == [], f"{what}: something was written"
    assert raw.photometry.scan() == [], f"{what}: a photometry row was written"


def test_empty_fingerprint_is_refused_before_any_request(
    wrapper: PersistenceWrapper, interceptor: RequestInterceptor
) -> None:
    """An empty error fingerprint is refused before any request."""
    key = SpectraProductKey(uuid4(), "ESO", uuid4())
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.record_retryable_failure(key, error_fingerprint="", execution=uuid4())
    assert interceptor.count() == before


def test_naive_clock_is_refused(make_wrapper: WrapperMaker, raw: RawView) -> None:
    """A clock returning naive datetimes makes writes fail typed, nothing written."""
    naive = make_wrapper(clock=lambda: datetime(2025, 3, 1, 12, 0))
    with pytest.raises(InputValidationError):
        naive.ensure_photometry_table(uuid4())
    assert raw.scan() == []
