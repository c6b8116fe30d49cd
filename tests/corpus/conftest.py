"""A private copy of the committed corpus, for tests that tamper with it; running the command
line and checking how it refuses bad input."""

from __future__ import annotations

import functools
import gzip
import io
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from novacat_persistence.cli.main import main
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.exports import MAX_LINE_BYTES
from novacat_persistence.corpus_tools.store import Corpus


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def take_out(root: Path, entity: str, label: str) -> bytes:
    """Take one file out of a corpus (items, goldens, manifest entry, and its folders when
    they are left empty); return its items, to add them back."""
    corpus = Corpus.load(root)
    file = corpus.find(entity, label)
    assert file is not None
    items = (root / file.items_path).read_bytes()
    for relative in (file.items_path, file.golden_path):
        (root / relative).unlink()
        if not any((root / relative).parent.iterdir()):
            (root / relative).parent.rmdir()
    corpus.files.remove(file)
    corpus.save()
    return items


class Outcome(NamedTuple):
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


def run_cli(argv: list[str]) -> Outcome:
    """Run the command line in this process. An exception escaping it (a traceback the user
    would see) fails the calling test."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exited:  # argparse's usage errors
            code = int(exited.code or 0)
    return Outcome(code, out.getvalue(), err.getvalue())


def assert_refused(outcome: Outcome) -> None:
    """Exit 1 (problems found) or 2 (usage or environment), without a traceback; a usage or
    environment error is one line on stderr."""
    assert outcome.code in (1, 2), outcome
    assert "Traceback" not in outcome.err + outcome.out
    if outcome.code == 2:
        assert len(outcome.err.splitlines()) == 1, outcome.err


def tree_state(root: Path) -> dict[str, object]:
    """Every entry under ``root`` (not following links): what it is and, for a file, its
    content and mode; equal states mean nothing was written, removed or changed."""
    state: dict[str, object] = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder, name)
            status = path.lstat()
            if stat.S_ISLNK(status.st_mode):
                state[str(path)] = ("link", os.readlink(path))
            elif stat.S_ISREG(status.st_mode):
                state[str(path)] = ("file", status.st_mode, path.read_bytes())
            else:
                state[str(path)] = ("other", status.st_mode)
    return state


def without_dac_override(argv: list[str]) -> list[str]:
    """A command line that runs ``argv`` without the capabilities that let root read and
    write whatever the permission bits say (so a folder made unreadable is unreadable)."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs setpriv (util-linux) to test permissions")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *argv]


def run_cli_process(
    argv: list[str],
    *,
    drop_root: bool = False,
    env: dict[str, str] | None = None,
    clean: bool = False,
) -> Outcome:
    """Run the command line in a fresh process (as an unprivileged user would, if asked),
    with ``env`` added to this environment (or, ``clean``, with ``env`` and PATH alone)."""
    command = [sys.executable, "-m", "novacat_persistence.cli.main", *argv]
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")} if clean else dict(os.environ)
    done = subprocess.run(
        without_dac_override(command) if drop_root else command,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**base, **(env or {})},
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


# --- hostile input ---------------------------------------------------------------------------

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""Hypothesis settings of the hostile-input tests (each example builds files)."""

_GOOD_LINES = (CORPUS_DIR / "items/nova/1.0.0.jsonl").read_bytes()


@functools.cache
def _huge_line() -> bytes:
    """A gzip'd line longer than any item's (made once: 4 MiB of zeros squeeze to 4 KiB)."""
    return gzip.compress(b"0" * (MAX_LINE_BYTES + 1) + b"\n" + _GOOD_LINES, compresslevel=1)


def _gzip_then(damage: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    return lambda data: damage(gzip.compress(data))


EMPTY_CONTENT: st.SearchStrategy[bytes] = st.sampled_from(
    [b"", b"\n", b" \t\r\n\n", gzip.compress(b""), gzip.compress(b"\n\n")]
)
"""File contents with no item (an export of only such files is no pass)."""
BAD_CONTENT: st.SearchStrategy[bytes] = st.one_of(
    st.integers(10, len(gzip.compress(_GOOD_LINES)) - 9).map(  # truncated gzip
        lambda n: gzip.compress(_GOOD_LINES)[:n]
    ),
    st.binary(min_size=1, max_size=64).map(  # a corrupt deflate stream
        lambda noise: gzip.compress(_GOOD_LINES)[:10] + noise + b"\x00" * 8
    ),
    st.binary(min_size=1, max_size=256).filter(lambda b: b.strip() != b""),  # binary
    st.sampled_from([b'{"Item": {"PK": {"S": "\xff\xfe"}}}\n', b"\xc3\x28\n"]),  # not UTF-8
    st.builds(_huge_line),
)
"""File contents that are no export of readable items."""

NAMES = st.sampled_from(["data.json.gz", "part.json", "items.jsonl", "x.jsonl.gz"])
ODD_ENTRIES = ("fifo", "loop", "dangling", "folder")
"""Entries that are no regular file (see :func:`make_entry`)."""


def make_entry(path: Path, kind: str, content: bytes = b"") -> None:
    """Make ``path`` a ``file`` of ``content``, a ``fifo``, a symbolic link ``loop`` to
    itself, a ``dangling`` link, or an empty ``folder``."""
    if kind == "file":
        path.write_bytes(content)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere")
    else:
        path.mkdir()


@st.composite
def bad_trees(draw: st.DrawFn) -> Callable[[Path], None]:
    """A folder layout holding at least one entry that is no readable export: bad files,
    FIFOs, symbolic link loops, links to nothing, nested folders, maybe beside good files."""
    good = draw(st.booleans())
    contents = BAD_CONTENT if good else st.one_of(BAD_CONTENT, EMPTY_CONTENT)
    entries: list[tuple[str, str, bytes]] = []
    for n in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["file", "file", "fifo", "loop", "dangling", "nested"]))
        entries.append((kind, f"{n}-{draw(NAMES)}", draw(contents)))

    def build(root: Path) -> None:
        if good:
            (root / "good.jsonl").write_bytes(_GOOD_LINES)
        for kind, name, content in entries:
            if kind != "nested":
                make_entry(root / name, kind, content)
                continue
            if not (root / "sub").exists():
                (root / "sub").mkdir()
                (root / "sub" / "back").symlink_to(root, target_is_directory=True)
            (root / "sub" / name).write_bytes(content)

    return build


@st.composite
def bad_paths(draw: st.DrawFn) -> Callable[[Path], Path]:
    """A PATH argument that is no readable file or folder."""
    kind = draw(st.sampled_from(["absent", "fifo", "loop", "dangling", "under-a-file"]))

    def make(root: Path) -> Path:
        path = root / "given.json"
        if kind == "under-a-file":
            path.write_bytes(_GOOD_LINES)
            return path / "inside.json"
        if kind != "absent":
            make_entry(path, kind)
        return path

    return make
