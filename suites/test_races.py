"""Suite 5, conditional-write races: N threads released together (``--race-threads``, default
8) run one logical operation for R rounds (``--race-rounds``, default 3), with every write
held at a gate until every racer has done its reads: every round forces the interleaving.
Each round's history must satisfy the operation's invariant: exactly one winner, counters
equal to successful increments, one stub per product, one JobRun per id, one claimer per plan,
each photometry row and each ingestion run once, one position and one visibility move over the
expected value, one nova per primary name, one ending and one value of each annotation per
run. Failing rounds' histories go to ``<report-dir>/races``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final
from uuid import UUID, uuid4

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import JobRun, Nova, RegenBatchPlan
from novacat_persistence.contracts.enums import (
    ErrorClass,
    JobRunStatus,
    NameSource,
    NovaStatus,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    InputValidationError,
    InvalidTransitionError,
    LockHeldError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import (
    JobRunAnnotation,
    LockOutcome,
    NovaPosition,
    PhotometryIngestion,
    ValidationOutcome,
)
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import (
    key_of,
    new_job_run,
    new_nova,
    numbers_as_values,
    photometry_row,
    plan_key_texts,
    regen_plan,
    registration,
    run_key,
)
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.harness.races import Outcome, Race, RaceConfig, winners

WORKFLOW = "initialize_nova"


def _run(
    race: Race[Any], race_config: RaceConfig, interceptor: RequestInterceptor, raw: RawView
) -> None:
    failures = race.run(race_config, interceptor, raw)
    assert not failures, f"{race.name}: {len(failures)} failing rounds:\n" + "\n".join(failures)


def _only(outcomes: Sequence[Outcome], *allowed: type[Exception]) -> list[str]:
    """Violations: a refusal that is not one of the allowed typed errors (RETRYABLE ones are
    'unknown' and always allowed)."""
    return [
        f"racer {o.racer} refused with {type(o.error).__name__}"
        for o in outcomes
        if o.kind == "fail" and not isinstance(o.error, allowed)
    ]


def _few_rounds(race_config: RaceConfig) -> RaceConfig:
    """The race configuration with at most three rounds: a read-modify-write or a
    compare-and-set that reads before it writes loses in the first round the gate holds open."""
    return RaceConfig(race_config.threads, min(race_config.rounds, 3), race_config.report_dir)


def _seeded_nova(raw: RawView, **fields: Any) -> Nova:
    nova = new_nova(**fields)
    raw.put(encode(nova))
    return nova


def test_lock_acquisition_has_one_winner(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing acquisitions of one lock: exactly one ACQUIRED, the others LockHeldError, the stored
    holder is the winner."""

    def setup(_round: int) -> str:
        return f"{WORKFLOW}:{uuid4()}:1.0.0:2025-03-01T12"

    def call(key: str, racer: int) -> Any:
        return wrapper.acquire_lock(
            key, job_run_id=uuid4(), workflow_name=WORKFLOW, primary_id=str(racer)
        )

    def check(key: str, outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda r: r.outcome is LockOutcome.ACQUIRED)
        problems = [] if len(won) == 1 else [f"{len(won)} racers acquired the lock"]
        problems += [
            f"racer {o.racer}: {type(o.error).__name__}, not LockHeldError"
            for o in outcomes
            if o.kind != "ok" and not isinstance(o.error, LockHeldError)
        ]
        item = raw.get(f"IDEMPOTENCY#{key}", "LOCK")
        if won and item is not None and won[0].value.token is not None:
            holder = item.get("holder_token", {}).get("S")
            if holder != str(won[0].value.token.holder_token):
                problems.append("the stored holder is not the winner")
        return problems

    _run(Race("lock-acquisition", setup, call, check), race_config, interceptor, raw)


