"""``gate`` under hostile input: generated refs, repositories that are no checkout (or no
repository), unusable --json targets, detached and shallow clones, and working trees holding
what no snapshot folder should. A refusal is exit 2 and one line on stderr, before anything is
written; a working tree the gate cannot judge fails (exit 1); never a traceback or a hang."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from novacat_persistence import gate
from novacat_persistence.gate import CHECKS
from novacat_persistence.gate.checks import conformance
from novacat_persistence.schemadiff import MAX_DEPTH

from ..cli_runs import Run, assert_refused, files_under, run_cli
from ..kit_copies import commit_all, git

WITHOUT_CONFORMANCE = tuple(check for check in CHECKS if check is not conformance)


@pytest.fixture(autouse=True)
def _no_conformance_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The conformance run takes minutes and is tested in test_gate.py."""
    monkeypatch.setattr(gate, "CHECKS", WITHOUT_CONFORMANCE)


def gate_run(repo: Path, *options: str) -> Run:
    return run_cli("gate", "--repo", str(repo), *options)


def resolves(repo: Path, ref: str) -> bool:
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "--end-of-options", ref],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


# --- refs -------------------------------------------------------------------------------------

refs = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="-^~:@{}.!/\\ *?[0123456789abcdefHEADmain", max_size=20),
    st.sampled_from(["--output=/tmp/x", "-h", "--git-dir", "HEAD~99", "HEAD^{tree}", "@{-1}"]),
)


@given(ref=refs)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_ref_that_names_no_commit_is_one_line_and_exit_2(kit_repo: Path, ref: str) -> None:
    assume("\0" in ref or not resolves(kit_repo, f"{ref}^{{commit}}"))
    before = files_under(kit_repo)
    run = gate_run(kit_repo, f"--against={ref}")  # the ref as given, even "-h"
    assert_refused(run)
    assert run.out == ""
    assert files_under(kit_repo) == before


# --- repositories -----------------------------------------------------------------------------


def _file(scratch: Path) -> Path:
    (scratch / "file").write_text("x")
    return scratch / "file"


def _loop(scratch: Path) -> Path:
    (scratch / "loop").symlink_to("loop")
    return scratch / "loop"


def _fifo(scratch: Path) -> Path:
    os.mkfifo(scratch / "fifo")
    return scratch / "fifo"


def _empty_repo(scratch: Path) -> Path:
    git(scratch, "init", "-q")
    return scratch


def _bare_repo(scratch: Path) -> Path:
    git(scratch, "init", "-q", "--bare")
    return scratch


def _other_project(scratch: Path) -> Path:
    git(scratch, "init", "-q")
    (scratch / "pyproject.toml").write_text('[project]\nname = "other"\n')
    commit_all(scratch, "base")
    return scratch


def _broken_pyproject(scratch: Path) -> Path:
    git(scratch, "init", "-q")
    (scratch / "pyproject.toml").write_bytes(b"[project\n\xff")
    commit_all(scratch, "base")
    return scratch


REPOS: dict[str, Callable[[Path], Path]] = {
    "missing": lambda scratch: scratch / "absent",
    "a file": _file,
    "a link loop": _loop,
    "a FIFO": _fifo,
    "a name too long": lambda scratch: scratch / ("x" * 300),
    "not a repository": lambda scratch: scratch,
    "a repository without commits": _empty_repo,
    "a bare repository": _bare_repo,
    "another project": _other_project,
    "a pyproject that is not TOML": _broken_pyproject,
}


