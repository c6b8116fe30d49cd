"""The gate, on temporary git repositories built from this repository's own contracts: it
passes an unchanged tree and refuses each kind of incompatible change."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence import gate
from novacat_persistence.cli.main import main
from novacat_persistence.contracts import snapshots
from novacat_persistence.contracts.versions import ENTITIES, EntitySpec
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.gate import CHECKS, Status, run_gate
from novacat_persistence.gate.bumps import comparable, declared_bump, judge_bump
from novacat_persistence.gate.checks import (
    Context,
    api_compatible,
    conformance,
    corpus_reads,
    published_snapshots,
    version_bumps,
)
from novacat_persistence.gate.checks.api import IFC_030_SURFACE
from novacat_persistence.gate.checks.version_bumps import missing_upcasters
from novacat_persistence.gate.git import GitError, resolve_base

ROOT = Path(snapshots.SCHEMAS_DIR).parent.parent
WITHOUT_CONFORMANCE = tuple(check for check in CHECKS if check is not conformance)
DATA_PRODUCT = ENTITIES["DataProduct"]
INTERFACE = '''"""A stand-in for IFC-030, in the shape of contracts/interface.py."""

from typing import Final, Protocol
from uuid import UUID

IFC_030_VERSION: Final = "1.0.0"


class PersistenceWrapper(Protocol):
    def get_nova(self, nova_id: UUID) -> object: ...

    def audit_pointers(self, *, nova_id: UUID | None = None, bucket: str) -> object: ...


__all__ = ["IFC_030_VERSION", "PersistenceWrapper"]
'''


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


def snapshot(version: str) -> dict[str, Any]:
    return snapshots.generate(DATA_PRODUCT.version(version))


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(snapshots.render(document), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose base commit holds this tree's snapshots (DataProduct at 1.0.0 only),
    corpus and IFC-030 modules."""
    root = tmp_path / "repo"
    shutil.copytree(snapshots.SCHEMAS_DIR, root / "contracts" / "schemas")
    (root / "contracts" / "schemas" / "data_product" / "2.0.0.json").unlink()
    shutil.copytree(
        CORPUS_DIR, root / "corpus", ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    for module in IFC_030_SURFACE:
        shutil.copy(ROOT / module, root / module)
    (root / "contracts/interface.py").write_text(INTERFACE)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def context(repo: Path) -> Context:
    return Context(repo, resolve_base(repo, "HEAD"))


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


# --- (a) published snapshots ------------------------------------------------------------------


def test_an_unchanged_tree_passes_the_file_checks(repo: Path) -> None:
    report = run_gate(repo, "HEAD", checks=WITHOUT_CONFORMANCE)
    statuses = {check.id: check.status for check in report.checks}
    assert statuses == {
        "snapshots": Status.PASSED,
        "version-bumps": Status.PASSED,
        "corpus": Status.PASSED,
        "ifc-030-api": Status.PASSED,
    }
    corpus = next(c for c in report.checks if c.id == "corpus")
    assert any("not run: the installed" in note for note in corpus.notes)


def test_a_changed_or_removed_published_snapshot_fails(repo: Path) -> None:
    nova = repo / "contracts/schemas/nova/1.0.0.json"
    nova.write_text(nova.read_text().replace('"maxLength": 2048', '"maxLength": 1024'))
    (repo / "contracts/schemas/attempt/1.0.0.json").unlink()
    result = published_snapshots(context(repo))
    assert result.status is Status.FAILED
    changed, removed = sorted(result.findings)
    assert changed.startswith("contracts/schemas/attempt/1.0.0.json: published snapshot removed")
    assert removed.startswith("contracts/schemas/nova/1.0.0.json: published snapshot changed")
    assert '-      "maxLength": 2048' in removed


# --- (b) version bumps: this repository's own DataProduct change ------------------------------


def test_the_data_product_change_under_a_minor_bump_is_refused(repo: Path) -> None:
    write_json(repo / "contracts/schemas/data_product/1.1.0.json", snapshot("2.0.0"))
    result = version_bumps(context(repo))
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert finding.startswith("data_product 1.0.0 -> 1.1.0: declared MINOR, the change needs MAJOR")
    assert "property-removed oneOf.1.properties.sha256" in finding


def test_the_data_product_change_under_a_major_bump_passes(repo: Path) -> None:
    write_json(repo / "contracts/schemas/data_product/2.0.0.json", snapshot("2.0.0"))
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
    assert list(missing_upcasters(ENTITIES.values())) == []
    old, new = DATA_PRODUCT.versions
    without = EntitySpec("DataProduct", "data_product", (replace(old, upcast=None), new))
    assert list(missing_upcasters([without])) == [
        "DataProduct 1.0.0 has no upcaster to 2.0.0: its stored items could not be read"
    ]


# --- (c) corpus -------------------------------------------------------------------------------


def test_published_corpus_items_never_change(repo: Path) -> None:
    items = repo / "corpus/items/nova/1.0.0.jsonl"
    items.write_text(items.read_text().replace("V1500 Cyg", "V1500 Cygni"))
    (repo / "corpus/items/attempt/1.0.0.jsonl").unlink()
    result = corpus_reads(context(repo))
    assert result.status is Status.FAILED
    removed, changed = result.findings
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


def edit_interface(repo: Path, *edits: Edit) -> None:
    path = repo / "contracts/interface.py"
    text = path.read_text()
    for edit in edits:
        changed = edit(text)
        assert changed != text
        text = changed
    path.write_text(text)


def drop_parameter(text: str) -> str:
    return text.replace("*, nova_id: UUID | None = None, bucket: str", "*, bucket: str")


def major_2(text: str) -> str:
    return text.replace('IFC_030_VERSION: Final = "1.0.0"', 'IFC_030_VERSION: Final = "2.0.0"')


def test_a_removed_parameter_without_a_major_bump_fails(repo: Path) -> None:
    edit_interface(repo, drop_parameter)
    result = api_compatible(context(repo))
    assert result.status is Status.FAILED
    assert result.findings[0] == (
        "contracts/interface.py: interface.PersistenceWrapper.audit_pointers(nova_id): "
        "Parameter was removed"
    )
    assert "MAJOR unchanged (1)" in result.findings[-1]


def test_a_removed_parameter_with_a_major_bump_passes_with_notes(repo: Path) -> None:
    edit_interface(repo, drop_parameter, major_2)
    result = api_compatible(context(repo))
    assert result.status is Status.PASSED
    assert any("IFC-030 MAJOR 1 -> 2" in note for note in result.notes)


def test_an_added_optional_parameter_is_compatible(repo: Path) -> None:
    edit_interface(
        repo,
        lambda text: text.replace("bucket: str)", "bucket: str, limit: int | None = None)"),
    )
    assert api_compatible(context(repo)).status is Status.PASSED


# --- (e) and the command line -----------------------------------------------------------------


def test_conformance_runs_the_verb_and_fails_unless_it_exits_0(repo: Path) -> None:
    passed = conformance(context(repo), ("schemas", "check"))
    assert passed.status is Status.PASSED
    failed = conformance(context(repo), ("schemas", "diff", "absent.json", "absent.json"))
    assert failed.status is Status.FAILED
    assert failed.findings[0] == "novacat-persistence schemas diff absent.json absent.json: exit 2"


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
    git(repo, "add", "extra.txt")
    git(repo, "commit", "-q", "-m", "on the branch")
    base = resolve_base(repo, None)
    assert (base.name, base.commit) == ("origin/main", head)
    with pytest.raises(GitError):
        resolve_base(repo, "v9")
