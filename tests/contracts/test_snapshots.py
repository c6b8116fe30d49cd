"""Published JSON Schema snapshots: committed, immutable, and the ground truth of each version."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from novacat_persistence.cli.main import main
from novacat_persistence.contracts import snapshots
from novacat_persistence.contracts.codec.attribute_values import from_attribute_value
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus_tools import staging
from novacat_persistence.suites.harness.strategies import ENTITY_STRATEGIES


def test_committed_snapshots_match_the_models() -> None:
    assert snapshots.check() == []


def test_every_version_of_every_entity_has_a_snapshot() -> None:
    expected = {(s.snapshot_name, v.version) for s in ENTITIES.values() for v in s.versions}
    found = {(p.parent.name, p.stem) for p in snapshots.SCHEMAS_DIR.glob("*/*.json")}
    assert found == expected
    assert ("data_product", "1.0.0") in found and ("data_product", "2.0.0") in found


@pytest.fixture
def schemas_copy(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    shutil.copytree(snapshots.SCHEMAS_DIR, root)
    return root


def test_a_changed_published_snapshot_is_drift_with_a_diff(
    schemas_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = schemas_copy / "nova" / "1.0.0.json"
    schema = json.loads(path.read_text())
    schema["properties"]["primary_name"]["maxLength"] = 10
    path.write_text(snapshots.render(schema))
    drifts = snapshots.check(schemas_copy)
    assert [(d.path, d.kind) for d in drifts] == [(path, "changed")]
    assert '-      "maxLength": 10,' in drifts[0].diff
    assert main(["schemas", "check", "--dir", str(schemas_copy)]) == 1
    out = capsys.readouterr().out
    assert "published snapshots are immutable" in out and "maxLength" in out


def test_a_snapshot_edited_into_a_huge_line_or_file_gets_a_bounded_diff(
    schemas_copy: Path,
) -> None:
    """A committed snapshot may hold anything: its diff shows at most DIFF_LINES lines of at
    most DIFF_LINE_CHARS characters each, and says what it leaves out."""
    path = schemas_copy / "nova" / "1.0.0.json"
    huge = "x" * 5_000_000
    path.write_text(f'{{"description": "{huge}"}}\n' + "\n".join(map(str, range(1000))))
    (drift,) = snapshots.check(schemas_copy)
    lines = drift.diff.splitlines()
    assert len(lines) == snapshots.DIFF_LINES + 1
    assert lines[-1].endswith("more line(s) of the diff")
    assert int(lines[-1].split()[1].replace(",", "")) > 1000 - snapshots.DIFF_LINES
    assert max(map(len, lines)) < snapshots.DIFF_LINE_CHARS + 40
    (cut,) = [line for line in lines if "xxxx" in line]  # the committed line, "-" first
    whole = len('-{"description": ""}') + len(huge)
    assert cut.endswith(f"({whole - snapshots.DIFF_LINE_CHARS:,} more characters)")


def test_missing_and_orphan_snapshots_are_reported(schemas_copy: Path) -> None:
    (schemas_copy / "work_item" / "1.0.0.json").unlink()
    orphan = schemas_copy / "nova" / "0.9.0.json"
    orphan.write_text("{}")
    drifts = snapshots.check(schemas_copy)
    kinds = {(d.path.name, d.kind) for d in drifts}
    assert kinds == {("1.0.0.json", "missing"), ("0.9.0.json", "orphan")}
    (said,) = [d.describe() for d in drifts if d.kind == "orphan"]
    assert said.endswith("(a published version must stay readable: restore its model)")


def test_export_writes_missing_but_never_overwrites_a_published_snapshot(
    schemas_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = schemas_copy / "attempt" / "1.0.0.json"
    missing.unlink()
    changed = schemas_copy / "reference" / "1.0.0.json"
    changed.write_text(changed.read_text().replace('"title"', '"Title"', 1))
    assert main(["schemas", "export", "--dir", str(schemas_copy)]) == 1
    assert missing.exists()
    assert '"Title"' in changed.read_text()
    assert "needs a new version" in capsys.readouterr().err
    assert main(["schemas", "export", "--dir", str(schemas_copy), "--force"]) == 0
    assert snapshots.check(schemas_copy) == []


def test_an_export_that_fails_to_write_leaves_no_part_of_a_snapshot(
    schemas_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A disk that fills as a snapshot is written: exit 2 naming the cause, the snapshot still
    missing (never a truncated file the next check calls a changed shape), nothing staged
    left behind; the next export writes it."""
    missing = schemas_copy / "attempt" / "1.0.0.json"
    missing.unlink()

    def full_disk(_staged: object, _path: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(staging.os, "replace", full_disk)  # the rename that places it
        assert main(["schemas", "export", "--dir", str(schemas_copy)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert not missing.exists()
    assert [p.name for p in missing.parent.iterdir()] == []
    assert snapshots.check(schemas_copy)[0].kind == "missing"
    assert main(["schemas", "export", "--dir", str(schemas_copy)]) == 0
    assert snapshots.check(schemas_copy) == []


def test_a_forced_export_replaces_a_link_never_writing_through_it(
    schemas_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("kept")
    link = schemas_copy / "reference" / "1.0.0.json"
    link.unlink()
    link.symlink_to(outside)
    assert main(["schemas", "export", "--dir", str(schemas_copy), "--force"]) == 0
    assert outside.read_text() == "kept"
    assert not link.is_symlink() and snapshots.check(schemas_copy) == []


def plain(item: dict[str, dict[str, object]]) -> dict[str, object]:
    return {name: from_attribute_value(value) for name, value in item.items()}


@pytest.mark.parametrize("model", list(ENTITY_STRATEGIES), ids=lambda m: m.__name__)
def test_stored_items_validate_against_their_snapshot(model: type) -> None:
    version = next(v for s in ENTITIES.values() for v in s.versions if model in v.models)
    validator = jsonschema.Draft202012Validator(
        json.loads(snapshots.snapshot_path(version).read_text())
    )

    @settings(max_examples=25)
    @given(ENTITY_STRATEGIES[model])
    def valid(entity: object) -> None:
        validator.validate(plain(encode(entity)))  # type: ignore[arg-type]

    valid()


def test_a_closed_snapshot_refuses_renamed_attributes() -> None:
    v2 = json.loads(snapshots.snapshot_path(ENTITIES["DataProduct"].version("2.0.0")).read_text())
    v1 = json.loads(snapshots.snapshot_path(ENTITIES["DataProduct"].version("1.0.0")).read_text())
    assert "attempt_count_total" in v2["$defs"]["SpectraProduct"]["properties"]
    assert "attempt_count" in v1["$defs"]["SpectraProductV1"]["properties"]
    assert v2["$defs"]["SpectraProduct"]["additionalProperties"] is False


def test_snapshots_use_only_standard_json_schema_keywords() -> None:
    pydantic_only = {"ge", "le", "gt", "lt", "max_digits", "decimal_places", "allow_inf_nan"}

    def walk(node: object) -> set[str]:
        if isinstance(node, dict):
            found = pydantic_only & set(node)
            for value in node.values():
                found |= walk(value)
            return found
        if isinstance(node, list):
            return set().union(*(walk(v) for v in node)) if node else set()
        return set()

    for path in snapshots.SCHEMAS_DIR.glob("*/*.json"):
        assert walk(json.loads(path.read_text())) == set(), path
