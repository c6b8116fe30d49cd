"""suites/PROMISES.md names, for every IFC-030 promise, the suite tests that check it: every
row names at least one test, and every test it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SUITES = Path(__file__).resolve().parents[2] / "suites"
TABLE = SUITES / "PROMISES.md"
REFERENCE = re.compile(r"`(test_\w+\.py)?(::(\w+))?[^`]*`")


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
