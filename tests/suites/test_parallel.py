"""The suites spread over worker processes (``conformance --jobs N``, pytest-xdist ``-n N``):
one report joined from the workers, one hypothesis seed, one DynamoDB Local server; and what
the terminal shows: a line per finished test with its suite's progress, and test paths that
exist."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.suites.harness.implementations import ENV_VAR

from .dynamodb_local_here import needs_dynamodb_local

# Two suites of quick tests, and two hypothesis tests (an @given property, a state machine).
SELECTION = "observability or pointer_rules or test_product_listing or test_gsi1_membership"
HYPOTHESIS_TESTS = (
    "test_keys_ordering.py::test_product_listing_is_type_then_provider_then_id",
    "test_eligibility_index.py::test_gsi1_membership_follows_eligibility",
)


@pytest.fixture
def conformance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    """``novacat-persistence conformance --impl reference`` as a user runs it, from
    ``tmp_path``, reports in ``tmp_path/reports``: its exit code and what it printed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_VAR, raising=False)

    def run(*args: str) -> tuple[int, str]:
        code = main(["conformance", "--impl=reference", "--report-dir=reports", *args])
        return code, capfd.readouterr().out

    return run


def _parallel(
    conformance: Callable[..., tuple[int, str]], selection: str, *args: str
) -> tuple[str, dict[str, Any]]:
    """Run the reference through ``selection`` in two processes; return the output and the
    report (its header, and each test's record by id). A part of the core fails the run."""
    code, out = conformance("--jobs=2", *args, "--", "-k", selection)
    assert code == 1, out[-3000:]
    body = json.loads(Path("reports", "conformance.json").read_text())
    return out, {"header": body["header"], **{t["test"]: t for t in body["tests"]}}


def test_a_parallel_run_has_one_report_one_seed_and_a_line_per_test(
    conformance: Callable[..., tuple[int, str]],
) -> None:
    stdout, report = _parallel(conformance, SELECTION)
    header = report.pop("header")
    assert header["processes"] == 2
    ran = {test: record["outcome"] for test, record in report.items()}
    passed = {test for test, outcome in ran.items() if outcome == "passed"}
    assert {t.split("::")[0] for t in passed} == {
        "test_observability.py",
        "test_pointer_rules.py",
        "test_keys_ordering.py",
        "test_eligibility_index.py",
    }
    assert "not run" not in ran.values()
    assert ran["test_races.py::test_lock_acquisition_has_one_winner"] == "deselected"
    seed = header["hypothesis_seed"]
    assert isinstance(seed, str) and seed.isdigit()
    assert {report[test]["hypothesis_seed"] for test in HYPOTHESIS_TESTS} == {seed}
    junit = Path("reports", "junit.xml").read_text()
    assert junit.count("<testcase ") == len(passed)
    # A line per finished test, with its suite's progress; no rows of dots.
    count = sum(test.startswith("test_observability.py::") for test in passed)
    lines = stdout.splitlines()
    progress = [line for line in lines if re.match(rf"observability +\d+/{count} ", line)]
    assert count > 1 and len(progress) == count
    assert re.fullmatch(
        rf"observability +{count}/{count} +passed +test_\w+ \(\d+\.\d s\)", progress[-1]
    )
    assert not any(re.fullmatch(r"\.{2,}.*", line) for line in lines)
    assert "IFC-030 conformance" in stdout and "processes: 2" in stdout


def test_a_run_in_one_process_shows_its_lines_one_after_the_other(
    conformance: Callable[..., tuple[int, str]],
) -> None:
    """Without workers too, a line per finished test and nothing between them (pytest wrote
    the test's file path before each, and a blank line)."""
    code, out = conformance("--jobs=1", "--", "-k", "observability or pointer_rules")
    assert code == 1, out[-3000:]  # a part of the core
    lines = out.splitlines()
    shown = [
        i for i, line in enumerate(lines) if re.match(r"(observability|pointer_rules) +\d+/", line)
    ]
    assert len(shown) > 4
    assert all(
        re.fullmatch(
            r"(observability|pointer_rules) +\d+/\d+ +passed +test_\w+ \(\d+\.\d s\)", line
        )
        for line in lines[shown[0] : shown[-1] + 1]
    ), "\n".join(lines[shown[0] : shown[-1] + 1])


def test_the_test_paths_shown_are_the_installed_suite_modules(
    conformance: Callable[..., tuple[int, str]],
) -> None:
    _, out = conformance("--jobs=1", "--", "-v", "-k", "test_request_count_is_reported")
    shown = re.findall(r"^(\S+\.py)::test_request_count_is_reported PASSED", out, re.M)
    assert shown, out[-3000:]
    assert all(Path(path).resolve().is_file() for path in shown)
    assert all(Path(path).name == "test_observability.py" for path in shown)


@needs_dynamodb_local
def test_the_workers_share_one_dynamodb_local(
    conformance: Callable[..., tuple[int, str]],
) -> None:
    _, report = _parallel(conformance, "observability", "--backend=dynamodb-local")
    assert "one server for every process" in str(report["header"]["backend"])
    outcomes = [r["outcome"] for t, r in report.items() if t.startswith("test_observability")]
    assert len(outcomes) > 1 and set(outcomes) == {"passed"}
