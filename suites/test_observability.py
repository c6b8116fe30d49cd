"""Suite 9, observability. The documented contract: every IFC-030 operation emits exactly one
:mod:`logging` record on the logger given to the factory, whose ``persistence`` attribute is a
mapping with at least ``operation`` (the method name), ``entity_type``, ``pk`` and ``sk``
(keys only), ``condition`` (``none`` / ``passed`` / ``refused``), ``outcome`` (``ok`` or the
typed error's class name), ``latency_ms`` (a number >= 0), ``retries`` (an int >= 0) and
``correlation_id`` (present, None when unset). Optional: ``consumed_capacity``
(``consumed_capacity_logs``) and ``requests`` (``request_count_logs``). Item values never
appear in a record, on success or on a refusal or error (nor in its message, arguments or
traceback); every operation names itself."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts.entities import FileObject
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    InputValidationError,
    LockHeldError,
    NotFoundError,
    PersistenceError,
    PointerLayoutError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import RawObject
from novacat_persistence.suites.harness.builders import (
    PROPERTY_SETTINGS,
    key_of,
    new_job_run,
    new_nova,
    registration,
)
from novacat_persistence.suites.harness.fixtures import RecordCollector
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.harness.log_contract import REQUIRED_FIELDS
from novacat_persistence.suites.harness.twin import Twin
from novacat_persistence.suites.model.calls import MARKER, Vocabulary
from novacat_persistence.suites.model.model import CALLS

SECRET = "SecretName-7c1e"


def _fields(collector: Any) -> list[dict[str, Any]]:
    found = []
    for record in collector.records:
        fields = getattr(record, "persistence", None)
        assert isinstance(fields, dict), (
            f"record {record.getMessage()!r} has no persistence mapping"
        )
        found.append(fields)
    return found


def _one_record(collector: Any, call: Callable[[], Any]) -> dict[str, Any]:
    collector.records.clear()
    with contextlib.suppress(PersistenceError):
        call()
    fields = _fields(collector)
    assert len(fields) == 1, f"{len(fields)} records for one operation"
    return fields[0]


def test_each_operation_emits_one_complete_record(
    wrapper: PersistenceWrapper, log_records: RecordCollector
) -> None:
    """Each operation emits exactly one record carrying every required field."""
    nova = new_nova(SECRET)
    product = wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item
    calls: dict[str, Callable[[], Any]] = {
        "create_nova": lambda: wrapper.create_nova(nova),
        "get_nova": lambda: wrapper.get_nova(nova.nova_id),
        "ensure_photometry_table": lambda: wrapper.ensure_photometry_table(nova.nova_id),
        "record_retryable_failure": lambda: wrapper.record_retryable_failure(
            key_of(product), error_fingerprint="f" * 16, execution=uuid4()
        ),
        "list_eligible_spectra": lambda: wrapper.list_eligible_spectra(product.nova_id),
        "begin_job_run": lambda: wrapper.begin_job_run(new_job_run(nova_id=nova.nova_id)),
    }
    for operation, call in calls.items():
        fields = _one_record(log_records, call)
        missing = [name for name in REQUIRED_FIELDS if name not in fields]
        assert not missing, f"{operation}: missing {missing}"
        assert fields["operation"] == operation
        assert isinstance(fields["entity_type"], str) and fields["entity_type"]
        assert isinstance(fields["pk"], str) and fields["pk"]
        assert isinstance(fields["latency_ms"], (int, float)) and fields["latency_ms"] >= 0
        assert isinstance(fields["retries"], int) and fields["retries"] >= 0
        assert fields["outcome"] == "ok"


def test_a_refused_condition_is_logged_with_its_typed_outcome(
    wrapper: PersistenceWrapper, log_records: RecordCollector
) -> None:
    """A refused condition is logged as refused with the typed error's name; a passed one as
    passed."""
    run = new_job_run()
    wrapper.begin_job_run(run)
    other = run.model_copy(update={"workflow_name": "ingest_photometry"})  # another execution
    fields = _one_record(log_records, lambda: wrapper.begin_job_run(other))
    assert fields["condition"] == "refused"
    assert fields["outcome"] == AlreadyExistsError.__name__
    ok = _one_record(log_records, lambda: wrapper.begin_job_run(new_job_run()))
    assert ok["condition"] == "passed"


def test_item_values_never_reach_the_log(
    wrapper: PersistenceWrapper, log_records: RecordCollector
) -> None:
    """Item values (a primary name) never appear in a record."""
    nova = new_nova(f"{SECRET} Cyg")
    wrapper.create_nova(nova)
    wrapper.get_nova(nova.nova_id)
    for record in log_records.records:
        text = f"{record.getMessage()} {getattr(record, 'persistence', '')}"
        assert SECRET not in text, "the primary name (an item value) was logged"


def test_refusals_and_errors_log_one_record_without_item_values(twin: Twin) -> None:
    """A refused or failed call (a condition refused, a missing item, a held lock, input
    refused before any request) emits exactly one record naming the operation and the typed
    error's class, and no item value: neither the stored item the error carries nor the values
    its message quotes."""
    nova = new_nova(f"{MARKER} Nova")
    twin.call("create_nova", nova)
    key = f"initialize_nova:{uuid4()}"
    lock = {"workflow_name": "initialize_nova", "primary_id": f"{MARKER} primary"}
    twin.call("acquire_lock", key, job_run_id=uuid4(), **lock)
    product = twin.call("register_spectra_product", registration(uuid4(), str(uuid4()))).item
    outside = RawObject("novacat-private", f"raw/{MARKER}/primary.fits", 1, "e", "0f" * 32)
    refusals: list[tuple[type[PersistenceError], str, tuple[Any, ...], dict[str, Any]]] = [
        (AlreadyExistsError, "create_nova", (nova.model_copy(update={"ra_deg": 1.5}),), {}),
        (ConflictError, "create_nova", (new_nova(nova.primary_name),), {}),
        (NotFoundError, "add_nova_aliases", (uuid4(), [f"{MARKER} alias"]), {}),
        (LockHeldError, "acquire_lock", (key,), {"job_run_id": uuid4(), **lock}),
        (PointerLayoutError, "record_raw_acquisition", (key_of(product), outside), {}),
        (InputValidationError, "quarantine_identity", (nova, _context()), {}),
    ]
    for error, operation, args, kwargs in refusals:
        twin.fails(error, operation, *args, **kwargs)


def _context() -> FileObject:
    correlation_id = f"corr-{uuid4()}"
    return FileObject(
        file_id=uuid4(),
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id=correlation_id,
        bucket="novacat-private",
        key=f"quarantine/identity/{correlation_id}/{MARKER}.json",
        created_by=f"initialize_nova:{uuid4()}",
    )


@given(data=st.data())
@settings(PROPERTY_SETTINGS, max_examples=1)
def test_every_operation_logs_one_record_naming_itself(twin: Twin, data: st.DataObject) -> None:
    """Every operation (one call of each, in the interface's order) emits exactly one record
    whose ``operation`` is the method's name and whose fields are complete, without item
    values."""
    vocabulary = Vocabulary()
    for spec in CALLS:
        twin.run(data.draw(spec.strategy(vocabulary, twin.model), label=spec.operation))


@pytest.mark.conformance_capability("consumed_capacity_logs")
def test_consumed_capacity_is_reported(
    wrapper: PersistenceWrapper, log_records: RecordCollector
) -> None:
    """Records report consumed capacity (capability consumed_capacity_logs)."""
    fields = _one_record(log_records, lambda: wrapper.ensure_photometry_table(uuid4()))
    assert "consumed_capacity" in fields
    assert fields["consumed_capacity"] is None or fields["consumed_capacity"] >= 0


@pytest.mark.conformance_capability("request_count_logs")
def test_request_count_is_reported(
    wrapper: PersistenceWrapper, log_records: RecordCollector, interceptor: RequestInterceptor
) -> None:
    """Records report the number of requests sent (capability request_count_logs)."""
    before = interceptor.count()
    fields = _one_record(log_records, lambda: wrapper.ensure_photometry_table(uuid4()))
    assert fields["requests"] == interceptor.count() - before
