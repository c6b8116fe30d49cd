"""What every check is given: the working tree (a checkout of this kit), the base commit, the
promised direction, and what the working tree's own code says about it."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final

from novacat_persistence.checkout import Checkout
from novacat_persistence.gate.git import Base, file_at, files_at
from novacat_persistence.gate.working_tree import TreeFacts, probe_tree, unprobed
from novacat_persistence.schemadiff import Direction

SCHEMAS: Final = "contracts/schemas"
"""The snapshot folder, relative to the repository."""
CORPUS: Final = "corpus"
"""The corpus folder, relative to the repository."""


@dataclass(frozen=True)
class Context:
    """The working tree, the base commit and the compatibility direction promised."""

    checkout: Checkout
    """The working tree: the root of its git repository is the checkout's root."""
    base: Base
    direction: Direction = "backward"

    @property
    def repo(self) -> Path:
        """The root of the working tree."""
        return self.checkout.root

    def at_base(self, path: str) -> bytes | None:
        """A file's content at the base commit, None if it did not exist."""
        return file_at(self.repo, self.base.commit, path)

    def files_at_base(self, folder: str) -> list[str]:
        """Repository-relative paths of the files under ``folder`` at the base commit."""
        return files_at(self.repo, self.base.commit, folder)

    def snapshot_paths(self) -> list[str]:
        """Repository-relative paths of the working tree's snapshots (versions and eras):
        regular files only (:meth:`special_files` names the others)."""
        root = self.repo / SCHEMAS
        if not root.is_dir():
            return []
        return sorted(
            p.relative_to(self.repo).as_posix() for p in root.rglob("*.json") if p.is_file()
        )

    @cached_property
    def special_files(self) -> tuple[str, ...]:
        """Entries of the snapshot and corpus folders that are neither regular files nor
        folders (FIFOs, devices, links to nothing or in a loop): reading one could block or
        never end, so the working tree's code is not run on them."""
        found = []
        for folder in (SCHEMAS, CORPUS):
            for parent, folders, files in os.walk(self.repo / folder):
                for name in (*folders, *files):
                    path = Path(parent, name)
                    if not (path.is_file() or path.is_dir()):
                        found.append(path.relative_to(self.repo).as_posix())
        return tuple(sorted(found))

    def unchanged_files(self, folder: str, kind: str) -> tuple[int, list[str]]:
        """Compare every file under ``folder`` at the base with the working tree: how many
        there were, and a finding for each one removed or changed."""
        findings = []
        published = [p for p in self.files_at_base(folder) if p.endswith((".json", ".jsonl"))]
        for path in published:
            old = self.at_base(path) or b""
            current = self.repo / path
            if not current.is_file():
                findings.append(
                    f"{path}: published {kind} removed (published {kind}s are immutable)"
                )
            elif _lines_of(new := current.read_bytes()) != _lines_of(old):
                findings.append(
                    f"{path}: published {kind} changed (published {kind}s are immutable; a "
                    f"shape change needs a new version)\n{_short_diff(old, new, path)}"
                )
        return len(published), findings

    @cached_property
    def tree(self) -> TreeFacts:
        """What the working tree's own code (not the installed copy's) says about its
        snapshots, versions and corpus: asked once, by the first check that needs it."""
        if self.special_files:
            listed = ", ".join(self.special_files[:3])
            return unprobed(f"not a regular file or folder: {listed}")
        return probe_tree(self.checkout, self.repo / SCHEMAS, self.repo / CORPUS)


def _lines_of(content: bytes) -> bytes:
    """A file's content with its line endings as a checkout may write them (CRLF where Git
    converts line endings) read as LF: the text compared, as the snapshot check reads it."""
    return content.replace(b"\r\n", b"\n")


def _short_diff(old: bytes, new: bytes, path: str) -> str:
    lines = list(
        difflib.unified_diff(
            old.decode(errors="replace").splitlines(),
            new.decode(errors="replace").splitlines(),
            f"{path} (base)",
            f"{path} (working tree)",
            lineterm="",
            n=1,
        )
    )
    if not lines:
        return "(line by line the same text: a final newline or a lone CR differs)"
    return "\n".join(lines[:12])
