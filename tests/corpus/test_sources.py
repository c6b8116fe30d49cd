"""Corpus files of a named source: items observed in another system's tables, recorded beside
the kit's own files of the same version or era, with their evidence; and the script that
records a capture of Nova Cat's writes."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import uuid4

import pytest

from novacat_persistence.contracts.codec.export_lines import (
    decode_export_line,
    encode_export_line,
)
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus.import_capture import main as import_capture
from novacat_persistence.corpus.import_capture import select
from novacat_persistence.corpus_tools.store import Corpus, CorpusError
from novacat_persistence.corpus_tools.verify import add_lines, verify

from .conftest import run_cli

NAME_MAPPINGS = (CORPUS_DIR / "items" / "name_mapping" / "1.0.0.jsonl").read_bytes().splitlines()


def _of_other_novas(lines: list[bytes]) -> list[bytes]:
    """The name mappings of ``lines``, each naming another nova: items the corpus does not
    hold (it records each item once)."""
    return [
        encode_export_line(decode_export_line(line).model_copy(update={"nova_id": uuid4()}))
        for line in lines
    ]


def test_a_source_has_a_file_of_its_own_beside_the_kits(corpus_copy: Path) -> None:
    corpus = Corpus.load(corpus_copy)
    added = add_lines(
        corpus,
        "NameMapping",
        "1.0.0",
        None,
        _of_other_novas(NAME_MAPPINGS[:2]),
        workflows=["initialize_nova"],
        source="elsewhere-abc123",
        evidence=["elsewhere at abc123", "written at service/x.py:10"],
    )
    assert added.items_path == "items/name_mapping/1.0.0@elsewhere-abc123.jsonl"
    reloaded = Corpus.load(corpus_copy)
    assert reloaded.find("NameMapping", "1.0.0", "elsewhere-abc123") == added
    assert reloaded.find("NameMapping", "1.0.0") is not None  # the kit's own file stays
    entry = next(
        f
        for f in json.loads((corpus_copy / "manifest.json").read_text())["files"]
        if f.get("source") == "elsewhere-abc123"
    )
    assert entry["evidence"] == ["elsewhere at abc123", "written at service/x.py:10"]
    assert verify(reloaded).ok
    with pytest.raises(CorpusError, match="never overwritten"):
        add_lines(
            reloaded,
            "NameMapping",
            "1.0.0",
            None,
            NAME_MAPPINGS[:1],
            workflows=["x"],
            source="elsewhere-abc123",
        )


def test_a_source_name_is_checked(corpus_copy: Path) -> None:
    outcome = run_cli(
        [
            "corpus",
            "add",
            "--corpus",
            str(corpus_copy),
            "--entity",
            "NameMapping",
            "--version",
            "1.0.0",
            "--workflow",
            "x",
            "--source",
            "../Escape",
            str(CORPUS_DIR / "items" / "name_mapping" / "1.0.0.jsonl"),
        ]
    )
    assert outcome.code == 2 and "source '../Escape'" in outcome.err
    assert not list(corpus_copy.rglob("*Escape*"))


def _capture_line(item: dict[str, object], *writers: str) -> str:
    writes = [{"test": "t.py::t", "phase": "call", "request": "PutItem", "at": w} for w in writers]
    return json.dumps({"Item": item, "Capture": {"table": "NovaCat", "writes": writes}}) + "\n"


def test_only_what_the_services_wrote_with_real_values_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = json.loads(NAME_MAPPINGS[0])["Item"]
    fake = {**mapping, "name_raw": {"S": "FAKE nova"}}
    broken = {**mapping, "nova_id": {"S": "not-a-uuid"}}
    capture = tmp_path / "capture"
    capture.mkdir()
    (capture / "NovaCat.jsonl").write_text(
        _capture_line(mapping, "services/nova_resolver/handler.py:341")
        + _capture_line(mapping, "services/nova_resolver/handler.py:341")  # the same item again
        + _capture_line(mapping, "tests/conftest.py:12", "services/nova_resolver/handler.py:341")
        + _capture_line(fake, "services/nova_resolver/handler.py:341")
        + _capture_line(broken, "services/nova_resolver/handler.py:341")
    )
    groups, left_out = select([capture])
    assert list(groups) == [("NameMapping", "1.0.0")]
    assert groups["NameMapping", "1.0.0"].writers == {"services/nova_resolver/handler.py:341"}
    assert [reason.split(": ", 1)[1][:18] for reason in left_out] == [
        "seeded or written ",
        "test-only value 'F",
        "UNREADABLE Unreada",
    ]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    Corpus.empty(corpus).save()
    argv = ["--source", "nova-cat-abc", "--commit", "abc", "--corpus", str(corpus), str(capture)]
    assert import_capture(argv) == 0
    recorded = Corpus.load(corpus)
    (file,) = recorded.files
    assert (file.entity, file.label, file.source, file.count) == (
        "NameMapping",
        "1.0.0",
        "nova-cat-abc",
        1,
    )
    assert "written at services/nova_resolver/handler.py:341" in file.evidence
    assert file.workflows == ("initialize_nova",)
    assert verify(recorded).ok
    assert import_capture(argv) == 0  # a second run finds the file recorded: nothing to do
    capsys.readouterr()
    again = ["--source", "nova-cat-def", *argv[2:]]  # the same items, under another source
    assert import_capture(again) == 0
    assert Corpus.load(corpus).files == recorded.files
    assert "left out NameMapping 1.0.0: every item is in the corpus already" in (
        capsys.readouterr().out
    )
