"""``corpus replay`` over a DynamoDB export laid out as the export writes it: every line counted
per entity and version, bad lines of each kind reported by file and line, never fatal."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.exports import ExportPathError, discover
from novacat_persistence.corpus_tools.reading import ProblemKind
from novacat_persistence.corpus_tools.replay import (
    COUNT,
    LEGACY,
    READABLE,
    UNREADABLE,
    Progress,
    replay,
)


def corpus_lines(label: str) -> list[bytes]:
    return (CORPUS_DIR / "items" / label).read_bytes().splitlines(keepends=True)


def item(line: bytes) -> dict[str, object]:
    document: dict[str, dict[str, object]] = json.loads(line)
    return document["Item"]


def line_of(attributes: dict[str, object]) -> bytes:
    return json.dumps({"Item": attributes}).encode() + b"\n"


NOVA = corpus_lines("nova/1.0.0.jsonl")[1]
WORK = corpus_lines("work_item/1.0.0.jsonl")[0]


def bad_lines() -> list[bytes]:
    """One line of each kind of problem, in a known order (line numbers 1..7)."""
    no_sk = item(NOVA)
    del no_sk["SK"]
    galaxy = item(NOVA) | {"entity_type": {"S": "Galaxy"}}
    future = item(NOVA) | {"schema_version": {"S": "3.0.0"}}
    lost = item(NOVA) | {"status": {"S": "LOST"}}
    moved = item(WORK) | {"SK": {"S": "not-the-key"}}
    return [
        b'{"Item": \n',
        line_of(no_sk),
        line_of(galaxy),
        line_of(future),
        line_of(lost),
        line_of(moved),
        b'{"Items": {}}\n',
    ]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """``AWSDynamoDB/<id>/data/*.json.gz`` with the export's manifests beside them."""
    root = tmp_path / "AWSDynamoDB" / "01700000000000-5f3a9c1e"
    (root / "data").mkdir(parents=True)
    (root / "manifest-summary.json").write_text('{"itemCount": 3}')
    (root / "manifest-files.json").write_text('{"dataFileS3Key": "data/a.json.gz"}\n')
    good = corpus_lines("job_run/1.0.0+no-correlation-id.jsonl") + corpus_lines(
        "data_product/1.0.0.jsonl"
    )
    (root / "data" / "a.json.gz").write_bytes(gzip.compress(b"".join(good)))
    (root / "data" / "b.json.gz").write_bytes(gzip.compress(b"".join(bad_lines())))
    return tmp_path


def test_directories_are_searched_for_export_files_without_the_manifests(export: Path) -> None:
    (export / "notes.txt").write_text("x")
    found = discover([export])
    assert [p.name for p in found.files] == ["a.json.gz", "b.json.gz"]
    assert found.unreadable == []
    with pytest.raises(ExportPathError, match="no such file or directory"):
        discover([export / "absent"])


def test_every_line_is_counted_per_entity_and_version(export: Path) -> None:
    report = replay([export])
    rows = {key: tuple(row) for key, row in report.rows.items()}
    assert rows[("JobRun", "1.0.0+no-correlation-id")] == (12, 0, 12, 0)
    assert rows[("DataProduct", "1.0.0")] == (31, 31, 0, 0)
    assert rows[("Nova", "1.0.0")] == (2, 0, 0, 2)  # no SK; a status its model refuses
    assert rows[("Nova", "3.0.0")] == (1, 0, 0, 1)
    assert rows[("WorkItem", "1.0.0")] == (1, 0, 0, 1)
    assert rows[("(unknown)", "-")] == (3, 0, 0, 3)  # bad JSON, not a record, a Galaxy
    assert (report.total(COUNT), report.total(READABLE), report.total(LEGACY)) == (50, 31, 12)
    assert report.total(UNREADABLE) == 7 and not report.ok


def test_each_problem_is_shown_by_file_and_line(export: Path) -> None:
    report = replay([export])
    where = {
        kind: [(Path(e.file).name, e.line) for e in tally.examples]
        for kind, tally in report.problems.items()
    }
    assert where == {
        ProblemKind.MALFORMED_LINE: [("b.json.gz", 1), ("b.json.gz", 7)],
        ProblemKind.MISSING_KEY: [("b.json.gz", 2)],
        ProblemKind.UNKNOWN_ENTITY_TYPE: [("b.json.gz", 3)],
        ProblemKind.UNSUPPORTED_VERSION: [("b.json.gz", 4)],
        ProblemKind.INVALID_ITEM: [("b.json.gz", 5)],
        ProblemKind.KEY_MISMATCH: [("b.json.gz", 6)],
    }
    mismatch = report.problems[ProblemKind.KEY_MISMATCH].examples[0].message
    assert mismatch.startswith("stored under 'WORKQUEUE'/'not-the-key', its fields give")


def test_an_attribute_under_another_type_tag_is_said_so(tmp_path: Path) -> None:
    """A field stored as a number, an entity_type stored as a number: what was stored and what
    is read are named (not "field required", not "None")."""
    numbered = item(NOVA) | {"primary_name": {"N": "42"}}
    untyped = item(NOVA) | {"entity_type": {"N": "1"}}
    path = tmp_path / "tags.jsonl"
    path.write_bytes(line_of(numbered) + line_of(untyped))
    problems = replay([path]).problems
    (invalid,) = problems[ProblemKind.INVALID_ITEM].examples
    assert invalid.message.endswith(
        "fails its model: primary_name: stored as ['N'], its field reads S"
    )
    (unknown,) = problems[ProblemKind.UNKNOWN_ENTITY_TYPE].examples
    assert unknown.message == "entity_type is stored as {'N': '1'}, not a string (S)"


def test_an_unreadable_item_stamped_as_a_number_is_counted_under_its_version(
    tmp_path: Path,
) -> None:
    """A ``schema_version`` stored as a number is a version all the same (as the codec reads
    it): a refused item so stamped is counted in its version's row, not as unparsed."""
    stamped = item(NOVA) | {"schema_version": {"N": "1"}, "status": {"S": "LOST"}}
    path = tmp_path / "stamped.jsonl"
    path.write_bytes(line_of(stamped))
    report = replay([path])
    assert set(report.problems) == {ProblemKind.INVALID_ITEM}
    assert report.rows == {("Nova", "1.0.0"): [1, 0, 0, 1]}


def test_a_stored_number_that_is_no_number_is_an_invalid_item_not_a_reader_error(
    tmp_path: Path,
) -> None:
    """DynamoDB never stores such an N, but an export file may hold one: in a free document
    (a product's ``hints``) it is the item's fault, said as such."""
    product = next(
        item(line) for line in corpus_lines("data_product/2.0.0.jsonl") if b'"hints"' in line
    )
    bad = product | {"hints": {"M": {"snr": {"N": "about 20"}}}}
    path = tmp_path / "numbers.jsonl"
    path.write_bytes(line_of(bad))
    problems = replay([path]).problems
    assert set(problems) == {ProblemKind.INVALID_ITEM}
    (invalid,) = problems[ProblemKind.INVALID_ITEM].examples
    assert "hints" in invalid.message and "not a finite number" in invalid.message


def test_a_file_named_twice_is_read_once(export: Path) -> None:
    data = next(export.glob("AWSDynamoDB/*/data"))
    once = replay([export])
    again = replay([export, data, data / "a.json.gz"])
    assert again.files == once.files
    assert again.total(COUNT) == once.total(COUNT)


