"""A private copy of the committed corpus, for tests that tamper with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from novacat_persistence.corpus import CORPUS_DIR


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root
