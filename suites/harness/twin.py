"""A candidate and the model side by side: each call runs on both, and must agree.

:meth:`Twin.run` runs one call on the candidate, then on the model (:mod:`..model`), and
fails the test unless

- both return equal values, or both raise the same typed error (for an input error, any
  InputValidationError), carrying the same stored item as ``existing`` where the model pins
  one down;
- the candidate emitted exactly one log record for the call, naming the operation and its
  outcome (``ok`` or the error's class), with every required field and no item value (the
  suite's values carry :data:`~..model.calls.MARKER`);
- every item the call could have changed (each key the model read, wrote or deleted, in the
  main table or the photometry table beside it) is stored exactly as the model holds it: same
  attributes, same values (schema stamps, index keys, TTLs, counters, cooldowns included), or
  absent when the model holds nothing there; :meth:`Twin.check_everything` compares both
  tables whole (writes anywhere else).

Holder tokens are minted per call: the candidate's fresh token is offered to the model, which
records it in place of its own, after checking that no earlier acquisition had it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final, TypeVar
from uuid import UUID

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import PersistedEntity, PhotometryRow
from novacat_persistence.contracts.errors import (
    ConditionalWriteError,
    InputValidationError,
    PersistenceError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.contracts.operations import LockAcquisition
from novacat_persistence.contracts.raw_view import RawView, TableView
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.suites.harness.builders import numbers_as_values
from novacat_persistence.suites.harness.log_contract import REQUIRED_FIELDS
from novacat_persistence.suites.model.calls import MARKER, Call
from novacat_persistence.suites.model.core import UNCHECKED
from novacat_persistence.suites.model.expected_tables import ModelTable
from novacat_persistence.suites.model.model import Model

PE = TypeVar("PE", bound=PersistenceError)

SHOWN: Final = 8
"""How many differences a failure lists."""


@dataclass(frozen=True)
class Outcome:
    """What a call did: its value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    def describe(self) -> str:
        """One line: the value, or the error's class and message."""
        if self.error is not None:
            return f"raised {type(self.error).__name__}: {self.error}"
        return f"returned {self.value!r:.600}"


def outcome_of(run: Callable[[], Any]) -> Outcome:
    """Run ``run``; keep its value or the exception it raised."""
    try:
        return Outcome(run())
    except Exception as exc:
        return Outcome(error=exc)


def _same_error(want: BaseException, got: BaseException) -> bool:
    """The same typed error; any input error for an input error (which check of the input
    refuses it first is the candidate's choice: the stories name the subclass they need)."""
    if isinstance(want, InputValidationError):
        return isinstance(got, InputValidationError)
    return type(got) is type(want)


def outcome_problems(want: Outcome, got: Outcome) -> list[str]:
    """How the candidate's outcome differs from the model's."""
    if got.error is not None and not isinstance(got.error, PersistenceError):
        return [
            f"a raw {type(got.error).__module__}.{type(got.error).__name__} escaped: {got.error}"
        ]
    if want.error is None and got.error is None:
        if want.value == got.value:
            return []
        return [f"candidate {got.describe()}", f"model     {want.describe()}"]
    if want.error is None or got.error is None or not _same_error(want.error, got.error):
        return [f"candidate {got.describe()}", f"model     {want.describe()}"]
    if isinstance(want.error, ConditionalWriteError):
        expected = want.error.existing
        found = getattr(got.error, "existing", None)
        if expected is not UNCHECKED and found != expected:
            return [
                f"{type(got.error).__name__}.existing is {found!r:.400}",
                f"the stored item is {expected!r:.400}",
            ]
    return []


def record_text(record: logging.LogRecord) -> str:
    """Everything a log record holds, as text (message, arguments, extra fields, traceback)."""
    formatted = logging.Formatter("%(message)s").format(record)
    return f"{formatted} {vars(record)!r}"


def record_problems(records: list[logging.LogRecord], operation: str, got: Outcome) -> list[str]:
    """How the call's log records break the observability contract."""
    if len(records) != 1:
        return [f"{len(records)} log records for one {operation} call"]
    record = records[0]
    fields = getattr(record, "persistence", None)
    if not isinstance(fields, dict):
        return ["the log record has no persistence mapping"]
    problems = [f"log record without {name!r}" for name in REQUIRED_FIELDS if name not in fields]
    outcome = "ok" if got.error is None else type(got.error).__name__
    if fields.get("operation") != operation:
        problems.append(f"log record names operation {fields.get('operation')!r}")
    if fields.get("outcome") != outcome:
        problems.append(f"log record outcome {fields.get('outcome')!r}, not {outcome!r}")
    if MARKER in record_text(record):
        problems.append("an item value reached the log record")
    return problems


