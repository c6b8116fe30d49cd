"""``[tool.novacat-persistence.scan]``: allow, include, exclude, severity, discovery, errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.scan import ScanConfig, ScanUsageError, discover_config, load_config, scan

ScanJson = Callable[..., tuple[int, dict[str, Any]]]
Project = Callable[[Mapping[str, str | bytes]], Path]

RAW = 'import boto3\n\nclient = boto3.client("dynamodb")\n'
UNRESOLVED = "import boto3\n\n\ndef make(name):\n    return boto3.client(name)\n"


def _table(body: str) -> str:
    return f"[project]\nname = 'svc'\n\n[tool.novacat-persistence.scan]\n{body}\n"


def _paths(report: dict[str, Any]) -> set[str]:
    return {finding["path"] for finding in report["findings"]}


def test_allow_by_path_and_glob(project: Project, scan_json: ScanJson) -> None:
    project(
        {
            "pyproject.toml": _table('allow = ["wrapper/", "**/migrations", "tools/seed_*.py"]'),
            "wrapper/raw.py": RAW,
            "app/db/migrations/0001.py": RAW,
            "tools/seed_local.py": RAW,
            "tools/report.py": RAW,
            "app/handler.py": RAW,
        }
    )
    code, report = scan_json()
    assert code == 1
    assert _paths(report) == {"app/handler.py", "tools/report.py"}
    assert report["summary"]["files_allowed"] == 3


def test_allow_by_dotted_module_name_through_init_files(
    project: Project, scan_json: ScanJson
) -> None:
    project(
        {
            "pyproject.toml": _table('allow = ["svc.persistence"]'),
            "src/svc/__init__.py": "",
            "src/svc/persistence/__init__.py": RAW,
            "src/svc/persistence/tables.py": RAW,
            "src/svc/persistence_extra.py": RAW,
            "src/svc/api.py": RAW,
        }
    )
    code, report = scan_json("src")
    assert code == 1
    assert _paths(report) == {"src/svc/persistence_extra.py", "src/svc/api.py"}


def test_allow_by_dotted_module_name_through_package_dir(
    project: Project, scan_json: ScanJson
) -> None:
    # The layout of this repository: a top-level folder installed as a subpackage.
    project(
        {
            "pyproject.toml": (
                "[tool.setuptools]\n"
                'package-dir = { "kit.reference_impl" = "reference_impl" }\n\n'
                "[tool.novacat-persistence.scan]\n"
                'allow = ["kit.reference_impl"]\n'
            ),
            "reference_impl/store.py": RAW,
            "other/store.py": RAW,
        }
    )
    code, report = scan_json()
    assert code == 1
    assert _paths(report) == {"other/store.py"}


def test_include_and_exclude(project: Project, scan_json: ScanJson) -> None:
    project(
        {
            "pyproject.toml": _table('include = ["src", "scripts/*.py"]\nexclude = ["src/gen"]'),
            "src/app.py": RAW,
            "src/gen/client.py": RAW,
            "scripts/load.py": RAW,
            "scripts/deep/load.py": RAW,
            "notes/sketch.py": RAW,
            ".venv/lib/boto_things.py": RAW,
        }
    )
    code, report = scan_json()
    assert code == 1
    assert _paths(report) == {"src/app.py", "scripts/load.py"}
    # A file named explicitly is checked whatever include says, but exclude still holds;
    # the built-in excludes only stop directory walks.
    code, report = scan_json("notes/sketch.py", "src/gen/client.py", ".venv/lib/boto_things.py")
    assert _paths(report) == {"notes/sketch.py", ".venv/lib/boto_things.py"}


def test_built_in_excludes(project: Project, scan_json: ScanJson) -> None:
    project(
        {
            "app.py": RAW,
            **{
                f"{directory}/x.py": RAW
                for directory in (
                    ".git/hooks",
                    ".venv/lib",
                    "venv",
                    "build/lib",
                    "dist",
                    "node_modules/pkg",
                    "svc.egg-info",
                    "src/__pycache__",
                    ".tox/py311",
                    "lib/site-packages/boto",
                )
            },
        }
    )
    code, report = scan_json()
    assert (code, _paths(report)) == (1, {"app.py"})


def test_severity_override(project: Project, scan_json: ScanJson) -> None:
    root = project({"pyproject.toml": _table(""), "app.py": UNRESOLVED})
    code, report = scan_json()
    assert (code, [f["severity"] for f in report["findings"]]) == (0, ["warning"])
    assert scan_json("--strict")[0] == 1

    (root / "pyproject.toml").write_text(_table('severity = { unresolved-client = "error" }'))
    code, report = scan_json()
    assert (code, [f["severity"] for f in report["findings"]]) == (1, ["error"])

    (root / "pyproject.toml").write_text(
        _table('[tool.novacat-persistence.scan.severity]\ndb-client = "warning"')
    )
    (root / "app.py").write_text(RAW)
    code, report = scan_json()
    assert (code, [(f["rule"], f["severity"]) for f in report["findings"]]) == (
        0,
        [("db-client", "warning")],
    )


def test_discovery_walks_up_past_pyprojects_without_the_table(project: Project) -> None:
    root = project(
        {
            "pyproject.toml": _table('allow = ["services/a/store.py"]'),
            "services/a/pyproject.toml": "[project]\nname = 'a'\n",
            "services/a/store.py": RAW,
        }
    )
    config = discover_config([root / "services" / "a"])
    assert config.source == root / "pyproject.toml"
    assert config.root == root
    assert scan([root / "services" / "a"], config).files_allowed == 1


def test_no_configuration_means_defaults(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RAW)
    config = discover_config([tmp_path / "app.py"])
    assert config.source is None and config.root == tmp_path and config.allow == ()
    assert scan([tmp_path], config).errors == 1


def test_explicit_config_file(project: Project, scan_json: ScanJson) -> None:
    root = project({"app/raw.py": RAW, "ci/scan.toml": _table('allow = ["raw.py"]')})
    # Patterns are relative to the configuration file's directory.
    assert scan_json("--config", "ci/scan.toml", "app")[0] == 1
    (root / "ci" / "scan.toml").write_text(_table('allow = ["../app"]'))
    assert scan_json("--config", "ci/scan.toml", "app")[0] == 2
    (root / "scan.toml").write_text(_table('allow = ["app"]'))
    code, report = scan_json("--config", "scan.toml", "app")
    assert (code, report["summary"]["files_allowed"]) == (0, 1)
    assert load_config(root / "scan.toml").allow == ("app",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[tool.novacat-persistence.scan\n", "invalid TOML"),
        (_table('allowed = ["x"]'), "unknown key allowed"),
        (_table('allow = "wrapper"'), "allow must be a list of strings"),
        (_table("exclude = [1]"), "exclude must be a list of strings"),
        (_table('include = ["/abs/path"]'), "is absolute"),
        (_table('allow = ["../up"]'), "may not contain '..'"),
        (_table('allow = [""]'), "empty path pattern"),
        (_table('severity = { db-clients = "error" }'), "unknown rule db-clients"),
        (_table('severity = { db-client = "fatal" }'), "the severity must be one of"),
        (_table('severity = "error"'), "severity must be a table"),
        (_table('severity = { db-client = ["error"] }'), "the severity must be one of"),
        (_table("severity = { db-client = 2 }"), "the severity must be one of"),
        (_table('include = ["src", "gen[abc"]'), "include: path pattern 'gen[abc': '[' opens"),
        (_table('exclude = ["gen[!]"]'), "exclude: path pattern 'gen[!]': '[' opens"),
        (_table('allow = ["x/["]'), "allow: path pattern 'x/[': '[' opens a character class"),
        (_table('allow = ["seed_[9-0].py"]'), "is not a valid glob: bad character range"),
        ("[tool]\nnovacat-persistence = { scan = 3 }\n", "must be a table"),
    ],
)
def test_bad_configuration_is_a_usage_error(
    project: Project, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    project({"pyproject.toml": content, "app.py": "x = 1\n"})
    assert main(["scan"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "pyproject.toml" in err
    assert "Traceback" not in err


def test_explicit_config_problems(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project({"other.toml": "[project]\nname = 'x'\n", "app.py": "x = 1\n"})
    assert main(["scan", "--config", "missing.toml"]) == 2
    assert "cannot read configuration missing.toml" in capsys.readouterr().err
    assert main(["scan", "--config", "other.toml"]) == 2
    assert "no [tool.novacat-persistence.scan] table" in capsys.readouterr().err


def test_scan_config_validates_programmatic_values(tmp_path: Path) -> None:
    with pytest.raises(ScanUsageError, match="unknown rule nope"):
        ScanConfig(root=tmp_path, severity={"nope": "error"})  # type: ignore[dict-item]
    with pytest.raises(ScanUsageError, match="allow: path pattern '/x' is absolute"):
        ScanConfig(root=tmp_path, allow=("/x",))
