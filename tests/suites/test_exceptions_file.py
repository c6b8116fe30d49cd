"""The exceptions file: parsing and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from novacat_persistence.suites.harness.exceptions_file import (
    ExceptionsFileError,
    load,
    suite_test_id,
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exceptions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[exception]]\ntest = "test_observability.py::test_request_count_is_reported"\n'
        'reason = "not yet"\n',
    )
    (entry,) = load(path)
    assert entry.reason == "not yet"
    assert entry.matches("test_observability.py::test_request_count_is_reported")
    assert entry.matches("test_observability.py::test_request_count_is_reported[x]")
    assert not entry.matches("test_observability.py::test_other")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[exception]]\ntest = 'a.py::b'\n", "no reason"),
        ("[[exception]]\nreason = 'r'\n", "no test id"),
        ("[[exception]]\ntest = 'a.py::b'\nreason = 'r'\nextra = 1\n", "may only have"),
        ("[[exception]]\ntest = 'a.py::b'\nreason = 'r'\n" * 2, "excepted twice"),
        ("[other]\n", "unknown keys"),
        ("not toml [", "cannot read"),
    ],
)
def test_a_bad_file_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ExceptionsFileError, match=problem):
        load(_write(tmp_path, text))


def test_suite_test_ids_are_file_and_name() -> None:
    assert suite_test_id("/x/y/test_races.py", "test_a[b]") == "test_races.py::test_a[b]"
