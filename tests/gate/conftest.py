"""Temporary git repositories holding a copy of this kit's working tree, for the gate."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2]
"""The checkout these tests run from (its files are copied, never changed)."""
KIT_FILES = ("pyproject.toml", "README.md")
KIT_FOLDERS = ("src", "contracts", "corpus", "reference_impl", "suites", "fake")
"""What a checkout of the kit needs to be built and judged (tests and benchmarks aside)."""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=gate",
            "-c",
            "user.email=gate@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def copy_kit(target: Path) -> Path:
    """A copy of this kit's working tree at ``target`` (not a repository yet)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".*")
    for folder in KIT_FOLDERS:
        shutil.copytree(SOURCE / folder, target / folder, ignore=ignore)
    for name in KIT_FILES:
        shutil.copy(SOURCE / name, target / name)
    return target


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def kit_repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose one commit is a copy of this kit's working tree."""
    root = copy_kit(tmp_path_factory.mktemp("kit-template") / "repo")
    git(root, "init", "-q")
    commit_all(root, "base")
    return root


@pytest.fixture
def kit_repo(kit_repo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template repository: a checkout of the kit at its base commit."""
    return Path(shutil.copytree(kit_repo_template, tmp_path / "repo", symlinks=True))