def test_examples_are_bounded_and_counts_are_not(tmp_path: Path) -> None:
    (tmp_path / "many.jsonl").write_bytes(b"nope\n" * 12 + NOVA)
    report = replay([tmp_path / "many.jsonl"], examples=5)
    tally = report.problems[ProblemKind.MALFORMED_LINE]
    assert tally.count == 12 and [e.line for e in tally.examples] == [1, 2, 3, 4, 5]
    assert report.rows[("Nova", "1.0.0")] == [1, 1, 0, 0]


def test_a_corrupt_gzip_file_is_reported_and_the_others_still_read(export: Path) -> None:
    data = export / "AWSDynamoDB/01700000000000-5f3a9c1e/data"
    whole = (data / "a.json.gz").read_bytes()
    (data / "c.json.gz").write_bytes(whole[: len(whole) // 2])
    report = replay([export])
    (example,) = report.problems[ProblemKind.UNREADABLE_FILE].examples
    assert Path(example.file).name == "c.json.gz" and "EOFError" in example.message
    assert report.rows[("DataProduct", "1.0.0")][COUNT] >= 31


def test_the_command_prints_text_or_json_and_exits_1_on_unreadable_lines(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", "replay", str(export)]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""  # no progress bar off a terminal
    assert "JobRun       1.0.0+no-correlation-id     12         0      12           0" in (
        captured.out
    )
    assert "  key-mismatch: 1 line(s)" in captured.out
    assert main(["corpus", "replay", "--format", "json", str(export)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "novacat-replay/1.2"
    assert (document["lines"], document["unreadable"]) == (50, 7)
    assert document["problems"]["malformed-line"]["count"] == 2
    good = export / "AWSDynamoDB/01700000000000-5f3a9c1e/data/a.json.gz"
    assert main(["corpus", "replay", "--no-progress", str(good)]) == 0
    assert "every line is readable" in capsys.readouterr().out
    assert main(["corpus", "replay", str(export / "absent")]) == 2


def test_a_directory_without_export_files_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "manifest-summary.json").write_text("{}")
    assert main(["corpus", "replay", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert f"no export files under {tmp_path}" in error and "*.json.gz" not in error
    assert ".json.gz" in error


def test_the_whole_corpus_replays_as_readable_or_legacy() -> None:
    report = replay([CORPUS_DIR / "items"])
    assert report.ok and report.total(COUNT) >= 300
    assert report.total(LEGACY) == 43


def test_progress_draws_one_line_and_erases_it() -> None:
    stream = io.StringIO()
    progress = Progress(stream, total_bytes=1000, files=2)
    progress.show(500, 16384, 1)
    progress.close()
    shown = stream.getvalue()
    assert shown.startswith("\r[###############               ]  50.0%  file 1/2  16,384 lines")
    assert shown.endswith("\r")
