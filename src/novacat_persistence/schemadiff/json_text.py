"""JSON text of schema documents, at every depth the classifier admits, on every Python.

:mod:`json`'s C parser and encoder recurse on the C stack. From Python 3.12 that recursion
has a limit of its own, which ``sys.setrecursionlimit`` does not raise: 3.12 refuses about
1,500 levels, fewer than :data:`~.depth.MAX_DEPTH`. What they refuse as too deep is parsed or
written again by json's pure-Python parser and encoder, whose recursion the deep stack of
:func:`~.depth.on_deep_stack` allows for (call these there). The text is the same either way.
"""

from __future__ import annotations

import json
from json import scanner
from typing import Any


def loads(text: str) -> Any:
    """The JSON value ``text`` holds (ValueError, as :func:`json.loads`, for bad JSON)."""
    try:
        return json.loads(text)
    except RecursionError:  # deeper than the C parser goes
        return _python_loads(text)


def dumps(value: object, *, canonical: bool = False) -> str:
    """``value`` as JSON text, non-ASCII characters as they are; ``canonical``: keys sorted,
    no whitespace (equal values, equal texts)."""
    encoder = _CANONICAL if canonical else _PLAIN
    try:
        return encoder.encode(value)
    except RecursionError:  # deeper than the C encoder goes
        return _python_dumps(encoder, value)


_PLAIN = json.JSONEncoder(ensure_ascii=False)
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _python_loads(text: str) -> Any:
    """:func:`loads` by json's pure-Python parser."""
    decoder = json.JSONDecoder()
    # the documented decoder's parser, made by the pure-Python maker json falls back on
    decoder.scan_once = scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


def _python_dumps(encoder: json.JSONEncoder, value: object) -> str:
    """``encoder.encode(value)`` by json's pure-Python encoder (what ``iterencode`` runs when
    not asked for the whole text at once)."""
    return "".join(encoder.iterencode(value))
