"""``corpus verify`` under generated hostile corpora: item, golden and manifest files replaced
by broken, empty, binary or huge content, FIFOs, link loops or folders; bad options. Every
run exits 1 or 2 without a traceback (a usage error in one line) and writes nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.store import Corpus

from .conftest import (
    BAD_CONTENT,
    EMPTY_CONTENT,
    HOSTILE,
    ODD_ENTRIES,
    assert_refused,
    make_entry,
    run_cli,
    tree_state,
)

KEPT = {("Nova", "1.0.0"), ("NameClaim", "1.0.0")}


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """A corpus of two files (small, so that each example verifies quickly)."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        whole = Corpus.load(CORPUS_DIR)
        small = Corpus(root, [f for f in whole.files if (f.entity, f.label) in KEPT])
        for file in small.files:
            for relative in (file.items_path, file.golden_path):
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(CORPUS_DIR / relative, root / relative)
        small.save()
        yield root


TARGETS = st.sampled_from(
    [
        "items/nova/1.0.0.jsonl",
        "golden/nova/1.0.0.jsonl",
        "golden/name_claim/1.0.0.jsonl",
        "manifest.json",
    ]
)
DAMAGE = st.one_of(
    st.one_of(BAD_CONTENT, EMPTY_CONTENT).map(lambda content: ("file", content)),
    st.sampled_from(ODD_ENTRIES).map(lambda kind: (kind, b"")),
)


@HOSTILE
@given(target=TARGETS, harm=DAMAGE, update=st.booleans())
@example(target="items/nova/1.0.0.jsonl", harm=("file", b""), update=True)  # goldens emptied
def test_hostile_corpora_are_problems_and_nothing_is_written(
    template: Path, target: str, harm: tuple[str, bytes], update: bool
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        shutil.copytree(template, root)
        (root / target).unlink()
        make_entry(root / target, *harm)
        before = tree_state(root)
        outcome = run_cli(
            ["corpus", "verify", "--corpus", str(root), *(["--update-goldens"] if update else [])]
        )
        if update and target.startswith("golden/"):
            # rewriting a damaged golden from its readable items is what the option is for
            assert outcome.code == 0 or (outcome.code == 2 and harm[0] in ("folder", "fifo")), (
                outcome
            )
            assert "Traceback" not in outcome.err
            return
        assert_refused(outcome)
        assert tree_state(root) == before


@HOSTILE
@given(
    options=st.sampled_from(
        [["--corpus"], ["--bogus"], ["--update-goldens=yes"], ["--corpus", "/nonexistent/x"]]
    )
)
def test_bad_options_are_one_line_usage_errors(options: list[str]) -> None:
    outcome = run_cli(["corpus", "verify", *options])
    assert outcome.code == 2
    assert_refused(outcome)


def _nova_entry(document: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = next(
        e for e in document["files"] if e["path"] == "items/nova/1.0.0.jsonl"
    )
    return entry


MANIFEST_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "workflows as one text": lambda d: _nova_entry(d).update(workflows="initialize_nova"),
    "evidence as one text": lambda d: _nova_entry(d).update(evidence="see PR 42"),
    "description as a list": lambda d: _nova_entry(d).update(description=["a", "b"]),
    "count as text": lambda d: _nova_entry(d).update(count="11"),
    "count true": lambda d: _nova_entry(d).update(count=True),
    "count negative": lambda d: _nova_entry(d).update(count=-1),
    "entity as a number": lambda d: _nova_entry(d).update(entity=5),
    "a member the manifest has not": lambda d: _nova_entry(d).update(reviewed_by="alice"),
    "another file's golden": lambda d: _nova_entry(d).update(golden="golden/x/1.0.0.jsonl"),
    "an entry listed twice": lambda d: d["files"].append(dict(_nova_entry(d))),
    "an entry that is no object": lambda d: d["files"].append("items/nova/1.0.0.jsonl"),
}


@pytest.mark.parametrize("edit", sorted(MANIFEST_EDITS))
def test_a_manifest_entry_of_the_wrong_shape_is_refused_before_anything_is_read(
    template: Path, tmp_path: Path, edit: str
) -> None:
    """A manifest member of another type (a text where a list belongs, a count as text), a
    member the format has not, an entry listed twice: `corpus verify` exits 2 naming it, and
    `corpus add`, which rewrites the manifest, writes nothing (its members would be mangled
    or lost)."""
    root = tmp_path / "corpus"
    shutil.copytree(template, root)
    manifest = root / "manifest.json"
    document = json.loads(manifest.read_text())
    MANIFEST_EDITS[edit](document)
    manifest.write_text(json.dumps(document))
    before = tree_state(root)

    verified = run_cli(["corpus", "verify", "--corpus", str(root)])
    assert verified.code == 2 and "manifest" in verified.err, verified
    assert_refused(verified)
    items = tmp_path / "new.jsonl"
    items.write_bytes((root / "items/nova/1.0.0.jsonl").read_bytes())
    shape = ["--entity", "Nova", "--version", "1.0.0", "--workflow", "initialize_nova"]
    added = run_cli(
        ["corpus", "add", "--corpus", str(root), *shape, "--source", "probe-x", str(items)]
    )
    assert_refused(added)
    assert tree_state(root) == before


def test_a_listed_file_of_no_item_is_a_problem(template: Path, tmp_path: Path) -> None:
    """A shape listed with an empty file (its count 0) shows nothing of that shape: a problem,
    exit 1 (the gate counts the shape as covered only when verify finds no problem)."""
    root = tmp_path / "corpus"
    shutil.copytree(template, root)
    (root / "items/nova/1.0.0.jsonl").write_bytes(b"")
    (root / "golden/nova/1.0.0.jsonl").write_bytes(b"")
    manifest = root / "manifest.json"
    document = json.loads(manifest.read_text())
    _nova_entry(document)["count"] = 0
    manifest.write_text(json.dumps(document))
    verified = run_cli(["corpus", "verify", "--corpus", str(root)])
    assert verified.code == 1
    assert "items/nova/1.0.0.jsonl: holds no item" in verified.out


@pytest.mark.parametrize(
    ("stray", "said"),
    [
        ("golden/nova/1.9.0.jsonl", "is the golden of no file the manifest lists"),
        ("items/nova/old/1.0.0.jsonl", "is no corpus file (items/<entity>/<file>.jsonl)"),
        ("items/nova/1.0.0.json", "is no corpus file (items/<entity>/<file>.jsonl)"),
        ("items/x.jsonl", "is no corpus file (items/<entity>/<file>.jsonl)"),
        ("golden/nova/.1.0.0.jsonl.k3.tmp", "was staged by a corpus add that was killed"),
    ],
)
def test_a_file_the_corpus_does_not_account_for_is_a_problem(
    template: Path, tmp_path: Path, stray: str, said: str
) -> None:
    """Every file under items/ and golden/ is a listed file or its golden: anything else
    (a golden of nothing, a nested or misnamed file) is named, exit 1."""
    root = tmp_path / "corpus"
    shutil.copytree(template, root)
    (root / stray).parent.mkdir(parents=True, exist_ok=True)
    (root / stray).write_bytes((root / "items/nova/1.0.0.jsonl").read_bytes())
    verified = run_cli(["corpus", "verify", "--corpus", str(root)])
    assert verified.code == 1, verified
    assert f"{stray}: {said}" in verified.out
