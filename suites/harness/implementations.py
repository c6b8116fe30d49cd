"""Selecting the implementation under test: an entry point name or ``module:factory``.

What the factory must be is :mod:`novacat_persistence.contracts.factory`; what it may declare,
:mod:`novacat_persistence.contracts.capabilities`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points, packages_distributions, version
from typing import Any, Final

from novacat_persistence.contracts.capabilities import Capabilities, capabilities_of
from novacat_persistence.contracts.factory import IMPLEMENTATIONS_GROUP

GROUP: Final = IMPLEMENTATIONS_GROUP
"""The entry-point group implementations register their factory in."""

ENV_VAR: Final = "NOVACAT_PERSISTENCE_IMPL"
"""Selects the implementation when ``--impl`` is not given."""


class ImplementationSelectionError(Exception):
    """No implementation, or one that cannot be loaded, was selected (a usage error)."""


@dataclass(frozen=True)
class Implementation:
    """The implementation under test: how it was named, its factory and what it declares."""

    name: str
    version: str
    factory: Callable[..., Any]
    capabilities: Capabilities


def installed() -> dict[str, str]:
    """Return the installed implementations: entry point name -> ``module:attr``."""
    return {ep.name: ep.value for ep in entry_points(group=GROUP)}


def describe_installed() -> str:
    """A human listing of the installed implementations (one per line)."""
    found = installed()
    if not found:
        return f"  (none: no package registers the entry-point group {GROUP!r})"
    return "\n".join(f"  {name:<20} {value}" for name, value in sorted(found.items()))


def _import(module_name: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name):
            raise
        cwd = os.getcwd()
        if cwd in sys.path:
            raise
        sys.path.insert(0, cwd)  # ``tests.mutants.x:factory`` from a repository root
        return importlib.import_module(module_name)


def _distribution_version(module_name: str) -> str:
    top = module_name.split(".", 1)[0]
    for dist in packages_distributions().get(top, []):
        try:
            return version(dist)
        except Exception:  # pragma: no cover - broken metadata
            continue
    module = sys.modules.get(module_name)
    return str(getattr(module, "__version__", "unversioned"))


def resolve(spec: str | None) -> Implementation:
    """Return the implementation named by ``spec`` (or by :data:`ENV_VAR` when None).

    Raises ImplementationSelectionError, listing the installed implementations, when nothing is
    selected, the name is not installed, or the factory cannot be imported.
    """
    chosen = spec or os.environ.get(ENV_VAR) or ""
    if not chosen:
        raise ImplementationSelectionError(
            "no implementation selected: pass --impl NAME or --impl module:factory, or set "
            f"{ENV_VAR}. Installed implementations:\n{describe_installed()}"
        )
    target = installed().get(chosen, chosen)
    if ":" not in target:
        raise ImplementationSelectionError(
            f"no installed implementation is named {chosen!r} (and it is not module:factory)."
            f" Installed implementations:\n{describe_installed()}"
        )
    module_name, _, attr = target.partition(":")
    if not module_name or module_name.startswith(".") or not attr:
        raise ImplementationSelectionError(
            f"--impl {chosen!r}: name an absolute module and its factory, as module:factory"
            f" (e.g. my_wrapper.factory:build). Installed implementations:\n"
            f"{describe_installed()}"
        )
    try:
        factory = getattr(_import(module_name), attr)
    except Exception as exc:  # importing runs the module's code: whatever it raises is its
        raise ImplementationSelectionError(
            f"cannot load implementation {chosen!r} ({target}): {type(exc).__name__}: {exc}."
            f" Installed implementations:\n{describe_installed()}"
        ) from None
    if not callable(factory):
        raise ImplementationSelectionError(
            f"--impl {chosen!r}: {target} is a {type(factory).__name__}, not a factory: name a"
            " function (or class) that builds the wrapper, as module:factory"
        )
    try:
        capabilities = capabilities_of(factory)
    except TypeError as exc:
        raise ImplementationSelectionError(str(exc)) from None
    return Implementation(chosen, _distribution_version(module_name), factory, capabilities)
