"""``corpus add`` writes its items file, goldens and manifest entry all or nothing, and says in
one line why it could not: a corrupt input, an unwritable corpus."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
from pathlib import Path

import pytest

from novacat_persistence.corpus_tools import staging
from novacat_persistence.corpus_tools.store import Corpus, CorpusAccessError
from novacat_persistence.corpus_tools.verify import add, verify

from .conftest import assert_refused, run_cli, run_cli_process, take_out, tree_state


@pytest.fixture
def claims(corpus_copy: Path, tmp_path: Path) -> Path:
    """A corpus without its NameClaim file, whose items wait in ``claims.jsonl``."""
    (tmp_path / "claims.jsonl").write_bytes(take_out(corpus_copy, "NameClaim", "1.0.0"))
    return tmp_path / "claims.jsonl"


def add_args(corpus: Path, source: Path) -> list[str]:
    return [
        "corpus", "add", "--corpus", str(corpus), "--entity", "NameClaim",
        "--version", "1.0.0", "--workflow", "initialize_nova", str(source),
    ]  # fmt: skip


def test_a_failure_before_the_goldens_leaves_nothing_and_the_retry_succeeds(
    corpus_copy: Path, claims: Path
) -> None:
    (corpus_copy / "golden/name_claim").write_text("in the way")  # no folder can be made there
    before = tree_state(corpus_copy)
    outcome = run_cli(add_args(corpus_copy, claims))
    assert_refused(outcome)
    assert outcome.code == 2 and "cannot write the corpus, nothing was added" in outcome.err
    assert tree_state(corpus_copy) == before
    (corpus_copy / "golden/name_claim").unlink()
    assert run_cli(add_args(corpus_copy, claims)).code == 0
    assert verify(Corpus.load(corpus_copy)).ok


def test_a_failure_at_the_manifest_removes_the_items_and_goldens(
    corpus_copy: Path, claims: Path
) -> None:
    corpus = Corpus.load(corpus_copy)
    manifest = (corpus_copy / "manifest.json").read_bytes()
    (corpus_copy / "manifest.json").unlink()
    (corpus_copy / "manifest.json").mkdir()  # the commit (a rename over it) fails
    (corpus_copy / "manifest.json" / "x").write_text("x")
    before = tree_state(corpus_copy)
    with pytest.raises(CorpusAccessError, match="nothing was added"):
        add(corpus, "NameClaim", "1.0.0", None, [claims], workflows=["initialize_nova"])
    assert tree_state(corpus_copy) == before
    assert corpus.find("NameClaim", "1.0.0") is None
    shutil.rmtree(corpus_copy / "manifest.json")
    (corpus_copy / "manifest.json").write_bytes(manifest)
    assert run_cli(add_args(corpus_copy, claims)).code == 0


def test_a_read_only_corpus_folder_is_one_line_and_no_orphan(
    corpus_copy: Path, claims: Path
) -> None:
    before = tree_state(corpus_copy)
    corpus_copy.chmod(0o555)  # items/ and golden/ stay writable; the manifest's folder is not
    try:
        outcome = run_cli_process(add_args(corpus_copy, claims), drop_root=True)
    finally:
        corpus_copy.chmod(0o755)
    assert_refused(outcome)
    assert outcome.code == 2 and "Permission denied" in outcome.err
    assert tree_state(corpus_copy) == before
    assert run_cli(add_args(corpus_copy, claims)).code == 0


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda d: d[:12] + bytes(range(256)) * 4, "cannot read the items"),  # corrupt deflate
        (lambda d: d[: len(d) // 2], "cannot read the items"),  # truncated
        (lambda d: b"\x1f\x8b" + b"\xff" * 40, "cannot read the items"),  # a bad gzip header
    ],
    ids=["corrupt-deflate", "truncated", "bad-header"],
)
def test_a_corrupt_gzip_input_is_one_line_and_nothing_is_written(
    corpus_copy: Path, claims: Path, damage: object, said: str
) -> None:
    broken = claims.with_suffix(".json.gz")
    broken.write_bytes(damage(gzip.compress(claims.read_bytes())))  # type: ignore[operator]
    before = tree_state(corpus_copy)
    outcome = run_cli(add_args(corpus_copy, broken))
    assert_refused(outcome)
    assert outcome.code == 2 and said in outcome.err and str(broken) in outcome.err
    assert tree_state(corpus_copy) == before


def test_items_that_fail_are_listed_on_stdout_with_one_line_on_stderr(
    corpus_copy: Path, claims: Path
) -> None:
    lines = claims.read_bytes().count(b"\n")
    claims.write_bytes(claims.read_bytes() + b"\n{\n")  # after a blank line
    before = tree_state(corpus_copy)
    outcome = run_cli(add_args(corpus_copy, claims))
    assert outcome.code == 1
    assert outcome.err == "corpus add: 1 problem(s), nothing was added\n"
    assert outcome.out.startswith(f"{claims}:{lines + 2}: malformed-line:")
    assert tree_state(corpus_copy) == before


def test_a_file_left_by_an_interrupted_add_is_named(corpus_copy: Path, claims: Path) -> None:
    (corpus_copy / "items/name_claim").mkdir()
    (corpus_copy / "items/name_claim/1.0.0.jsonl").write_bytes(claims.read_bytes())
    outcome = run_cli(add_args(corpus_copy, claims))
    assert outcome.code == 2
    assert "exists but the manifest does not list it" in outcome.err


def test_a_terminated_add_leaves_nothing_and_the_retry_succeeds(
    corpus_copy: Path, claims: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM (a process manager stopping it) as the first file is staged: the add stops as
    Ctrl-C stops it (exit 130), its staged files removed, nothing of the corpus changed."""
    before = tree_state(corpus_copy)
    stage = staging._stage

    def stage_then_terminated(temporary: Path, content: bytes) -> None:
        stage(temporary, content)
        os.kill(os.getpid(), signal.SIGTERM)

    with monkeypatch.context() as patched:
        patched.setattr(staging, "_stage", stage_then_terminated)
        outcome = run_cli(add_args(corpus_copy, claims))
    assert outcome.code == 130 and outcome.err.strip() == "novacat-persistence: interrupted"
    assert tree_state(corpus_copy) == before
    assert run_cli(add_args(corpus_copy, claims)).code == 0


def test_a_file_staged_by_a_killed_add_is_named_by_verify(corpus_copy: Path) -> None:
    """SIGKILL leaves no chance to clean up: what it staged is a problem until removed."""
    left = corpus_copy / "items/nova/.1.0.0@x.jsonl.k3j2.tmp"
    left.write_bytes(b'{"Item": {}}\n')
    outcome = run_cli(["corpus", "verify", "--corpus", str(corpus_copy)])
    assert outcome.code == 1
    assert "items/nova/.1.0.0@x.jsonl.k3j2.tmp: was staged by a corpus add that was killed" in (
        outcome.out
    )
    left.unlink()
    assert run_cli(["corpus", "verify", "--corpus", str(corpus_copy)]).code == 0
