"""Running the command line in-process or in a child interpreter, and what a user sees of a
refusal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from novacat_persistence.cli.main import main


@dataclass(frozen=True)
class Run:
    """One command line's exit code and output."""

    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    """``novacat-persistence ARGV`` in this process (an exception escapes: a traceback)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exited:  # argparse's usage errors
            code = int(exited.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def assert_refused(run: Run, code: int = 2) -> None:
    """The command exited ``code`` with exactly one line on stderr and no traceback."""
    assert run.code == code, run
    assert run.err.endswith("\n") and run.err.count("\n") == 1, run.err
    assert "Traceback" not in run.err + run.out


def files_under(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` with its content: compare two to see what was written
    (special files and symbolic links are listed by name, never opened)."""
    found: dict[str, bytes] = {}
    for folder, folders, names in os.walk(root):
        for name in [*names, *folders]:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            regular = path.is_file() and not path.is_symlink()
            found[key] = path.read_bytes() if regular else b"<not a regular file>"
    return found


def run_with_output_closed(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``novacat-persistence ARGV`` in a child interpreter whose output's reader is gone
    before anything is written (``| head`` that stopped reading); stderr captured."""
    read, write = os.pipe()
    os.close(read)
    try:
        return _run_with_output(write, argv, cwd)
    finally:
        os.close(write)


def run_with_output_to(
    target: Path, *argv: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``novacat-persistence ARGV`` in a child interpreter whose standard output is the file
    ``target`` (``/dev/full``: a disk with no room left); stderr captured."""
    with target.open("w") as output:
        return _run_with_output(output.fileno(), argv, cwd)


def _run_with_output(
    output: int, argv: tuple[str, ...], cwd: Path | None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-P", "-m", "novacat_persistence.cli.main", *argv],
        cwd=cwd,
        stdout=output,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
