"""``corpus verify`` finds each kind of damage; ``corpus add`` records a new version's items and
refuses anything that would change history or does not read."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import orjson
import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.contracts.codec.export_lines import encode_export_line
from novacat_persistence.contracts.entities import Nova
from novacat_persistence.corpus_tools.store import Corpus, CorpusError
from novacat_persistence.corpus_tools.verify import add, add_lines, update_goldens, verify


def problems(root: Path) -> list[str]:
    return [p.describe() for p in verify(Corpus.load(root)).problems]


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- verify -----------------------------------------------------------------------------------


def test_a_changed_value_no_longer_reads_as_its_golden(corpus_copy: Path) -> None:
    rewrite(
        corpus_copy / "items/nova/1.0.0.jsonl",
        '"ra_deg":{"N":"317.90254"}',
        '"ra_deg":{"N":"317.9"}',
    )
    (problem,) = problems(corpus_copy)
    assert problem.startswith("items/nova/1.0.0.jsonl:1: does not read as its golden line:")
    assert "fields.ra_deg: 317.90254 -> 317.9" in problem


def test_keys_that_disagree_with_fields_are_found(corpus_copy: Path) -> None:
    path = corpus_copy / "items/work_item/1.0.0.jsonl"
    line = json.loads(path.read_text().splitlines()[0])
    sk = line["Item"]["SK"]["S"]
    rewrite(path, sk, sk.replace("#spectra#", "#photometry#"))
    (problem,) = problems(corpus_copy)
    assert problem.startswith("items/work_item/1.0.0.jsonl:1: key-mismatch: stored under")


def test_an_attribute_outside_the_snapshot_is_found(corpus_copy: Path) -> None:
    rewrite(
        corpus_copy / "items/name_claim/1.0.0.jsonl", '{"Item":{', '{"Item":{"colour":{"S":"red"},'
    )
    found = problems(corpus_copy)
    assert any("breaks the 1.0.0 snapshot at (item): Additional properties" in p for p in found)
    assert any("unknown_attributes" in p for p in found)  # and its golden reading changed


def test_an_item_of_another_version_or_era_is_found(corpus_copy: Path) -> None:
    rewrite(
        corpus_copy / "items/job_run/1.0.0+initiated-at.jsonl",
        '"initiated_at":',
        '"started_at":',
    )
    found = problems(corpus_copy)
    assert any("reads as 1.0.0, but the file holds 1.0.0+initiated-at items" in p for p in found)


def test_counts_unreadable_lines_and_unlisted_files_are_found(corpus_copy: Path) -> None:
    path = corpus_copy / "items/step_dedupe/1.0.0.jsonl"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:-1], "not json"]) + "\n")
    (corpus_copy / "items/nova/0.9.0.jsonl").write_text("")
    found = problems(corpus_copy)
    assert "items/nova/0.9.0.jsonl: is not listed in the manifest" in found
    assert any(p.startswith("items/step_dedupe/1.0.0.jsonl:8: malformed-line:") for p in found)


def test_a_line_added_beyond_the_manifest_s_count_is_named(corpus_copy: Path) -> None:
    """An appended line has no golden and breaks the count: it is still read, and named."""
    path = corpus_copy / "items/nova/1.0.0.jsonl"
    count = len(path.read_text().splitlines())
    path.write_text(path.read_text() + "garbage\n")
    appended = f"items/nova/1.0.0.jsonl:{count + 1}: malformed-line:"
    assert any(p.startswith(appended) for p in problems(corpus_copy))
    changed, refused = update_goldens(Corpus.load(corpus_copy))
    assert changed == [] and any(p.describe().startswith(appended) for p in refused)


def test_update_goldens_rewrites_only_goldens_and_refuses_unreadable_items(
    corpus_copy: Path,
) -> None:
    golden = corpus_copy / "golden/locator_alias/1.0.0.jsonl"
    original = golden.read_text()
    golden.write_text(original.replace('"provider": "ESO"', '"provider": "EHO"', 1))
    corpus = Corpus.load(corpus_copy)
    assert not verify(corpus).ok
    assert update_goldens(corpus) == (["golden/locator_alias/1.0.0.jsonl"], [])
    assert golden.read_text() == original and verify(corpus).ok
    rewrite(
        corpus_copy / "items/nova/1.0.0.jsonl", '"status":{"S":"ACTIVE"}', '"status":{"S":"LOST"}'
    )
    changed, unreadable = update_goldens(corpus)
    assert changed == [] and unreadable[0].message.startswith("invalid-item:")


def test_verify_command_exit_codes(corpus_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "verify", "--corpus", str(corpus_copy)]) == 0
    assert "read as their goldens say" in capsys.readouterr().out
    (corpus_copy / "golden/attempt/1.0.0.jsonl").unlink()
    assert main(["corpus", "verify", "--corpus", str(corpus_copy)]) == 1
    assert "cannot read the file or its goldens" in capsys.readouterr().out
    (corpus_copy / "manifest.json").write_text("[]")
    assert main(["corpus", "verify", "--corpus", str(corpus_copy)]) == 2
    assert "not a novacat-corpus/1 manifest" in capsys.readouterr().err


# --- add --------------------------------------------------------------------------------------


def remove_file(root: Path, entity: str, label: str) -> bytes:
    """Take one file out of a corpus; return its items, to add them back."""
    corpus = Corpus.load(root)
    file = corpus.find(entity, label)
    assert file is not None
    items = (root / file.items_path).read_bytes()
    (root / file.items_path).unlink()
    (root / file.golden_path).unlink()
    corpus.files.remove(file)
    corpus.save()
    return items


def test_add_records_items_goldens_and_manifest_entry(corpus_copy: Path, tmp_path: Path) -> None:
    golden = (corpus_copy / "golden/job_run/1.0.0+no-correlation-id.jsonl").read_text()
    items = remove_file(corpus_copy, "JobRun", "1.0.0+no-correlation-id")
    source = tmp_path / "runs.json.gz"
    source.write_bytes(gzip.compress(items))
    corpus = Corpus.load(corpus_copy)
    added = add(corpus, "JobRun", "1", "no-correlation-id", [source], workflows=["initialize_nova"])
    assert (added.version, added.era, added.count) == ("1.0.0", "no-correlation-id", 12)
    assert (corpus_copy / added.items_path).read_bytes() == items
    assert (corpus_copy / added.golden_path).read_text() == golden
    assert Corpus.load(corpus_copy).find("JobRun", "1.0.0+no-correlation-id") == added
    assert verify(Corpus.load(corpus_copy)).ok


def test_add_never_overwrites_a_corpus_file(corpus_copy: Path) -> None:
    corpus = Corpus.load(corpus_copy)
    line = (corpus_copy / "items/nova/1.0.0.jsonl").read_bytes().splitlines()[0]
    with pytest.raises(CorpusError, match="never overwritten"):
        add_lines(corpus, "Nova", "1.0.0", None, [line], workflows=["initialize_nova"])


def test_add_refuses_items_that_do_not_read_and_writes_nothing(corpus_copy: Path) -> None:
    items = remove_file(corpus_copy, "Nova", "1.0.0").splitlines()
    manifest = (corpus_copy / "manifest.json").read_text()
    wrong_era = (corpus_copy / "items/job_run/1.0.0.jsonl").read_bytes().splitlines()[0]
    corpus = Corpus.load(corpus_copy)
    with pytest.raises(CorpusError, match=r"3 problem\(s\), nothing was added") as caught:
        add_lines(corpus, "Nova", "1.0.0", None, [*items, b"{", wrong_era], workflows=["x"])
    message = str(caught.value)
    assert "item 12: malformed-line" in message
    assert "item 13: is a JobRun item in a Nova file" in message
    assert not (corpus_copy / "items/nova/1.0.0.jsonl").exists()
    assert (corpus_copy / "manifest.json").read_text() == manifest


@pytest.mark.parametrize(
    ("entity", "version", "era", "message"),
    [
        ("Galaxy", "1.0.0", None, "unknown entity type 'Galaxy'"),
        ("Nova", "1.2.0", None, "Nova publishes no version '1.2.0' (1.0.0, 1.1.0)"),
        ("Nova", "one", None, "Nova publishes no version 'one'"),
        ("JobRun", "1.0.0", "finished-at", "JobRun has no era 'finished-at'"),
    ],
)
def test_add_refuses_unknown_shapes(
    corpus_copy: Path, entity: str, version: str, era: str | None, message: str
) -> None:
    with pytest.raises(CorpusError, match=re.escape(message)):
        add_lines(Corpus.load(corpus_copy), entity, version, era, [b"{}"], workflows=["x"])


def test_add_command(corpus_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = remove_file(corpus_copy, "NameClaim", "1.0.0")
    source = tmp_path / "claims.jsonl"
    source.write_bytes(items)
    args = ["corpus", "add", "--corpus", str(corpus_copy), "--entity", "NameClaim"]
    args += ["--version", "1.0.0", "--workflow", "initialize_nova", str(source)]
    assert main(args) == 0
    assert "wrote items/name_claim/1.0.0.jsonl (11 items)" in capsys.readouterr().out
    assert main(args) == 2
    assert "never overwritten" in capsys.readouterr().err
    missing = [*args[:-1], str(tmp_path / "absent.jsonl")]
    assert main(missing) == 2
    assert "cannot read the items" in capsys.readouterr().err


def test_a_current_writer_item_can_be_recorded_for_a_new_file(tmp_path: Path) -> None:
    corpus = Corpus.empty(tmp_path / "fresh")
    nova = Nova.model_validate(
        {
            "nova_id": "4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60",
            "primary_name": "V1405 Cas",
            "primary_name_normalized": "v1405 cas",
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
        }
    )
    added = add_lines(
        corpus,
        "Nova",
        Nova.SCHEMA_VERSION,
        None,
        [encode_export_line(nova)],
        workflows=["initialize_nova"],
    )
    reloaded = Corpus.load(tmp_path / "fresh")
    assert reloaded.files == [added] and verify(reloaded).ok


def test_add_refuses_an_item_given_twice_or_already_recorded(corpus_copy: Path) -> None:
    """The same stored item (as data: key order and spacing aside) is never recorded twice,
    within one add or beside a file already in the corpus; nothing is written."""
    items = remove_file(corpus_copy, "Nova", "1.0.0").splitlines()
    recorded = (corpus_copy / "items/job_run/1.0.0.jsonl").read_bytes().splitlines()[2]
    reordered = orjson.dumps(
        {"Item": dict(reversed(orjson.loads(items[0])["Item"].items())), "Note": "again"}
    )
    manifest = (corpus_copy / "manifest.json").read_text()
    corpus = Corpus.load(corpus_copy)
    with pytest.raises(CorpusError, match=r"3 problem\(s\), nothing was added") as caught:
        add_lines(corpus, "Nova", "1.0.0", None, [*items, reordered, recorded], workflows=["x"])
    message = str(caught.value)
    assert f"item {len(items) + 1}: the same item as item 1 (a corpus holds each once)" in message
    assert f"item {len(items) + 2}: the same item as items/job_run/1.0.0.jsonl:3" in message
    assert f"item {len(items) + 2}: is a JobRun item in a Nova file" in message
    assert not (corpus_copy / "items/nova/1.0.0.jsonl").exists()
    assert (corpus_copy / "manifest.json").read_text() == manifest
    assert add_lines(corpus, "Nova", "1.0.0", None, items, workflows=["x"]).count == len(items)
