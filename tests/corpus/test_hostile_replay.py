"""``corpus replay`` under generated hostile input: broken, empty, binary and huge files,
FIFOs, link loops, bad paths and bad options. Every run exits 1 or 2 without a traceback
(a usage error in one line) and writes nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from .conftest import HOSTILE, assert_refused, bad_paths, bad_trees, run_cli, tree_state

FORMATS = st.sampled_from([[], ["--format", "json"], ["--format", "text", "--no-progress"]])


@HOSTILE
@given(build=bad_trees(), form=FORMATS, name_the_entries=st.booleans())
def test_hostile_exports_are_problems_never_passes_or_tracebacks(
    build: Callable[[Path], None], form: list[str], name_the_entries: bool
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build(root)
        before = tree_state(root)
        paths = sorted(root.iterdir()) if name_the_entries else [root]
        outcome = run_cli(["corpus", "replay", *form, *map(str, paths)])
        assert_refused(outcome)
        assert tree_state(root) == before


@HOSTILE
@given(make=bad_paths(), form=FORMATS)
def test_paths_that_are_no_file_or_folder_are_usage_errors(
    make: Callable[[Path], Path], form: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "good.jsonl").write_bytes(b"")
        path = make(root)
        before = tree_state(root)
        outcome = run_cli(["corpus", "replay", *form, str(root / "good.jsonl"), str(path)])
        assert outcome.code == 2
        assert_refused(outcome)
        assert tree_state(root) == before


BAD_OPTIONS = st.sampled_from(
    [
        [],
        ["--format"],
        ["--format", "xml"],
        ["--bogus"],
        ["--no-progress=yes"],
        ["-j"],
        ["--jobs", "0", "."],
        ["--jobs", "-2", "."],
        ["--jobs", "many", "."],
        ["--jobs", "100000", "."],
        ["s3://"],
        ["s3:///prefix"],
        ["--endpoint-url", "not a url", "s3://bucket/prefix"],
        ["--region", "", "--endpoint-url", "http://[::1", "s3://bucket/x"],
    ]
)


@HOSTILE
@given(options=BAD_OPTIONS)
def test_bad_options_are_one_line_usage_errors(options: list[str]) -> None:
    outcome = run_cli(["corpus", "replay", *options])
    assert outcome.code == 2
    assert_refused(outcome)
