"""The little git the gate needs: the repository, the base commit, and files as they were there.

Read-only: ``rev-parse``, ``merge-base``, ``ls-tree`` and ``show``; the working tree is never
touched.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Final

DEFAULT_UPSTREAM: Final = "origin/main"
"""The branch whose fork point is the default base, when the repository has it."""


class GitError(Exception):
    """git is missing, the path is not in a repository, or a ref does not resolve."""


class _GitFailed(GitError):
    """git ran and refused; ``reason`` is what it said."""

    def __init__(self, command: str, reason: str) -> None:
        super().__init__(f"{command}: {reason}")
        self.reason = reason


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=120
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:  # ValueError: a NUL
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
        raise _GitFailed(f"git {' '.join(args)}", message)
    return done.stdout


def repo_root(path: Path) -> Path:
    """The top of the working tree that holds ``path``; GitError saying what to do when
    ``path`` is in none (or git cannot run)."""
    try:
        top = _git(path, "rev-parse", "--show-toplevel")
    except _GitFailed as exc:
        reason = exc.reason.removeprefix("fatal: ")
        raise GitError(
            f"{path} is in no git working tree ({reason}): run the gate in a checkout of "
            "novacat-persistence, or name one with --repo DIR"
        ) from None
    return Path(top.decode().strip())


@dataclass(frozen=True)
class Base:
    """The commit the working tree is compared with."""

    name: str
    """As asked (or chosen by default), e.g. ``origin/main`` or ``HEAD``."""
    commit: str
    """The full commit id."""
    how: str
    """Why this commit: how the name was resolved."""


def resolve_base(repo: Path, ref: str | None) -> Base:
    """The base commit: ``ref`` when given; else the fork point of HEAD from ``origin/main``
    when the repository has that branch, else HEAD."""
    if ref is not None:
        return Base(ref, _commit(repo, ref), "as given")
    try:
        upstream = _commit(repo, DEFAULT_UPSTREAM)
    except GitError:
        return Base("HEAD", _commit(repo, "HEAD"), f"no {DEFAULT_UPSTREAM}: the last commit")
    try:
        fork = _git(repo, "merge-base", "HEAD", upstream).decode().strip()
    except GitError:
        raise GitError(
            f"HEAD and {DEFAULT_UPSTREAM} have no common commit in the repository at {repo} "
            "(a shallow clone? fetch more history, or name the base with --against)"
        ) from None
    return Base(DEFAULT_UPSTREAM, fork, f"where HEAD forked from {DEFAULT_UPSTREAM}")


def _commit(repo: Path, ref: str) -> str:
    if not ref or ref.startswith("-") or "\0" in ref:
        raise GitError(f"{ref!r} is not a git ref")
    try:
        revision = f"{ref}^{{commit}}"
        found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", revision)
    except GitError:
        raise GitError(f"{ref!r} names no commit of the repository at {repo}") from None
    return found.decode().strip()


def files_at(repo: Path, commit: str, folder: str) -> list[str]:
    """The paths of the files under ``folder`` (repository-relative) at ``commit``."""
    listing = _git(repo, "ls-tree", "-r", "--name-only", "-z", commit, "--", folder)
    return sorted(name.decode() for name in listing.split(b"\0") if name)


def file_at(repo: Path, commit: str, path: str) -> bytes | None:
    """The content of a file at ``commit`` (a resolved commit), or None if it did not exist
    there."""
    try:
        return _git(repo, "show", f"{commit}:{path}")
    except GitError:
        return None
