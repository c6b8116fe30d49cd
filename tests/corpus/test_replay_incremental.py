"""``corpus replay`` of an incremental export (one window's changes): each record's
``NewImage`` is read as a full export's ``Item``; a deleted item's record (``Keys``, with or
without its ``OldImage``) holds no item and is counted apart. An Amazon Ion export, which no
reader here reads, is named, never skipped silently. ``corpus add`` records an incremental
record's item in the corpus's own form."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.contracts.codec.export_lines import (
    DeletionRecordError,
    full_export_line,
    parse_export_line,
)
from novacat_persistence.contracts.errors import UnreadableItemError
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.reading import (
    DELETION_RECORD,
    ProblemKind,
    read_line,
    read_plainly,
)
from novacat_persistence.corpus_tools.replay import COUNT, LEGACY, READABLE, UNREADABLE, replay
from novacat_persistence.corpus_tools.store import Corpus
from novacat_persistence.corpus_tools.verify import ItemsRefused, add, verify

from .conftest import run_cli, take_out
from .test_replay import NOVA, corpus_lines, item

SOURCES = (
    "attempt/1.0.0.jsonl",
    "data_product/1.0.0.jsonl",
    "job_run/1.0.0+no-correlation-id.jsonl",
)
"""Corpus files whose items the export's records change."""
INSERT, UPDATE, DELETE, DELETE_NEW_IMAGES = range(4)
"""The shapes of record, taken in turn: an insert (NewImage), an update (OldImage and
NewImage), a deletion in a NEW_AND_OLD_IMAGES export (OldImage), one in a NEW_IMAGES export
(Keys alone)."""


def label_of(path: str) -> tuple[str, str]:
    """The (entity, version[+era]) the corpus manifest gives a file's items: the oracle."""
    manifest = json.loads((CORPUS_DIR / "manifest.json").read_text())
    (entry,) = [e for e in manifest["files"] if e["path"] == f"items/{path}"]
    era = f"+{entry['era']}" if entry["era"] else ""
    return entry["entity"], f"{entry['version']}{era}"


def record(stored: dict[str, Any], shape: int) -> bytes:
    """An incremental export's record of one item, as DynamoDB writes it."""
    document: dict[str, Any] = {
        "Metadata": {"WriteTimestampMicros": {"N": "1765065600000000"}},
        "Keys": {"PK": stored["PK"], "SK": stored["SK"]},
    }
    if shape in (UPDATE, DELETE):
        document["OldImage"] = stored | {"updated_at": {"S": "2019-01-01T00:00:00Z"}}
    if shape in (INSERT, UPDATE):
        document["NewImage"] = stored
    return json.dumps(document).encode() + b"\n"


def incremental_export(root: Path) -> tuple[Counter[tuple[str, str]], int]:
    """An incremental export laid out as AWS writes it, one data file per source; the items
    each (entity, label) must read (the NewImages) and the number of deletion records."""
    export = root / "AWSDynamoDB" / "01765065600000-0a1b2c3d"
    (export / "data").mkdir(parents=True)
    summary = {"exportType": "INCREMENTAL_EXPORT", "outputFormat": "DYNAMODB_JSON"}
    (export / "manifest-summary.json").write_text(json.dumps(summary))
    expected: Counter[tuple[str, str]] = Counter()
    deleted = 0
    for number, path in enumerate(SOURCES):
        records = []
        for index, line in enumerate(corpus_lines(path)):
            shape = index % 4
            records.append(record(item(line), shape))
            if shape in (INSERT, UPDATE):
                expected[label_of(path)] += 1
            else:
                deleted += 1
        (export / "data" / f"{number}.json.gz").write_bytes(gzip.compress(b"".join(records)))
    return expected, deleted


def test_new_images_are_read_and_deletions_counted_apart(tmp_path: Path) -> None:
    expected, deleted = incremental_export(tmp_path)
    assert deleted > 0 and sum(expected.values()) > 0
    for jobs in (1, 2):
        report = replay([tmp_path], jobs=jobs)
        assert {key: row[COUNT] for key, row in report.rows.items()} == dict(expected)
        assert all(row[READABLE] + row[LEGACY] == row[COUNT] for row in report.rows.values())
        assert report.total(UNREADABLE) == 0
        assert report.deleted == deleted
        assert report.problems == {}
        assert report.ok


def test_a_new_image_is_checked_as_a_full_export_item_is(tmp_path: Path) -> None:
    stored = item(corpus_lines("data_product/1.0.0.jsonl")[0])
    moved = stored | {"SK": {"S": "not-its-key"}}
    lines = [
        record(item(NOVA) | {"status": {"S": "LOST"}}, INSERT),
        record(moved, UPDATE),
        b'{"Keys": {"PK": {"S": "x"}}, "NewImage": {"PK": "untagged"}}\n',
        b'{"Keys": {"PK": {"S": "x"}}, "NewImage": []}\n',
        record(stored, DELETE_NEW_IMAGES),
    ]
    (tmp_path / "changes.json").write_bytes(b"".join(lines))
    report = replay([tmp_path])
    found = {
        kind: [example.line for example in tally.examples]
        for kind, tally in report.problems.items()
    }
    assert found == {
        ProblemKind.INVALID_ITEM: [1],
        ProblemKind.KEY_MISMATCH: [2],
        ProblemKind.MALFORMED_LINE: [3, 4],
    }
    assert report.total(COUNT) == 4 and report.deleted == 1 and not report.ok


