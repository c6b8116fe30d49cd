"""Exit codes and options of ``novacat-persistence scan`` through ``cli.main.main``."""

from __future__ import annotations

import _thread
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.scan import ScanConfig, scan
from novacat_persistence.scan.engine import PARALLEL_MINIMUM
from novacat_persistence.workers import safe_start

Project = Callable[[Mapping[str, str | bytes]], Path]

RAW = 'import boto3\nboto3.client("dynamodb")\n'
UNRESOLVED = "import boto3\n\n\ndef make(name):\n    return boto3.client(name)\n"


def test_exit_0_when_clean(project: Project) -> None:
    project({"app.py": 'import boto3\nboto3.client("s3")\n'})
    assert main(["scan"]) == 0
    assert main(["scan", "."]) == 0


def test_exit_1_on_error_findings(project: Project) -> None:
    project({"app.py": RAW})
    assert main(["scan"]) == 1
    assert main(["scan", "app.py"]) == 1


def test_warnings_fail_only_with_strict(project: Project) -> None:
    project({"app.py": UNRESOLVED})
    assert main(["scan"]) == 0
    assert main(["scan", "--strict"]) == 1


def test_folders_holding_no_file_to_check_are_exit_2(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped folder or include pattern must not pass a build with "0 files checked"."""
    root = project({"docs/notes.txt": "no code", "app.py": RAW})
    assert main(["scan", "docs"]) == 2
    assert "no Python file to check under docs" in capsys.readouterr().err
    (root / "pyproject.toml").write_text('[tool.novacat-persistence.scan]\ninclude = ["srcx"]\n')
    assert main(["scan"]) == 2
    assert "include/exclude" in capsys.readouterr().err


def test_files_named_one_by_one_may_all_be_excluded(project: Project) -> None:
    """A pre-commit hook names the changed files: all of them excluded is a clean scan."""
    root = project({"tests/test_app.py": RAW})
    (root / "pyproject.toml").write_text(
        '[tool.novacat-persistence.scan]\nexclude = ["tests/**"]\n'
    )
    assert main(["scan", "tests/test_app.py"]) == 0


def test_exit_2_on_a_missing_path(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project({"app.py": RAW})
    assert main(["scan", "app.py", "nowhere"]) == 2
    captured = capsys.readouterr()
    assert "no such file or directory: nowhere" in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("argv", [["scan", "--jobs", "0"], ["scan", "--format", "xml"]])
def test_bad_options_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("novacat-persistence scan: error: argument ")
    assert argv[1] in err and "novacat-persistence scan --help" in err
    assert err.count("\n") == 1


def test_default_path_is_the_working_directory(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"sub/app.py": RAW, "sub/deeper/other.py": RAW, "inner/x.py": "x = 1\n"})
    assert main(["scan"]) == 1
    out = capsys.readouterr().out
    assert "sub/app.py:2:1 db-client" in out and "sub/deeper/other.py:2:1" in out
    # Paths below the working directory are shown relative to it, others absolute.
    monkeypatch.chdir(root / "inner")
    assert main(["scan", ".", str(root / "sub" / "app.py")]) == 1
    assert f"\n{root / 'sub' / 'app.py'}:2:1 db-client" in "\n" + capsys.readouterr().out


def test_a_file_named_twice_is_checked_once(project: Project) -> None:
    root = project({"app.py": RAW})
    result = scan([root, root / "app.py", Path("app.py")], ScanConfig(root=root))
    assert (result.files_checked, len(result.findings)) == (1, 1)


def test_worker_processes_give_the_same_result(project: Project) -> None:
    files: dict[str, str | bytes] = {
        f"pkg{index % 7}/m{index}.py": RAW if index % 50 == 0 else "x = 1\n"
        for index in range(PARALLEL_MINIMUM + 50)
    }
    files["pkg0/broken.py"] = "import boto3\ndef f(:\n"
    root = project(files)
    config = ScanConfig(root=root)
    sequential = scan([root], config, jobs=1)
    parallel = scan([root], config, jobs=2)
    assert parallel == sequential
    assert sequential.errors == (PARALLEL_MINIMUM + 50) // 50 + 1


@pytest.mark.parametrize("start", ["threading", "_thread"])
def test_workers_are_not_forked_beside_other_threads(project: Project, start: str) -> None:
    # A child forked beside other threads may inherit their locks held: a deadlock (3.12 warns).
    # A thread started by _thread (as execnet's, in pytest-xdist's workers) counts too.
    root = project({f"m{index}.py": RAW for index in range(PARALLEL_MINIMUM + 50)})
    config = ScanConfig(root=root)
    held = _thread.allocate_lock()
    held.acquire()
    if start == "threading":
        beside = threading.Thread(target=held.acquire)
        beside.start()
    else:
        _thread.start_new_thread(held.acquire, ())
    try:
        assert safe_start("novacat_persistence.scan.engine").get_start_method() != "fork"
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            parallel = scan([root], config, jobs=2)
    finally:
        held.release()  # the thread takes it, and ends
    assert parallel == scan([root], config, jobs=1)
    assert parallel.errors == PARALLEL_MINIMUM + 50


def test_a_process_alone_starts_its_workers_the_platforms_way() -> None:
    # the command line runs no other thread: the platform's start (a fork on Linux) is safe
    check = (
        "import multiprocessing; from novacat_persistence.workers import safe_start; "
        "print(safe_start('json').get_start_method(), multiprocessing.get_start_method())"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    chosen, default = done.stdout.split()
    assert chosen == default


def test_help_lists_the_verb(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "scan" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["scan", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--strict" in out and "Exit codes: 0 no error findings" in out
