"""``corpus replay`` on exports that used to pass falsely or exhaust memory: lines are bounded,
nothing under a searched folder is skipped silently, an export with no item is no pass, and a
path that is no file or folder is named for what it is."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools import replay as replay_module
from novacat_persistence.corpus_tools.exports import (
    BLOCK_BYTES,
    MAX_LINE_BYTES,
    OVERSIZED,
    bounded_lines,
)
from novacat_persistence.corpus_tools.reading import ProblemKind
from novacat_persistence.corpus_tools.replay import COUNT, Replayer, replay

from .conftest import assert_refused, run_cli, run_cli_process

GOOD = (CORPUS_DIR / "items/data_product/1.0.0.jsonl").read_bytes()
GOOD_COUNT = len(GOOD.splitlines())


def zeros_bomb(path: Path, megabytes: int) -> None:
    """A gzip file of ``megabytes`` MiB of zeros and no line feed, then one good line."""
    squeeze = zlib.compressobj(1, zlib.DEFLATED, 31)  # gzip container
    block = b"0" * (1 << 20)
    with path.open("wb") as out:
        for _ in range(megabytes):
            out.write(squeeze.compress(block))
        out.write(squeeze.compress(b"\n" + GOOD.splitlines(keepends=True)[0]))
        out.write(squeeze.flush())


MEASURE = """
import sys
from pathlib import Path
from novacat_persistence.cli.main import main
code = main(sys.argv[1:])
status = Path("/proc/self/status").read_text().splitlines()
print(next(line.split()[1] for line in status if line.startswith("VmHWM:")), file=sys.stderr)
sys.exit(code)
"""
# The peak is this process's own (VmHWM: its memory since exec). Not ru_maxrss: Linux keeps in
# it the peak of the memory image the process replaced at exec, here the (vfork'd) pytest
# process itself, whose peak after a long test session is far over the bound.


def replay_measured(*paths: Path) -> tuple[int, dict[str, object], int]:
    """Replay in a fresh process: exit code, JSON report, peak RSS of the replay in KiB."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, "corpus", "replay", "--format", "json"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout), int(done.stderr.split()[-1])


def test_a_newline_free_gzip_bomb_is_one_oversized_line_in_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(GOOD)
    _, _, baseline_kib = replay_measured(tmp_path / "good.jsonl")
    zeros_bomb(tmp_path / "bomb.json.gz", 400)
    assert (tmp_path / "bomb.json.gz").stat().st_size < 4 << 20
    code, report, peak_kib = replay_measured(tmp_path)
    assert code == 1
    oversized = report["problems"]["oversized-line"]  # type: ignore[index]
    assert oversized["count"] == 1
    (example,) = oversized["examples"]
    assert (Path(example["file"]).name, example["line"]) == ("bomb.json.gz", 1)
    # the line after the bomb and the other file were read all the same
    assert report["readable"] == GOOD_COUNT + 1
    # reading 400 MiB as one line took more than that; bounded, it costs a few blocks
    assert peak_kib - baseline_kib < 64 * 1024, (baseline_kib, peak_kib)


def test_lines_at_the_bound_parse_one_at_a_time_under_200_mib(tmp_path: Path) -> None:
    # The costliest line to parse: as many empty strings as 4 MiB holds (one dict each).
    head = GOOD.splitlines()[0].decode().removesuffix("}}")
    element = '{"S":""},'
    count = (MAX_LINE_BYTES - len(head) - 40) // len(element)
    line = head + ',"filler":{"L":[' + (element * count)[:-1] + "]}}}"
    assert MAX_LINE_BYTES - 100 < len(line) <= MAX_LINE_BYTES
    (tmp_path / "worst.jsonl").write_text((line + "\n") * 3)
    code, report, peak_kib = replay_measured(tmp_path / "worst.jsonl")
    assert code == 0 and report["readable"] == 3
    assert report["drift"]["attributes"][0]["attribute"] == "filler"  # type: ignore[index]
    assert peak_kib < 200 * 1024, peak_kib  # the README's bound (two such items at once: 255 MiB)


# A process whose own peak RSS is 256 MiB (the size of a long pytest session) measures a
# replay it starts, as replay_measured does.
BIG_PARENT = """
import subprocess, sys
hog = bytearray(256 << 20)
hog[:: 1 << 12] = bytes(len(hog) >> 12)  # every page touched, then released
del hog
command = [sys.executable, "-c", sys.argv[1], "corpus", "replay", "--format", "json", sys.argv[2]]
done = subprocess.run(command, capture_output=True, text=True, check=False)
print(done.stderr.split()[-1])
"""