def test_the_quick_reader_says_what_the_full_reader_says_of_records() -> None:
    stored = item(corpus_lines("attempt/1.0.0.jsonl")[0])
    for shape in range(4):
        line = record(stored, shape)
        full, quick = read_line(line), read_plainly(line)
        if shape in (DELETE, DELETE_NEW_IMAGES):
            assert full is DELETION_RECORD and quick is DELETION_RECORD
        else:
            assert (full.entity_type, full.version, full.problem) == ("Attempt", "1.0.0", None)
            assert quick == ("Attempt", "1.0.0")


def test_export_lines_hold_an_item_or_say_why_not() -> None:
    stored = item(corpus_lines("attempt/1.0.0.jsonl")[0])
    assert parse_export_line(record(stored, UPDATE)) == stored
    for shape in (DELETE, DELETE_NEW_IMAGES):
        with pytest.raises(DeletionRecordError, match="deleted item"):
            parse_export_line(record(stored, shape))
    assert issubclass(DeletionRecordError, UnreadableItemError)  # strict readers refuse it
    with pytest.raises(UnreadableItemError, match="not an export record") as refused:
        parse_export_line(b'{"NewImage": {"PK": {"S": "x"}}}')  # no Keys: no record
    assert not isinstance(refused.value, DeletionRecordError)
    full = corpus_lines("attempt/1.0.0.jsonl")[0].rstrip(b"\n")
    assert full_export_line(full) is full  # a full export's line: its bytes as stored
    assert json.loads(full_export_line(record(stored, INSERT).rstrip())) == {"Item": stored}


def test_the_command_shows_deletions_in_text_and_json(tmp_path: Path) -> None:
    _, deleted = incremental_export(tmp_path)
    text = run_cli(["corpus", "replay", "--no-progress", str(tmp_path)])
    assert text.code == 0, text
    assert f"deleted: {deleted} record(s) of deleted items" in text.out
    shown = run_cli(["corpus", "replay", "--no-progress", "--format", "json", str(tmp_path)])
    document = json.loads(shown.out)
    assert (document["format"], document["deleted"], document["ok"]) == (
        "novacat-replay/1.2",
        deleted,
        True,
    )


def test_an_ion_export_s_files_are_named_not_skipped(tmp_path: Path) -> None:
    data = tmp_path / "AWSDynamoDB" / "01765065600000-0a1b2c3d" / "data"
    data.mkdir(parents=True)
    (data / "a.ion.gz").write_bytes(gzip.compress(b'$ion_1_0 {Item:{PK:"x"}}\n'))
    (data / "b.ion").write_bytes(b"$ion_1_0\n")
    (data / "c.json.gz").write_bytes(gzip.compress(corpus_lines("attempt/1.0.0.jsonl")[0]))
    report = replay([tmp_path])
    tally = report.problems[ProblemKind.UNREADABLE_PATH]
    assert sorted(Path(e.file).name for e in tally.examples) == ["a.ion.gz", "b.ion"]
    assert all("ExportFormat DYNAMODB_JSON" in e.message for e in tally.examples)
    assert report.total(READABLE) == 1 and not report.ok
    shown = run_cli(["corpus", "replay", "--no-progress", str(tmp_path)])
    assert shown.code == 1 and "an Amazon Ion export's file" in shown.out


def test_add_records_an_incremental_record_s_item_as_a_full_export_line(
    corpus_copy: Path, tmp_path: Path
) -> None:
    items = take_out(corpus_copy, "JobRun", "1.0.0+no-correlation-id")
    lines = items.splitlines()
    source = tmp_path / "changes.json.gz"
    source.write_bytes(gzip.compress(b"".join(record(item(line), UPDATE) for line in lines)))
    corpus = Corpus.load(corpus_copy)
    added = add(corpus, "JobRun", "1", "no-correlation-id", [source], workflows=["initialize_nova"])
    stored = (corpus_copy / added.items_path).read_bytes().splitlines()
    assert [json.loads(line) for line in stored] == [json.loads(line) for line in lines]
    assert verify(Corpus.load(corpus_copy)).ok

    nova = take_out(corpus_copy, "Nova", "1.0.0").splitlines()[0]
    deletion = tmp_path / "deletion.json"
    deletion.write_bytes(record(item(nova), DELETE))
    before = (corpus_copy / "manifest.json").read_bytes()
    with pytest.raises(ItemsRefused, match="deleted item"):
        add(Corpus.load(corpus_copy), "Nova", "1.0.0", None, [deletion], workflows=["x"])
    assert (corpus_copy / "manifest.json").read_bytes() == before
