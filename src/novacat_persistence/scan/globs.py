"""Glob patterns anchored at the configuration's directory, matched against relative paths."""

from __future__ import annotations

import re
from collections.abc import Iterable

from novacat_persistence.scan.errors import ScanUsageError


def normalize_pattern(pattern: str) -> str:
    """Return ``pattern`` without ``./`` in front or ``/`` behind; reject what cannot match.

    Patterns are POSIX paths relative to the configuration's directory: an absolute pattern, an
    empty one or one with a ``..`` segment could never match and is a :class:`ScanUsageError`.
    """
    normalized = pattern.strip()
    while normalized.startswith("./"):
        normalized = normalized[2:]
    normalized = normalized.rstrip("/")
    if not normalized or normalized == ".":
        raise ScanUsageError(f"empty path pattern {pattern!r}")
    if normalized.startswith("/") or re.match(r"[A-Za-z]:[\\/]", normalized):
        raise ScanUsageError(
            f"path pattern {pattern!r} is absolute; write it relative to the directory of "
            "the configuration file"
        )
    if ".." in normalized.split("/"):
        raise ScanUsageError(f"path pattern {pattern!r} may not contain '..'")
    return normalized


def _segment_regex(segment: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            first = index + 2 if segment.startswith("!", index + 1) else index + 1
            end = segment.find("]", first + 1)  # a "]" right after "[" or "[!" is a member
            if end == -1:
                raise ScanUsageError("'[' opens a character class that is never closed")
            body = segment[index + 1 : end]
            negate = body.startswith("!")
            body = re.escape(body[1:] if negate else body).replace(r"\-", "-")
            out.append(f"[^/{body}]" if negate else f"[{body}]")  # never across segments
            index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def glob_regex(pattern: str) -> str:
    """The regular expression (for ``fullmatch``) of a normalized glob pattern.

    ``*`` and ``?`` match within one path segment, ``[...]`` is a character class (``[!...]``
    negated), and a ``**`` segment matches any number of segments, none included. A class
    that is never closed, empty or with a reversed range is a :class:`ScanUsageError`.
    """
    segments = pattern.split("/")
    parts: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:.*/)?")
        else:
            parts.append(_segment_regex(segment) + ("" if last else "/"))
    return "".join(parts)


def _checked_regex(pattern: str) -> str:
    """:func:`glob_regex` of ``pattern``; a :class:`ScanUsageError` naming it if it is invalid."""
    try:
        regex = glob_regex(pattern)
        re.compile(regex)
    except ScanUsageError as exc:
        raise ScanUsageError(f"path pattern {pattern!r}: {exc}") from None
    except re.error as exc:
        raise ScanUsageError(f"path pattern {pattern!r} is not a valid glob: {exc.msg}") from None
    return regex


class PathPatterns:
    """Glob patterns matched against a relative POSIX path and every directory above it.

    A pattern naming a directory (``tests``, ``suites/backends``, ``**/migrations``) therefore
    covers everything below that directory.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(normalize_pattern(pattern) for pattern in patterns)
        """The normalized patterns; one that is not a valid glob is a :class:`ScanUsageError`."""
        self._regex = (
            re.compile("|".join(f"(?:{_checked_regex(p)})" for p in self.patterns))
            if self.patterns
            else None
        )

    def __bool__(self) -> bool:
        return self._regex is not None

    def matches(self, relative: str) -> bool:
        """True when ``relative`` or one of the directories above it matches a pattern."""
        if self._regex is None:
            return False
        fullmatch = self._regex.fullmatch
        end = relative.find("/")
        while end != -1:
            if fullmatch(relative, 0, end):
                return True
            end = relative.find("/", end + 1)
        return fullmatch(relative) is not None
