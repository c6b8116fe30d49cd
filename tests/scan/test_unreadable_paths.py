"""Paths that are not readable files: a named one is a usage error saying what it is, one met
while walking is a ``parse-error`` finding; never a traceback, never a hang, never a skip."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

ScanCli = Callable[..., tuple[int, str, str]]
UsageError = Callable[..., None]
Subprocess = Callable[..., subprocess.CompletedProcess[str]]
Unprivileged = Callable[[], AbstractContextManager[None]]
RAW = 'import boto3\nboto3.client("dynamodb")\n'


@pytest.mark.parametrize(
    ("target", "words"),
    [("link.py", "symbolic link loop: link.py"), ("gone.py", "broken symbolic link: link.py")],
    ids=["loop", "broken"],
)
def test_a_named_link_that_leads_nowhere_says_why(
    shared_dir: Path, scan_cli: ScanCli, usage_error: UsageError, target: str, words: str
) -> None:
    os.symlink(target, shared_dir / "link.py")
    code, out, err = scan_cli("link.py")
    usage_error(code, err, words)
    assert out == ""


def test_a_named_fifo_is_called_a_fifo_and_never_read(
    shared_dir: Path, scan_subprocess: Subprocess, usage_error: UsageError
) -> None:
    os.mkfifo(shared_dir / "pipe.py")
    done = scan_subprocess("pipe.py", timeout=60)
    usage_error(done.returncode, done.stderr, "pipe.py", "FIFO")
    assert done.stdout == ""


def test_a_fifo_as_configuration_is_refused_not_waited_on(
    shared_dir: Path, scan_subprocess: Subprocess, usage_error: UsageError
) -> None:
    (shared_dir / "app.py").write_text(RAW)
    os.mkfifo(shared_dir / "scan.toml")
    done = scan_subprocess("--config", "scan.toml", "app.py", timeout=60)
    usage_error(done.returncode, done.stderr, "scan.toml", "FIFO")


def test_a_named_link_into_an_unreadable_folder_is_a_usage_error(
    shared_dir: Path, scan_cli: ScanCli, usage_error: UsageError, permissions_apply: Unprivileged
) -> None:
    os.symlink("locked/secret.py", shared_dir / "inside.py")
    with permissions_apply():
        code, out, err = scan_cli("inside.py")
        code_dir, _, err_dir = scan_cli("locked")
    usage_error(code, err, "cannot read inside.py", "Permission denied")
    assert out == ""
    usage_error(code_dir, err_dir, "locked", "Permission denied")


def test_a_named_file_without_read_permission_is_a_usage_error(
    shared_dir: Path, scan_cli: ScanCli, usage_error: UsageError, permissions_apply: Unprivileged
) -> None:
    (shared_dir / "private.py").write_text(RAW)
    (shared_dir / "private.py").chmod(0)
    with permissions_apply():
        code, _, err = scan_cli("private.py")
    usage_error(code, err, "cannot read private.py", "Permission denied")


def test_what_cannot_be_read_while_walking_is_a_parse_error_and_the_rest_is_checked(
    shared_dir: Path, scan_cli: ScanCli, usage_error: UsageError, permissions_apply: Unprivileged
) -> None:
    tree = shared_dir / "tree"
    tree.mkdir()
    os.symlink("a_loop.py", tree / "a_loop.py")
    os.symlink("../locked/secret.py", tree / "b_locked.py")
    os.mkfifo(tree / "c_pipe.py")
    os.symlink("nowhere.py", tree / "d_dangling.py")  # nothing there: not a file to check
    (tree / "e_raw.py").write_text(RAW)
    with permissions_apply():
        code, out, err = scan_cli("--format", "text", "tree")
    assert (code, err) == (1, "")
    findings = [line for line in out.splitlines() if line.startswith("tree/")]
    assert [line.split(" ", 2)[:2] for line in findings] == [
        ["tree/a_loop.py:1:1", "parse-error"],
        ["tree/b_locked.py:1:1", "parse-error"],
        ["tree/c_pipe.py:1:1", "parse-error"],
        ["tree/e_raw.py:2:1", "db-client"],
    ]
    assert "Too many levels of symbolic links" in findings[0]
    assert "Permission denied" in findings[1]
    assert "FIFO" in findings[2]
    assert "4 files checked" in out
