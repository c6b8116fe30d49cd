"""Thread safety: 16 threads released together by a barrier against one fake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.errors import LockHeldError, PersistenceError
from novacat_persistence.contracts.operations import PhotometryIngestion, SpectraRegistration
from novacat_persistence.fake import FakeTable, FakeWrapper, create_fake_wrapper
from novacat_persistence.fake.expressions import Placeholders, compile_update
from novacat_persistence.suites.harness.races import release_together

THREADS = 16


def race(call: Callable[[int], Any]) -> list[Any]:
    """Run ``call(i)`` on 16 threads released together; return results or exceptions."""
    return release_together(THREADS, call)


def _wrapper() -> FakeWrapper:
    return create_fake_wrapper(clock=ManualClock(tick=timedelta(milliseconds=1)))


def test_one_lock_winner_among_16_threads() -> None:
    wrapper = _wrapper()
    for round_ in range(20):
        key = f"initialize_nova:{round_}:1.0.0:2025-03-01T12"
        results = race(
            lambda i, key=key: wrapper.acquire_lock(
                key, job_run_id=uuid4(), workflow_name="initialize_nova", primary_id=str(i)
            )
        )
        winners = [r for r in results if not isinstance(r, Exception)]
        assert len(winners) == 1
        assert all(isinstance(r, LockHeldError) for r in results if isinstance(r, Exception))


def test_concurrent_registrations_leave_one_stub() -> None:
    wrapper = _wrapper()
    nova_id = uuid4()
    registration = SpectraRegistration(nova_id, "ESO", "provider_product_id:ADP.1")
    results = race(lambda _i: wrapper.register_spectra_product(registration))
    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(r.created for r in results) == 1
    assert len({r.item.data_product_id for r in results}) == 1
    assert len(wrapper.table.partition(str(nova_id))) == 1


def test_concurrent_ingestions_are_all_counted() -> None:
    wrapper = _wrapper()
    nova_id = uuid4()
    ingestion = PhotometryIngestion("aavso", "novacat-private", "1.0.0")
    results = race(
        lambda i: wrapper.record_photometry_ingestion(nova_id, ingestion, execution=f"run-{i}")
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, PersistenceError) and e.retryable for e in errors)
    table = wrapper.get_photometry_table(nova_id)
    assert table is not None and table.ingestion_count == THREADS - len(errors)


def test_store_updates_from_16_threads_lose_nothing() -> None:
    table = FakeTable()
    table.write({"PK": {"S": "P"}, "SK": {"S": "C"}, "n": {"N": "0"}})
    update = compile_update("ADD #n :one")
    env = Placeholders({"#n": "n"}, {":one": {"N": "1"}})
    key = {"PK": {"S": "P"}, "SK": {"S": "C"}}

    def bump(_i: int) -> None:
        for _ in range(200):
            table.update("P", "C", lambda stored: update.apply(stored, key, env), None)

    race(bump)
    assert table.read("P", "C") == {**key, "n": {"N": str(THREADS * 200)}}
