"""How deeply schemas may nest, and a stack deep enough to classify them.

JSON Schema allows any nesting; the classifier follows it recursively. Every document is
checked against :data:`MAX_DEPTH` (JSON containers within containers) before anything else,
comparisons are refused past :data:`MAX_DEPTH` sub-schemas within one another (``$ref``
chains included), and the work runs on a thread whose stack and recursion limit fit that
depth (:func:`on_deep_stack`). Deeper input is a :class:`SchemaError` naming the limit, never a
RecursionError.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Final, TypeVar

from novacat_persistence.schemadiff.errors import SchemaError

MAX_DEPTH: Final = 2000
"""The deepest nesting classified: JSON objects and arrays within one another in a document,
and sub-schemas compared within one another. A schema nested 1000 properties deep is 2001
levels (each level an object and its ``properties`` object); 2000 arrays' ``items``, 2001."""

_FRAMES_PER_LEVEL: Final = 10
"""Python frames allowed per level of :data:`MAX_DEPTH`: the deepest shapes (nested
``items``, ``not``, ``$ref`` chains) need 4 (measured at the limit; the tests classify every
shape there), the rest is margin."""
_STACK_BYTES: Final = 256 * 1024 * 1024
"""The stack of the classifying thread: reserved address space, used only as deep as needed."""
_LOCK: Final = threading.Lock()
_HERE: Final = threading.local()

T = TypeVar("T")


def nesting(document: object) -> int:
    """How many JSON objects and arrays ``document`` nests within one another (a scalar: 0)."""
    deepest = 0
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def check_nesting(document: object, label: str) -> None:
    """Raise SchemaError when ``document`` nests deeper than :data:`MAX_DEPTH`."""
    depth = nesting(document)
    if depth > MAX_DEPTH:
        raise SchemaError(f"{label} nests {depth} levels deep; schemas diff follows {MAX_DEPTH}")


def too_deep(what: str) -> SchemaError:
    """The error of ``what`` (a document, a comparison) going deeper than :data:`MAX_DEPTH`."""
    return SchemaError(f"{what}: nested more than {MAX_DEPTH} levels deep")


def on_deep_stack(work: Callable[[], T], what: str) -> T:
    """``work()``, run on a thread whose stack and recursion limit fit :data:`MAX_DEPTH`
    levels; its exceptions are raised here. A RecursionError (``what``, the input, nested
    deeper than the checks saw) is a SchemaError naming the limit."""
    if getattr(_HERE, "deep", False):  # already on a deep stack
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        _HERE.deep = True
        try:
            outcome.append(work())
        except RecursionError:
            failure.append(too_deep(what))
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)

    with _LOCK:  # the recursion limit and the stack size are process-wide settings
        limit = sys.getrecursionlimit()
        stack = threading.stack_size()
        try:
            sys.setrecursionlimit(max(limit, MAX_DEPTH * _FRAMES_PER_LEVEL))
            threading.stack_size(_STACK_BYTES)
            worker = threading.Thread(target=run, name="schemadiff")
            worker.start()
            worker.join()
        finally:
            threading.stack_size(stack)
            sys.setrecursionlimit(limit)
    if failure:
        raise failure[0]
    return outcome[0]
