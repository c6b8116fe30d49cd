"""The suites spread over worker processes (``conformance --jobs N``, pytest-xdist ``-n N``):
one report joined from the workers, one hypothesis seed, one DynamoDB Local server, a usage
error stated once; and what the terminal shows: a line per finished test with its suite's
progress, and test paths that exist."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from novacat_persistence.suites.harness import ddblocal
from novacat_persistence.suites.harness.implementations import ENV_VAR

# Two suites of quick tests, and two hypothesis tests (an @given property, a state machine).
SELECTION = "observability or pointer_rules or test_product_listing or test_gsi1_membership"
HYPOTHESIS_TESTS = (
    "test_keys_ordering.py::test_product_listing_is_type_then_provider_then_id",
    "test_eligibility_index.py::test_gsi1_membership_follows_eligibility",
)


def _conformance(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``novacat-persistence conformance`` as a user runs it, from ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    return subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", "conformance", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=600,
    )


def _report(report_dir: Path) -> dict[str, dict[str, object]]:
    body = json.loads((report_dir / "conformance.json").read_text())
    return {"header": body["header"], **{t["test"]: t for t in body["tests"]}}


def test_a_parallel_run_has_one_report_one_seed_and_a_line_per_test(tmp_path: Path) -> None:
    report_dir = tmp_path / "reports"
    done = _conformance(
        tmp_path,
        "--impl=reference",
        "--jobs=2",
        f"--report-dir={report_dir}",
        "--",
        "-k",
        SELECTION,
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]  # a part of the core
    report = _report(report_dir)
    header = report["header"]
    assert header["processes"] == 2
    ran = {test: r["outcome"] for test, r in report.items() if test != "header"}
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
    junit = (report_dir / "junit.xml").read_text()
    assert junit.count("<testcase ") == len(passed)
    # A line per finished test, with its suite's progress; no rows of dots.
    lines = done.stdout.splitlines()
    progress = [line for line in lines if re.match(r"observability +\d/5 ", line)]
    assert len(progress) == 5
    assert re.fullmatch(r"observability +5/5 +passed +test_\w+ \(\d+\.\d s\)", progress[-1])
    assert not any(re.fullmatch(r"\.{2,}.*", line) for line in lines)
    assert "IFC-030 conformance" in done.stdout and "processes: 2" in done.stdout


def test_the_test_paths_shown_are_the_installed_suite_modules(tmp_path: Path) -> None:
    done = _conformance(
        tmp_path,
        "--impl=reference",
        "--jobs=1",
        f"--report-dir={tmp_path / 'reports'}",
        "--",
        "-v",
        "-k",
        "test_request_count_is_reported",
    )
    shown = re.findall(r"^(\S+\.py)::test_request_count_is_reported PASSED", done.stdout, re.M)
    assert shown, done.stdout[-3000:]
    assert all((tmp_path / path).resolve().is_file() for path in shown)
    assert all(Path(path).name == "test_observability.py" for path in shown)


def test_a_usage_error_of_a_parallel_run_is_stated_once(tmp_path: Path) -> None:
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-c", str(ini), "--rootdir", str(tmp_path)),
            *("-p", "no:cacheprovider", "--pyargs", "novacat_persistence.suites", "-n", "2"),
        ],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != ENV_VAR},
        capture_output=True,
        check=False,
        text=True,
        timeout=600,
    )
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]
    assert (done.stdout + done.stderr).count("no implementation selected") == 1
    assert "gw0" not in done.stdout + done.stderr, "no worker started"


@pytest.mark.skipif(
    ddblocal.find_server(ddblocal.cache_dir()) is None or os.system("java -version 2>/dev/null"),
    reason="DynamoDB Local or Java is not installed here",
)
def test_the_workers_share_one_dynamodb_local(tmp_path: Path) -> None:
    report_dir = tmp_path / "reports"
    done = _conformance(
        tmp_path,
        "--impl=reference",
        "--backend=dynamodb-local",
        "--jobs=2",
        f"--report-dir={report_dir}",
        "--",
        "-k",
        "observability",
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    report = _report(report_dir)
    assert "one server for every process" in str(report["header"]["backend"])
    outcomes = [r["outcome"] for t, r in report.items() if t.startswith("test_observability")]
    assert outcomes == ["passed"] * 5
