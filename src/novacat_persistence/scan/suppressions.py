"""Inline suppressions: ``# novacat: allow-db-access(<reason>)`` on the offending line."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from typing import Final

MARKER: Final = b"allow-db-access"
"""Bytes every suppression contains; files without them are not tokenized."""

_SUPPRESSION: Final = re.compile(r"novacat:\s*allow-db-access\b\s*(?:\((?P<reason>.*)\))?")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment; it silences the findings of its line only if it has a reason."""

    line: int
    """1-based line of the comment."""
    column: int
    """1-based column (characters) where ``novacat:`` starts."""
    reason: str
    """The stripped text between the parentheses; empty when there is none."""


def find_suppressions(source: bytes) -> list[Suppression]:
    """Return the suppression comments of ``source`` (comments only: never strings).

    ``source`` must already have parsed as Python; a tokenizer error is raised as is.
    """
    if MARKER not in source:
        return []
    found: list[Suppression] = []
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        match = _SUPPRESSION.search(token.string)
        if match is not None:
            line, column = token.start
            found.append(
                Suppression(line, column + match.start() + 1, (match["reason"] or "").strip())
            )
    return found
