"""The zoo's proof of teeth: each mutant fails the suite test named as its catcher, and the
reference implementation passes every one of those tests.

Each run is a subprocess ``python -m pytest --pyargs novacat_persistence.suites`` with the
default race settings (a race mutant is caught at the threads and rounds a user runs). Runs
only when ``tests/mutants`` is named on the command line (``python -m pytest tests/mutants``,
``tox -e mutants``).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from novacat_persistence.contracts.codec import attribute_values
from tests.mutants._zoo import patched_factory

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MUTANTS = sorted(
    m.name
    for m in pkgutil.iter_modules([str(HERE)])
    if not m.ispkg and not m.name.startswith(("_", "test_"))
)


def _caught_by(name: str) -> str:
    return str(importlib.import_module(f"tests.mutants.{name}").CAUGHT_BY)


def _run(
    impl: str, tests: list[str], report_dir: Path, env: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """Run the named suite tests against ``impl`` (with ``env`` added to the environment);
    return pytest's exit code, each test's outcome (from the JSON report) and the output."""
    ini = report_dir / "pytest.ini"
    report_dir.mkdir(parents=True, exist_ok=True)
    ini.write_text("[pytest]\nxfail_strict = true\n")
    nodes = [f"novacat_persistence.suites.{t.split('.py::')[0]}" for t in tests]
    selectors = " or ".join(sorted({t.split("::", 1)[1] for t in tests}))  # with parameters
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--pyargs",
        *sorted(set(nodes)),
        "-c",
        str(ini),
        "--rootdir",
        str(report_dir),
        "-p",
        "no:cacheprovider",
        "--noconftest",
        "--import-mode=importlib",
        "-q",
        "-k",
        selectors,
        f"--impl={impl}",
        f"--report-dir={report_dir}",
    ]
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600, check=False
    )
    outcomes: dict[str, str] = {}
    report = report_dir / "conformance.json"
    if report.exists():
        for test in json.loads(report.read_text())["tests"]:
            outcomes[test["test"]] = test["outcome"]
    return done.returncode, outcomes, done.stdout[-3000:] + done.stderr[-2000:]


def _selected(config: pytest.Config) -> bool:
    return any(str(HERE) in str(Path(arg.split("::")[0]).resolve()) for arg in config.args)


@pytest.fixture(autouse=True)
def _only_when_asked(request: pytest.FixtureRequest) -> None:
    if not _selected(request.config):
        pytest.skip("the zoo runs with `python -m pytest tests/mutants` (tox -e mutants)")


def test_a_mutant_cannot_replace_a_name_its_module_lacks() -> None:
    """A mutant naming what a refactoring removed fails at once instead of patching nothing
    (and surviving); a name the module has is replaced when the wrapper is built."""
    with pytest.raises(TypeError, match="has no '_level'"):
        patched_factory(attribute_values, "_level", lambda levels: levels)
    assert callable(patched_factory(attribute_values, "_CONTAINERS", {}))


def test_the_zoo_is_big_enough() -> None:
    assert len(MUTANTS) >= 60, MUTANTS


def test_the_reference_passes_every_catching_test(tmp_path: Path) -> None:
    catchers = sorted({_caught_by(m) for m in MUTANTS})
    _code, outcomes, output = _run("reference", catchers, tmp_path)
    failing = {t: o for t, o in outcomes.items() if t in catchers and o != "passed"}
    missing = [t for t in catchers if t not in outcomes]
    assert not missing, f"catching tests not found: {missing}\n{output}"
    assert not failing, f"the reference fails catching tests: {failing}\n{output}"


@pytest.mark.parametrize("mutant", MUTANTS)
def test_the_mutant_is_caught(mutant: str, tmp_path: Path) -> None:
    catcher = _caught_by(mutant)
    code, outcomes, output = _run(f"tests.mutants.{mutant}:factory", [catcher], tmp_path)
    assert catcher in outcomes, f"{catcher} did not run\n{output}"
    assert outcomes[catcher] in ("failed", "error"), (
        f"{mutant} survived {catcher} ({outcomes[catcher]})\n{output}"
    )
    assert code == 1, f"pytest exited {code}\n{output}"
