"""Running Python on a checkout's own packages, whatever copy of the kit is installed.

:func:`checkout_python` gives the environment of a child interpreter that imports
``novacat_persistence`` (every package ``[tool.setuptools] package-dir`` maps) from a
checkout: the import hook of :mod:`.finder`, placed first on the child's path for the run and
inherited by the child's own children. Nothing is written into the checkout (no bytecode
either) nor into the installed copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from novacat_persistence.checkout import finder
from novacat_persistence.checkout.package_dirs import Checkout
from novacat_persistence.interrupts import waited

RUNNING_CHECKOUT: Final = "NOVACAT_PERSISTENCE_CHECKOUT"
"""Set, in a child's environment, to the root of the checkout whose packages it imports."""


@contextmanager
def checkout_python(checkout: Checkout) -> Iterator[dict[str, str]]:
    """The environment of a child interpreter (``python -P``: neither the script's nor the
    working folder first on its path) that imports ``novacat_persistence`` from
    ``checkout``, valid inside the ``with`` block. Raises OSError when the scratch folder
    cannot be made."""
    with tempfile.TemporaryDirectory(prefix="novacat-checkout-") as scratch:
        shutil.copyfile(finder.__file__, Path(scratch, "sitecustomize.py"))
        # This process may itself run on a checkout's code: its hook is not the child's.
        ours = os.environ.get(finder.HOOK_FOLDER_VARIABLE)
        inherited = os.environ.get("PYTHONPATH", "").split(os.pathsep)
        yield {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([scratch, *(e for e in inherited if e and e != ours)]),
            "PYTHONDONTWRITEBYTECODE": "1",
            finder.HOOK_FOLDER_VARIABLE: scratch,
            RUNNING_CHECKOUT: str(checkout.root),
            finder.PACKAGE_DIRS_VARIABLE: json.dumps(
                {name: str(folder) for name, folder in checkout.package_dirs.items()}
            ),
        }


def run_python(
    checkout: Checkout, *arguments: str, cwd: Path, capture: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``python -P ARGUMENTS`` (this interpreter) in ``cwd`` on ``checkout``'s packages
    and wait for it; its output captured (as text) unless ``capture`` is False. Raises
    OSError when it cannot start.

    Interrupted while it waits, it lets the child stop as it would itself, then raises
    (:func:`~novacat_persistence.interrupts.waited`)."""
    command = [sys.executable, "-P", *arguments]
    with checkout_python(checkout) as environment:
        if capture:
            return subprocess.run(
                command, env=environment, cwd=cwd, capture_output=True, text=True, check=False
            )
        child = subprocess.Popen(command, env=environment, cwd=cwd)
        return subprocess.CompletedProcess(command, waited(child))
