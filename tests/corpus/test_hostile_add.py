"""``corpus add`` under generated hostile input: broken, empty, binary and huge item files,
FIFOs, link loops, bad paths, bad options and broken corpora. Every run exits 1 or 2
without a traceback (a usage error in one line) and writes nothing."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.corpus import CORPUS_DIR

from .conftest import (
    BAD_CONTENT,
    EMPTY_CONTENT,
    HOSTILE,
    assert_refused,
    bad_paths,
    bad_trees,
    run_cli,
    take_out,
    tree_state,
)


@pytest.fixture(scope="module")
def corpus() -> Iterator[Path]:
    """One corpus copy for every example: nothing may change it, so it is never reset."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        shutil.copytree(CORPUS_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        take_out(root, "NameClaim", "1.0.0")  # so that items offered as NameClaims are checked
        yield root


SHAPES = st.sampled_from(
    [
        ["--entity", "NameClaim", "--version", "1.0.0"],
        ["--entity", "NameClaim", "--version", "1"],
        ["--entity", "Nova", "--version", "1.0.0"],
        ["--entity", "Nova", "--version", "2.0.0"],
        ["--entity", "JobRun", "--version", "1.0.0", "--era", "no-correlation-id"],
        ["--entity", "DataProduct", "--version", "9.0.0"],
    ]
)


def add(corpus: Path, shape: list[str], *paths: Path) -> list[str]:
    return ["corpus", "add", "--corpus", str(corpus), *shape, "--workflow", "w", *map(str, paths)]


@HOSTILE
@given(content=st.one_of(BAD_CONTENT, EMPTY_CONTENT), shape=SHAPES)
def test_hostile_item_files_write_nothing(corpus: Path, content: bytes, shape: list[str]) -> None:
    before = tree_state(corpus)
    with tempfile.TemporaryDirectory() as scratch:
        items = Path(scratch) / "items.json.gz"
        items.write_bytes(content)
        outcome = run_cli(add(corpus, shape, items))
    assert_refused(outcome)
    assert tree_state(corpus) == before


def _folder(build: Callable[[Path], None]) -> Callable[[Path], Path]:
    """A bad tree's builder as a maker of the PATH argument: the folder holding it."""

    def make(root: Path) -> Path:
        build(root)
        return root

    return make


@HOSTILE
@given(make=st.one_of(bad_trees().map(_folder), bad_paths()), shape=SHAPES)
def test_hostile_folders_and_paths_write_nothing(
    corpus: Path, make: Callable[[Path], Path], shape: list[str]
) -> None:
    before = tree_state(corpus)
    with tempfile.TemporaryDirectory() as scratch:
        outcome = run_cli(add(corpus, shape, make(Path(scratch))))
    assert_refused(outcome)
    assert tree_state(corpus) == before


BAD_OPTIONS = st.sampled_from(
    [
        ["--entity", "Nova", "--version", "1.0.0"],  # no --workflow
        ["--version", "1.0.0", "--workflow", "w"],  # no --entity
        ["--entity", "Galaxy", "--version", "1.0.0", "--workflow", "w"],
        ["--entity", "Nova", "--version", "one", "--workflow", "w"],
        ["--entity", "Nova", "--version", "1.0.0", "--era", "bronze-age", "--workflow", "w"],
        ["--entity", "Nova", "--version", "1.0.0", "--workflow", "w", "--bogus"],
        ["--entity", "Nova", "--version", "1.0.0", "--workflow", "w", "--corpus"],
    ]
)


@HOSTILE
@given(options=BAD_OPTIONS)
def test_bad_options_write_nothing(corpus: Path, options: list[str]) -> None:
    before = tree_state(corpus)
    lines = corpus / "items/nova/1.0.0.jsonl"
    outcome = run_cli(["corpus", "add", "--corpus", str(corpus), *options, str(lines)])
    assert_refused(outcome)
    assert tree_state(corpus) == before


BROKEN_CORPORA = st.sampled_from(["absent", "a-file", "fifo-manifest", "binary-manifest", "deep"])


@HOSTILE
@given(broken=BROKEN_CORPORA, shape=SHAPES)
def test_a_broken_corpus_is_a_usage_error(broken: str, shape: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        if broken == "a-file":
            root.write_text("{}")
        elif broken != "absent":
            root.mkdir()
            manifest = root / "manifest.json"
            if broken == "fifo-manifest":
                os.mkfifo(manifest)
            elif broken == "binary-manifest":
                manifest.write_bytes(b"\xff\x00" * 100)
            else:
                manifest.write_text("[" * 100_000 + "]" * 100_000)
        before = tree_state(Path(scratch))
        outcome = run_cli(add(root, shape, CORPUS_DIR / "items/nova/1.0.0.jsonl"))
        assert outcome.code == 2
        assert_refused(outcome)
        assert tree_state(Path(scratch)) == before


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_workflow_name_is_refused(corpus: Path, tmp_path: Path, blank: str) -> None:
    """A workflow named by blanks says nothing of what writes the items: refused, nothing
    written; the same items with named workflows are added (a name given twice, once)."""
    lines = corpus / "items/nova/1.0.0.jsonl"
    shape = ["--entity", "Nova", "--version", "1.0.0", "--source", "probe"]
    named = ["--workflow", "initialize_nova"]
    before = tree_state(corpus)
    outcome = run_cli(
        ["corpus", "add", "--corpus", str(corpus), *shape, *named, "--workflow", blank, str(lines)]
    )
    assert_refused(outcome)
    assert "workflow" in outcome.err, outcome
    assert tree_state(corpus) == before
    control = Path(shutil.copytree(corpus, tmp_path / "corpus"))
    taken = tmp_path / "novas.jsonl"  # items the corpus does not hold: it records each once
    taken.write_bytes(take_out(control, "Nova", "1.0.0"))
    twice = [*named, *named]
    added = run_cli(["corpus", "add", "--corpus", str(control), *shape, *twice, str(taken)])
    assert added.code == 0, added
    entries = json.loads((control / "manifest.json").read_text())["files"]
    (entry,) = [e for e in entries if e.get("source") == "probe"]
    assert entry["workflows"] == ["initialize_nova"]
