"""The plugin end to end (subprocesses): usage errors, the exceptions file's refusals, the
report files, and inertness when the suites are not selected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .pytest_runs import run_pytest


def test_no_implementation_is_a_usage_error(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, "--pyargs", "novacat_persistence.suites", "-k", "test_product_keys")
    assert done.returncode == 4
    assert "no implementation selected" in done.stderr and "reference" in done.stderr


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            'test = "test_keys_ordering.py::test_product_keys"\nreason = "no"',
            "core cannot be excepted",
        ),
        ('test = "test_nothing.py::test_x"\nreason = "r"', "matches no suite test"),
    ],
    ids=["core-test", "no-such-test"],
)
def test_an_invalid_exception_entry_is_refused(tmp_path: Path, entry: str, message: str) -> None:
    exceptions = tmp_path / "exceptions.toml"
    exceptions.write_text(f"[[exception]]\n{entry}\n")
    done = run_pytest(
        tmp_path,
        "--pyargs",
        "novacat_persistence.suites",
        "--impl",
        "reference",
        f"--exceptions={exceptions}",
        "--collect-only",
    )
    assert done.returncode == 4 and message in done.stderr


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--race-threads=1", "--race-threads must be 2 to 128"),
        ("--race-threads=129", "--race-threads must be 2 to 128"),
        ("--race-rounds=0", "--race-rounds must be at least 1"),
    ],
)
def test_race_settings_no_race_can_run_are_refused(
    tmp_path: Path, option: str, message: str
) -> None:
    """pytest run directly checks the race settings as the command line does."""
    done = run_pytest(
        tmp_path, "--pyargs", "novacat_persistence.suites", "--impl", "reference", option
    )
    assert done.returncode == 4 and message in done.stderr, done.stderr[-500:]


def test_a_usage_error_of_a_parallel_run_is_stated_once(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, "--pyargs", "novacat_persistence.suites", "-n", "2")
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]
    assert (done.stdout + done.stderr).count("no implementation selected") == 1
    assert "[gw0]" not in done.stdout + done.stderr, "no worker started"


def test_an_excepted_optional_test_is_a_strict_xfail(tmp_path: Path) -> None:
    factory = tmp_path / "declared_impl.py"
    factory.write_text(
        "from novacat_persistence.reference_impl.factory import create_reference_wrapper\n"
        "from novacat_persistence.contracts.capabilities import Capabilities\n"
        "def factory(*a, **k):\n    return create_reference_wrapper(*a, **k)\n"
        "factory.capabilities = Capabilities(request_count_logs=True)\n"
    )
    exceptions = tmp_path / "exceptions.toml"
    exceptions.write_text(
        '[[exception]]\ntest = "test_observability.py::test_request_count_is_reported"\n'
        'reason = "passes, so the strict xfail fails"\n'
    )
    done = run_pytest(
        tmp_path,
        "--pyargs",
        "novacat_persistence.suites.test_observability",
        "--impl",
        "declared_impl:factory",
        f"--exceptions={exceptions}",
        f"--report-dir={tmp_path / 'r'}",
        "-k",
        "request_count",
    )
    assert done.returncode == 1, done.stdout[-2000:]
    assert "XPASS(strict)" in done.stdout


def test_a_session_writes_the_reports(tmp_path: Path) -> None:
    report_dir = tmp_path / "reports"
    done = run_pytest(
        tmp_path,
        "--pyargs",
        "novacat_persistence.suites.test_keys_ordering",
        "--impl",
        "reference",
        f"--report-dir={report_dir}",
        f"--junitxml={report_dir / 'junit.xml'}",
    )
    assert done.returncode == 1, "one suite passing is not the whole core passing"
    body = json.loads((report_dir / "conformance.json").read_text())
    assert body["header"]["implementation"] == "reference"
    assert body["header"]["suite_version"] and body["header"]["backend"].startswith("moto")
    assert body["core_passed"] is False, "a run of one suite does not pass the whole core"
    assert {t["suite"] for t in body["tests"] if t["outcome"] == "passed"} == {"keys_ordering"}
    assert "test_races.py::*" in {
        t["test"] for t in body["tests"] if t["outcome"] == "not collected"
    }
    assert (report_dir / "junit.xml").exists()
    assert "IFC-030 conformance" in done.stdout and "keys_ordering" in done.stdout


def _seeds(tmp_path: Path, name: str, *args: str) -> tuple[dict[str, object], dict[str, object]]:
    report_dir = tmp_path / name
    run_pytest(
        tmp_path,
        "--pyargs",
        "novacat_persistence.suites",
        "--impl",
        "reference",
        f"--report-dir={report_dir}",
        *args,
    )
    body = json.loads((report_dir / "conformance.json").read_text())
    return body["header"], {t["test"]: t["hypothesis_seed"] for t in body["tests"]}


PROPERTY = "test_keys_ordering.py::test_product_listing_is_type_then_provider_then_id"
MACHINE = "test_eligibility_index.py::test_gsi1_membership_follows_eligibility"
PLAIN = "test_keys_ordering.py::test_product_keys"


def test_the_report_records_the_hypothesis_seed_of_each_hypothesis_test(tmp_path: Path) -> None:
    """Without --hypothesis-seed the session draws one: an @given test and a state machine
    record it, a test without hypothesis records null; a given seed is recorded as given."""
    selection = "test_product_listing or test_product_keys or test_gsi1_membership"
    header, seeds = _seeds(tmp_path, "drawn", "-k", selection)
    drawn = header["hypothesis_seed"]
    assert isinstance(drawn, str) and drawn.isdigit()
    assert seeds[PROPERTY] == drawn and seeds[MACHINE] == drawn
    assert seeds[PLAIN] is None
    header, seeds = _seeds(
        tmp_path, "given", "-k", "test_product_listing", f"--hypothesis-seed={drawn}"
    )
    assert header["hypothesis_seed"] == drawn and seeds[PROPERTY] == drawn


def test_the_plugin_is_inert_in_other_test_runs(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(
        "def test_plain(request):\n    assert 'conformance' not in request.fixturenames\n"
    )
    done = run_pytest(tmp_path, "test_plain.py")
    assert done.returncode == 0, done.stdout[-2000:]
    assert "IFC-030 conformance" not in done.stdout
    assert not (tmp_path / "reports").exists()


_THRESHOLD_PROBE = """
import gc, json, os

seen = {}


def pytest_runtest_call(item):
    seen["during"] = gc.get_threshold()


def pytest_unconfigure(config):
    seen["after"] = gc.get_threshold()
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump(seen, out)
"""


def test_the_collector_thresholds_are_the_sessions_only_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from novacat_persistence.suites.harness.session import YOUNG_COLLECTION_THRESHOLD

    (tmp_path / "threshold_probe.py").write_text(_THRESHOLD_PROBE)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("PROBE_OUT", str(tmp_path / "seen.json"))
    before = list(__import__("gc").get_threshold())
    done = run_pytest(
        tmp_path,
        "-p",
        "threshold_probe",
        "--pyargs",
        "novacat_persistence.suites",
        "--impl",
        "reference",
        "--backend",
        "moto",
        "-k",
        "test_product_keys",
        f"--report-dir={tmp_path / 'reports'}",
    )
    # One test of the core ran (and passed): a partial core is a failed run, exit 1.
    assert "1 passed" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    seen = json.loads((tmp_path / "seen.json").read_text())
    assert seen == {"during": list(YOUNG_COLLECTION_THRESHOLD), "after": before}
