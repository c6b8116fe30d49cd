"""A candidate's exceptions file: optional-capability tests it knowingly fails.

TOML, one table per exception::

    [[exception]]
    test = "test_observability.py::test_consumed_capacity_is_reported"
    reason = "our gateway does not ask for ReturnConsumedCapacity yet (ticket 123)"

``test`` is a suite test id: ``<module>.py::<test name>`` (a parametrized id may add
``[...]``; without it, every parameter set is meant). Each excepted test runs as a strict
xfail: it must fail, and passing is an error (remove the stale exception). An id that matches
no test, or that names a core test, is a usage error: the core cannot be excepted.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


class ExceptionsFileError(Exception):
    """The exceptions file is unreadable or names a test it may not name."""


@dataclass(frozen=True)
class Excepted:
    """One excepted test id and why."""

    test: str
    reason: str

    def matches(self, test_id: str) -> bool:
        """True when ``test_id`` (``module.py::name[params]``) is this entry's test."""
        return test_id == self.test or test_id.split("[", 1)[0] == self.test


def load(path: Path) -> list[Excepted]:
    """Parse the file; raise ExceptionsFileError on a syntax error, a missing or empty
    ``test``/``reason``, an unknown key, or a duplicate id."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExceptionsFileError(f"cannot read exceptions file {path}: {exc}") from None
    unknown_top = set(data) - {"exception"}
    if unknown_top:
        raise ExceptionsFileError(f"{path}: unknown keys {sorted(unknown_top)}; use [[exception]]")
    entries = data.get("exception", [])
    if not isinstance(entries, list):
        raise ExceptionsFileError(f"{path}: 'exception' must be an array of tables")
    found: list[Excepted] = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) - {"test", "reason"}:
            raise ExceptionsFileError(f"{path}: exception {number} may only have test and reason")
        test, reason = entry.get("test"), entry.get("reason")
        if not isinstance(test, str) or not test.strip():
            raise ExceptionsFileError(f"{path}: exception {number} has no test id")
        if not isinstance(reason, str) or not reason.strip():
            raise ExceptionsFileError(f"{path}: exception {number} ({test}) has no reason")
        if any(e.test == test for e in found):
            raise ExceptionsFileError(f"{path}: {test} is excepted twice")
        found.append(Excepted(test.strip(), reason.strip()))
    return found


def suite_test_id(module_file: str, name: str) -> str:
    """The exceptions-file id of a suite test: ``<module file name>::<test name[params]>``."""
    return f"{module_file.rsplit('/', 1)[-1]}::{name}"
