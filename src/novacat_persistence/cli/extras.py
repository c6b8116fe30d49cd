"""The ``kit`` extra: what the kit's tools need beyond the runtime install (the contracts, the
reference wrapper and the fake), and the one-line error a verb gives when it is missing."""

from __future__ import annotations

import argparse
import functools
import re
from typing import Final

from novacat_persistence.cli.common import ExitCode, UsageError

DISTRIBUTION: Final = "novacat-persistence"
KIT_EXTRA: Final = "kit"
INSTALL_KIT: Final = f"pip install '{DISTRIBUTION}[{KIT_EXTRA}]'"

_EXTRA_MARKER = re.compile(rf"""extra\s*==\s*["']{KIT_EXTRA}["']""")
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_EXTRAS = re.compile(r"^\s*\[[^\]]*\]")


class OutdatedKitError(UsageError):
    """A verb needs a distribution of the ``kit`` extra newer than the one installed (exit
    code 2): an older one may run, but not as the kit relies on it."""

    def __init__(self, verb: str, outdated: dict[str, tuple[str, str]]) -> None:
        found = ", ".join(
            f"{name} {have}, needs {wanted}" for name, (have, wanted) in outdated.items()
        )
        upgrade = " ".join(f"'{name}{wanted}'" for name, (_, wanted) in outdated.items())
        super().__init__(
            f"{verb} needs newer versions of the {KIT_EXTRA} extra ({found}): pip install {upgrade}"
        )


class MissingKitError(UsageError):
    """A verb needs a module of the ``kit`` extra that is not installed (exit code 2)."""

    def __init__(self, verb: str, *modules: str) -> None:
        missing = ", ".join(modules)
        super().__init__(
            f"{verb} needs the {KIT_EXTRA} extra (not installed: {missing}): {INSTALL_KIT}"
        )


@functools.cache
def kit_requirements() -> dict[str, str]:
    """The distributions the ``kit`` extra requires, named as the installed distribution
    declares them, each with the versions it requires (``">=5.2"``; empty for any version).
    Empty when the kit runs from an uninstalled tree."""
    from importlib.metadata import PackageNotFoundError, requires  # noqa: PLC0415

    try:
        requirements = requires(DISTRIBUTION) or []
    except PackageNotFoundError:
        return {}
    found = {}
    for requirement in requirements:
        spec, _, marker = requirement.partition(";")
        name = _REQUIREMENT_NAME.match(spec.strip())
        if name is not None and _EXTRA_MARKER.search(marker):
            versions = spec.strip()[name.end() :]
            found[name.group(0)] = _EXTRAS.sub("", versions).strip(" ()")
    return found


def _normalized(name: str) -> str:
    return re.sub(r"[-.]", "_", name.lower())


def missing_kit_module(error: ModuleNotFoundError) -> str | None:
    """The module whose absence raised ``error`` when a ``kit`` requirement of that name
    provides it (every module the kit's tools import is named as its distribution), else
    None."""
    top = (error.name or "").split(".", 1)[0]
    return top if _normalized(top) in {_normalized(n) for n in kit_requirements()} else None


def require_kit(verb: str) -> None:
    """Raise :class:`MissingKitError` unless every distribution of the ``kit`` extra is
    installed, and :class:`OutdatedKitError` unless each is a version the extra requires (for
    a verb that runs them in another process, where an import error would not reach the user
    as one line, and which relies on what those versions do)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    required = kit_requirements()
    installed, missing = {}, []
    for name in sorted(required):
        try:
            installed[name] = version(name)
        except PackageNotFoundError:
            missing.append(name)
    if missing:
        raise MissingKitError(verb, *missing)
    from packaging.specifiers import SpecifierSet  # noqa: PLC0415  # pytest's, a kit requirement

    outdated = {
        name: (have, required[name])
        for name, have in installed.items()
        if not SpecifierSet(required[name]).contains(have, prereleases=True)
    }
    if outdated:
        raise OutdatedKitError(verb, outdated)


class UnavailableVerb:
    """A verb whose module cannot be imported without the ``kit`` extra: it keeps its name in
    the CLI and answers every call with :class:`MissingKitError`."""

    def __init__(self, name: str, module: str) -> None:
        self.name = name
        self.module = module

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add the verb, taking any arguments."""
        parser = subparsers.add_parser(
            self.name,
            help=f"(needs the {KIT_EXTRA} extra: {INSTALL_KIT})",
            add_help=False,
            prefix_chars="\0",
        )
        parser.add_argument("arguments", nargs="*")
        parser.set_defaults(handler=self.run)

    def run(self, _args: argparse.Namespace) -> ExitCode:
        """Refuse: the extra is missing."""
        raise MissingKitError(self.name, self.module)