@pytest.mark.parametrize("kind", sorted(REPOS))
def test_a_repo_that_is_no_checkout_is_one_line_and_exit_2(kind: str, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    repo = REPOS[kind](scratch)
    before = files_under(scratch)
    report = tmp_path / "gate.json"
    run = gate_run(repo, "--against", "HEAD", "--json", str(report))
    assert_refused(run)
    assert files_under(scratch) == before and not report.exists()


@pytest.mark.parametrize("kind", ["missing", "a file", "not a repository", "a bare repository"])
def test_a_repo_outside_any_working_tree_says_what_to_do(kind: str, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    run = gate_run(REPOS[kind](scratch), "--against", "HEAD")
    assert_refused(run)
    assert "is in no git working tree" in run.err and "--repo DIR" in run.err, run.err


# --- the JSON report --------------------------------------------------------------------------

JSON_TARGETS: dict[str, Callable[[Path], Path]] = {
    "a folder": lambda scratch: scratch,
    "in a missing folder": lambda scratch: scratch / "absent" / "gate.json",
    "under a file": lambda scratch: _file(scratch) / "gate.json",
    "a name too long": lambda scratch: scratch / ("x" * 300),
    "in a folder that takes no new file": lambda _scratch: Path("/proc/gate.json"),
    "a file that takes no writes": lambda _scratch: Path("/proc/version"),
}


@pytest.mark.parametrize("kind", sorted(JSON_TARGETS))
def test_an_unwritable_report_is_refused_before_the_gate_runs(
    kind: str, kit_repo: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target = JSON_TARGETS[kind](scratch)
    before = files_under(scratch)
    run = gate_run(kit_repo, "--against", "HEAD", "--json", str(target))
    assert_refused(run)
    assert run.out == ""  # refused before any check ran
    assert files_under(scratch) == before


# --- clones -----------------------------------------------------------------------------------


def test_a_detached_head_is_judged_as_the_branch_is(kit_repo: Path) -> None:
    on_branch = gate_run(kit_repo, "--against", "HEAD")
    git(kit_repo, "checkout", "-q", "--detach", "HEAD")
    detached = gate_run(kit_repo, "--against", "HEAD")
    assert detached == on_branch and detached.code in (0, 1) and detached.err == ""


@pytest.fixture
def shallow_clone(kit_repo: Path, tmp_path: Path) -> Path:
    """A depth-1 clone of a feature branch whose fork point from main is not in it."""
    git(kit_repo, "branch", "-q", "-M", "main")
    git(kit_repo, "checkout", "-q", "-b", "feature")
    (kit_repo / "feature.txt").write_text("feature")
    commit_all(kit_repo, "on the feature")
    git(kit_repo, "checkout", "-q", "-")
    (kit_repo / "main.txt").write_text("main")
    commit_all(kit_repo, "on main")
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--no-single-branch",
        "--branch",
        "feature",
        f"file://{kit_repo}",
        str(clone),
    )
    return clone


def test_a_shallow_clone_without_the_fork_point_is_one_line_and_exit_2(
    shallow_clone: Path,
) -> None:
    run = gate_run(shallow_clone)
    assert_refused(run)
    assert "have no common commit" in run.err and "--against" in run.err
    assert_refused(gate_run(shallow_clone, "--against", "HEAD~1"))


# --- working trees holding what no snapshot folder should -------------------------------------


def new_version(repo: Path, write: Callable[[Path], object]) -> Path:
    path = repo / "contracts/schemas/nova/99.0.0.json"  # a version no model has
    write(path)
    return path


def items(levels: int) -> str:
    return '{"items": ' * levels + "{}" + "}" * levels


TREES: dict[str, Callable[[Path], object]] = {
    "a FIFO as a new snapshot": lambda repo: new_version(repo, os.mkfifo),
    "a FIFO as a published snapshot": lambda repo: _replace(
        repo / "contracts/schemas/nova/1.0.0.json", os.mkfifo
    ),
    "a FIFO in the corpus": lambda repo: os.mkfifo(repo / "corpus/items/nova/x.jsonl"),
    "a snapshot nested too deeply": lambda repo: new_version(
        repo, lambda p: p.write_text(items(MAX_DEPTH + 5))
    ),
    "a snapshot that is not UTF-8": lambda repo: new_version(
        repo, lambda p: p.write_bytes(b"\xff\xfe{")
    ),
    "a snapshot that is not JSON": lambda repo: new_version(repo, lambda p: p.write_text("{x")),
    "a folder as a snapshot": lambda repo: new_version(repo, Path.mkdir),
    "a manifest that is not JSON": lambda repo: (repo / "corpus/manifest.json").write_text("{"),
    "a link loop in the corpus": lambda repo: (repo / "corpus/loop").symlink_to("loop"),
}


def _replace(path: Path, make: Callable[[Path], object]) -> None:
    path.unlink()
    make(path)


@pytest.mark.parametrize("kind", sorted(TREES))
def test_a_working_tree_that_cannot_be_judged_fails(kind: str, kit_repo: Path) -> None:
    TREES[kind](kit_repo)
    before = files_under(kit_repo)
    report = kit_repo.parent / "gate.json"
    run = gate_run(kit_repo, "--against", "HEAD", "--json", str(report))
    assert run.code == 1, run.out + run.err
    assert run.err == "" and "Traceback" not in run.out
    assert json.loads(report.read_text())["ok"] is False
    assert files_under(kit_repo) == before  # nothing written into the tree, bytecode included
