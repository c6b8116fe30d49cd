"""Fixtures of the INV-011 scan tests: temporary projects and the ``pytester`` plugin."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Final

import pytest

from novacat_persistence.cli.main import main


def pytest_configure(config: pytest.Config) -> None:
    # The brief's `pytest_plugins = ["pytester"]` is refused by pytest in a conftest below the
    # rootdir once the suite runs from the repository root ("Defining 'pytest_plugins' in a
    # non-top-level conftest is no longer supported"); registering the plugin here has the
    # same effect and works from any invocation directory.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


ProjectFactory = Callable[[Mapping[str, str | bytes]], Path]


def _expected_findings(text: str) -> set[tuple[str, int]]:
    expected: set[tuple[str, int]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.search(r"#\s*expect:\s*(.+)$", line)
        if match:
            expected.update((rule, number) for rule in match[1].split())
    return expected


@pytest.fixture
def expected_findings() -> Callable[[str], set[tuple[str, int]]]:
    """``expected(text)``: the (rule, line) pairs a snippet announces with
    ``# expect: rule [rule...]`` at the end of a line."""
    return _expected_findings


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProjectFactory:
    """Write files (relative path -> text or bytes) under a fresh directory and cd into it."""
    root = tmp_path / "repo"

    def write(files: Mapping[str, str | bytes]) -> Path:
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        monkeypatch.chdir(root)
        return root

    return write


@pytest.fixture
def scan_json(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, dict[str, Any]]]:
    """Run ``novacat-persistence scan --format json ARGS`` in-process: (exit code, report)."""

    def run(*args: str) -> tuple[int, dict[str, Any]]:
        code = main(["scan", "--format", "json", *args])
        out = capsys.readouterr().out
        return code, json.loads(out) if out else {}

    return run


NOBODY: Final = 65534
"""The uid and gid of ``nobody``, whom file permissions apply to."""


@contextmanager
def _permissions_apply() -> Iterator[None]:
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def permissions_apply() -> Callable[[], AbstractContextManager[None]]:
    """A context in which file modes are enforced: run as ``nobody`` when the tests run as
    root (root reads whatever the mode says), unchanged otherwise."""
    return _permissions_apply


@contextmanager
def _shared_tree() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="novacat-scan-"))
    root.chmod(0o777)  # nobody may write here too: a report that is not written was refused
    locked = root / "locked"
    locked.mkdir()
    (locked / "secret.py").write_text('import boto3\nboto3.client("dynamodb")\n')
    locked.chmod(0)
    try:
        yield root
    finally:
        for directory, subdirectories, _ in os.walk(root):
            for name in subdirectories:
                if not os.path.islink(os.path.join(directory, name)):
                    os.chmod(os.path.join(directory, name), 0o755)
        shutil.rmtree(root)


@pytest.fixture
def shared_tree() -> Callable[[], AbstractContextManager[Path]]:
    """``with shared_tree() as root``: a fresh directory anyone may enter and write to
    (``tmp_path`` may be private to root), removed afterwards whatever modes were set below it.

    It holds a folder ``locked`` that no one but root may list or enter, with a ``secret.py``.
    """
    return _shared_tree


@pytest.fixture
def shared_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A :func:`shared_tree` directory, as the working directory for the test."""
    with _shared_tree() as root:
        monkeypatch.chdir(root)
        yield root


def _assert_one_line_usage_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("novacat-persistence: error: "), err
    for word in words:
        assert word in lines[0], err


@pytest.fixture
def usage_error() -> Callable[..., None]:
    """``check(code, stderr, *words)``: the CLI refused to run, exit 2, with one line on stderr
    that names ``words``, and no traceback."""
    return _assert_one_line_usage_error


def _scan_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["scan", *args])
        except SystemExit as exited:  # argparse refusing an option
            code = exited.code if isinstance(exited.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def scan_cli() -> Callable[..., tuple[int, str, str]]:
    """``run(*args)``: ``novacat-persistence scan ARGS`` in-process, (exit code, stdout, stderr)."""
    return _scan_cli


def _scan_subprocess(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", "scan", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def scan_subprocess() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run(*args, timeout=...)``: ``novacat-persistence scan ARGS`` in a fresh interpreter,
    from the working directory; a hang fails the test at the timeout."""
    return _scan_subprocess
