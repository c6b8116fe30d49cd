"""Fixtures of the INV-011 scan tests: temporary projects and the ``pytester`` plugin."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

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
