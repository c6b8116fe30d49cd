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
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from novacat_persistence.checkout import finder
from novacat_persistence.checkout.layout import Checkout

RUNNING_CHECKOUT: Final = "NOVACAT_PERSISTENCE_CHECKOUT"
"""Set, in a child's environment, to the root of the checkout whose packages it imports."""


def python_command(*arguments: str) -> list[str]:
    """The command line running ``arguments`` with the current interpreter, told not to put
    the script's or the working folder first on its path (``-P``)."""
    return [sys.executable, "-P", *arguments]


@contextmanager
def checkout_python(checkout: Checkout) -> Iterator[dict[str, str]]:
    """The environment of a child interpreter (:func:`python_command`) that imports
    ``novacat_persistence`` from ``checkout``, valid inside the ``with`` block. Raises OSError
    when the scratch folder cannot be made."""
    with tempfile.TemporaryDirectory(prefix="novacat-checkout-") as scratch:
        shutil.copyfile(finder.__file__, Path(scratch, "sitecustomize.py"))
        inherited = os.environ.get("PYTHONPATH")
        yield {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([scratch, *([inherited] if inherited else [])]),
            "PYTHONDONTWRITEBYTECODE": "1",
            RUNNING_CHECKOUT: str(checkout.root),
            finder.PACKAGE_DIRS_VARIABLE: json.dumps(
                {name: str(folder) for name, folder in checkout.package_dirs.items()}
            ),
        }
