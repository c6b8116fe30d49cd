"""Suite 18, retried executions: Step Functions retries a failed task by running it again, so
the same logical call arrives as a new request, later, often after the first one was applied and
its answer lost. Every operation that counts, appends or transitions is re-executed as a
retried task would re-execute it: the same call with the same execution identity, two seconds
later on the clock,

- after a fault at each request position of the first try: a timeout before the request
  reaches the backend, and a timeout after it was applied (the answer lost);
- after a successful first try;

and what is stored (read raw) must be one execution's: the end state of one fault-free call at
the first try's instant or at the retry's, never a double count or a mixture. The retry is
answered with the stored item (after a successful first try: the first try's answer). A call
with another identity still counts (or is refused as a new call); a refused call is refused
again the same way. Where the operation promises it (a per-execution marker), a retry that
arrives after another execution's call still counts once. A call without its identity, or with
a malformed one, is refused before any request."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import pytest

from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.clock import EPOCH, ManualClock
from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import PersistedEntity, WorkItem
from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.contracts.enums import (
    DirtyType,
    JobRunStatus,
    ManualReviewStatus,
    NovaStatus,
    RegenPlanStatus,
    SpectraQuarantineReason,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    ConflictError,
    InputValidationError,
    InvalidTransitionError,
    LockHeldError,
    PersistenceError,
)
from novacat_persistence.contracts.fault_hook import Fault
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import WorkItemKey, item_key
from novacat_persistence.contracts.operations import (
    JobRunAnnotation,
    LockAcquisition,
    NovaPosition,
    PhotometryIngestion,
    RawObject,
    Stored,
    ValidationOutcome,
)
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import (
    key_of,
    new_job_run,
    new_nova,
    photometry_row,
    regen_plan,
    registration,
    run_key,
)
from novacat_persistence.suites.harness.fixtures import WrapperMaker
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.test_faults import snapshot

PREPARED_AT = EPOCH
FIRST_TRY_AT = EPOCH + timedelta(minutes=1)
RETRY_AT = FIRST_TRY_AT + timedelta(seconds=2)
"""Step Functions retries a task after a backoff (2 s first): the retry reads a later clock."""

FIRST = "execution-first"
OTHER = "execution-other"
"""The identities of the execution that retries its call, and of another execution."""

FAULTS = (Fault.TIMEOUT_BEFORE, Fault.TIMEOUT_AFTER)
"""Before the request is applied, and after it was applied with the answer lost."""

WORKFLOW = "acquire_and_validate_spectra"
BUCKET = "novacat-private"
PLAN_ARN = "arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:"


@dataclass
class Task:
    """One try of a task: the wrapper it calls, its clock, and the identity it passes
    (``execution`` None: the call is made without one; anything else is passed as it is)."""

    wrapper: PersistenceWrapper
    clock: ManualClock
    execution: Any

    def identity(self) -> dict[str, Any]:
        """The ``execution=`` keyword of the call (nothing when the task passes none)."""
        return {} if self.execution is None else {"execution": self.execution}

    @property
    def job_run_id(self) -> UUID:
        """The identity as a JobRun id (operations that take a UUID ``job_run_id``)."""
        return uuid5(NAMESPACE_URL, str(self.execution))

    @property
    def execution_arn(self) -> str:
        """The identity as a Step Functions execution ARN (the regeneration plans' claimer)."""
        return f"{PLAN_ARN}{self.execution}"


@dataclass(frozen=True)
class Retried:
    """An operation a retried task re-executes. ``prepare`` (fault-free) returns the call's
    context and the ids its items are keyed by; ``act`` is the call. ``counted`` reads the
    counter a call with another identity must increment; ``refused`` is the typed error a call
    with another identity gets instead (None for both: the identity is not a parameter).
    ``between`` is another execution's write that may fall between a call and its retry, and
    ``still_once`` checks the state afterwards (None: the operation makes no such promise).
    ``same_answer`` is False when the retry's answer may differ (it counts only its own
    effect). ``one_write`` is False when the call writes twice and its retry completes, at the
    retry's instant, a second write its first try did not reach (the end state mixes the two
    instants by the operation's own promise; the faults suite checks it converges)."""

    name: str
    prepare: Callable[[Task], tuple[Any, list[str]]]
    act: Callable[[Task, Any], Any]
    counted: Callable[[RawView, Any], int] | None = None
    refused: type[PersistenceError] | None = None
    between: Callable[[Task, Any], Any] | None = None
    still_once: Callable[[RawView, Any], list[str]] | None = None
    same_answer: bool = True
    one_write: bool = True

    @property
    def takes_identity(self) -> bool:
        """Whether the caller passes the execution's identity."""
        return self.counted is not None or self.refused is not None


# --- contexts and calls -----------------------------------------------------------------------


def _nova_id(_task: Task) -> tuple[Any, list[str]]:
    nova_id = uuid4()
    return nova_id, [str(nova_id)]


def _product(task: Task) -> tuple[Any, list[str]]:
    stored = task.wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item
    return key_of(stored), [str(stored.nova_id)]


QUARANTINE = ValidationOutcome(
    ValidationStatus.QUARANTINED,
    "q" * 16,
    quarantine_reason_code=SpectraQuarantineReason.UNKNOWN_PROFILE,
)


def _quarantined(task: Task) -> tuple[Any, list[str]]:
    key, ids = _product(task)
    task.wrapper.record_validation_result(key, QUARANTINE, execution="validation-run")
    return key, ids


def _run(task: Task, *, begin: bool) -> tuple[Any, list[str]]:
    run = new_job_run(started_at=PREPARED_AT, workflow=WORKFLOW)
    if begin:
        task.wrapper.begin_job_run(run)
    return run, [run.correlation_id, str(run.job_run_id)]


def _lock_key(_task: Task) -> tuple[Any, list[str]]:
    key = f"{WORKFLOW}:{uuid4()}:1.0.0:2025-03-01T12"
    return key, [key]


def _held(task: Task) -> tuple[Any, list[str]]:
    key, ids = _lock_key(task)
    acquired = task.wrapper.acquire_lock(
        key, job_run_id=uuid4(), workflow_name=WORKFLOW, primary_id="p"
    )
    return acquired.token, ids


def _nova(task: Task) -> tuple[Any, list[str]]:
    nova = new_nova()
    task.wrapper.create_nova(nova)
    return nova, [str(nova.nova_id), nova.nova_id.hex[:12]]


def _ingest(task: Task, nova_id: UUID) -> Any:
    ingestion = PhotometryIngestion("aavso", BUCKET, "1.0.0")
    return task.wrapper.record_photometry_ingestion(nova_id, ingestion, **task.identity())


def _ingestion_count(raw: RawView, nova_id: UUID) -> int:
    item = raw.get(str(nova_id), "PRODUCT#PHOTOMETRY_TABLE")
    return int(item["ingestion_count"]["N"]) if item else 0


def _attempts(raw: RawView, key: Any) -> int:
    item = raw.get(str(key.nova_id), f"PRODUCT#SPECTRA#{key.provider}#{key.data_product_id}")
    return int(item.get("attempt_count_total", {}).get("N", 0)) if item else 0


def _counted_twice(raw: RawView, nova_id: UUID) -> list[str]:
    count = _ingestion_count(raw, nova_id)
    return [] if count == 2 else [f"ingestion_count is {count} after two executions' ingestions"]


def _quarantine_again(task: Task, key: Any) -> Any:
    return task.wrapper.record_validation_result(key, QUARANTINE, execution="validation-again")


def _still_quarantined(raw: RawView, key: Any) -> list[str]:
    item = raw.get(str(key.nova_id), f"PRODUCT#SPECTRA#{key.provider}#{key.data_product_id}")
    status = item.get("validation_status", {}).get("S") if item else None
    if status == "QUARANTINED":
        return []
    return [f"the review's retry was applied to the new quarantine (product is {status})"]


def _raw_object(key: Any) -> RawObject:
    return RawObject(BUCKET, raw_spectra_key(key.nova_id, key.data_product_id), 10, "e", "0f" * 32)


def _rename(task: Task, nova: Any) -> Any:
    name = f"Renamed {nova.nova_id.hex[:12]}"
    return task.wrapper.rename_primary(
        nova.nova_id,
        name,
        name.lower(),
        expected_primary_name_normalized=nova.primary_name_normalized,
    )


def _queued(task: Task) -> tuple[Any, list[str]]:
    nova_id = uuid4()
    item = WorkItem(
        nova_id=nova_id,
        dirty_type=DirtyType.PHOTOMETRY,
        source_workflow="ingest_photometry",
        job_run_id="run",
        correlation_id="c",
        ttl=1_800_000_000,
        created_at=PREPARED_AT,
        updated_at=PREPARED_AT,
    )
    task.wrapper.enqueue_work_item(item)
    return item, [str(nova_id)]


def _plan(task: Task, *, claim: bool) -> tuple[Any, list[str]]:
    """A PENDING plan (claimed by the first execution when ``claim``)."""
    plan = regen_plan()
    task.wrapper.create_regen_plan(plan)
    if claim:
        task.wrapper.claim_regen_plan(plan.plan_id, f"{PLAN_ARN}{FIRST}")
    return plan, [str(plan.plan_id)]


def _results(task: Task, plan: Any) -> Any:
    results = [NovaResult(nova_id=n, success=True, spectra_count=2) for n in plan.nova_manifests]
    return task.wrapper.record_regen_results(
        plan.plan_id, results, execution_arn=task.execution_arn
    )


def _rows(task: Task) -> tuple[Any, list[str]]:
    nova_id = uuid4()
    task.wrapper.put_photometry_rows([photometry_row(nova_id, n) for n in range(3)])
    return nova_id, [str(nova_id)]


def _rows_ingested(task: Task, nova_id: UUID) -> Any:
    return task.wrapper.record_photometry_rows_ingested(
        nova_id, job_run_id=task.job_run_id, source="ticket_ingestion"
    )


ANNOTATION = JobRunAnnotation(
    quarantine_reason_code="OTHER", classification_reason="ambiguous", error_fingerprint="0a1b"
)
POSITION = NovaPosition(Decimal("52.799083"), Decimal("43.904667"), resolver_source="SIMBAD")


OPERATIONS = (
    Retried(
        "record_photometry_ingestion",
        _nova_id,
        _ingest,
        counted=_ingestion_count,
        between=_ingest,
        still_once=_counted_twice,
    ),
    Retried(
        "record_retryable_failure",
        _product,
        lambda task, key: task.wrapper.record_retryable_failure(
            key, error_fingerprint="f" * 16, **task.identity()
        ),
        counted=_attempts,
    ),
    Retried(
        "record_validation_result",
        _product,
        lambda task, key: task.wrapper.record_validation_result(
            key, ValidationOutcome(ValidationStatus.VALID, "c" * 16), **task.identity()
        ),
        refused=ConflictError,
    ),
    Retried(
        "clear_quarantine",
        _quarantined,
        lambda task, key: task.wrapper.clear_quarantine(
            key, ManualReviewStatus.CLEARED_RETRY_APPROVED, **task.identity()
        ),
        refused=InvalidTransitionError,
        between=_quarantine_again,
        still_once=_still_quarantined,
    ),
    Retried(
        "acquire_lock",
        _lock_key,
        lambda task, key: task.wrapper.acquire_lock(
            key, job_run_id=task.job_run_id, workflow_name=WORKFLOW, primary_id="p"
        ),
        refused=LockHeldError,
    ),
    Retried(
        "begin_job_run",
        lambda task: _run(task, begin=False),
        lambda task, run: task.wrapper.begin_job_run(
            run.model_copy(update={"started_at": task.clock.peek()})  # the retry's own clock
        ),
    ),
    Retried(
        "finalize_job_run",
        lambda task: _run(task, begin=True),
        lambda task, run: task.wrapper.finalize_job_run(run_key(run), JobRunStatus.SUCCEEDED),
    ),
    Retried("complete_lock", _held, lambda task, token: task.wrapper.complete_lock(token)),
    Retried("release_lock", _held, lambda task, token: task.wrapper.release_lock(token)),
    Retried(
        "record_step",
        _lock_key,
        lambda task, key: task.wrapper.record_step(
            StepKind.ACQUISITION, key, job_run_id=task.job_run_id, result={"n": 1}
        ),
    ),
    Retried(
        "record_raw_acquisition",
        _product,
        lambda task, key: task.wrapper.record_raw_acquisition(key, _raw_object(key)),
    ),
    Retried(
        "add_nova_aliases",
        _nova,
        lambda task, nova: task.wrapper.add_nova_aliases(nova.nova_id, ["V1369 Cen", "PNV J1"]),
    ),
    Retried(
        "set_discovery_date",
        _nova,
        lambda task, nova: task.wrapper.set_discovery_date(
            nova.nova_id, "2013-12-02", expected=None
        ),
    ),
    Retried("rename_primary", _nova, _rename),
    Retried(
        "claim_regen_plan",
        lambda task: _plan(task, claim=False),
        lambda task, plan: task.wrapper.claim_regen_plan(plan.plan_id, task.execution_arn),
        refused=InvalidTransitionError,
    ),
    Retried(
        "record_regen_results",
        lambda task: _plan(task, claim=True),
        _results,
        refused=InvalidTransitionError,
    ),
    Retried(
        "complete_regen_plan",
        lambda task: _plan(task, claim=True),
        lambda task, plan: task.wrapper.complete_regen_plan(
            plan.plan_id, RegenPlanStatus.COMPLETED, execution_arn=task.execution_arn
        ),
        refused=InvalidTransitionError,
    ),
    Retried(
        "record_photometry_rows_ingested",
        _rows,
        _rows_ingested,
        counted=_ingestion_count,
        one_write=False,
    ),
    Retried(
        "abandon_regen_plan",
        lambda task: _plan(task, claim=False),
        lambda task, plan: task.wrapper.abandon_regen_plan(plan.plan_id),
    ),
    Retried(
        "annotate_job_run",
        lambda task: _run(task, begin=True),
        lambda task, run: task.wrapper.annotate_job_run(run_key(run), ANNOTATION),
    ),
    Retried(
        "record_duplicate",
        _product,
        lambda task, key: task.wrapper.record_duplicate(
            key, duplicate_of=uuid5(key.nova_id, "canonical"), raw=_raw_object(key)
        ),
    ),
    Retried(
        "set_nova_position",
        _nova,
        lambda task, nova: task.wrapper.set_nova_position(nova.nova_id, POSITION, expected=None),
    ),
    Retried(
        "set_nova_visibility",
        _nova,
        lambda task, nova: task.wrapper.set_nova_visibility(
            nova.nova_id, NovaStatus.HIDDEN, expected=NovaStatus.ACTIVE
        ),
    ),
    Retried(
        "delete_work_items",
        _queued,
        lambda task, item: task.wrapper.delete_work_items(
            [WorkItemKey(item.nova_id, item.dirty_type, item.created_at)]
        ),
        same_answer=False,
    ),
)
"""Every IFC-030 operation that counts, appends or transitions (creates are idempotent by
their keys and are the fault suite's; operations that set values, ``upsert_reference``,
``set_nova_counts``, ``record_spectra_execution``, ``put_offset_cache``, count nothing: a
retry sets the same values again)."""


WITH_IDENTITY = tuple(o for o in OPERATIONS if o.takes_identity)
WITH_EXECUTION = tuple(
    o
    for o in WITH_IDENTITY
    if "execution" in inspect.signature(getattr(PersistenceWrapper, o.name)).parameters
)
"""The operations whose identity is the ``execution`` parameter IFC-030 2.0.0 added."""
MARKED = tuple(o for o in OPERATIONS if o.between is not None)
ONE_WRITE = tuple(o for o in OPERATIONS if o.one_write)


# --- the harness of one test ------------------------------------------------------------------


class Tries:
    """Builds the tries of one test on the candidate: each context starts on a fresh clock at
    :data:`PREPARED_AT`, so that every case's items carry the same instants."""

    def __init__(self, make_wrapper: WrapperMaker, raw: RawView) -> None:
        self._make_wrapper = make_wrapper
        self.raw = raw
        self._empty = raw.keys()

    def task(self, execution: Any = FIRST) -> Task:
        """A task on a fresh clock at :data:`PREPARED_AT` (the wrapper is the candidate's)."""
        clock = ManualClock(PREPARED_AT)
        return Task(self._make_wrapper(clock=clock), clock, execution)

    def fresh(self, operation: Retried, execution: Any = FIRST) -> tuple[Task, Any, list[str]]:
        """An empty table, a task and its prepared context; the clock then stands at the first
        try's instant."""
        self.raw.delete_except(self._empty)
        task = self.task(execution)
        context, ids = operation.prepare(task)
        task.clock.advance(FIRST_TRY_AT - PREPARED_AT)
        return task, context, ids

    def one_execution(self, operation: Retried, at: Any) -> str:
        """The stored state one fault-free call leaves when made at ``at``."""
        task, context, ids = self.fresh(operation)
        task.clock.advance(at - FIRST_TRY_AT)
        operation.act(task, context)
        return snapshot(self.raw, ids)


def _retry(task: Task, operation: Retried, context: Any) -> Any:
    """The retried task: the same call, two seconds later."""
    task.clock.advance(RETRY_AT - FIRST_TRY_AT)
    return operation.act(task, context)


def _entity_of(answer: Any) -> Any:
    if isinstance(answer, Stored):
        return answer.item
    if isinstance(answer, LockAcquisition):
        return answer.lock
    return answer


def _answer(answer: Any) -> Any:
    """What an answer says, ``created`` aside (a replay answers ``created=False``)."""
    if isinstance(answer, LockAcquisition):
        return (answer.outcome, answer.lock, answer.token)
    return _entity_of(answer)


def _not_the_stored_item(raw: RawView, answer: Any) -> list[str]:
    """The answer is the stored item (when it is one)."""
    entity = _entity_of(answer)
    if not isinstance(entity, PersistedEntity):
        return []
    stored = raw.get(*item_key(entity))
    if stored is None:
        return ["the retry answered with an item that is not stored"]
    return [] if decode(stored) == entity else ["the retry's answer is not the stored item"]


def _difference(expected: list[str], got: str) -> str:
    return f"end state is neither one execution's: got {got}\nwant one of {expected}"


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ONE_WRITE, ids=lambda o: o.name)
def test_a_retried_task_after_a_fault_leaves_one_execution(
    make_wrapper: WrapperMaker,
    raw: RawView,
    interceptor: RequestInterceptor,
    operation: Retried,
) -> None:
    """A fault at each request position of the first try (before apply, or after apply with
    the answer lost), then the retried task with the same identity: the stored state is one
    execution's and the retry answers with the stored item."""
    tries = Tries(make_wrapper, raw)
    once = [tries.one_execution(operation, FIRST_TRY_AT), tries.one_execution(operation, RETRY_AT)]
    task, context, _ids = tries.fresh(operation)
    before = interceptor.count()
    operation.act(task, context)
    positions = interceptor.count() - before
    assert positions > 0, "the operation sent no request"
    violations: list[str] = []
    for fault in FAULTS:
        for position in range(positions):
            task, context, ids = tries.fresh(operation)
            interceptor.arm(fault, position)
            try:
                operation.act(task, context)
            except PersistenceError as exc:
                if not exc.retryable:
                    violations.append(f"{fault.value} at {position}: {type(exc).__name__}")
                    continue
            finally:
                interceptor.disarm()
            try:
                answer = _retry(task, operation, context)
            except PersistenceError as exc:
                violations.append(f"{fault.value} at {position}: the retry raised {exc!r}")
                continue
            got = snapshot(raw, ids)
            where = f"{fault.value} at request {position}"
            if got not in once:
                violations.append(f"{where}: {_difference(once, got)}")
            violations += [f"{where}: {p}" for p in _not_the_stored_item(raw, answer)]
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.name)
def test_a_retried_task_after_success_changes_nothing(
    make_wrapper: WrapperMaker, raw: RawView, operation: Retried
) -> None:
    """The first try succeeds; the retried task (same identity, later clock) writes nothing
    and gets the first try's answer."""
    tries = Tries(make_wrapper, raw)
    task, context, ids = tries.fresh(operation)
    first = operation.act(task, context)
    applied = snapshot(raw, ids)
    again = _retry(task, operation, context)
    assert snapshot(raw, ids) == applied, "the retry changed what the first try stored"
    if operation.same_answer:
        assert _answer(again) == _answer(first), "the retry got another answer than the first"
    assert not _not_the_stored_item(raw, again)


