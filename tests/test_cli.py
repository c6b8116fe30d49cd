"""The console script: every verb answers --help, and exit codes mean what the README says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from novacat_persistence import __version__
from novacat_persistence.cli.common import ExitCode
from novacat_persistence.cli.main import VERB_NAMES, build_parser, main, verbs
from novacat_persistence.contracts.interface import IFC_030_VERSION
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.suites import SUITE_VERSION

from .cli_runs import run_with_output_closed, run_with_output_to


def verbs_and_subverbs() -> list[list[str]]:
    parser = build_parser()
    found: list[list[str]] = [[]]
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():
            found.append([name])
            for sub_action in (
                getattr(sub, "_subparsers", None)._group_actions if sub._subparsers else []
            ):  # type: ignore[union-attr]
                found.extend([name, subname] for subname in sub_action.choices)
    return found


@pytest.mark.parametrize("words", verbs_and_subverbs(), ids=lambda w: " ".join(w) or "(root)")
def test_every_verb_has_help(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*words, "--help"])
    assert exited.value.code == 0
    assert "usage: novacat-persistence" in capsys.readouterr().out


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["no-such-verb"], ["schemas"], ["schemas", "check", "--bogus"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    assert "error" in capsys.readouterr().err


def test_version_names_the_interface_and_suites(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == (
        f"novacat-persistence {__version__} "
        f"(IFC-030 {IFC_030_VERSION}, conformance suites {SUITE_VERSION})\n"
    )


def test_verbs_are_registered() -> None:
    assert len(verbs()) == len(VERB_NAMES)


def test_a_command_line_imports_only_its_own_verb() -> None:
    """A verb's run does not pay for importing every other verb's tools (the conformance
    suites, the schema differ, the scanner)."""
    probe = (
        "import sys; from novacat_persistence.cli.main import main\n"
        "try:\n    main(['corpus', 'replay', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules"
        " if m.startswith('novacat_persistence.cli.') and m.endswith('_cmd')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "['corpus_cmd']"


def test_console_script_runs_as_installed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", "schemas", "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "snapshots match" in done.stdout


@pytest.mark.parametrize(
    ("argv", "codes"),
    [
        (["schemas", "check"], {ExitCode.PIPE_CLOSED}),
        (["conformance", "--list-impls"], {ExitCode.PIPE_CLOSED}),
        # argparse drops a help text it cannot write at once (longer than the buffer, as the
        # terminal's width makes it) and exits 0; a shorter one fails when flushed: 141
        (["--help"], {0, ExitCode.PIPE_CLOSED}),
    ],
    ids=str,
)
def test_output_whose_reader_went_away_ends_quietly(argv: list[str], codes: set[int]) -> None:
    """``novacat-persistence ... | head``: the reader is gone before the output is written."""
    done = run_with_output_closed(*argv)
    assert done.stderr == ""
    assert done.returncode in codes


FULL_DISK = Path("/dev/full")
"""A file whose every write fails with ENOSPC, as on a disk with no room left (Linux)."""


@pytest.mark.skipif(not FULL_DISK.exists(), reason="/dev/full is Linux's")
@pytest.mark.parametrize(
    "argv",
    [
        ["schemas", "check"],  # a short output, written when flushed at the end
        ["corpus", "replay", "--format", "json", str(CORPUS_DIR / "items/nova")],
        ["--help"],  # argparse's own output, then its exit
    ],
    ids=str,
)
def test_output_that_cannot_be_written_is_one_line_and_exit_2(argv: list[str]) -> None:
    """``novacat-persistence ... > report`` on a full disk: the failure is told in one line
    (nothing of Python's own: no traceback, no "Exception ignored" at exit)."""
    done = run_with_output_to(FULL_DISK, *argv, cwd=CORPUS_DIR)
    assert done.returncode == ExitCode.USAGE
    assert done.stderr.splitlines()[-1:] == [
        "novacat-persistence: error: cannot write the output: No space left on device"
    ]
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_errors_reach_the_user_as_one_line_without_log_noise(tmp_path: object) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "y",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "novacat_persistence.cli.main",
            "audit",
            "--table",
            "NovaCat",
            "--bucket",
            "novacat-private",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("novacat-persistence: ") and "Traceback" not in done.stderr


def test_conformance_help_names_every_installed_suite(capsys: pytest.CaptureFixture[str]) -> None:
    from novacat_persistence import suites
    from novacat_persistence.cli.conformance_cmd import SUITES_DIR

    modules = sorted(path.stem.removeprefix("test_") for path in SUITES_DIR.glob("test_*.py"))
    assert list(suites.SUITES) == modules
    with pytest.raises(SystemExit):
        main(["conformance", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert len(modules) >= 18
    for name in modules:
        assert name.replace("_", " ") in shown, name


_AWS_VERBS = {
    "migrate": ["migrate", "--table", "NovaCat"],
    "audit": ["audit", "--table", "NovaCat", "--bucket", "novacat-private"],
    "corpus replay": ["corpus", "replay", "s3://novacat-exports/AWSDynamoDB"],
}


@pytest.mark.parametrize("verb", sorted(_AWS_VERBS))
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--region", ""),
        ("--region", "eu west 1"),
        ("--endpoint-url", ""),
        ("--endpoint-url", "localhost:8000"),
        ("--endpoint-url", "ftp://127.0.0.1:8000"),
        ("--endpoint-url", "http://127.0.0.1:port"),
    ],
)
def test_a_region_or_endpoint_that_names_none_is_a_usage_error(
    verb: str, option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blank or malformed --region or --endpoint-url is refused as the arguments are read,
    in one line naming the option (it reached boto3, which said "Invalid endpoint: " or built
    the host ``s3..amazonaws.com``)."""
    with pytest.raises(SystemExit) as exited:
        main([*_AWS_VERBS[verb], f"{option}={value}"])
    assert exited.value.code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert f"argument {option}" in err and err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("argv", "maximum"),
    [
        (["scan", "src"], 256),
        (["corpus", "replay", "export.json"], 256),
        (["conformance", "--impl", "reference"], 64),
    ],
    ids=["scan", "corpus replay", "conformance"],
)
@pytest.mark.parametrize("over", [-1, 0, 1])
def test_process_counts_are_bounded(
    argv: list[str], maximum: int, over: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """--jobs takes 1 to a bound: 0 and the bound plus one are refused as the arguments are
    read (conformance started 10,000 workers when asked, and hung)."""
    jobs = {-1: 0, 0: maximum, 1: maximum + 1}[over]
    parser = build_parser()
    if over == 0:
        assert parser.parse_args([*argv, f"--jobs={jobs}"]).jobs == maximum
        return
    with pytest.raises(SystemExit) as exited:
        parser.parse_args([*argv, f"--jobs={jobs}"])
    assert exited.value.code == ExitCode.USAGE
    assert f"not a number of processes (1 to {maximum})" in capsys.readouterr().err
