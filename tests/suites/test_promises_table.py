"""suites/PROMISES.md names, for every IFC-030 promise, the suite tests that check it: every
row names at least one test, every test it names exists, and every operation of
``contracts/interface.py`` has rows (an operation added without its promises fails here)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from novacat_persistence.contracts.interface import WRAPPER_OPERATIONS

SUITES = Path(__file__).resolve().parents[2] / "suites"
TABLE = SUITES / "PROMISES.md"
REFERENCE = re.compile(r"`(test_\w+\.py)?(::(\w+))?[^`]*`")
NAMED = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
"""An identifier an operation could have (snake case, at least two words)."""


def _tests(module: str) -> set[str]:
    tree = ast.parse((SUITES / module).read_text(encoding="utf-8"))
    return {
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    }


def _rows() -> list[str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if re.match(r"\| \d+ \|", line)]


def test_every_promise_names_existing_tests() -> None:
    problems = []
    rows = _rows()
    for row in rows:
        number, _promise, checked_by = (cell.strip() for cell in row.strip("|").split("|")[:3])
        module = None
        named = 0
        for match in REFERENCE.finditer(checked_by):
            module = match.group(1) or module
            test = match.group(3)
            if module is None or not (SUITES / module).exists():
                continue
            named += 1
            if test is not None and test not in _tests(module):
                problems.append(f"row {number}: {module}::{test} does not exist")
        if named == 0 and "the twin" not in checked_by:
            problems.append(f"row {number} names no suite test")
    assert not problems, "\n".join(problems)


def test_the_coverage_line_counts_the_rows() -> None:
    count = len(_rows())
    assert f"**Coverage: {count} promises, {count} checked**" in TABLE.read_text(encoding="utf-8")


def _operations_named(row: str) -> set[str]:
    """The operations a row's promise is about: the identifiers before its first colon."""
    promise = row.strip("|").split("|")[1].strip()
    subject, colon, _rest = promise.partition(":")
    if not colon:
        return set()
    return {word for word in re.split(r"[^a-z0-9_]+", subject) if NAMED.match(word)}


def test_every_operation_has_rows_and_every_row_names_an_operation() -> None:
    named: set[str] = set()
    for row in _rows():
        named |= _operations_named(row)
    assert sorted(set(WRAPPER_OPERATIONS) - named) == [], "operations without a promise row"
    assert sorted(named - set(WRAPPER_OPERATIONS)) == [], "rows about no IFC-030 operation"
