"""This repository: its own tree passes the scan, and it publishes the pre-commit hook."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.scan import discover_config, load_config, scan

REPO = Path(__file__).resolve().parents[2]


def test_this_repository_passes_its_own_scan(capsys: pytest.CaptureFixture[str]) -> None:
    # What .ci/run calls: `novacat-persistence scan .` from the repository root.
    code = main(["scan", str(REPO)])
    assert code == 0, capsys.readouterr().out


def test_the_allowlist_of_this_repository() -> None:
    config = load_config(REPO / "pyproject.toml")
    assert set(config.allow) == {
        "novacat_persistence.reference_impl",
        "novacat_persistence.suites",
        "tests",
        "bench",
    }
    assert discover_config([REPO / "src"]).source == REPO / "pyproject.toml"
    # The scan's own test corpus is raw access on purpose, and allowed as part of tests/.
    result = scan([REPO / "tests" / "scan"], config)
    assert result.files_checked == 0 and result.files_allowed > 0


def test_the_pre_commit_hook_definition() -> None:
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "novacat-inv011-scan"
    assert hook["entry"] == "novacat-persistence scan"
    assert hook["language"] == "python"
    assert hook["types"] == ["python"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["novacat-persistence"] == "novacat_persistence.cli.main:main"


def test_the_hook_invocation_on_staged_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # pre-commit runs `novacat-persistence scan FILE...` from the repository root.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.novacat-persistence.scan]\nallow = ["svc/persistence"]\n'
    )
    (tmp_path / "svc" / "persistence").mkdir(parents=True)
    raw = 'import boto3\nboto3.client("dynamodb")\n'
    (tmp_path / "svc" / "persistence" / "store.py").write_text(raw)
    (tmp_path / "svc" / "api.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "svc/persistence/store.py", "svc/api.py"]) == 0
    (tmp_path / "svc" / "api.py").write_text(raw)
    assert main(["scan", "svc/persistence/store.py", "svc/api.py"]) == 1
    assert "svc/api.py:2:1 db-client" in capsys.readouterr().out
