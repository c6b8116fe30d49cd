"""The race harness: N threads released together by a barrier against one logical operation,
R rounds, every call recorded as invoke / ok / fail / unknown with timestamps, each round's
history checked against an invariant; histories of failing rounds are written as JSON.

Writes pass through a :class:`~.hooks.WriteGate` set on the candidate's interceptor (its
client's hooks, or a self-contained candidate's fault hook, both called from the racing threads
themselves), so every racer's reads happen before any racer's write: a check-then-act window is
always open.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.frame_room import roomy
from novacat_persistence.suites.harness.interception import RequestInterceptor, WriteGate
from novacat_persistence.suites.harness.race_defaults import DEFAULT_ROUNDS, DEFAULT_THREADS

C = TypeVar("C")

GATE_TIMEOUT: Final = 2.0
"""Seconds a write waits at the gate for the other racers' reads: long enough for every racer
of a round to reach its write on a loaded machine (a round keeps its forced interleaving), and
a bound on a candidate that serializes its racers itself (one that holds a lock of its own
while it writes)."""


@dataclass(frozen=True)
class Outcome:
    """One racer's call: ``ok`` (returned ``value``), ``fail`` (a definite typed refusal),
    ``unknown`` (a RETRYABLE typed error: it may have been applied) or ``raw`` (an exception
    that is not a typed error: always a violation)."""

    racer: int
    kind: str
    value: Any
    error: BaseException | None
    invoked_at: float
    completed_at: float


@dataclass
class RaceConfig:
    """How hard to race: threads per round and rounds (``--race-threads``/``--race-rounds``)."""

    threads: int = DEFAULT_THREADS
    rounds: int = DEFAULT_ROUNDS
    report_dir: Path | None = None


def _classify(error: BaseException) -> str:
    if not isinstance(error, PersistenceError):
        return "raw"
    return "unknown" if error.retryable else "fail"


def _describe(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)[:300]


@dataclass
class Race(Generic[C]):
    """A race: ``setup(round)`` builds the round's context (fresh keys), ``call(ctx, racer)``
    is the contended operation, ``check(ctx, outcomes)`` returns the invariant violations."""

    name: str
    setup: Callable[[int], C]
    call: Callable[[C, int], Any]
    check: Callable[[C, Sequence[Outcome]], list[str]]

    def run(self, config: RaceConfig, interceptor: RequestInterceptor, raw: RawView) -> list[str]:
        """Run every round; return one message per failing round (its history is written to
        ``<report_dir>/races/<name>-round<k>.json``). The items a round wrote are deleted after
        its check, so every round starts from the same small table (embedded backends copy the
        whole table per transaction)."""
        failures: list[str] = []
        baseline = raw.keys()
        for round_ in range(config.rounds):
            context = self.setup(round_)
            outcomes = self._round(context, config.threads, interceptor)
            problems = [f"raw exception escaped: {o.error!r}" for o in outcomes if o.kind == "raw"]
            problems += self.check(context, outcomes)
            raw.delete_except(baseline)
            if problems:
                path = self._dump(config, round_, outcomes, problems)
                failures.append(f"round {round_}: {'; '.join(problems)} (history: {path})")
                if len(failures) >= 3:
                    break
        return failures

    def _round(self, context: C, threads: int, interceptor: RequestInterceptor) -> list[Outcome]:
        gate = WriteGate(threads, GATE_TIMEOUT)
        interceptor.gate = gate

        def attempt(index: int) -> Outcome:
            invoked = time.monotonic()
            try:
                value = self.call(context, index)
            except Exception as exc:  # recorded and judged, never lost
                return Outcome(index, _classify(exc), None, exc, invoked, time.monotonic())
            finally:
                gate.finished()
            return Outcome(index, "ok", value, None, invoked, time.monotonic())

        try:
            outcomes: list[Outcome] = release_together(threads, attempt)
        finally:
            interceptor.gate = None
        return outcomes

    def _dump(
        self, config: RaceConfig, round_: int, outcomes: Sequence[Outcome], problems: list[str]
    ) -> str:
        if config.report_dir is None:
            return "not written (no report directory)"
        folder = config.report_dir / "races"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}-round{round_}.json"
        history = []
        for outcome in sorted(outcomes, key=lambda o: o.invoked_at):
            history.append(
                {
                    "racer": outcome.racer,
                    "kind": outcome.kind,
                    "value": _describe(outcome.value),
                    "error": repr(outcome.error) if outcome.error else None,
                    "invoked_at": outcome.invoked_at,
                    "completed_at": outcome.completed_at,
                }
            )
        path.write_text(
            json.dumps(
                {"race": self.name, "round": round_, "violations": problems, "history": history},
                indent=2,
            )
        )
        return str(path)


def release_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` for i in ``range(count)`` on ``count`` threads released together by one
    barrier; return each call's result, or the exception it raised, in index order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def racer(index: int) -> None:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:  # the race was called off before it began
            return
        try:
            results[index] = work(index)
        except Exception as exc:  # returned to the caller, never lost
            results[index] = exc

    workers = [threading.Thread(target=roomy(racer), args=(i,)) for i in range(count)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    except BaseException:  # interrupted: no racer is left waiting for the others forever,
        barrier.abort()  # and those released end their calls before the test's teardown
        for worker in workers:
            if worker.ident is not None:  # started
                worker.join()
        raise
    return results


def winners(outcomes: Sequence[Outcome], predicate: Callable[[Any], bool]) -> list[Outcome]:
    """The ``ok`` outcomes whose value satisfies ``predicate``."""
    return [o for o in outcomes if o.kind == "ok" and predicate(o.value)]
