"""The ``conformance`` verb: listing, usage errors, and the pytest command it runs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from novacat_persistence.cli.conformance_cmd import pytest_command
from novacat_persistence.cli.main import build_parser, main
from novacat_persistence.suites.harness.implementations import ENV_VAR


def test_list_impls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conformance", "--list-impls"]) == 0
    assert "reference" in capsys.readouterr().out


def test_no_implementation_is_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert main(["conformance"]) == 2
    assert "no implementation selected" in capsys.readouterr().err


def test_too_few_race_threads_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conformance", "--impl", "reference", "--race-threads", "1"]) == 2
    assert "--race-threads" in capsys.readouterr().err


def test_the_pytest_command_carries_every_option(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        [
            "conformance",
            "--impl",
            "reference",
            "--backend",
            "dynamodb-local",
            "--exceptions",
            "x.toml",
            "--race-threads",
            "4",
            "--race-rounds",
            "2",
            "--hypothesis-seed",
            "7",
            "--",
            "-k",
            "races",
        ]
    )
    assert isinstance(args, argparse.Namespace)
    command = pytest_command(args, tmp_path)
    assert command[1:5] == ["-m", "pytest", "--pyargs", "novacat_persistence.suites"]
    for expected in (
        "--impl=reference",
        "--backend=dynamodb-local",
        "--race-threads=4",
        "--race-rounds=2",
        "--hypothesis-seed=7",
        f"--report-dir={tmp_path}",
        f"--junitxml={tmp_path / 'junit.xml'}",
    ):
        assert expected in command
    assert any(c.endswith("x.toml") and c.startswith("--exceptions=") for c in command)
    assert command[-2:] == ["-k", "races"]
    assert "--noconftest" in command
    assert (tmp_path / "pytest.ini").read_text().startswith("[pytest]")


def test_jobs_spread_the_tests_and_an_idle_process_takes_queued_ones(tmp_path: Path) -> None:
    for jobs, expected in (("1", []), ("3", ["-n", "3", "--dist", "worksteal"])):
        args = build_parser().parse_args(["conformance", "--impl=reference", f"--jobs={jobs}"])
        command = pytest_command(args, tmp_path)
        assert [c for c in command if c in ("-n", "--dist", "worksteal", jobs)] == expected


def test_a_run_loads_no_conftest_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pytest loads ``conftest.py`` of the working directory and its ``test*`` folders into a
    ``--pyargs`` run: the conformance run takes none of the caller's (here, each would leave a
    mark and fail the run)."""
    marks = tmp_path / "marks"
    conftest = f"open({str(marks)!r}, 'a').write(__file__ + '\\n')\nraise SystemExit(3)\n"
    (tmp_path / "conftest.py").write_text(conftest)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(conftest)
    monkeypatch.chdir(tmp_path)
    code = main(
        [
            "conformance",
            "--impl=reference",
            "--jobs=1",
            f"--report-dir={tmp_path / 'reports'}",
            "--",
            "-k",
            "records_its_expiry",
        ]
    )
    assert not marks.exists(), marks.read_text()
    assert code == 1, "one test passing is not the whole core passing"
    body = json.loads((tmp_path / "reports" / "conformance.json").read_text())
    assert [t["outcome"] for t in body["tests"] if t["outcome"] != "deselected"] == ["passed"]
