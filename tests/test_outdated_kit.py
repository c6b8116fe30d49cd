"""A conformance run with a tool of the ``kit`` extra older than the extra requires is refused
in one line that names each such tool, its version and the version needed, before anything
runs: on moto before 5.2 the suites' request checks never fire (a candidate DynamoDB refuses
would pass), and hypothesis before 6.131 crashes the run."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from novacat_persistence.cli.extras import kit_requirements

ROOT = Path(__file__).resolve().parents[1]


def test_the_versions_the_kit_requires_are_those_pyproject_declares() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        canonicalize_name(r.name): r.specifier
        for r in map(Requirement, project["optional-dependencies"]["kit"])
    }
    installed = {canonicalize_name(n): SpecifierSet(s) for n, s in kit_requirements().items()}
    assert installed == declared
    assert "5.1.22" not in installed["moto"] and "5.2.0" in installed["moto"]


def _installed_as(tmp_path: Path, versions: dict[str, str]) -> dict[str, str]:
    """An environment in which each distribution of ``versions`` is found at that version
    first (a dist-info folder ahead of site-packages on the path)."""
    for name, version in versions.items():
        info = tmp_path / f"{name}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
        )
    return {**os.environ, "PYTHONPATH": str(tmp_path)}


@pytest.mark.parametrize(
    ("versions", "said"),
    [
        ({"moto": "5.1.22"}, "(moto 5.1.22, needs >=5.2): pip install 'moto>=5.2'"),
        (
            {"moto": "5.0.0", "hypothesis": "6.100.0"},
            "(hypothesis 6.100.0, needs >=6.131, moto 5.0.0, needs >=5.2): "
            "pip install 'hypothesis>=6.131' 'moto>=5.2'",
        ),
    ],
    ids=["moto", "moto-and-hypothesis"],
)
def test_an_outdated_tool_is_named_in_one_line_before_anything_runs(
    tmp_path: Path, versions: dict[str, str], said: str
) -> None:
    reports = tmp_path / "reports"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from novacat_persistence.cli.main import main; sys.exit(main())",
            "conformance",
            "--impl",
            "reference",
            "--report-dir",
            str(reports),
        ],
        capture_output=True,
        text=True,
        env=_installed_as(tmp_path, versions),
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"novacat-persistence: error: conformance needs newer versions of the kit extra {said}"
    ]
    assert done.stdout == ""
    assert not reports.exists()