@pytest.mark.parametrize("operation", WITH_IDENTITY, ids=lambda o: o.name)
def test_another_execution_still_counts(
    make_wrapper: WrapperMaker, raw: RawView, operation: Retried
) -> None:
    """After the first execution's call, another execution's call is a new call: it counts
    (or is refused as one, and refused again the same way when it retries, writing
    nothing)."""
    tries = Tries(make_wrapper, raw)
    task, context, ids = tries.fresh(operation)
    operation.act(task, context)
    other = Task(task.wrapper, task.clock, OTHER)
    if operation.counted is not None:
        other.clock.advance(RETRY_AT - FIRST_TRY_AT)
        operation.act(other, context)
        assert operation.counted(raw, context) == 2, "another execution's call was not counted"
        return
    assert operation.refused is not None
    before = snapshot(raw, ids)
    with pytest.raises(operation.refused):
        operation.act(other, context)
    with pytest.raises(operation.refused):
        _retry(other, operation, context)
    assert snapshot(raw, ids) == before, "a refused call wrote something"


@pytest.mark.parametrize("operation", MARKED, ids=lambda o: o.name)
def test_a_retry_after_another_executions_call_counts_once(
    make_wrapper: WrapperMaker,
    raw: RawView,
    interceptor: RequestInterceptor,
    operation: Retried,
) -> None:
    """The first try is applied and its answer lost; another execution's call writes the same
    item; then the retried task arrives: it is still recognized, and applies nothing."""
    tries = Tries(make_wrapper, raw)
    task, context, _ids = tries.fresh(operation)
    interceptor.arm(Fault.TIMEOUT_AFTER, 0)
    try:
        with pytest.raises(PersistenceError) as lost:
            operation.act(task, context)
    finally:
        interceptor.disarm()
    assert lost.value.retryable
    assert operation.between is not None and operation.still_once is not None
    operation.between(Task(task.wrapper, task.clock, OTHER), context)
    answer = _retry(task, operation, context)
    assert not operation.still_once(raw, context)
    assert not _not_the_stored_item(raw, answer)


@pytest.mark.parametrize("operation", WITH_EXECUTION, ids=lambda o: o.name)
def test_a_call_without_its_execution_is_refused_before_any_request(
    make_wrapper: WrapperMaker,
    raw: RawView,
    interceptor: RequestInterceptor,
    operation: Retried,
) -> None:
    """Leaving ``execution`` out (a caller of IFC-030 1.x) is refused with an error that names
    it, before any request; so is a malformed identity."""
    tries = Tries(make_wrapper, raw)
    for execution in (None, "", "x" * 257, "run\x00id", 42):
        task, context, ids = tries.fresh(operation)
        stored = snapshot(raw, ids)
        before = interceptor.count()
        if execution is None:
            with pytest.raises((TypeError, InputValidationError), match="execution"):
                operation.act(Task(task.wrapper, task.clock, None), context)
        else:
            with pytest.raises(InputValidationError):
                operation.act(Task(task.wrapper, task.clock, execution), context)
        assert interceptor.count() == before, f"{execution!r}: a request was sent"
        assert snapshot(raw, ids) == stored, f"{execution!r}: something was written"
