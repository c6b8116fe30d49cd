"""Copies of this kit for tests that need another checkout, or a non-editable install of it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from novacat_persistence.checkout import checkout_at

SOURCE = Path(__file__).resolve().parents[1]
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
    """A copy of this kit's working tree at ``target`` (not a repository)."""
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


def installed_copy(checkout: Path, site: Path) -> Path:
    """What `pip install .` (not editable) of ``checkout`` puts in ``site`` (site-packages):
    every package under its dotted name, as package-dir maps it. Returns ``site``."""
    for name, folder in checkout_at(checkout).package_dirs.items():
        shutil.copytree(
            folder,
            site.joinpath(*name.split(".")),
            ignore=shutil.ignore_patterns("__pycache__"),
            dirs_exist_ok=True,
        )
    return site
