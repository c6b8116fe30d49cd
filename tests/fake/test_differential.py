"""Differential test: the same generated operation sequences applied to the fake and to the
reference implementation on moto (``mock_aws``, table from ``create_table``) give identical
observable results.

Each example draws setup calls, then calls of one or two aggregates over small pools of ids
(skewed to the first id), so that creates collide, conditions refuse and transitions are
refused. Both wrappers read one shared manual clock: each call runs one second after the
previous one, ``advance`` steps add an hour or 16 minutes (past a lock's expiry) or make the
next call run at the same instant (a retry). After every call the return value (or the typed
error's class and classification) and the structured log records (but for latency and
counts) must be equal; after the sequence, every stored item must be equal (the lock holder
token, minted per call by ``uuid4``, is compared for presence only).

``NOVACAT_DIFFERENTIAL_EXAMPLES`` sets the number of examples (default 80);
``--hypothesis-show-statistics`` shows which calls ended how.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import timedelta
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from pydantic import BaseModel

from novacat_persistence.contracts.bucket_layout import photometry_key, raw_spectra_key
from novacat_persistence.contracts.clock import EPOCH, ManualClock
from novacat_persistence.contracts.deterministic_ids import spectra_product_id
from novacat_persistence.contracts.entities import (
    Attempt,
    FileObject,
    JobRun,
    Nova,
    NovaReference,
    Reference,
    WorkItem,
)
from novacat_persistence.contracts.enums import (
    AttemptStatus,
    DirtyType,
    FileRole,
    JobRunStatus,
    ManualReviewStatus,
    NameSource,
    NovaQuarantineReason,
    NovaReferenceRole,
    NovaStatus,
    ReferenceType,
    SpectraQuarantineReason,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey, WorkItemKey
from novacat_persistence.contracts.operations import (
    LockToken,
    PhotometryIngestion,
    RawObject,
    SpectraRegistration,
    ValidationOutcome,
)
from novacat_persistence.fake import create_fake_wrapper
from novacat_persistence.reference_impl import create_reference_wrapper, create_table

NOVAE = [uuid.UUID(int=0x1000 + n) for n in range(2)]
NAMES = ["nova alpha", "nova sco 2012 #2"]
PRODUCTS = [("ESO", "ADP.1"), ("MAST", "ADP.1")]
BIBCODES = ["2013ApJ...779...19S", "2020MNRAS.491.1234A"]
RUNS = [uuid.UUID(int=0x2000 + n) for n in range(2)]
LOCK_KEYS = ["initialize_nova:a:1.0.0:2025-03-01T12", "initialize_nova:b:1.0.0:2025-03-01T12"]
FINGERPRINTS = ["a" * 16, "b" * 16]
FILES = [uuid.UUID(int=0x3000 + n) for n in range(2)]
MINTED = ("holder_token",)
"""Attributes minted per call (uuid4): compared for presence only."""


def _product_key(nova: int, product: int) -> SpectraProductKey:
    provider, product_id = PRODUCTS[product]
    identity = f"provider_product_id:{product_id}"
    return SpectraProductKey(NOVAE[nova], provider, spectra_product_id(provider, identity))


def _run(nova: int, run: int, offset: int) -> JobRun:
    return JobRun(
        job_run_id=RUNS[run],
        workflow_name="initialize_nova",
        nova_id=NOVAE[nova],
        correlation_id=f"corr-{run}",
        started_at=EPOCH + timedelta(seconds=offset),
    )


def _run_key(nova: int, run: int, offset: int) -> JobRunKey:
    started = EPOCH + timedelta(seconds=offset)
    return JobRunKey("initialize_nova", started, RUNS[run], NOVAE[nova], None)


@dataclass
class Session:
    """One implementation under the sequence: its wrapper and the lock tokens it got."""

    wrapper: Any
    tokens: dict[int, LockToken] = field(default_factory=dict)


Step = Callable[[Session], Any]


@dataclass(frozen=True)
class Op:
    """A generated call: its description (shown by hypothesis) and what it does."""

    label: str
    run: Step

    def __repr__(self) -> str:
        return self.label


def op(label: str, run: Step) -> Op:
    return Op(label, run)


# Pool indexes, skewed to the first id so that calls meet the same items often.
nova = st.sampled_from([0, 0, 0, 1])
name = st.sampled_from([0, 0, 1])
product = st.sampled_from([0, 0, 1])
execution = st.sampled_from(["run-0", "run-1"])
"""The identity of the asking execution: the same one again is a retried task."""
run = st.sampled_from([0, 0, 1])
lock = st.sampled_from([0, 0, 1])
offset = st.integers(0, 2)


def _create_nova(n: int, m: int) -> Op:
    entity = Nova(nova_id=NOVAE[n], primary_name=NAMES[m].title(), primary_name_normalized=NAMES[m])
    return op(f"create_nova({n}, {m})", lambda s: s.wrapper.create_nova(entity))


def _validation(status: ValidationStatus, fingerprint: int) -> ValidationOutcome:
    reason = SpectraQuarantineReason.OTHER if status is ValidationStatus.QUARANTINED else None
    return ValidationOutcome(status, FINGERPRINTS[fingerprint], quarantine_reason_code=reason)  # type: ignore[arg-type]


def _raw(n: int, p: int, good: bool) -> RawObject:
    key = _product_key(n, p)
    s3_key = raw_spectra_key(key.nova_id, key.data_product_id) if good else "raw/elsewhere.fits"
    return RawObject("novacat-private", s3_key, 10, "etag", "c" * 64)


def _file(n: int, f: int, role: FileRole) -> FileObject:
    nova_id = NOVAE[n]
    key = photometry_key(nova_id) if role is FileRole.PHOTOMETRY_TABLE else f"misc/{f}.txt"
    return FileObject(
        file_id=FILES[f],
        role=role,
        nova_id=nova_id,
        bucket="novacat-private",
        key=key,
        created_by=f"ingest_photometry:{RUNS[0]}",
    )


def _quarantine(n: int, m: int, f: int) -> Op:
    nova = Nova(
        nova_id=NOVAE[n],
        primary_name=NAMES[m].title(),
        primary_name_normalized=NAMES[m],
        status=NovaStatus.QUARANTINED,
        quarantine_reason_code=NovaQuarantineReason.COORDINATE_AMBIGUITY,
    )
    context = FileObject(
        file_id=FILES[f],
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id="corr-q",
        bucket="novacat-private",
        key=f"quarantine/context-{f}.json",
        created_by=f"initialize_nova:{RUNS[0]}",
    )
    return op(
        f"quarantine_identity({n}, {m}, {f})",
        lambda s: s.wrapper.quarantine_identity(nova, context),
    )


def _attempt(n: int, r: int, number: int) -> Attempt:
    return Attempt(
        nova_id=NOVAE[n],
        job_run_id=RUNS[r],
        correlation_id=f"corr-{r}",
        task_name="AcquireSpectra",
        attempt_number=number,
        status=AttemptStatus.FAILED,
        created_at=EPOCH + timedelta(seconds=number),
    )


def _acquire(s: Session, k: int, r: int) -> Any:
    acquired = s.wrapper.acquire_lock(
        LOCK_KEYS[k], job_run_id=RUNS[r], workflow_name="initialize_nova", primary_id=str(r)
    )
    if acquired.token is not None:
        s.tokens[k] = acquired.token
    return acquired


def _with_token(s: Session, k: int, call: Callable[[LockToken], Any]) -> Any:
    token = s.tokens.get(k)
    return "no token" if token is None else call(token)


def _work_item(n: int, when: int) -> WorkItem:
    return WorkItem(
        nova_id=NOVAE[n],
        dirty_type=DirtyType.SPECTRA,
        source_workflow="refresh_references",
        job_run_id=RUNS[0],
        correlation_id="corr",
        ttl=int(EPOCH.timestamp()) + 86400,
        created_at=EPOCH + timedelta(seconds=when),
    )


def _register(n: int, p: int) -> Op:
    provider, product_id = PRODUCTS[p]
    registration = SpectraRegistration(NOVAE[n], provider, f"provider_product_id:{product_id}")
    return op(
        f"register_spectra_product({n}, {p})",
        lambda s: s.wrapper.register_spectra_product(registration),
    )


setup = st.one_of(
    st.builds(_create_nova, nova, name),
    st.builds(_register, nova, product),
    st.tuples(nova, run, offset).map(
        lambda a: op(f"begin_job_run{a}", lambda s: s.wrapper.begin_job_run(_run(*a)))
    ),
)
"""Calls that create what the others need: drawn first, so that later calls find items."""

GROUPS: dict[str, st.SearchStrategy[Op]] = {
    "files": st.one_of(
        st.tuples(
            nova,
            st.sampled_from([0, 0, 1]),
            st.sampled_from([FileRole.PHOTOMETRY_TABLE, FileRole.OTHER]),
        ).map(lambda a: op(f"put_file_object{a}", lambda s: s.wrapper.put_file_object(_file(*a)))),
        st.tuples(nova, st.none() | st.just(FileRole.OTHER)).map(
            lambda a: op(
                f"list_file_objects{a}", lambda s: s.wrapper.list_file_objects(NOVAE[a[0]], a[1])
            )
        ),
        st.builds(_quarantine, nova, name, st.sampled_from([0, 0, 1])),
        st.just(op("list_workflow_files()", lambda s: s.wrapper.list_workflow_files("corr-q"))),
    ),
    "identity": st.one_of(
        nova.map(lambda n: op(f"get_nova({n})", lambda s: s.wrapper.get_nova(NOVAE[n]))),
        name.map(lambda m: op(f"resolve_name({m})", lambda s: s.wrapper.resolve_name(NAMES[m]))),
        st.tuples(nova, name).map(
            lambda a: op(
                f"attach_alias{a}",
                lambda s: s.wrapper.attach_alias(
                    NOVAE[a[0]], NAMES[a[1]].upper(), NAMES[a[1]], NameSource.SIMBAD
                ),
            )
        ),
        st.tuples(nova, st.lists(st.sampled_from(["V1", "V2", "PNV J1"]), max_size=2)).map(
            lambda a: op(
                f"add_nova_aliases{a}", lambda s: s.wrapper.add_nova_aliases(NOVAE[a[0]], a[1])
            )
        ),
        st.tuples(
            nova, st.sampled_from(["2012-06-01", "2012-06-00"]), st.none() | st.just("2012-06-01")
        ).map(
            lambda a: op(
                f"set_discovery_date{a}",
                lambda s: s.wrapper.set_discovery_date(NOVAE[a[0]], a[1], expected=a[2]),
            )
        ),
        st.tuples(nova, name, name).map(
            lambda a: op(
                f"rename_primary{a}",
                lambda s: s.wrapper.rename_primary(
                    NOVAE[a[0]],
                    NAMES[a[1]].title(),
                    NAMES[a[1]],
                    expected_primary_name_normalized=NAMES[a[2]],
                ),
            )
        ),
    ),
    "spectra": st.one_of(
        st.tuples(nova, product).map(
            lambda a: op(
                f"get_spectra_product{a}",
                lambda s: s.wrapper.get_spectra_product(_product_key(*a)),
            )
        ),
        st.tuples(nova, product).map(
            lambda a: op(
                f"decide_acquisition{a}", lambda s: s.wrapper.decide_acquisition(_product_key(*a))
            )
        ),
        st.tuples(nova, product, st.booleans()).map(
            lambda a: op(
                f"record_raw_acquisition{a}",
                lambda s: s.wrapper.record_raw_acquisition(_product_key(a[0], a[1]), _raw(*a)),
            )
        ),
        st.tuples(nova, product, st.integers(0, 1), execution).map(
            lambda a: op(
                f"record_retryable_failure{a}",
                lambda s: s.wrapper.record_retryable_failure(
                    _product_key(a[0], a[1]), error_fingerprint=FINGERPRINTS[a[2]], execution=a[3]
                ),
            )
        ),
        st.tuples(
            nova,
            product,
            st.sampled_from(
                [
                    ValidationStatus.VALID,
                    ValidationStatus.QUARANTINED,
                    ValidationStatus.TERMINAL_INVALID,
                ]
            ),
            st.integers(0, 1),
            execution,
        ).map(
            lambda a: op(
                f"record_validation_result{a}",
                lambda s: s.wrapper.record_validation_result(
                    _product_key(a[0], a[1]), _validation(a[2], a[3]), execution=a[4]
                ),
            )
        ),
        st.tuples(nova, product, st.sampled_from(ManualReviewStatus), execution).map(
            lambda a: op(
                f"clear_quarantine{a}",
                lambda s: s.wrapper.clear_quarantine(
                    _product_key(a[0], a[1]), a[2], execution=a[3]
                ),
            )
        ),
        nova.map(
            lambda n: op(
                f"list_eligible_spectra({n})", lambda s: s.wrapper.list_eligible_spectra(NOVAE[n])
            )
        ),
        nova.map(
            lambda n: op(
                f"list_data_products({n})", lambda s: s.wrapper.list_data_products(NOVAE[n])
            )
        ),
    ),
    "photometry": st.one_of(
        nova.map(
            lambda n: op(
                f"ensure_photometry_table({n})",
                lambda s: s.wrapper.ensure_photometry_table(NOVAE[n]),
            )
        ),
        st.tuples(nova, st.sampled_from(["1.0.0", "1.1.0"]), execution).map(
            lambda a: op(
                f"record_photometry_ingestion{a}",
                lambda s: s.wrapper.record_photometry_ingestion(
                    NOVAE[a[0]],
                    PhotometryIngestion("aavso", "novacat-private", a[1]),
                    execution=a[2],
                ),
            )
        ),
    ),
    "references": st.one_of(
        st.tuples(st.integers(0, 1), st.sampled_from(["A title", "Another title"])).map(
            lambda a: op(
                f"upsert_reference{a}",
                lambda s: s.wrapper.upsert_reference(
                    Reference(
                        bibcode=BIBCODES[a[0]],
                        reference_type=ReferenceType.JOURNAL_ARTICLE,
                        title=a[1],
                    )
                ),
            )
        ),
        st.tuples(nova, st.integers(0, 1), st.sampled_from(NovaReferenceRole)).map(
            lambda a: op(
                f"link_nova_reference{a}",
                lambda s: s.wrapper.link_nova_reference(
                    NovaReference(nova_id=NOVAE[a[0]], bibcode=BIBCODES[a[1]], role=a[2])
                ),
            )
        ),
        nova.map(
            lambda n: op(
                f"list_nova_references({n})", lambda s: s.wrapper.list_nova_references(NOVAE[n])
            )
        ),
    ),
    "execution": st.one_of(
        st.tuples(
            nova, run, offset, st.sampled_from([JobRunStatus.SUCCEEDED, JobRunStatus.FAILED])
        ).map(
            lambda a: op(
                f"finalize_job_run{a}",
                lambda s: s.wrapper.finalize_job_run(_run_key(a[0], a[1], a[2]), a[3]),
            )
        ),
        nova.map(
            lambda n: op(f"list_job_runs({n})", lambda s: s.wrapper.list_job_runs(nova_id=NOVAE[n]))
        ),
        st.tuples(nova, run, offset).map(
            lambda a: op(f"get_job_run{a}", lambda s: s.wrapper.get_job_run(_run_key(*a)))
        ),
        st.tuples(nova, run, st.integers(1, 2)).map(
            lambda a: op(f"record_attempt{a}", lambda s: s.wrapper.record_attempt(_attempt(*a)))
        ),
        st.tuples(nova, run).map(
            lambda a: op(
                f"list_attempts{a}",
                lambda s: s.wrapper.list_attempts(NOVAE[a[0]], RUNS[a[1]]),
            )
        ),
    ),
    "locks": st.one_of(
        st.tuples(lock, run).map(lambda a: op(f"acquire_lock{a}", lambda s: _acquire(s, *a))),
        lock.map(
            lambda k: op(f"release_lock({k})", lambda s: _with_token(s, k, s.wrapper.release_lock))
        ),
        lock.map(
            lambda k: op(
                f"complete_lock({k})", lambda s: _with_token(s, k, s.wrapper.complete_lock)
            )
        ),
        st.tuples(st.integers(0, 1), run, st.integers(0, 2)).map(
            lambda a: op(
                f"record_step{a}",
                lambda s: s.wrapper.record_step(
                    StepKind.LINK, f"link:{a[0]}", job_run_id=RUNS[a[1]], result={"n": a[2]}
                ),
            )
        ),
    ),
    "work_queue": st.one_of(
        st.tuples(nova, offset).map(
            lambda a: op(
                f"enqueue_work_item{a}", lambda s: s.wrapper.enqueue_work_item(_work_item(*a))
            )
        ),
        (st.none() | nova).map(
            lambda n: op(
                f"list_work_items({n})",
                lambda s: s.wrapper.list_work_items(None if n is None else NOVAE[n]),
            )
        ),
        st.lists(st.tuples(nova, offset), max_size=3).map(
            lambda keys: op(
                f"delete_work_items({keys})",
                lambda s: s.wrapper.delete_work_items(
                    [
                        WorkItemKey(NOVAE[n], DirtyType.SPECTRA, EPOCH + timedelta(seconds=w))
                        for n, w in keys
                    ]
                ),
            )
        ),
    ),
}
"""The operations by aggregate: an example calls one or two aggregates, so that its calls
meet the same items often (a product registered, then validated, then listed)."""

advance = st.sampled_from([0, 3600, 16 * 60]).map(lambda sec: op(f"advance({sec}s)", lambda s: sec))
"""Moves the shared clock (16 minutes: past a lock's expiry). Every call runs one second after
the one before, except after ``advance(0s)``: then it runs at the same instant (a retry)."""


@st.composite
def sequences(draw: st.DrawFn) -> list[Op]:
    """Setup calls, then calls of one or two aggregates (and of setup), with clock moves."""
    chosen = draw(st.lists(st.sampled_from(sorted(GROUPS)), min_size=1, max_size=2, unique=True))
    focus = [GROUPS[g] for g in chosen]
    calls = st.one_of(setup, advance, *focus, *focus, *focus)
    return draw(st.lists(setup, max_size=6)) + draw(st.lists(calls, min_size=8, max_size=30))


def normalize(value: Any) -> Any:
    """The comparable form of a return value (minted tokens: presence only)."""
    if isinstance(value, BaseModel):
        dumped = value.model_dump(mode="json")
        return {k: (v is not None) if k in MINTED else v for k, v in dumped.items()}
    if isinstance(value, LockToken):
        return ("token", value.idempotency_key, value.job_run_id, value.expires_at)
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, [normalize(getattr(value, f.name)) for f in fields(value)])
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    return value


class Collector(logging.Handler):
    """Keeps the records of one wrapper's logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _logger() -> logging.Logger:
    logger = logging.getLogger(f"novacat_persistence.differential.{uuid.uuid4().hex}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(Collector())
    return logger


LOGGED_BY_BOTH = ("operation", "entity_type", "pk", "sk", "keys", "condition", "outcome")
"""Record fields both implementations must agree on (latency, request and capacity counts
depend on the backend)."""


def new_records(session: Session) -> list[dict[str, Any]]:
    """The comparable fields of the structured records since the last call (taken)."""
    [collector] = session.wrapper.logger.handlers
    taken, collector.records = collector.records, []
    return [{name: r.persistence[name] for name in LOGGED_BY_BOTH} for r in taken]


def observe(step: Op, session: Session) -> Any:
    """What a caller sees of one call: the normalized value, or the typed error."""
    try:
        return ("ok", normalize(step.run(session)))
    except PersistenceError as exc:
        return ("error", type(exc).__name__, exc.classification)


def _outcome(step: Op, observed: Any) -> str:
    """A statistics label: the operation and how it ended (``--hypothesis-show-statistics``)."""
    ending = "ok" if observed[0] == "ok" else observed[1]
    return f"{step.label.split('(')[0]} -> {ending}"


def stored_items(items: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Stored items by key, minted attributes compared for presence only."""
    return {
        (i["PK"]["S"], i["SK"]["S"]): {k: (True if k in MINTED else v) for k, v in i.items()}
        for i in items
    }


def moto_scan(client: Any, table: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"TableName": table, "ConsistentRead": True}
    while True:
        page = client.scan(**params)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture(scope="module")
def moto_client() -> Iterator[Any]:
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update({"AWS_ACCESS_KEY_ID": "differential", "AWS_SECRET_ACCESS_KEY": "x"})
    with mock_aws():
        yield boto3.client("dynamodb", region_name="us-east-1")
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@settings(
    max_examples=int(os.environ.get("NOVACAT_DIFFERENTIAL_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(sequence=sequences())
def test_fake_and_reference_on_moto_agree(moto_client: Any, sequence: list[Op]) -> None:
    table = f"differential-{uuid.uuid4().hex[:12]}"
    create_table(moto_client, table)
    try:
        clock = ManualClock()
        reference = Session(
            create_reference_wrapper(moto_client, table, clock=clock, logger=_logger())
        )
        fake = Session(create_fake_wrapper(clock=clock, logger=_logger()))
        same_instant = False
        for index, step in enumerate(sequence):
            if step.label.startswith("advance"):
                seconds = step.run(fake)
                clock.advance(timedelta(seconds=seconds))
                same_instant = seconds == 0
                continue
            if not same_instant:
                clock.advance(timedelta(seconds=1))
            same_instant = False
            expected = observe(step, reference)
            got = observe(step, fake)
            event(_outcome(step, expected))
            assert got == expected, f"step {index} {step.label}: fake {got!r} != ref {expected!r}"
            assert new_records(fake) == new_records(reference), f"step {index} {step.label}: log"
        want = stored_items(moto_scan(moto_client, table))
        have = stored_items(fake.wrapper.table.scan())
        assert have.keys() == want.keys()
        for key, item in want.items():
            assert have[key] == item, f"stored item {key} differs"
    finally:
        moto_client.delete_table(TableName=table)
