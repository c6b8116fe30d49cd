"""The import hook of a child interpreter started with :func:`~.interpreter.checkout_python`.

Copied as ``sitecustomize.py`` into a scratch folder at the head of the child's
``PYTHONPATH``, it makes every ``novacat_persistence`` module import from the checkout whose
package folders the environment names (:data:`PACKAGE_DIRS_VARIABLE`), and from nowhere else:
a module the checkout does not have is missing, even when an installed copy has it. Standard
library only, on purpose: it runs before any package is imported.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Final

ROOT: Final = "novacat_persistence"
PACKAGE_DIRS_VARIABLE: Final = "NOVACAT_PERSISTENCE_PACKAGE_DIRS"
"""The environment variable holding the checkout's package folders (JSON: name -> folder)."""
HOOK_FOLDER_VARIABLE: Final = "NOVACAT_PERSISTENCE_HOOK_FOLDER"
"""The environment variable naming the folder this file sits in (as ``sitecustomize.py``):
a child of the child leaves it off its path, so one hook runs, with the child's own folders."""


class CheckoutFinder:
    """A meta path finder serving ``novacat_persistence`` and its modules from given package
    folders, and refusing (ModuleNotFoundError) what they do not hold."""

    def __init__(self, package_dirs: Mapping[str, str]) -> None:
        self._package_dirs = dict(package_dirs)

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """The spec of ``name`` in the checkout; None for a name outside the kit."""
        if name != ROOT and not name.startswith(f"{ROOT}."):
            return None
        folder = self._package_dirs.get(name)
        spec: ModuleSpec | None = None
        if folder is not None:
            init = os.path.join(folder, "__init__.py")
            if os.path.isfile(init):
                spec = importlib.util.spec_from_file_location(
                    name, init, submodule_search_locations=[folder]
                )
        elif path is not None:
            spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None:
            raise ModuleNotFoundError(f"No module named {name!r} in the checkout", name=name)
        return spec


def _run_shadowed_sitecustomize() -> None:
    """Run the ``sitecustomize`` this file hides (one further along the path), if any; what
    it raises is reported, as Python reports a failing ``sitecustomize``, and ignored."""
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    try:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except Exception as exc:  # a foreign hook's failure, as site.py would report it
        failure = f"{type(exc).__name__}: {exc}"
        print(f"Error in sitecustomize ({spec.origin}): {failure}", file=sys.stderr)


def install(environment: Mapping[str, str]) -> None:
    """Put a :class:`CheckoutFinder` for the package folders named in ``environment`` first
    on ``sys.meta_path`` (after any hidden ``sitecustomize`` ran). Raises ValueError or
    KeyError when the environment names no usable folders."""
    package_dirs = json.loads(environment[PACKAGE_DIRS_VARIABLE])
    if not isinstance(package_dirs, dict) or ROOT not in package_dirs:
        raise ValueError(f"{PACKAGE_DIRS_VARIABLE} maps no {ROOT} folder")
    _run_shadowed_sitecustomize()
    sys.meta_path.insert(0, CheckoutFinder(package_dirs))


if __name__ == "sitecustomize":
    try:
        install(os.environ)
    except (KeyError, ValueError) as exc:  # never a silent fallback on an installed copy
        print(f"novacat-persistence: cannot import from the checkout: {exc}", file=sys.stderr)
        sys.stderr.flush()
        os._exit(2)  # a SystemExit here would end the start-up with a traceback
