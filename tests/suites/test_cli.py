"""The ``conformance`` verb: listing, usage errors, and the pytest command it runs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from novacat_persistence.cli.conformance_cmd import backend_of, pytest_command
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
    (tmp_path / "settings").mkdir()
    command = pytest_command(args, tmp_path, tmp_path / "settings")
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
    assert (tmp_path / "settings" / "pytest.ini").read_text().startswith("[pytest]")
    assert not (tmp_path / "pytest.ini").exists()


def test_jobs_spread_the_tests_and_an_idle_process_takes_queued_ones(tmp_path: Path) -> None:
    for jobs, expected in (("1", []), ("3", ["-n", "3", "--dist", "worksteal"])):
        args = build_parser().parse_args(["conformance", "--impl=reference", f"--jobs={jobs}"])
        command = pytest_command(args, tmp_path, tmp_path)
        assert [c for c in command if c in ("-n", "--dist", "worksteal", jobs)] == expected


def test_a_run_takes_nothing_of_the_working_directory_and_writes_only_its_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pytest loads ``conftest.py`` of the working directory and its ``test*`` folders into a
    ``--pyargs`` run: the conformance run takes none of the caller's (here, each would leave a
    mark and fail the run). It writes nothing into the working directory (hypothesis's
    storage included) and leaves a ``pytest.ini`` in its report folder as it was."""
    marks = tmp_path / "marks"
    conftest = f"open({str(marks)!r}, 'a').write(__file__ + '\\n')\nraise SystemExit(3)\n"
    (tmp_path / "conftest.py").write_text(conftest)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(conftest)
    reports = tmp_path / "reports"
    reports.mkdir()
    own_ini = "[pytest]\naddopts = --strict-markers\n"
    (reports / "pytest.ini").write_text(own_ini)
    monkeypatch.chdir(tmp_path)
    code = main(
        [
            "conformance",
            "--impl=reference",
            "--jobs=1",
            f"--report-dir={reports}",
            "--",
            "-k",
            "records_its_expiry",
        ]
    )
    assert not marks.exists(), marks.read_text()
    assert code == 1, "one test passing is not the whole core passing"
    body = json.loads((reports / "conformance.json").read_text())
    assert [t["outcome"] for t in body["tests"] if t["outcome"] != "deselected"] == ["passed"]
    assert (reports / "pytest.ini").read_text() == own_ini
    assert sorted(p.name for p in tmp_path.iterdir()) == ["conftest.py", "reports", "tests"]


def test_a_report_folder_that_cannot_be_written_is_exit_2_before_any_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("")
    for folder, says in (
        (blocker, "not a folder"),
        (blocker / "reports", "Not a directory"),
        (Path("/proc"), "cannot write into /proc"),
    ):
        assert main(["conformance", "--impl=reference", f"--report-dir={folder}"]) == 2
        err = capsys.readouterr().err
        assert says in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_unreadable_exceptions_file_is_named_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.toml"
    code = main(["conformance", "--impl=reference", "--jobs=2", f"--exceptions={missing}"])
    assert code == 2
    assert f"cannot read exceptions file {missing}" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_a_run_of_several_processes_that_stops_before_its_tests_shows_why(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """pytest-xdist's workers report only that they stopped ("no active workers"): the
    cause is shown by collecting once in one process."""
    excepted = tmp_path / "exceptions.toml"
    excepted.write_text('[[exception]]\ntest = "test_nothing.py::nope"\nreason = "r"\n')
    code = main(
        [
            "conformance",
            "--impl=reference",
            "--jobs=2",
            f"--exceptions={excepted}",
            f"--report-dir={tmp_path / 'reports'}",
        ]
    )
    assert code == 2
    captured = capfd.readouterr()
    assert "'test_nothing.py::nope' matches no suite test" in captured.out + captured.err


def test_an_endpoint_with_another_backend_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["conformance", "--impl=reference", "--endpoint=http://127.0.0.1:9"]
    assert main([*argv, "--backend=moto"]) == 2
    assert "cannot go with --backend moto" in capsys.readouterr().err
    args = build_parser().parse_args(argv)
    assert backend_of(args) == "endpoint"
    assert backend_of(build_parser().parse_args(["conformance"])) == "moto"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["-k", "races"], "pytest's options go after --"),
        (["test_races.py"], "arguments for pytest go after --"),
    ],
)
def test_pytest_arguments_before_the_separator_are_exit_2(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's own usage error, or the verb's
        raise SystemExit(main(["conformance", "--impl=reference", *argv]))
    assert exited.value.code == 2
    assert says in capsys.readouterr().err


def test_an_endpoint_that_cannot_serve_the_run_is_exit_2_before_any_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    argv = ["conformance", "--impl=reference", f"--report-dir={tmp_path / 'reports'}"]
    assert main([*argv, "--endpoint=http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "no AWS credentials for http://127.0.0.1:9" in err and err.count("\n") == 1
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    assert main([*argv, "--endpoint=http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach http://127.0.0.1:9" in err and err.count("\n") == 1
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ("--endpoint=not a url", "not a url"),
        ("--endpoint=", "--endpoint"),
        ("--endpoint=   ", "--endpoint"),
        ("--report-dir=", "--report-dir"),
        ("--jobs=100000", "--jobs"),
        ("--race-threads=100000", "--race-threads"),
    ],
)
def test_an_option_naming_nothing_usable_is_exit_2_before_any_test(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    option: str,
    says: str,
) -> None:
    """An endpoint that is no URL or blank, an empty report folder, more processes or race
    threads than a run can hold: one line saying which option, exit 2, nothing written."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    try:
        code = main(["conformance", "--impl=reference", option, "--", "-k", "get_nova"])
    except SystemExit as exited:  # argparse's refusal of the option's value
        code = int(exited.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []
