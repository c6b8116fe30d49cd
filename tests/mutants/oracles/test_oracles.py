"""The oracle zoo's proof of teeth: with each broken model as the suites' oracle, the reference
implementation fails the suite test named as its catcher; with the true model it passes every
one of them.

Runs only when ``tests/mutants`` is named on the command line, like the zoo
(``python -m pytest tests/mutants``, ``tox -e mutants``).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from novacat_persistence.suites.model.model import ORACLE_VARIABLE
from tests.mutants.test_zoo import _run, _selected

HERE = Path(__file__).resolve().parent
ORACLES = sorted(
    m.name for m in pkgutil.iter_modules([str(HERE)]) if not m.name.startswith(("_", "test_"))
)


def _caught_by(name: str) -> str:
    return str(importlib.import_module(f"tests.mutants.oracles.{name}").CAUGHT_BY)


@pytest.fixture(autouse=True)
def _only_when_asked(request: pytest.FixtureRequest) -> None:
    if not _selected(request.config):
        pytest.skip("the oracle zoo runs with `python -m pytest tests/mutants` (tox -e mutants)")


def test_the_oracle_zoo_is_big_enough() -> None:
    assert len(ORACLES) >= 10, ORACLES


def test_the_reference_passes_every_oracle_catching_test(tmp_path: Path) -> None:
    catchers = sorted({_caught_by(o) for o in ORACLES})
    _code, outcomes, output = _run("reference", catchers, tmp_path)
    failing = {t: o for t, o in outcomes.items() if t in catchers and o != "passed"}
    assert not [t for t in catchers if t not in outcomes], output
    assert not failing, f"the reference fails oracle catching tests: {failing}\n{output}"


@pytest.mark.parametrize("oracle", ORACLES)
def test_a_wrong_oracle_fails_the_reference(oracle: str, tmp_path: Path) -> None:
    catcher = _caught_by(oracle)
    chosen = {ORACLE_VARIABLE: f"tests.mutants.oracles.{oracle}:Oracle"}
    code, outcomes, output = _run("reference", [catcher], tmp_path, env=chosen)
    assert catcher in outcomes, f"{catcher} did not run\n{output}"
    assert outcomes[catcher] in ("failed", "error"), (
        f"the suite passed the reference with oracle {oracle} ({outcomes[catcher]})\n{output}"
    )
    assert code == 1, f"pytest exited {code}\n{output}"
