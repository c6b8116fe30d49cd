"""``corpus verify`` under generated hostile corpora: item, golden and manifest files replaced
by broken, empty, binary or huge content, FIFOs, link loops or folders; bad options. Every
run exits 1 or 2 without a traceback (a usage error in one line) and writes nothing."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
