"""``.ci/lowest_pins.py``, what ``tox -e lowest`` installs: each direct dependency pinned at the
lowest version its requirement allows, the project's own extras left out, and a requirement
with no lower bound refused before anything is installed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "lowest_pins.py"


@pytest.fixture(scope="module")
def pins_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lowest_pins", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pyproject(dependencies: list[str], **extras: list[str]) -> dict[str, object]:
    return {
        "project": {
            "name": "Novacat_Persistence",
            "dependencies": dependencies,
            "optional-dependencies": extras,
        }
    }


def test_each_dependency_is_pinned_at_its_lower_bound(pins_module: ModuleType) -> None:
    pyproject = _pyproject(
        ["pydantic>=2.14,<3", "Boto3 >= 1.34.0", "orjson~=3.9; python_version >= '3.11'"],
        kit=["moto[server]>=5.2.1", "exact==1.2.3", "wild==2.*,>=2.1"],
        test=["novacat-persistence[kit]", "moto[dynamodb,s3]>=5.2", "syrupy>=4.6.1"],
    )
    assert pins_module.lowest_pins(pyproject) == {
        "pydantic": Version("2.14"),
        "boto3": Version("1.34.0"),
        "orjson": Version("3.9"),
        "moto": Version("5.2.1"),  # the higher of its two bounds: both are installed
        "exact": Version("1.2.3"),
        "wild": Version("2.1"),
        "syrupy": Version("4.6.1"),
    }


@pytest.mark.parametrize("requirement", ["griffe", "griffe<2", "griffe!=1.0", "griffe==1.*"])
def test_a_requirement_without_a_lower_bound_is_refused(
    pins_module: ModuleType, requirement: str
) -> None:
    with pytest.raises(pins_module.UnboundedRequirementError, match=r"griffe.*no lower bound"):
        pins_module.lowest_pins(_pyproject(["pydantic>=2.14"], kit=[requirement]))


def test_the_command_writes_constraints_pip_reads(tmp_path: Path) -> None:
    source, target = tmp_path / "pyproject.toml", tmp_path / "lowest.txt"
    source.write_text(
        '[project]\nname = "x"\ndependencies = ["b>=2.0", "a>=1.0,<2"]\n', encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(source), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == "a==1.0\nb==2.0\n"
    assert "a==1.0, b==2.0" in done.stdout


def test_the_command_refuses_an_unbounded_requirement_in_one_line(tmp_path: Path) -> None:
    source, target = tmp_path / "pyproject.toml", tmp_path / "lowest.txt"
    source.write_text('[project]\nname = "x"\ndependencies = ["b"]\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(source), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "'b' has no lower bound" in done.stderr
    assert not target.exists()


def test_every_requirement_of_the_project_has_a_lower_bound(pins_module: ModuleType) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = pins_module.lowest_pins(pyproject)
    project = pyproject["project"]
    named = {
        canonicalize_name(Requirement(text).name)
        for texts in [project["dependencies"], *project["optional-dependencies"].values()]
        for text in texts
    } - {canonicalize_name(project["name"])}
    assert set(pins) == named
