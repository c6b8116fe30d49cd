"""Snapshot and corpus verbs work on the checkout they run in (or --root's), with its code;
outside one they say which folders they use and never write into an installed copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from novacat_persistence.checkout import checkout_at
from novacat_persistence.cli.common import ExitCode
from novacat_persistence.cli.main import main

from .cli_runs import files_under, run_with_output_closed
from .kit_copies import copy_kit, installed_copy

NOVA_FIELD = "    nova_id: UUID\n"


@pytest.fixture(scope="module")
def kit_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_kit(tmp_path_factory.mktemp("kit") / "checkout")


@pytest.fixture
def other_checkout(kit_template: Path, tmp_path: Path) -> Path:
    """A checkout of the kit that is not the one this process imports."""
    copy = Path(shutil.copytree(kit_template, tmp_path / "checkout"))
    assert not checkout_at(copy).is_running()
    return copy


def break_nova_model(checkout: Path) -> None:
    model = checkout / "contracts/entities/nova.py"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace(NOVA_FIELD, f"{NOVA_FIELD}    constellation: str\n", 1))


def run_cli(*args: str, cwd: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The console script, importing the kit from ``site`` (a non-editable install) if given."""
    # Python's own bytecode cache is not the kit writing: keep it out of the comparison.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-P", "-m", "novacat_persistence.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


# --- inside a checkout: its folders, its code -------------------------------------------------


def test_schemas_export_in_a_checkout_writes_its_folder_with_its_models(
    other_checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = other_checkout / "contracts/schemas/attempt/1.0.0.json"
    published = missing.read_bytes()
    missing.unlink()
    monkeypatch.chdir(other_checkout / "contracts")
    assert main(["schemas", "export"]) == 0
    assert missing.read_bytes() == published


def test_schemas_check_judges_the_checkout_s_models_not_the_running_ones(
    other_checkout: Path, tmp_path: Path
) -> None:
    assert run_cli("schemas", "check", cwd=other_checkout).returncode == 0
    break_nova_model(other_checkout)
    # This process's models still generate the checkout's snapshots: only the checkout's
    # own models show the drift.
    done = run_cli("schemas", "check", "--root", str(other_checkout), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "nova/1.0.0.json: the model no longer generates its published snapshot" in done.stdout


def test_corpus_verify_in_a_checkout_reads_its_corpus_with_its_code(
    other_checkout: Path,
) -> None:
    break_nova_model(other_checkout)
    done = run_cli("corpus", "verify", cwd=other_checkout / "corpus")
    assert done.returncode == 1
    assert "items/nova/1.0.0.jsonl:1: invalid-item" in done.stdout


def test_a_run_on_another_checkout_s_code_passes_on_a_closed_output(other_checkout: Path) -> None:
    """The child that runs the checkout's code finds the reader gone: so does the caller."""
    done = run_with_output_closed("schemas", "check", cwd=other_checkout)
    assert (done.returncode, done.stderr) == (ExitCode.PIPE_CLOSED, "")


def test_root_must_name_a_checkout(tmp_path: Path) -> None:
    done = run_cli("schemas", "check", "--root", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"--root {tmp_path}: no checkout of novacat-persistence at or above it" in done.stderr


def test_root_and_an_explicit_folder_exclude_each_other(tmp_path: Path) -> None:
    done = run_cli("schemas", "check", "--root", ".", "--dir", ".", cwd=tmp_path)
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


@pytest.mark.parametrize(
    "verb",
    [
        ("schemas", "check", "--dir"),
        ("schemas", "export", "--dir"),
        ("corpus", "verify", "--corpus"),
    ],
)
def test_a_folder_option_naming_no_folder_is_exit_2_and_creates_nothing(
    tmp_path: Path, verb: tuple[str, str, str]
) -> None:
    mistyped = tmp_path / "no" / "such"
    done = run_cli(*verb, str(mistyped), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"no such folder: {mistyped}" in done.stderr
    assert not (tmp_path / "no").exists()


# --- outside a checkout: the installed copy's folders, read-only ------------------------------


@pytest.fixture
def site(kit_template: Path, tmp_path: Path) -> Path:
    """A non-editable install of the kit (site-packages layout)."""
    return installed_copy(kit_template, tmp_path / "site-packages")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside any checkout."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_outside_a_checkout_the_installed_folders_are_read_and_named(
    site: Path, elsewhere: Path
) -> None:
    schemas = site / "novacat_persistence/contracts/schemas"
    done = run_cli("schemas", "check", cwd=elsewhere, site=site)
    assert done.returncode == 0, done.stderr
    assert f"using the installed snapshot folder {schemas}" in done.stderr
    done = run_cli("corpus", "verify", cwd=elsewhere, site=site)
    assert done.returncode == 0, done.stderr
    assert f"using the installed corpus {site / 'novacat_persistence/corpus'}" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["schemas", "export"],
        ["schemas", "export", "--force"],
        ["corpus", "verify", "--update-goldens"],
        ["corpus", "add", "--entity", "Nova", "--version", "1.0.0", "--workflow", "w", "x"],
        ["schemas", "export", "--dir", "{site}/novacat_persistence/contracts/schemas/nova"],
        ["corpus", "verify", "--update-goldens", "--corpus", "{site}/novacat_persistence/corpus"],
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_nothing_is_ever_written_into_an_installed_copy(
    site: Path, elsewhere: Path, args: list[str]
) -> None:
    # Before: `schemas export` outside a checkout wrote into site-packages.
    (site / "novacat_persistence/contracts/schemas/attempt/1.0.0.json").unlink()
    before = files_under(site)
    try:
        done = run_cli(*(a.format(site=site) for a in args), cwd=elsewhere, site=site)
    finally:
        after = files_under(site)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "refusing to write into the installed copy of novacat-persistence" in done.stderr
    assert after == before
