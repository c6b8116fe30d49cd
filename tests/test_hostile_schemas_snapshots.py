"""``schemas check`` and ``schemas export`` under hostile input: generated snapshot folders
(files of any content, folders, FIFOs and links where snapshots belong), bad --dir and --root.
Every run ends with exit 0 or 1 and a report, or exit 2 and one line on stderr; never a
traceback; a refused run writes nothing, and no run changes a file that was there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts import snapshots

from .cli_runs import Run, assert_refused, files_under, run_cli
from .kit_copies import copy_kit

PUBLISHED = sorted(p.relative_to(snapshots.SCHEMAS_DIR) for p in snapshots.published())
"""Where the models put their snapshots, relative to the folder."""


def regular(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def published_copy(path: Path) -> None:
    path.write_bytes((snapshots.SCHEMAS_DIR / path.parent.name / path.name).read_bytes())


ENTRIES: dict[str, Callable[[Path], None]] = {
    "empty file": regular(b""),
    "bad UTF-8": regular(b"\xff\xfe{"),
    "not JSON": regular(b"{not json"),
    "another schema": regular(b'{"type": "string"}\n'),
    "folder": lambda path: path.mkdir(),
    "FIFO": os.mkfifo,
    "link loop": lambda path: path.symlink_to(path.name),
    "link to nothing": lambda path: path.symlink_to("absent-target.json"),
    "link outside": lambda path: path.symlink_to("/etc/hostname"),
}


@st.composite
def snapshot_folders(draw: st.DrawFn) -> dict[str, str]:
    """Relative path -> what is there: published snapshots, some of them replaced by
    hostile entries, and entity folders that are files."""
    chosen = draw(st.lists(st.sampled_from(PUBLISHED), unique=True, max_size=6))
    kinds = st.sampled_from(sorted(ENTRIES))
    layout = {str(path): draw(kinds) for path in chosen}
    for folder in draw(st.lists(st.sampled_from(["nova", "attempt", "eras"]), max_size=2)):
        layout.setdefault(folder, "empty file")
    return layout


def build(root: Path, layout: dict[str, str]) -> None:
    """The published snapshots, then each ``layout`` entry put in place of what was there."""
    shutil.copytree(snapshots.SCHEMAS_DIR, root)
    for relative, kind in sorted(layout.items()):
        path = root / relative
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        if path.parent.is_dir():
            ENTRIES[kind](path)


def check_outcome(
    run: Run, before: dict[str, bytes], after: dict[str, bytes], *, forced: bool
) -> None:
    assert "Traceback" not in run.out + run.err
    if run.code == 2:
        assert_refused(run)
        assert after == before, "a refused run wrote something"
        return
    assert run.code in (0, 1), run
    for name, content in before.items():
        if after[name] != content:  # only --force overwrites, and with what the models make
            assert forced, f"{name} was changed"
            assert after[name] == (snapshots.SCHEMAS_DIR / name.split("/", 1)[1]).read_bytes()


@given(layout=snapshot_folders(), verb=st.sampled_from(["check", "export"]), force=st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_snapshot_folders(layout: dict[str, str], verb: str, force: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "schemas"
        build(root, layout)
        before = files_under(Path(scratch))
        forced = verb == "export" and force
        run = run_cli("schemas", verb, "--dir", str(root), *(["--force"] if forced else []))
        check_outcome(run, before, files_under(Path(scratch)), forced=forced)
        if any(kind in ("FIFO", "link to nothing", "folder") for kind in layout.values()):
            assert run.code == 2, (layout, run)


DIRS: dict[str, Callable[[Path], Path]] = {
    "a file": lambda scratch: _written(scratch / "file", b"x"),
    "under a file": lambda scratch: _written(scratch / "file", b"x") / "schemas",
    "a link loop": lambda scratch: _linked(scratch / "loop", "loop"),
    "a name too long": lambda scratch: scratch / ("x" * 300),
    "a FIFO": lambda scratch: _fifo(scratch / "fifo"),
}


def _written(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _linked(path: Path, target: str) -> Path:
    path.symlink_to(target)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("verb", ["check", "export"])
@pytest.mark.parametrize("kind", sorted(DIRS))
def test_a_dir_that_cannot_hold_snapshots_is_one_line_and_exit_2(
    kind: str, verb: str, tmp_path: Path
) -> None:
    folder = DIRS[kind](tmp_path)
    before = files_under(tmp_path)
    run = run_cli("schemas", verb, "--dir", str(folder))
    assert_refused(run)
    assert files_under(tmp_path) == before


ROOTS: dict[str, Callable[[Path], Path]] = {
    "missing": lambda scratch: scratch / "absent",
    "a file": lambda scratch: _written(scratch / "file", b"x"),
    "a link loop": lambda scratch: _linked(scratch / "loop", "loop"),
    "invalid TOML": lambda scratch: _written(scratch / "pyproject.toml", b"[project\n").parent,
    "bad UTF-8": lambda scratch: _written(scratch / "pyproject.toml", b"\xff\xfe").parent,
    "another project": lambda scratch: (
        _written(scratch / "pyproject.toml", b'[project]\nname = "other"\n').parent
    ),
    "no package-dir": lambda scratch: (
        _written(scratch / "pyproject.toml", b'[project]\nname = "novacat-persistence"\n').parent
    ),
}


@pytest.mark.parametrize("kind", sorted(ROOTS))
def test_a_root_that_is_no_checkout_is_one_line_and_exit_2(kind: str, tmp_path: Path) -> None:
    root = ROOTS[kind](tmp_path)
    before = files_under(tmp_path)
    assert_refused(run_cli("schemas", "export", "--root", str(root)))
    assert files_under(tmp_path) == before


def test_a_checkout_whose_code_does_not_import_is_one_line_and_exit_2(tmp_path: Path) -> None:
    checkout = copy_kit(tmp_path / "checkout")
    (checkout / "contracts/entities/nova.py").write_text("def broken(:\n", encoding="utf-8")
    before = files_under(checkout)
    run = subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", "schemas", "export"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )  # the child's stderr is this process's: run the command in a process of its own
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert "the checkout's code does not import: SyntaxError" in run.stderr
    assert files_under(checkout) == before
