"""Calls of IFC-030 operations, as the model suite's state machine draws them.

A :class:`Call` is one operation with its arguments; it runs the same way on a candidate and on
the model. Each area of the model declares a :class:`CallSpec` per operation: a strategy of
calls drawn from the :class:`Vocabulary` (small pools of ids, so that creates collide and
conditions refuse) and from what the model holds (stored keys, held tokens).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID, uuid5

from hypothesis import strategies as st

MARKER: Final = "Value-7f3a"
"""Every free-text item value the suite writes carries it; no log record may (logs hold keys
only)."""

_NAMESPACE: Final = UUID("3f1b0c52-6a58-4c1e-9e0e-0d6a2f4c7b11")


def fixed_id(label: str) -> UUID:
    """A deterministic id: every example starts from an empty table, so ids repeat safely and
    failing examples replay exactly."""
    return uuid5(_NAMESPACE, label)


@dataclass(frozen=True)
class Call:
    """One operation with its arguments."""

    operation: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def on(self, target: Any) -> Any:
        """Run the call on ``target`` (a candidate wrapper or the model)."""
        return getattr(target, self.operation)(*self.args, **self.kwargs)

    def __repr__(self) -> str:
        shown = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.operation}({', '.join(shown)})"


@dataclass(frozen=True)
class Vocabulary:
    """The ids and names one run of the state machine draws from."""

    novae: tuple[UUID, ...] = tuple(fixed_id(f"nova-{n}") for n in range(2))
    names: tuple[str, ...] = ("v1500 cyg", "nova sco 2012 #2", "t crb")
    providers: tuple[str, ...] = ("ESO", "MAST")
    locators: tuple[str, ...] = tuple(f"provider_product_id:ADP.{n}" for n in range(2))
    bibcodes: tuple[str, ...] = ("2013ApJ...779..118S", "1999A&A...123..456B")
    correlations: tuple[str, ...] = ("corr-a", "corr-b #1")
    lock_keys: tuple[str, ...] = ("initialize_nova:p1:1.0.0:2025-03-01T12", "ingest:p2")
    step_keys: tuple[str, ...] = ("link:a", "acquire:b")
    job_runs: tuple[UUID, ...] = tuple(fixed_id(f"run-{n}") for n in range(2))
    files: tuple[UUID, ...] = tuple(fixed_id(f"file-{n}") for n in range(2))
    workflows: tuple[str, ...] = ("initialize_nova", "ingest_photometry")
    executions: tuple[UUID | str, ...] = (*job_runs, "review #1")
    """Identities of asking executions (IFC-030 2.0.0): JobRun ids and a token; few, so that
    calls of one execution repeat as a retried task repeats them."""

    def nova_ids(self) -> st.SearchStrategy[UUID]:
        """One of the novae."""
        return st.sampled_from(self.novae)

    def texts(self) -> st.SearchStrategy[str]:
        """A free-text value (carrying :data:`MARKER`)."""
        return st.sampled_from(("a", "b", "c #1")).map(lambda s: f"{MARKER} {s}")


@dataclass(frozen=True)
class CallSpec:
    """How the state machine draws calls of one operation."""

    operation: str
    calls: Callable[[Vocabulary, Any], st.SearchStrategy[Call]]
    """``(vocabulary, model) -> strategy of calls``."""
    stateful: bool = False
    """True when the calls depend on what the model holds (else the strategy is built once)."""

    def strategy(self, vocabulary: Vocabulary, model: Any) -> st.SearchStrategy[Call]:
        """The calls to draw from now."""
        if self.stateful:
            return self.calls(vocabulary, model)
        key = (self.operation, vocabulary)
        if key not in _BUILT:
            _BUILT[key] = self.calls(vocabulary, model)
        return _BUILT[key]

    def __repr__(self) -> str:
        return self.operation


_BUILT: dict[tuple[str, Vocabulary], st.SearchStrategy[Call]] = {}
"""Strategies of stateless call specs, built once (building a strategy costs more than
drawing from it)."""


def call(operation: str, *args: Any, **kwargs: Any) -> Call:
    """A :class:`Call`."""
    return Call(operation, args, kwargs)


Argument = Callable[[Vocabulary, Any], st.SearchStrategy[Any]]
"""How one argument of a call is drawn: ``(vocabulary, model) -> strategy``."""


def one_of(*values: Any) -> Argument:
    """An argument drawn from ``values``."""
    return lambda _v, _m: st.sampled_from(values)


def any_nova(v: Vocabulary, _m: Any) -> st.SearchStrategy[UUID]:
    """An argument: one of the novae."""
    return v.nova_ids()


def any_text(v: Vocabulary, _m: Any) -> st.SearchStrategy[str]:
    """An argument: a free-text value (carrying :data:`MARKER`)."""
    return v.texts()


def any_job_run(v: Vocabulary, _m: Any) -> st.SearchStrategy[UUID]:
    """An argument: one of the job run ids."""
    return st.sampled_from(v.job_runs)


def any_execution(v: Vocabulary, _m: Any) -> st.SearchStrategy[UUID | str]:
    """An argument: one of the executions' identities."""
    return st.sampled_from(v.executions)


def calls_of(
    operation: str, *arguments: Argument, stateful: bool = False, **keywords: Argument
) -> CallSpec:
    """The calls of ``operation`` with one draw of each argument, positional then by keyword
    (``stateful`` when an argument depends on what the model holds)."""

    def strategy(v: Vocabulary, m: Any) -> st.SearchStrategy[Call]:
        positional = st.tuples(*(argument(v, m) for argument in arguments))
        named = st.fixed_dictionaries({k: argument(v, m) for k, argument in keywords.items()})
        return st.tuples(positional, named).map(lambda drawn: Call(operation, *drawn))

    return CallSpec(operation, strategy, stateful)


def one_of_stored(found: list[Any], fallback: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly something the model holds (so the call meets stored state), sometimes the
    fallback (a missing one, or a fresh one)."""
    if not found:
        return fallback
    return st.one_of(st.sampled_from(found), st.sampled_from(found), fallback)
