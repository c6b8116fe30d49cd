"""Glob patterns of the configuration: anchored, segment-wise, matching directories above."""

from __future__ import annotations

import pytest

from novacat_persistence.scan import ScanUsageError
from novacat_persistence.scan.globs import PathPatterns


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("tests", "tests/unit/test_x.py", True),
        ("tests", "src/tests/test_x.py", False),
        ("./tests/", "tests/test_x.py", True),
        ("**/tests", "src/tests/test_x.py", True),
        ("**/tests", "tests/test_x.py", True),
        ("src/*.py", "src/app.py", True),
        ("src/*.py", "src/pkg/app.py", False),
        ("src/**/*.py", "src/app.py", True),
        ("src/**/*.py", "src/a/b/app.py", True),
        ("src/**", "src/a/b/app.py", True),
        ("seed_?.py", "seed_1.py", True),
        ("seed_?.py", "seed_10.py", False),
        ("seed_[0-9].py", "seed_7.py", True),
        ("seed_[!0-9].py", "seed_7.py", False),
        ("seed_[!0-9].py", "seed_x.py", True),
        ("seed[!0-9]x.py", "seed/x.py", False),
        ("[]]x", "]x", True),
        ("[!]]x", "ax", True),
        ("a.b", "aXb", False),
        ("suites/backends", "suites/backends_extra/x.py", False),
    ],
)
def test_matching(pattern: str, path: str, matches: bool) -> None:
    assert PathPatterns([pattern]).matches(path) is matches


def test_no_patterns_match_nothing() -> None:
    patterns = PathPatterns([])
    assert not patterns
    assert not patterns.matches("anything.py")


@pytest.mark.parametrize(
    "pattern", ["", ".", "/etc", "C:/x", "a/../b", "[abc", "a/[", "[]", "[!]", "[z-a].py"]
)
def test_patterns_that_cannot_match_are_refused(pattern: str) -> None:
    with pytest.raises(ScanUsageError):
        PathPatterns([pattern])