def test_the_peak_measured_is_the_replays_own_not_the_process_that_started_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.jsonl").write_bytes(GOOD)
    done = subprocess.run(
        [sys.executable, "-c", BIG_PARENT, MEASURE, str(tmp_path / "good.jsonl")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    peak_kib = int(done.stdout)
    assert 10 * 1024 < peak_kib < 200 * 1024, peak_kib


LONG = 200_000
"""Characters of each text the hostile lines below hold (a few dozen such lines would keep
hundreds of MiB if kept whole)."""


def hostile_texts_export(path: Path, lines: int) -> Path:
    """Lines whose entity types, attribute names, keys and versions are long and distinct."""
    nova = json.loads(GOOD_NOVA)["Item"]
    records = []
    for n in range(lines):
        tag = f"{n:03d}"
        records += [
            nova | {"entity_type": {"S": tag + "E" * LONG}},  # unknown type, shown by its keys
            nova | {tag + "a" * LONG: {tag + "T" * LONG: "x"}},  # drift: name and type tag
            nova | {"PK": {"S": tag + "K" * LONG}, "hint": {"S": "x"}},  # mismatch, drift key
            nova | {"schema_version": {"S": "1.0." + tag + "9" * 4000}, "hint": {"S": "x"}},
        ]
    path.write_text("".join(json.dumps({"Item": record}) + "\n" for record in records))
    return path


GOOD_NOVA = (CORPUS_DIR / "items/nova/1.0.0.jsonl").read_bytes().splitlines()[2]


def test_texts_the_report_keeps_are_cut_to_a_bounded_length(tmp_path: Path) -> None:
    report = replay([hostile_texts_export(tmp_path / "hostile.jsonl", 70)]).to_json()
    assert report["lines"] == 280
    problems = report["problems"]
    assert problems["unknown-entity-type"]["count"] == 70
    assert problems["key-mismatch"]["count"] == 70
    messages = [e["message"] for p in problems.values() for e in p["examples"]]
    assert messages and all(len(m) <= 2100 for m in messages)
    assert any("more characters)" in m for m in messages)
    drift = report["drift"]
    texts = [a[name] for a in drift["attributes"] for name in ("attribute", "type", "version")]
    texts += [k["entity_type"] for k in drift["key_shapes"]]
    texts += [s["example"][side] for s in drift["attributes"] for side in ("pk", "sk")]
    assert all(len(text) <= 1100 for text in texts)
    assert any(text.endswith("more characters)") for text in texts)
    assert len(drift["key_shapes"]) == 65  # 64 told apart, the rest under (other)
    assert all(len(row["version"]) <= 300 for row in report["rows"])
    # what the whole run keeps: small, though the lines held 280 texts of 200,000 characters
    assert len(json.dumps(report)) < 512 * 1024


def test_rows_past_the_bound_are_counted_in_one_row_per_entity(tmp_path: Path) -> None:
    stamped = [
        GOOD_NOVA.replace(
            b'"schema_version":{"S":"1.0.0"}', f'"schema_version":{{"S":"7.{i}.0"}}'.encode()
        )
        for i in range(10)
    ]
    assert all(line != GOOD_NOVA for line in stamped)
    export = tmp_path / "versions.jsonl"
    export.write_bytes(b"\n".join([GOOD_NOVA] * 5 + stamped) + b"\n")
    with mock.patch.object(replay_module, "MAX_ROWS", 3):
        report = replay([export]).to_json()
    rows = {(row["entity"], row["version"]): row for row in report["rows"]}
    assert len(rows) == 4  # three told apart, the rest in the entity's overflow row
    other = rows.pop(("Nova", replay_module.OTHER_VERSIONS))
    assert {version for _, version in rows} <= {"1.0.0"} | {f"7.{i}.0" for i in range(10)}
    assert report["lines"] == 15 and sum(r["count"] for r in rows.values()) + other["count"] == 15
    assert report["readable"] == 5 and report["unreadable"] == 10


def test_a_batch_holds_its_byte_bound_and_one_block_over_at_most(tmp_path: Path) -> None:
    """Lines are read in batches of at most ``BATCH_BYTES`` and one block of the file (its
    lines, the one running into it included): what a replay holds as text, whatever the line
    count."""
    lines = GOOD.splitlines()
    path = tmp_path / "part.json"
    with path.open("wb") as out:
        while out.tell() < 4 << 20:
            out.write(b"\n".join(lines) + b"\n")
    bound = 100_000
    held: list[int] = []
    read_batch = Replayer._read_batch

    def observed(self: Replayer, name: str, before: int, batch: list[bytes]) -> None:
        held.append(sum(map(len, batch)))
        read_batch(self, name, before, batch)

    with (
        mock.patch.object(replay_module, "BATCH_BYTES", bound),
        mock.patch.object(Replayer, "_read_batch", observed),
    ):
        report = replay([path])
    assert report.ok and report.total(COUNT) == path.read_bytes().count(b"\n")
    assert len(held) >= 8 and max(held) <= bound + BLOCK_BYTES + max(map(len, lines))


LENGTHS = st.sampled_from(
    [0, 1, 2, 255, (1 << 18) - 1, 1 << 18, (1 << 18) + 1, MAX_LINE_BYTES, MAX_LINE_BYTES + 1]
)


@settings(max_examples=25, deadline=None)
@given(lengths=st.lists(LENGTHS, min_size=1, max_size=5), newline_at_end=st.booleans())
def test_bounded_lines_yields_every_line_and_marks_each_longer_one(
    lengths: list[int], newline_at_end: bool
) -> None:
    lines = [bytes([97 + n % 26]) * length for n, length in enumerate(lengths)]
    data = b"\n".join(lines) + (b"\n" if newline_at_end else b"")
    expected = [line if len(line) <= MAX_LINE_BYTES else OVERSIZED for line in lines]
    if not newline_at_end and lines[-1] == b"":
        expected.pop()  # nothing after the last line feed: no line there
    assert list(bounded_lines(io.BytesIO(data))) == expected


@pytest.mark.parametrize(
    "content",
    [b"", gzip.compress(b""), b"  \n\n\t\r\n", gzip.compress(b"\n \n")],
    ids=["empty", "empty-gzip", "whitespace", "whitespace-gzip"],
)
def test_an_export_with_no_item_is_no_pass(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "data.json.gz").write_bytes(content)
    outcome = run_cli(["corpus", "replay", str(tmp_path)])
    assert outcome.code == 1
    assert "no item was read" in outcome.out
    document = json.loads(run_cli(["corpus", "replay", "--format", "json", str(tmp_path)]).out)
    assert document["ok"] is False and document["lines"] == 0


def test_symlinked_folders_are_followed_once_and_loops_end(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "data"
    real.mkdir(parents=True)
    (real / "a.jsonl").write_bytes(GOOD)
    export = tmp_path / "export"
    export.mkdir()
    (export / "data").symlink_to(real, target_is_directory=True)
    (export / "again").symlink_to(real, target_is_directory=True)
    (real / "up").symlink_to(export, target_is_directory=True)  # a loop back to the top
    report = replay([export])
    assert [Path(f).name for f in report.files] == ["a.jsonl"]
    assert report.ok and report.total(COUNT) == GOOD_COUNT


def test_entries_that_cannot_be_read_are_problems(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(GOOD)
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    report = replay([tmp_path])
    assert not report.ok
    found = {
        Path(e.file).name: e.message for e in report.problems[ProblemKind.UNREADABLE_PATH].examples
    }
    assert found == {
        "gone": "cannot be examined: a symbolic link to nothing",
        "loop.json": "cannot be examined: a symbolic link loop",
        "pipe.json": "a FIFO (named pipe), not a file",
    }
    assert report.total(COUNT) == GOOD_COUNT  # the rest was read


def test_an_unreadable_subfolder_is_a_problem_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "more.jsonl").write_bytes(GOOD)
    locked.chmod(0)
    try:
        outcome = run_cli_process(["corpus", "replay", str(tmp_path)], drop_root=True)
    finally:
        locked.chmod(0o755)
    assert outcome.code == 1, outcome
    assert "unreadable-path: 1 path(s)" in outcome.out
    assert f"{locked}:0  (unknown): cannot be listed: Permission denied" in outcome.out


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (os.mkfifo, "a FIFO (named pipe), not a file or directory"),
        (lambda p: p.symlink_to(p), "cannot be examined: a symbolic link loop"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "a symbolic link to nothing"),
        (lambda p: None, "no such file or directory"),
    ],
    ids=["fifo", "link-loop", "dangling-link", "absent"],
)
def test_a_path_that_is_no_file_or_folder_is_named_for_what_it_is(
    tmp_path: Path, make: object, said: str
) -> None:
    path = tmp_path / "export.json"
    make(path)  # type: ignore[operator]
    outcome = run_cli(["corpus", "replay", str(path)])
    assert_refused(outcome)
    assert outcome.code == 2 and outcome.err.strip().endswith(f"{path}: {said}")
