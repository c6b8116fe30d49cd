"""Implementation selection: names, module:factory, the environment variable, loud errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from novacat_persistence.contracts.capabilities import Capabilities, capabilities_of
from novacat_persistence.suites.harness.implementations import (
    ENV_VAR,
    ImplementationSelectionError,
    installed,
    resolve,
)


def test_the_reference_is_installed_and_resolves_by_name() -> None:
    assert "reference" in installed()
    implementation = resolve("reference")
    assert implementation.name == "reference"
    assert callable(implementation.factory)
    assert implementation.version not in ("", "unversioned")


def test_module_factory_resolves(monkeypatch: pytest.MonkeyPatch) -> None:
    target = "novacat_persistence.reference_impl.factory:create_reference_wrapper"
    assert resolve(target).factory.__name__ == "create_reference_wrapper"
    monkeypatch.setenv(ENV_VAR, target)
    assert resolve(None).name == target


def test_nothing_selected_lists_the_installed_implementations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(ImplementationSelectionError, match="no implementation selected") as err:
        resolve(None)
    assert "reference" in str(err.value)


@pytest.mark.parametrize(
    "spec", ["no-such-impl", "no_such_module:factory", "novacat_persistence.suites:missing"]
)
def test_an_unknown_implementation_is_a_loud_error(spec: str) -> None:
    with pytest.raises(ImplementationSelectionError, match="reference"):
        resolve(spec)


@pytest.mark.parametrize("spec", [":", ":factory", "module:", ".relative:factory"])
def test_a_malformed_module_factory_says_what_form_is_wanted(spec: str) -> None:
    with pytest.raises(ImplementationSelectionError, match="module:factory"):
        resolve(spec)


@pytest.mark.parametrize("spec", ["os:path", "novacat_persistence.suites:SUITE_VERSION"])
def test_a_target_that_builds_nothing_says_a_factory_is_wanted(spec: str) -> None:
    with pytest.raises(ImplementationSelectionError, match=r"not a factory.*module:factory"):
        resolve(spec)


def test_a_module_that_fails_on_import_is_a_loud_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_wrapper.py").write_text("raise RuntimeError('no table configured')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImplementationSelectionError, match="RuntimeError: no table configured"):
        resolve("broken_wrapper:factory")


def test_capabilities_default_and_declared() -> None:
    def plain() -> None: ...

    def declared() -> None: ...

    declared.capabilities = Capabilities(pointer_audit=True)  # type: ignore[attr-defined]
    assert capabilities_of(plain) == Capabilities()
    assert capabilities_of(declared).declared() == ("pointer_audit",)

    def wrong() -> None: ...

    wrong.capabilities = {"pointer_audit": True}  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="Capabilities"):
        capabilities_of(wrong)
