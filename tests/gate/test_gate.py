"""The gate, on temporary git repositories holding a copy of this kit: it passes an unchanged
tree and refuses each kind of incompatible change, judging the working tree's own code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence import gate
from novacat_persistence.checkout import checkout_at
from novacat_persistence.cli.main import main
from novacat_persistence.contracts import snapshots
from novacat_persistence.contracts.interface import IFC_030_VERSION
from novacat_persistence.contracts.snapshots import comparable
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus_tools.store import Corpus
from novacat_persistence.gate import CHECKS, Status, run_gate, tree_probe
from novacat_persistence.gate.bumps import declared_bump, judge_bump
from novacat_persistence.gate.checks import (
    Context,
    api_compatible,
    conformance,
    corpus_reads,
    published_snapshots,
    version_bumps,
)
from novacat_persistence.gate.checks.version_bumps import missing_upcasters
from novacat_persistence.gate.git import GitError, resolve_base
from novacat_persistence.gate.working_tree import EntityVersions

from ..kit_copies import SOURCE, commit_all, git, installed_copy

WITHOUT_CONFORMANCE = tuple(check for check in CHECKS if check is not conformance)
DATA_PRODUCT = ENTITIES["DataProduct"]
NOVA_MODEL = "contracts/entities/nova.py"
NOVA_FIELD = "    nova_id: UUID\n"


def snapshot(version: str) -> dict[str, Any]:
    return snapshots.generate(DATA_PRODUCT.version(version))


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(snapshots.render(document), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_required_nova_field(repo: Path) -> None:
    """Nova 1.0.0 gains a required field, with no version bump: a breaking change."""
    edit(repo / NOVA_MODEL, NOVA_FIELD, f"{NOVA_FIELD}    constellation: str\n")


def context(repo: Path) -> Context:
    return Context(checkout_at(repo), resolve_base(repo, "HEAD"))


@pytest.fixture
def repo(kit_repo: Path) -> Path:
    # The tests judge a copy of the kit that is not the copy they import.
    assert not checkout_at(kit_repo).is_running()
    return kit_repo


# --- judging snapshot pairs -------------------------------------------------------------------


def test_data_product_renames_need_a_major_bump() -> None:
    verdict = judge_bump("data_product", "1.0.0", snapshot("1.0.0"), "1.1.0", snapshot("2.0.0"))
    assert (verdict.declared, verdict.required, verdict.ok) == ("minor", "major", False)
    assert any("attempt_count" in change for change in verdict.breaking)
    assert judge_bump("data_product", "1.0.0", snapshot("1.0.0"), "2.0.0", snapshot("2.0.0")).ok


def test_the_version_number_itself_is_not_a_shape_change() -> None:
    old = snapshot("1.0.0")
    new = json.loads(json.dumps(old).replace("^1(\\\\.0(\\\\.0)?)?$", "^1\\\\.0\\\\.1$"))
    assert new != old and comparable(new) == comparable(old)
    verdict = judge_bump("data_product", "1.0.0", old, "1.0.1", new)
    assert (verdict.required, verdict.ok) == ("none", True)


def test_an_added_optional_field_needs_minor_and_a_patch_bump_is_refused() -> None:
    old = snapshots.generate(ENTITIES["Nova"].current)
    new = json.loads(json.dumps(old))
    new["properties"]["constellation"] = {"type": "string"}
    assert judge_bump("nova", "1.0.0", old, "1.1.0", new).ok
    patch = judge_bump("nova", "1.0.0", old, "1.0.1", new)
    assert (patch.declared, patch.required, patch.ok) == ("patch", "minor", False)
    # An old reader refuses the new field: breaking forward, so a forward promise needs MAJOR.
    assert judge_bump("nova", "1.0.0", old, "1.1.0", new, direction="forward").required == "major"


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [("1.0.0", "2.0.0", "major"), ("1.2.3", "1.3.0", "minor"), ("1.2.3", "1.2.4", "patch")],
)
def test_declared_bump(old: str, new: str, bump: str) -> None:
    assert declared_bump(old, new) == bump


# --- the working tree's own code is judged (issue 13, defect 1) -------------------------------


def test_an_unchanged_tree_passes_every_check(repo: Path) -> None:
    report = run_gate(repo, "HEAD", checks=WITHOUT_CONFORMANCE)
    statuses = {check.id: check.status for check in report.checks}
    assert statuses == {
        "snapshots": Status.PASSED,
        "version-bumps": Status.PASSED,
        "corpus": Status.PASSED,
        "ifc-030-api": Status.PASSED,
    }
    corpus = next(c for c in report.checks if c.id == "corpus")
    listed = sum(f.count for f in Corpus.load(repo / "corpus").files)
    assert corpus.summary.startswith(f"{listed} items in ")  # read by the tree's code


def test_a_required_field_without_a_bump_fails_though_another_copy_is_installed(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kit imported here is not `repo`: before the fix, the model checks printed "not run
    # ... install it editable" under PASSED headings and the gate passed (exit 0).
    monkeypatch.setattr(gate, "CHECKS", WITHOUT_CONFORMANCE)
    add_required_nova_field(repo)
    assert main(["gate", "--repo", str(repo), "--against", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "FAILED   snapshots" in out and "FAILED   corpus" in out
    assert "nova/1.0.0.json: the model no longer generates its published snapshot" in out
    assert "not run" not in out


def test_a_non_editable_install_judges_the_working_tree_not_itself(
    repo: Path, tmp_path: Path
) -> None:
    site = installed_copy(repo, tmp_path / "site-packages")  # installed before the change
    add_required_nova_field(repo)
    judge = (
        "import sys, novacat_persistence as kit\n"
        "from novacat_persistence.gate import CHECKS, run_gate\n"
        "from novacat_persistence.gate.checks import conformance\n"
        "print(kit.__file__)\n"
        "checks = [check for check in CHECKS if check is not conformance]\n"
        "report = run_gate(sys.argv[1], 'HEAD', checks=checks)\n"
        "print(report.to_text())\n"
    )
    done = subprocess.run(
        [sys.executable, "-P", "-c", judge, str(repo)],
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    imported, *report = done.stdout.splitlines()
    assert imported == str(site / "novacat_persistence" / "__init__.py")
    assert any(line.startswith("  FAILED   snapshots ") for line in report)
    assert report[-1].startswith("gate FAILED")


def test_a_tree_whose_code_does_not_import_fails_the_model_checks(repo: Path) -> None:
    edit(repo / NOVA_MODEL, NOVA_FIELD, "    nova_id: UUID = (\n")
    report = run_gate(repo, "HEAD", checks=WITHOUT_CONFORMANCE)
    statuses = {check.id: check.status for check in report.checks}
    assert statuses["snapshots"] is Status.FAILED
    assert statuses["version-bumps"] is Status.FAILED
    assert statuses["corpus"] is Status.FAILED
    snapshots_result = report.checks[0]
    assert snapshots_result.findings[-1].startswith(
        "not run on the working tree's code (drifts): SyntaxError"
    )


def test_a_module_the_tree_lacks_is_not_borrowed_from_the_installed_copy(repo: Path) -> None:
    # The installed copy has corpus_tools/verify.py; the tree's corpus check must not use it.
    (repo / "src/novacat_persistence/corpus_tools/verify.py").unlink()
    result = corpus_reads(context(repo))
    assert result.status is Status.FAILED
    assert result.findings[-1] == (
        "not run on the working tree's code (corpus): ModuleNotFoundError: No module named "
        "'novacat_persistence.corpus_tools.verify' in the checkout"
    )


def test_a_repository_that_is_not_a_checkout_of_the_kit_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "something-else"\n')
    git(other, "init", "-q")
    commit_all(other, "base")
    assert main(["gate", "--repo", str(other), "--against", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not a checkout of novacat-persistence: its pyproject.toml names" in err


# --- (a) published snapshots ------------------------------------------------------------------


def test_a_changed_or_removed_published_snapshot_fails(repo: Path) -> None:
    nova = repo / "contracts/schemas/nova/1.0.0.json"
    edit(nova, '"maxLength": 2048', '"maxLength": 1024')
    (repo / "contracts/schemas/attempt/1.0.0.json").unlink()
    result = published_snapshots(context(repo))
    assert result.status is Status.FAILED
    removed, changed = result.findings[:2]
    assert removed.startswith("contracts/schemas/attempt/1.0.0.json: published snapshot removed")
    assert changed.startswith("contracts/schemas/nova/1.0.0.json: published snapshot changed")
    assert '-      "maxLength": 2048' in changed
    # The tree's models say the same: one snapshot missing, one changed.
    assert any(
        f.endswith("attempt/1.0.0.json: no snapshot; run `novacat-persistence schemas export`")
        for f in result.findings
    )


def test_line_endings_a_checkout_converts_are_no_change_and_a_lost_newline_is_said(
    repo: Path,
) -> None:
    """A snapshot checked out with CRLF line endings (Git converting them) is the same text,
    as `schemas check` reads it: the gate passes it. A published snapshot whose final newline
    went is a change, and the finding says what differs (the line diff shows nothing)."""
    nova = repo / "contracts/schemas/nova/1.0.0.json"
    nova.write_bytes(nova.read_bytes().replace(b"\n", b"\r\n"))
    assert published_snapshots(context(repo)).status is Status.PASSED
    nova.write_bytes(nova.read_bytes().replace(b"\r\n", b"\n").rstrip(b"\n"))
    result = published_snapshots(context(repo))
    assert result.status is Status.FAILED
    (changed,) = [f for f in result.findings if "nova/1.0.0.json: published" in f]
    assert changed.endswith("(line by line the same text: a final newline or a lone CR differs)")


# --- (b) version bumps: this repository's own DataProduct change ------------------------------


def test_the_data_product_change_under_a_minor_bump_is_refused(repo: Path) -> None:
    write_json(repo / "contracts/schemas/data_product/1.1.0.json", snapshot("2.0.0"))
    result = version_bumps(context(repo))
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert finding.startswith("data_product 1.0.0 -> 1.1.0: declared MINOR, the change needs MAJOR")
    assert "property-removed oneOf.1.properties.sha256" in finding


def test_the_data_product_change_under_a_major_bump_passes(repo: Path) -> None:
    two = repo / "contracts/schemas/data_product/2.0.0.json"
    published = two.read_bytes()
    two.unlink()
    commit_all(repo, "a base before DataProduct 2.0.0")
    two.write_bytes(published)
    result = version_bumps(context(repo))
    assert result.status is Status.PASSED, result.findings
    assert any(n.startswith("data_product 1.0.0 -> 2.0.0: declared MAJOR") for n in result.notes)


def test_a_new_version_is_judged_against_the_published_previous_one(repo: Path) -> None:
    # 1.1.0 (additive, fine) then 1.2.0 (breaking against 1.1.0): refused.
    nova = json.loads((repo / "contracts/schemas/nova/1.0.0.json").read_text())
    added = json.loads(json.dumps(nova))
    added["properties"]["constellation"] = {"type": "string"}
    write_json(repo / "contracts/schemas/nova/1.1.0.json", added)
    removed = json.loads(json.dumps(added))
    del removed["properties"]["aliases"]
    write_json(repo / "contracts/schemas/nova/1.2.0.json", removed)
    result = version_bumps(context(repo))
    assert [f.splitlines()[0] for f in result.findings] == [
        "nova 1.1.0 -> 1.2.0: declared MINOR, the change needs MAJOR"
    ]


def test_a_major_version_needs_an_upcaster_from_the_previous_one() -> None:
    with_upcaster = EntityVersions("DataProduct", ("1.0.0", "2.0.0"), (True, False))
    assert list(missing_upcasters([with_upcaster])) == []
    without = EntityVersions("DataProduct", ("1.0.0", "2.0.0"), (False, False))
    assert list(missing_upcasters([without])) == [
        "DataProduct 1.0.0 has no upcaster to 2.0.0: its stored items could not be read"
    ]


def test_the_working_tree_s_missing_upcaster_fails(repo: Path) -> None:
    edit(
        repo / "contracts/versions.py",
        '"1.0.0", DataProductV1, _DATA_PRODUCT_V1_TO_V2)',
        '"1.0.0", DataProductV1, None)',
    )
    findings = version_bumps(context(repo)).findings
    assert "DataProduct 1.0.0 has no upcaster to 2.0.0: its stored items could not be read" in (
        findings
    )


# --- (c) corpus -------------------------------------------------------------------------------


def test_published_corpus_items_never_change(repo: Path) -> None:
    items = repo / "corpus/items/nova/1.0.0.jsonl"
    edit(items, "V1500 Cyg", "V1500 Cygni")
    (repo / "corpus/items/attempt/1.0.0.jsonl").unlink()
    result = corpus_reads(context(repo))
    assert result.status is Status.FAILED
    removed, changed = result.findings[:2]
    assert removed.startswith("corpus/items/attempt/1.0.0.jsonl: published corpus file removed")
    assert changed.startswith("corpus/items/nova/1.0.0.jsonl: published corpus file changed")


def test_a_snapshot_without_corpus_items_fails(repo: Path) -> None:
    manifest = repo / "corpus/manifest.json"
    document = json.loads(manifest.read_text())
    document["files"] = [f for f in document["files"] if f["era"] != "initiated-at"]
    manifest.write_text(json.dumps(document))
    findings = corpus_reads(context(repo)).findings
    assert any(f.startswith("no corpus items of job_run/1.0.0+initiated-at") for f in findings)


# --- (d) IFC-030 API --------------------------------------------------------------------------

Edit = Callable[[str], str]
AUDIT = "def audit_pointers(self, *, nova_id: UUID | None = None)"


def edit_interface(repo: Path, *edits: Edit) -> None:
    path = repo / "contracts/interface.py"
    text = path.read_text()
    for change in edits:
        changed = change(text)
        assert changed != text
        text = changed
    path.write_text(text)


def drop_parameter(text: str) -> str:
    return text.replace(AUDIT, "def audit_pointers(self)")


CURRENT_MAJOR = int(IFC_030_VERSION.split(".")[0])


def next_major(text: str) -> str:
    """The interface with IFC_030_VERSION bumped to the next major version."""
    stamp = f'IFC_030_VERSION: Final = "{IFC_030_VERSION}"'
    assert stamp in text
    return text.replace(stamp, f'IFC_030_VERSION: Final = "{CURRENT_MAJOR + 1}.0.0"')


def test_a_removed_parameter_without_a_major_bump_fails(repo: Path) -> None:
    edit_interface(repo, drop_parameter)
    result = api_compatible(context(repo))
    assert result.status is Status.FAILED
    assert result.findings[0] == (
        "contracts/interface.py: interface.PersistenceWrapper.audit_pointers(nova_id): "
        "Parameter was removed"
    )
    assert f"MAJOR unchanged ({CURRENT_MAJOR})" in result.findings[-1]


def test_a_removed_parameter_with_a_major_bump_passes_with_notes(repo: Path) -> None:
    edit_interface(repo, drop_parameter, next_major)
    result = api_compatible(context(repo))
    assert result.status is Status.PASSED
    bump = f"IFC-030 MAJOR {CURRENT_MAJOR} -> {CURRENT_MAJOR + 1}"
    assert any(bump in note for note in result.notes)


def test_an_added_optional_parameter_is_compatible(repo: Path) -> None:
    edit_interface(
        repo, lambda text: text.replace(AUDIT, f"{AUDIT[:-1]}, limit: int | None = None)")
    )
    assert api_compatible(context(repo)).status is Status.PASSED


# --- (e) and the command line -----------------------------------------------------------------


def test_conformance_runs_the_working_tree_s_verb_and_fails_unless_it_exits_0(
    repo: Path,
) -> None:
    passed = conformance(context(repo), ("schemas", "check"))
    assert passed.status is Status.PASSED
    total = len(snapshots.published())
    assert f"schemas check: {total} snapshots match their models" in passed.notes
    failed = conformance(context(repo), ("schemas", "diff", "absent.json", "absent.json"))
    assert failed.status is Status.FAILED
    assert failed.findings[0] == "novacat-persistence schemas diff absent.json absent.json: exit 2"
    # The verb that runs is the working tree's: a tree whose snapshot drifted fails it.
    add_required_nova_field(repo)
    assert conformance(context(repo), ("schemas", "check")).status is Status.FAILED


def test_the_command_writes_text_and_json_and_exits_by_outcome(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The conformance run (minutes, tested above) is left out of this command-line test.
    monkeypatch.setattr(gate, "CHECKS", WITHOUT_CONFORMANCE)
    write_json(repo / "contracts/schemas/data_product/1.1.0.json", snapshot("2.0.0"))
    report = tmp_path / "gate.json"
    args = ["gate", "--repo", str(repo), "--against", "HEAD", "--json", str(report)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "FAILED   version-bumps" in out and "gate FAILED" in out
    document = json.loads(report.read_text())
    assert document["format"] == "novacat-gate/2" and document["ok"] is False
    bumps = next(c for c in document["checks"] if c["id"] == "version-bumps")
    assert bumps["status"] == "FAILED"


def test_usage_errors_exit_2(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gate", "--repo", str(repo), "--against", "no-such-branch"]) == 2
    assert "'no-such-branch' names no commit" in capsys.readouterr().err
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    assert main(["gate", "--repo", str(outside)]) == 2


def test_the_default_base_is_the_fork_point_from_origin_main_else_head(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    assert resolve_base(repo, None).commit == head
    git(repo, "update-ref", "refs/remotes/origin/main", head)
    (repo / "extra.txt").write_text("x")
    commit_all(repo, "on the branch")
    base = resolve_base(repo, None)
    assert (base.name, base.commit) == ("origin/main", head)
    with pytest.raises(GitError):
        resolve_base(repo, "v9")


def test_the_copied_kit_is_this_checkout() -> None:
    assert checkout_at(SOURCE).root == SOURCE


def test_the_probe_refuses_to_answer_from_another_copy_of_the_kit(
    repo: Path, tmp_path: Path
) -> None:
    # Run in this process, whose kit is not `repo`'s: every part is an error, never an answer.
    output = tmp_path / "probe.json"
    schemas, corpus = repo / "contracts/schemas", repo / "corpus"
    assert tree_probe.main([str(schemas), str(corpus), str(output)]) == 0
    answer = json.loads(output.read_text())
    for part in ("drifts", "entities", "corpus"):
        assert answer[part]["error"].startswith(
            "ImportError: novacat_persistence.contracts came from "
        ), answer[part]
