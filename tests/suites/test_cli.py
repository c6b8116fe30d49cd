"""The ``conformance`` verb: listing, usage errors, and the pytest command it runs."""

from __future__ import annotations

import argparse
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
    assert (tmp_path / "pytest.ini").read_text().startswith("[pytest]")