def test_job_run_begins_once(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing begins of one JobRun id, half of them by another execution (another workflow):
    one JobRun item; every begin of its execution answers with that run (one start time), every
    other one is refused with AlreadyExistsError."""

    def call(run: Any, racer: int) -> Any:
        started = run.started_at + timedelta(milliseconds=racer % 3)
        workflow = run.workflow_name if racer % 2 else "ingest_photometry"
        return wrapper.begin_job_run(
            run.model_copy(update={"started_at": started, "workflow_name": workflow})
        )

    def check(run: Any, outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda _r: True)
        problems = _only(outcomes, AlreadyExistsError)
        kept = {(o.value.workflow_name, o.value.started_at) for o in won}
        if len(kept) != 1:
            problems.append(f"racers were answered with {len(kept)} different runs")
        items = [
            i
            for i in raw.scan()
            if i["SK"]["S"].startswith("JOBRUN#")
            and i.get("job_run_id", {}).get("S") == str(run.job_run_id)
        ]
        if len(items) != 1:
            problems.append(f"{len(items)} JobRun items for one job_run_id")
        return problems

    _run(Race("jobrun-begin", lambda _r: new_job_run(), call, check), race_config, interceptor, raw)


def test_spectra_registration_leaves_one_alias_and_one_stub(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing registrations of one product: one alias, one stub, the same id for all, at most one
    created=True."""

    def setup(_round: int) -> Any:
        return registration(uuid4(), f"ADP.{uuid4()}")

    def call(reg: Any, _racer: int) -> Any:
        return wrapper.register_spectra_product(reg)

    def check(reg: Any, outcomes: Sequence[Outcome]) -> list[str]:
        ok = winners(outcomes, lambda _r: True)
        problems = _only(outcomes)
        ids = {o.value.item.data_product_id for o in ok}
        if len(ids) > 1:
            problems.append(f"racers got {len(ids)} different ids")
        created = [o for o in ok if o.value.created]
        if len(created) > 1:
            problems.append(f"{len(created)} racers report created=True")
        stubs = [
            i
            for i in raw.partition(str(reg.nova_id))
            if i["SK"]["S"].startswith("PRODUCT#SPECTRA#")
        ]
        aliases = raw.partition(f"LOCATOR#{reg.provider}#{reg.locator_identity}")
        if len(stubs) != 1 or len(aliases) != 1:
            problems.append(f"{len(stubs)} stubs and {len(aliases)} aliases")
        return problems

    _run(Race("spectra-registration", setup, call, check), race_config, interceptor, raw)


def test_photometry_ensure_leaves_one_table(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing ensures: one photometry item, the same table for all, at most one created=True."""

    def call(nova_id: UUID, _racer: int) -> Any:
        return wrapper.ensure_photometry_table(nova_id)

    def check(nova_id: UUID, outcomes: Sequence[Outcome]) -> list[str]:
        ok = winners(outcomes, lambda _r: True)
        problems = _only(outcomes)
        if len({o.value.item.data_product_id for o in ok}) > 1:
            problems.append("racers got different photometry tables")
        if len([o for o in ok if o.value.created]) > 1:
            problems.append("more than one racer created the table")
        items = [i for i in raw.partition(str(nova_id)) if i["SK"]["S"].startswith("PRODUCT#")]
        if len(items) != 1:
            problems.append(f"{len(items)} photometry items")
        return problems

    _run(Race("photometry-ensure", lambda _r: uuid4(), call, check), race_config, interceptor, raw)


def _counted(outcomes: Sequence[Outcome], stored: int) -> list[str]:
    ok = len(winners(outcomes, lambda _r: True))
    unknown = len([o for o in outcomes if o.kind == "unknown"])
    if not ok <= stored <= ok + unknown:
        return [f"counter is {stored} after {ok} successful (+{unknown} unknown) increments"]
    return []


def test_photometry_ingestions_are_all_counted(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
    clock: ManualClock,
) -> None:
    """Racing ingestions: ingestion_count equals the successful ingestions."""
    base = clock.peek()

    def call(nova_id: UUID, racer: int) -> Any:
        ingestion = PhotometryIngestion(
            source=f"racer-{racer}",
            bucket="novacat-private",
            table_schema_version="1.0.0",
            ingested_at=base + timedelta(milliseconds=racer),
        )
        return wrapper.record_photometry_ingestion(nova_id, ingestion, execution=uuid4())

    def check(nova_id: UUID, outcomes: Sequence[Outcome]) -> list[str]:
        problems = _only(outcomes)
        items = [i for i in raw.partition(str(nova_id)) if i["SK"]["S"].startswith("PRODUCT#")]
        if len(items) != 1:
            return [*problems, f"{len(items)} photometry items"]
        return problems + _counted(outcomes, int(items[0]["ingestion_count"]["N"]))

    _run(Race("photometry-ingest", lambda _r: uuid4(), call, check), race_config, interceptor, raw)


def test_attempt_failures_are_all_counted(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing retryable failures: attempt_count_total equals the successful increments."""

    def setup(_round: int) -> SpectraProductKey:
        return key_of(wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item)

    def call(key: SpectraProductKey, racer: int) -> Any:
        return wrapper.record_retryable_failure(
            key, error_fingerprint=f"failure-{racer:04d}", execution=uuid4()
        )

    def check(key: SpectraProductKey, outcomes: Sequence[Outcome]) -> list[str]:
        item = raw.get(str(key.nova_id), f"PRODUCT#SPECTRA#{key.provider}#{key.data_product_id}")
        stored = int(item.get("attempt_count_total", {}).get("N", 0)) if item else -1
        return _only(outcomes) + _counted(outcomes, stored)

    _run(Race("attempt-counter", setup, call, check), race_config, interceptor, raw)


def test_validation_result_is_recorded_once(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing definitive results: one result accepted, counted once, out of GSI1; others
    ConflictError."""

    def setup(_round: int) -> SpectraProductKey:
        return key_of(wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item)

    def call(key: SpectraProductKey, racer: int) -> Any:
        outcome = ValidationOutcome(ValidationStatus.VALID, f"{racer % 4:016d}")
        return wrapper.record_validation_result(key, outcome, execution=f"racer-{racer}")

    def check(key: SpectraProductKey, outcomes: Sequence[Outcome]) -> list[str]:
        ok = winners(outcomes, lambda _r: True)
        problems = _only(outcomes, ConflictError)
        fingerprints = {o.value.content_fingerprint for o in ok}
        if len(fingerprints) != 1:
            problems.append(f"{len(fingerprints)} different results were accepted")
        item = raw.get(str(key.nova_id), f"PRODUCT#SPECTRA#{key.provider}#{key.data_product_id}")
        if item is None or item.get("attempt_count_total", {}).get("N") != "1":
            problems.append("the definitive result was counted more than once")
        if item is not None and "GSI1PK" in item:
            problems.append("the VALID product is still in GSI1")
        return problems

    _run(Race("validation-result", setup, call, check), race_config, interceptor, raw)


def test_alias_attaches_to_one_nova(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing alias attachments to different novae: exactly one wins, one NameMapping."""
    novas = [new_nova() for _ in range(race_config.threads)]
    for nova in novas:
        raw.put(encode(nova))  # the nova items alone: attach_alias needs them to exist

    def call(alias: str, racer: int) -> Any:
        return wrapper.attach_alias(novas[racer].nova_id, alias, alias, NameSource.SIMBAD)

    def check(alias: str, outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda _r: True)
        problems = [] if len(won) == 1 else [f"{len(won)} novae got the alias"]
        problems += _only(outcomes, ConflictError)
        mappings = [
            i
            for i in raw.partition(f"NAME#{alias}")
            if i.get("entity_type", {}).get("S") == "NameMapping"
        ]
        if len(mappings) != 1:
            problems.append(f"{len(mappings)} NameMappings for one alias")
        return problems

    _run(
        Race("alias-attach", lambda r: f"alias {uuid4()}", call, check),
        race_config,
        interceptor,
        raw,
    )


SHARED_ROWS = 8
PLAN_ARN = "arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:racer-"


def test_one_coordinator_claims_a_plan(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing claims of one PENDING plan by different executions: exactly one wins, the others
    InvalidTransitionError, the stored claimer is the winner."""

    def setup(_round: int) -> RegenBatchPlan:
        plan = regen_plan()
        wrapper.create_regen_plan(plan)
        return plan

    def call(plan: RegenBatchPlan, racer: int) -> Any:
        return wrapper.claim_regen_plan(plan.plan_id, f"{PLAN_ARN}{racer}")

    def check(plan: RegenBatchPlan, outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda _r: True)
        problems = [] if len(won) == 1 else [f"{len(won)} executions claimed the plan"]
        problems += _only(outcomes, InvalidTransitionError)
        item = raw.get(*plan_key_texts(plan))
        stored = None if item is None else item.get("execution_arn", {}).get("S")
        if won and stored != f"{PLAN_ARN}{won[0].racer}":
            problems.append(f"the stored claimer {stored} is not the winner")
        return problems

    _run(Race("plan-claim", setup, call, check), race_config, interceptor, raw)


def test_a_plan_is_either_claimed_or_abandoned(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Half the racers abandon a PENDING plan, half claim it: one move applies, the stored
    status is its, and no racer of the other move succeeds."""

    def setup(_round: int) -> RegenBatchPlan:
        plan = regen_plan()
        wrapper.create_regen_plan(plan)
        return plan

    def call(plan: RegenBatchPlan, racer: int) -> Any:
        if racer % 2:
            return wrapper.abandon_regen_plan(plan.plan_id)
        return wrapper.claim_regen_plan(plan.plan_id, f"{PLAN_ARN}{racer}")

    def check(plan: RegenBatchPlan, outcomes: Sequence[Outcome]) -> list[str]:
        problems = _only(outcomes, InvalidTransitionError)
        item = raw.get(*plan_key_texts(plan))
        status = None if item is None else item["status"]["S"]
        claims = [o for o in winners(outcomes, lambda _r: True) if o.racer % 2 == 0]
        abandons = [o for o in winners(outcomes, lambda _r: True) if o.racer % 2]
        if status == "ABANDONED" and claims:
            problems.append(f"{len(claims)} claims succeeded on an abandoned plan")
        if status == "IN_PROGRESS" and (abandons or len(claims) != 1):
            problems.append(f"{len(abandons)} abandons and {len(claims)} claims succeeded")
        if status not in ("ABANDONED", "IN_PROGRESS"):
            problems.append(f"the plan is {status}")
        return problems

    _run(Race("plan-claim-or-abandon", setup, call, check), race_config, interceptor, raw)


def test_batch_writers_racing_store_each_row_once(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing batch writers of overlapping rows (8 shared and one of their own each): every
    row stored once, as encoded, whoever wrote it last."""

    def call(nova_id: UUID, racer: int) -> Any:
        shared = [photometry_row(nova_id, n) for n in range(SHARED_ROWS)]
        return wrapper.put_photometry_rows([*shared, photometry_row(nova_id, 100 + racer)])

    def check(nova_id: UUID, outcomes: Sequence[Outcome]) -> list[str]:
        problems = _only(outcomes)
        ok = winners(outcomes, lambda _r: True)
        expected = {
            f"PHOT#{row.row_id}": numbers_as_values(encode(row))
            for row in [photometry_row(nova_id, n) for n in range(SHARED_ROWS)]
            + [photometry_row(nova_id, 100 + o.racer) for o in ok]
        }
        stored = {
            item["SK"]["S"]: numbers_as_values(item)
            for item in raw.photometry.partition(str(nova_id))
        }
        if any(stored.get(sk) != item for sk, item in expected.items()):
            problems.append("a row written by a successful racer is missing or differs")
        if len(stored) > SHARED_ROWS + race_config.threads:
            problems.append(f"{len(stored)} rows stored")
        return problems

    _run(Race("photometry-rows", lambda _r: uuid4(), call, check), race_config, interceptor, raw)


def test_each_ingestion_run_is_counted_once(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racers of four ingestion runs (each run asked by several racers, as retried tasks):
    ``ingestion_count`` is the number of runs counted, never more than four."""
    runs = [uuid4() for _ in range(4)]

    def setup(_round: int) -> UUID:
        nova_id = uuid4()
        wrapper.put_photometry_rows([photometry_row(nova_id, n) for n in range(3)])
        return nova_id

    def call(nova_id: UUID, racer: int) -> Any:
        run = runs[racer % len(runs)]
        return wrapper.record_photometry_rows_ingested(nova_id, job_run_id=run, source="r")

    def check(nova_id: UUID, outcomes: Sequence[Outcome]) -> list[str]:
        problems = _only(outcomes)
        item = raw.get(str(nova_id), "PRODUCT#PHOTOMETRY_TABLE")
        if item is None:
            return [*problems, "no photometry table product"]
        ok_runs = {runs[o.racer % len(runs)] for o in winners(outcomes, lambda _r: True)}
        counted = int(item["ingestion_count"]["N"])
        if not len(ok_runs) <= counted <= len(runs):
            problems.append(f"ingestion_count {counted} for {len(ok_runs)} runs counted")
        if item.get("row_count") != {"N": "3"}:
            problems.append(f"row_count is {item.get('row_count')}")
        return problems

    _run(Race("ingestion-runs", setup, call, check), race_config, interceptor, raw)


def test_concurrent_alias_additions_are_all_kept(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing add_nova_aliases calls, each adding its own name and one name they all add:
    every name is kept, once (a read-modify-write loses names in the first round, an append
    of what a read found missing adds the shared one twice, so a few rounds suffice)."""

    def setup(_round: int) -> Any:
        return _seeded_nova(raw)

    def call(nova: Any, racer: int) -> Any:
        return wrapper.add_nova_aliases(nova.nova_id, [f"alias {racer}", "alias shared"])

    def check(nova: Any, outcomes: Sequence[Outcome]) -> list[str]:
        stored = wrapper.get_nova(nova.nova_id)
        kept = [] if stored is None else stored.aliases
        wanted = {
            name
            for o in outcomes
            if o.kind == "ok"
            for name in (f"alias {o.racer}", "alias shared")
        }
        problems = [f"lost {sorted(wanted - set(kept))}"] if wanted - set(kept) else []
        if len(kept) != len(set(kept)):
            problems.append("a name was added twice")
        return problems + _only(outcomes)

    _run(Race("alias-additions", setup, call, check), _few_rounds(race_config), interceptor, raw)


MANY_ALIASES: Final = 60
"""Names each racer of the many-aliases race adds: more than one append's conditions hold."""
LONG_ALIAS: Final = 2_500
"""Their length: a nova's item holds two racers' names (about 150 KB each), not three."""


def _many_aliases(racer: int) -> list[str]:
    return [f"racer {racer:02d} name {n:02d} " + "x" * LONG_ALIAS for n in range(MANY_ALIASES)]


def test_many_aliases_racing_are_each_added_whole_or_refused_whole(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racing add_nova_aliases calls of 60 long names each, on a nova whose item holds two
    racers' names and not three: each racer's names are stored all or none (all when it is
    answered, none when it is refused), some racer's all, no name twice (appends checked to
    fit when read, then sent in parts, store a part of a racer's names and refuse the rest
    once the others' parts have filled the item)."""

    def setup(_round: int) -> Any:
        return _seeded_nova(raw)

    def call(nova: Any, racer: int) -> Any:
        return wrapper.add_nova_aliases(nova.nova_id, _many_aliases(racer))

    def check(nova: Any, outcomes: Sequence[Outcome]) -> list[str]:
        stored = wrapper.get_nova(nova.nova_id)
        aliases = [] if stored is None else stored.aliases
        kept = set(aliases)
        problems = ["a name was added twice"] if len(aliases) != len(kept) else []
        whole = 0
        for o in outcomes:
            held = len(kept.intersection(_many_aliases(o.racer)))
            whole += held == MANY_ALIASES
            if held not in (0, MANY_ALIASES):
                problems.append(f"racer {o.racer}: {held} of its {MANY_ALIASES} names stored")
            elif o.kind == "ok" and not held:
                problems.append(f"racer {o.racer} was answered, none of its names is stored")
            elif o.kind == "fail" and held:
                problems.append(f"racer {o.racer} was refused, its names are stored")
        if not whole:
            problems.append("no racer's names were stored")
        return problems + _only(outcomes, InputValidationError)

    race = Race("many-alias-additions", setup, call, check)
    _run(race, _few_rounds(race_config), interceptor, raw)


def test_one_position_is_set_where_none_was(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racers each set their own position on a nova that has none (``expected`` None): exactly
    one wins, the others ConflictError, the stored position is the winner's."""

    def call(nova: Nova, racer: int) -> Any:
        position = NovaPosition(Decimal(racer) + Decimal("0.5"), Decimal(0))
        return wrapper.set_nova_position(nova.nova_id, position, expected=None)

    def check(nova: Nova, outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda _r: True)
        problems = [] if len(won) == 1 else [f"{len(won)} racers set the position"]
        problems += _only(outcomes, ConflictError)
        item = raw.get(str(nova.nova_id), "NOVA")
        stored = None if item is None else item.get("ra_deg", {}).get("N")
        if won and stored is not None and Decimal(stored) != Decimal(won[0].racer) + Decimal("0.5"):
            problems.append(f"the stored right ascension {stored} is not the winner's")
        return problems

    race = Race("nova-position", lambda _r: _seeded_nova(raw), call, check)
    _run(race, _few_rounds(race_config), interceptor, raw)


def test_one_visibility_move_applies_from_the_expected_status(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racers move a PENDING nova, half to ACTIVE and half to HIDDEN, all expecting PENDING:
    one move applies; the racers asking for the status it set are answered, the others
    refused with ConflictError; the stored status is the applied one."""
    wanted = (NovaStatus.ACTIVE, NovaStatus.HIDDEN)

    def call(nova: Nova, racer: int) -> Any:
        status = wanted[racer % 2]
        return wrapper.set_nova_visibility(nova.nova_id, status, expected=NovaStatus.PENDING)  # type: ignore[arg-type]

    def check(nova: Nova, outcomes: Sequence[Outcome]) -> list[str]:
        problems = _only(outcomes, ConflictError)
        item = raw.get(str(nova.nova_id), "NOVA")
        stored = None if item is None else item["status"]["S"]
        moved = {wanted[o.racer % 2].value for o in winners(outcomes, lambda _r: True)}
        if len(moved) != 1 or stored not in moved:
            problems.append(f"racers moved the nova to {sorted(moved)}; it is {stored}")
        return problems

    race = Race(
        "nova-visibility",
        lambda _r: _seeded_nova(raw, status=NovaStatus.PENDING),
        call,
        check,
    )
    _run(race, _few_rounds(race_config), interceptor, raw)


def test_a_primary_name_goes_to_one_nova(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racers each create their own nova under one primary name: exactly one nova is created,
    the others are refused with ConflictError and leave nothing (no nova item, no mapping);
    the name has one claim and one mapping, both the winner's."""

    def setup(_round: int) -> list[Nova]:
        name = f"Nova Race {uuid4().hex[:12]}"
        return [new_nova(name) for _ in range(race_config.threads)]

    def call(novae: list[Nova], racer: int) -> Any:
        return wrapper.create_nova(novae[racer])

    def check(novae: list[Nova], outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda stored: stored.created)
        problems = [] if len(won) == 1 else [f"{len(won)} novae were created under one name"]
        problems += _only(outcomes, ConflictError)
        winner = {str(novae[o.racer].nova_id) for o in won}
        stored = {str(n.nova_id) for n in novae if raw.get(str(n.nova_id), "NOVA") is not None}
        if stored != winner:
            problems.append(f"nova items of {len(stored - winner)} refused racers were kept")
        name = novae[0].primary_name_normalized
        by_type: dict[str, set[str]] = {}
        for item in raw.partition(f"NAME#{name}"):
            kind, owner = item["entity_type"]["S"], item.get("nova_id", {}).get("S", "")
            by_type.setdefault(kind, set()).add(owner)
        for kind in ("NameClaim", "NameMapping"):
            owners = by_type.get(kind, set())
            if owners != winner:
                problems.append(f"the name's {kind} items belong to {sorted(owners)}")
        return problems

    _run(Race("primary-name", setup, call, check), race_config, interceptor, raw)


def test_racing_finalizes_record_one_ending(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racers finalize one RUNNING run, half as SUCCEEDED and half as FAILED: one outcome is
    recorded; every racer asking for it is answered with the stored run (one ``ended_at``),
    every other one refused with InvalidTransitionError."""
    endings = (
        (JobRunStatus.SUCCEEDED, None),
        (JobRunStatus.FAILED, ErrorClass.TERMINAL),
    )

    def setup(_round: int) -> JobRun:
        return wrapper.begin_job_run(new_job_run())

    def call(run: JobRun, racer: int) -> Any:
        status, classification = endings[racer % 2]
        return wrapper.finalize_job_run(run_key(run), status, error_classification=classification)

    def check(run: JobRun, outcomes: Sequence[Outcome]) -> list[str]:
        problems = _only(outcomes, InvalidTransitionError)
        won = winners(outcomes, lambda _r: True)
        answered = {(o.value.status, o.value.ended_at) for o in won}
        asked = {endings[o.racer % 2][0] for o in won}
        stored = wrapper.get_job_run(run_key(run))
        if len(answered) != 1 or stored is None:
            return [*problems, f"racers were answered with {len(answered)} different endings"]
        ((status, ended_at),) = answered
        if asked != {status} or (stored.status, stored.ended_at) != (status, ended_at):
            problems.append(
                f"answered {status} to racers asking {sorted(asked)}; stored {stored.status}"
            )
        refused = {endings[o.racer % 2][0] for o in outcomes if o.kind == "fail"}
        if status in refused:
            problems.append(f"a racer asking for the recorded {status} was refused")
        return problems

    _run(Race("jobrun-finalize", setup, call, check), race_config, interceptor, raw)


def test_racing_annotations_write_one_value(
    wrapper: PersistenceWrapper,
    raw: RawView,
    race_config: RaceConfig,
    interceptor: RequestInterceptor,
) -> None:
    """Racers annotate one RUNNING run, each with its own ``outcome``: one value is written;
    its racer is answered with the stored run, every other one refused with ConflictError."""

    def setup(_round: int) -> JobRun:
        return wrapper.begin_job_run(new_job_run())

    def call(run: JobRun, racer: int) -> Any:
        return wrapper.annotate_job_run(run_key(run), JobRunAnnotation(outcome=f"ended {racer}"))

    def check(run: JobRun, outcomes: Sequence[Outcome]) -> list[str]:
        won = winners(outcomes, lambda _r: True)
        problems = [] if len(won) == 1 else [f"{len(won)} racers wrote the outcome"]
        problems += _only(outcomes, ConflictError)
        stored = wrapper.get_job_run(run_key(run))
        written = None if stored is None else stored.outcome
        if won and written != f"ended {won[0].racer}":
            problems.append(f"the stored outcome {written!r} is not the winner's")
        return problems

    _run(Race("jobrun-annotation", setup, call, check), race_config, interceptor, raw)
