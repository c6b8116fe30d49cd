"""Fixtures shared across test folders: copies of this kit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .kit_copies import commit_all, copy_kit, git


@pytest.fixture(scope="session")
def kit_repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose one commit is a copy of this kit's working tree."""
    root = copy_kit(tmp_path_factory.mktemp("kit-template") / "repo")
    git(root, "init", "-q")
    commit_all(root, "base")
    return root


@pytest.fixture
def kit_repo(kit_repo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template repository: a checkout of the kit at its base commit."""
    return Path(shutil.copytree(kit_repo_template, tmp_path / "repo", symlinks=True))
