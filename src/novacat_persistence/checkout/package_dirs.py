"""Finding a checkout of this kit: its root, and where its packages and data folders are.

A checkout is a folder whose ``pyproject.toml`` names the distribution ``novacat-persistence``
and maps its packages to folders with ``[tool.setuptools] package-dir`` (the root package, the
contracts and the corpus at least).
"""

from __future__ import annotations

import importlib.util
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

DISTRIBUTION: Final = "novacat-persistence"
"""The ``[project] name`` that marks a checkout of this kit."""
ROOT_PACKAGE: Final = "novacat_persistence"
CONTRACTS_PACKAGE: Final = f"{ROOT_PACKAGE}.contracts"
CORPUS_PACKAGE: Final = f"{ROOT_PACKAGE}.corpus"
_REQUIRED: Final = (ROOT_PACKAGE, CONTRACTS_PACKAGE, CORPUS_PACKAGE)
SNAPSHOTS_FOLDER: Final = "schemas"
"""The snapshot folder's name inside the contracts package."""


class NotACheckout(Exception):
    """A folder is not (the root of) a usable checkout of this kit; the message says why."""


@dataclass(frozen=True)
class Checkout:
    """A checkout of this kit: its root folder and each package's folder in it."""

    root: Path
    package_dirs: Mapping[str, Path]
    """Dotted package name -> its folder (absolute), as ``package-dir`` maps it."""

    @property
    def schemas_dir(self) -> Path:
        """The checkout's snapshot folder (``contracts/schemas``)."""
        return self.package_dirs[CONTRACTS_PACKAGE] / SNAPSHOTS_FOLDER

    @property
    def corpus_dir(self) -> Path:
        """The checkout's corpus folder."""
        return self.package_dirs[CORPUS_PACKAGE]

    def is_running(self) -> bool:
        """Whether this process imports the kit from this checkout (an editable install of it,
        or a process started with :func:`~.interpreter.checkout_python`)."""
        for name, folder in self.package_dirs.items():
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                return False
            locations = None if spec is None else spec.submodule_search_locations
            if not locations or Path(next(iter(locations))).resolve() != folder.resolve():
                return False
        return True


def checkout_at(root: Path) -> Checkout:
    """The checkout whose root is ``root``. Raises :class:`NotACheckout` saying why not."""
    pyproject = root / "pyproject.toml"
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotACheckout(
            f"{root} is not a checkout of {DISTRIBUTION}: no pyproject.toml"
        ) from None
    except OSError as exc:
        raise NotACheckout(f"cannot read {pyproject}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NotACheckout(f"{pyproject}: invalid TOML: {exc}") from None
    name = _table(document, "project").get("name")
    if name != DISTRIBUTION:
        raise NotACheckout(
            f"{root} is not a checkout of {DISTRIBUTION}: its pyproject.toml names {name!r}"
        )
    mapping = _table(_table(document, "tool"), "setuptools").get("package-dir")
    if not isinstance(mapping, dict):
        raise NotACheckout(f"{pyproject}: no [tool.setuptools] package-dir table")
    package_dirs = {
        package: _resolved(root / folder)
        for package, folder in mapping.items()
        if package.split(".")[0] == ROOT_PACKAGE and isinstance(folder, str)
    }
    for package in _REQUIRED:
        if package not in package_dirs:
            raise NotACheckout(f"{pyproject}: package-dir does not map {package}")
    for package, folder in package_dirs.items():
        if not folder.is_dir():
            raise NotACheckout(f"{pyproject}: the folder of {package}, {folder}, is missing")
    return Checkout(_resolved(root), package_dirs)


def find_checkout(start: Path) -> Checkout | None:
    """The checkout holding ``start`` (a file or folder): the nearest folder at or above it
    that is a checkout root; None when there is none. Raises :class:`NotACheckout` when
    ``start`` cannot be resolved (a symbolic link loop, an unreadable folder)."""
    here = _resolved(start)
    for folder in (here, *here.parents):
        try:
            if not (folder / "pyproject.toml").is_file():
                continue
            return checkout_at(folder)
        except (NotACheckout, OSError):
            continue
    return None


def _resolved(path: Path) -> Path:
    """``path`` made absolute, symbolic links resolved; NotACheckout when it cannot be."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (3.11, 3.12)
        raise NotACheckout(f"{path}: cannot be resolved: {exc}") from None


def _table(document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = document.get(key)
    return value if isinstance(value, dict) else {}