def store_problems(expected: dict[ItemKey, Item], stored: list[Item]) -> list[str]:
    """How the stored items differ from the model's, attribute by attribute (numbers by their
    value: DynamoDB stores a number, not its text, and DynamoDB Local reads ``7.50`` back as
    ``7.5``)."""
    found = {ItemKey(i["PK"]["S"], i["SK"]["S"]): i for i in stored}
    problems = [f"missing item {k.pk!r}/{k.sk!r}" for k in expected.keys() - found.keys()]
    problems += [f"unexpected item {k.pk!r}/{k.sk!r}" for k in found.keys() - expected.keys()]
    for key in sorted(expected.keys() & found.keys()):
        want, have = expected[key], found[key]
        for name in sorted(want.keys() | have.keys()):
            if numbers_as_values(want.get(name)) != numbers_as_values(have.get(name)):
                problems.append(
                    f"{key.pk!r}/{key.sk!r} {name}: stored {_shown(have.get(name))}, "
                    f"model {_shown(want.get(name))}"
                )
    return sorted(problems)


def _shown(value: Any) -> str:
    return "(absent)" if value is None else f"{json.dumps(value, sort_keys=True):.200}"


@dataclass
class Twin:
    """The candidate, the raw view beneath it and the model, on one frozen clock."""

    wrapper: PersistenceWrapper
    raw: RawView
    model: Model
    clock: ManualClock
    records: list[logging.LogRecord] = field(default_factory=list)
    """The candidate's log records (the collector's list)."""
    _tokens: set[UUID] = field(default_factory=set)

    def call(self, operation: str, /, *args: Any, **kwargs: Any) -> Any:
        """Run an operation on both; return the candidate's value (or its typed error)."""
        return self.run(Call(operation, args, kwargs))

    def fails(self, error: type[PE], operation: str, /, *args: Any, **kwargs: Any) -> PE:
        """Run an operation that must raise ``error`` (the model must say so too); return
        the candidate's error."""
        got = self.call(operation, *args, **kwargs)
        assert isinstance(got, error), f"{operation} gave {got!r}, not {error.__name__}"
        return got

    def run(self, call: Call) -> Any:
        """Run one call on the candidate and the model; fail on any disagreement."""
        self.records.clear()
        got = outcome_of(lambda: call.on(self.wrapper))
        records = list(self.records)
        for table, _raw in self._tables():
            table.take_touched()
        want, minted = self._on_model(call, got)
        problems = [f"holder token {t} was minted before" for t in minted if t in self._tokens]
        self._tokens.update(minted)
        problems += outcome_problems(want, got)
        problems += record_problems(records, call.operation, got)
        for table, raw in self._tables():
            problems += self._stored_problems(table, raw, table.take_touched())
        if problems:
            self._fail_on(problems, f"{call!r} at {self.clock.peek().isoformat()}")
        return got.error if got.error is not None else got.value

    def _tables(self) -> tuple[tuple[ModelTable, TableView], ...]:
        """Each model table with the candidate's table it stands for: the main table, and the
        photometry table beside it."""
        store = self.model.store
        return ((store, self.raw), (store.photometry, self.raw.photometry))

    @staticmethod
    def _stored_problems(table: ModelTable, raw: TableView, keys: set[ItemKey]) -> list[str]:
        """How the candidate's items at ``keys`` of one table differ from the model's."""
        expected: dict[ItemKey, Item] = {}
        stored: list[Item] = []
        for key in keys:
            want, have = table.expected_item(key), raw.get(key.pk, key.sk)
            if want is not None:
                expected[key] = want
            if have is not None:
                stored.append(have)
        return store_problems(expected, stored)

    def check_everything(self) -> None:
        """Fail unless every stored item, both tables over, is exactly the model's (the calls
        check the items they touch; this finds writes anywhere else)."""
        for (table, raw), name in zip(self._tables(), ("main", "photometry"), strict=True):
            found = store_problems(table.expected_items(), raw.scan())
            self._fail_on(found, f"the whole {name} table")

    @staticmethod
    def _fail_on(problems: list[str], where: str) -> None:
        if not problems:
            return
        shown = problems[:SHOWN]
        if len(problems) > SHOWN:
            shown.append(f"... {len(problems) - SHOWN} more")
        raise AssertionError(f"{where}:\n  " + "\n  ".join(shown))

    def _on_model(self, call: Call, got: Outcome) -> tuple[Outcome, list[UUID]]:
        """The model's outcome of the call, and the holder tokens it minted (the candidate's
        fresh token, offered to it)."""
        acquisition = got.value if isinstance(got.value, LockAcquisition) else None
        if acquisition is not None and acquisition.token is not None:
            self.model.offer_token(acquisition.token.holder_token)
        want = outcome_of(lambda: self._atomic(call))
        self.model.forget_offers()
        if isinstance(want.error, AssertionError):
            raise want.error  # the model itself is wrong: never the candidate's fault
        return want, self.model.take_minted()

    def _atomic(self, call: Call) -> Any:
        with self.model.store.atomic():
            return call.on(self.model)

    def seed(self, entity: PersistedEntity) -> None:
        """Store an entity beneath both (the codec's item in the raw table), as data written
        before the call under test (a legacy state, a counter far along)."""
        if isinstance(entity, PhotometryRow):
            self.raw.photometry.put(encode(entity))
            self.model.store.photometry.put(entity)
        else:
            self.raw.put(encode(entity))
            self.model.store.put(entity)

    def advance(self, delta: timedelta) -> None:
        """Move the clock both read."""
        self.clock.advance(delta)
