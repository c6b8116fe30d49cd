"""A gzip'd export file that ends early, or holds something after its last member, loses no
line read before the fault: the replay counts every complete line the stream holds before it
and reports the file unreadable from the next line on.

The oracle is the standard library's zlib, which decompresses whatever prefix of a gzip
stream it is given: the complete lines of its output are the lines there are to count.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.corpus_tools.reading import ProblemKind
from novacat_persistence.corpus_tools.replay import COUNT, ReplayReport, replay

from ..stored_items import CORPUS_LINES

LINES = [line for line in CORPUS_LINES if line.strip()] * 40
"""About 25,000 corpus lines: several hundred KiB of deflate output, many blocks."""
TEXT = b"".join(line + b"\n" for line in LINES)
STREAM = gzip.compress(TEXT, mtime=0)


def complete_lines(prefix: bytes) -> int:
    """The lines a prefix of a gzip stream holds whole (the oracle: zlib decompresses any
    prefix)."""
    return zlib.decompressobj(wbits=31).decompress(prefix).count(b"\n")


def replayed(tmp_path: Path, content: bytes) -> ReplayReport:
    path = tmp_path / "part.json.gz"
    path.write_bytes(content)
    return replay([path])


def unreadable_from(report: ReplayReport) -> int | None:
    """The line the report says the file could not be read on from (None: it could)."""
    tally = report.problems.get(ProblemKind.UNREADABLE_FILE)
    return None if tally is None else tally.examples[0].line


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(11, len(STREAM) - 1))
def test_a_stream_cut_anywhere_counts_every_line_before_the_cut(tmp_path: Path, cut: int) -> None:
    report = replayed(tmp_path, STREAM[:cut])
    expected = complete_lines(STREAM[:cut])
    assert report.total(COUNT) == expected
    assert unreadable_from(report) == expected + 1
    assert not report.ok


@pytest.mark.parametrize(
    ("after", "said", "more"),
    [
        (b"garbage!", "no gzip member", 0),
        (b"\x00\x00garbage", "no gzip member", 0),
        (b"PK\x03\x04" + bytes(200), "no gzip member", 0),
        (b"\x1f", "truncated", 0),  # the first byte of a member: one that ends early
        (gzip.compress(b"{}\n", mtime=0)[:-3], "truncated", 1),  # its line whole, trailer cut
    ],
    ids=["garbage", "zeros-then-garbage", "zip", "one-magic-byte", "member-cut-in-trailer"],
)
def test_data_after_the_last_member_loses_no_line_before_it(
    tmp_path: Path, after: bytes, said: str, more: int
) -> None:
    report = replayed(tmp_path, STREAM + after)
    assert report.total(COUNT) == len(LINES) + more
    assert unreadable_from(report) == len(LINES) + more + 1
    assert said in report.problems[ProblemKind.UNREADABLE_FILE].examples[0].message


@pytest.mark.parametrize(
    "content",
    [STREAM + STREAM, STREAM + bytes(512), STREAM + bytes(7) + STREAM],
    ids=["two-members", "zero-padded", "zeros-between-members"],
)
def test_members_one_after_the_other_and_zero_padding_read_whole(
    tmp_path: Path, content: bytes
) -> None:
    report = replayed(tmp_path, content)
    assert report.ok
    assert report.total(COUNT) == content.count(STREAM) * len(LINES)
