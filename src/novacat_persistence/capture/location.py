"""Where a request came from: the first caller outside the AWS libraries and the capture.

The call stack of a DynamoDB request runs through boto3 (resources, ``batch_writer``),
botocore (the client, its events), moto, instrumentation that wraps botocore clients
(``wrapt``, ``aws_xray_sdk``) and the capture itself; the first frame outside all of them is the
code that asked for the write: a service's handler, a test, a fixture.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path
from types import FrameType
from typing import Final

PASSED_THROUGH: Final = ("boto3", "botocore", "moto", "wrapt", "aws_xray_sdk")
"""Packages whose frames are never the writer (those installed are looked up, not imported)."""

UNKNOWN: Final = "(unknown)"


def _package_dirs(names: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        spec = find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += [str(Path(p).resolve()) for p in spec.submodule_search_locations]
    return tuple(found)


class WriterLocator:
    """Finds the writing ``file:line`` of the request being sent, shown relative to ``root``
    (or to the ``sys.path`` entry that holds it)."""

    def __init__(self, root: Path) -> None:
        here = str(Path(__file__).resolve().parent)
        self._skipped = tuple(d + "/" for d in (*_package_dirs(PASSED_THROUGH), here))
        self._root = str(root.resolve()) + "/"
        self._shown: dict[str, str | None] = {}

    def find(self, frame: FrameType | None = None) -> str:
        """The first frame outside the passed-through packages, from ``frame`` (default: the
        caller's) outwards, as ``file:line``."""
        frame = frame or sys._getframe(1)
        while frame is not None:
            shown = self._show(frame.f_code.co_filename)
            if shown is not None:
                return f"{shown}:{frame.f_lineno}"
            frame = frame.f_back
        return UNKNOWN

    def _show(self, filename: str) -> str | None:
        """The file as shown, or None when it belongs to a passed-through package."""
        if filename not in self._shown:
            self._shown[filename] = self._display(filename)
        return self._shown[filename]

    def _display(self, filename: str) -> str | None:
        try:
            path = str(Path(filename).resolve())
        except (OSError, ValueError):
            return filename
        if path.startswith(self._skipped):
            return None
        if path.startswith(self._root):
            return path[len(self._root) :]
        entries = sorted((str(Path(p).resolve()) + "/" for p in sys.path if p), key=len)
        for entry in reversed(entries):
            if path.startswith(entry):
                return path[len(entry) :]
        return path


__all__ = ["PASSED_THROUGH", "UNKNOWN", "WriterLocator"]
