"""``schemas diff`` end to end: exit codes per direction and format, usage errors, help."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.cli import schemas_diff
from novacat_persistence.cli.common import ExitCode, UsageError
from novacat_persistence.contracts.snapshots import SCHEMAS_DIR

CLOSED_EMPTY: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
CLOSED_WITH_A: dict[str, Any] = {**CLOSED_EMPTY, "properties": {"a": {"type": "string"}}}


def parser() -> argparse.ArgumentParser:
    """The ``schemas`` verb with only the ``diff`` sub-verb, as ``cli/schemas_cmd.py`` wires it."""
    root = argparse.ArgumentParser(prog="novacat-persistence")
    verbs = root.add_subparsers(dest="verb", required=True)
    schemas = verbs.add_parser("schemas")
    schemas_diff.register(schemas.add_subparsers(dest="schemas_verb", required=True))
    return root


def run(*argv: str) -> int:
    """Parse and run like ``cli.main.main``: a UsageError becomes exit code 2."""
    args = parser().parse_args(["schemas", "diff", *argv])
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"novacat-persistence: error: {exc}")
        return ExitCode.USAGE


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    """(OLD, NEW): a closed model that gains an optional property (backward ok, forward not)."""
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(CLOSED_EMPTY), encoding="utf-8")
    new.write_text(json.dumps(CLOSED_WITH_A), encoding="utf-8")
    return str(old), str(new)


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ([], 0),
        (["--direction", "backward"], 0),
        (["--direction", "forward"], 1),
        (["--direction", "full"], 1),
    ],
)
def test_exit_code_follows_the_requested_direction(
    files: tuple[str, str],
    direction: list[str],
    expected: int,
    output: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(*files, *direction, "--format", output) == expected
    out = capsys.readouterr().out
    if output == "json":
        assert json.loads(out)["compatible"] is (expected == 0)
    else:
        assert out.startswith("property-added-optional  properties.a  backward=ok forward=BREAKS")


def test_swapped_files_break_backward(files: tuple[str, str]) -> None:
    old, new = files
    assert run(new, old) == 1
    assert run(new, old, "--direction", "forward") == 0


def test_identical_files_succeed_in_full(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = files
    assert run(old, old, "--direction", "full", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changes"] == []
    assert report["required_bump"] == "none"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "is not a JSON Schema object"),
        (b"\xff\xfe", "cannot read"),
        ('{"$ref": "#/$defs/Missing"}', "unresolvable $ref"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    tmp_path: Path,
    files: tuple[str, str],
    content: str | bytes | None,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.json"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is not None:
        bad.write_text(content, encoding="utf-8")
    assert run(files[0], str(bad)) == ExitCode.USAGE
    out = capsys.readouterr().out
    assert message in out
    assert "Traceback" not in out


def test_argument_errors_exit_2(files: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as missing:
        run(files[0])
    assert missing.value.code == 2
    with pytest.raises(SystemExit) as bad_direction:
        run(*files, "--direction", "sideways")
    assert bad_direction.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_help_documents_directions_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as shown:
        run("--help")
    assert shown.value.code == 0
    out = capsys.readouterr().out
    for word in ("backward", "forward", "full", "CATALOGUE.md", "exit codes", "--format"):
        assert word in out


@pytest.mark.parametrize(
    ("entity", "old", "new"),
    [("data_product", "2.0.0", "2.1.0"), ("data_product", "2.1.0", "2.2.0")],
)
def test_two_snapshots_are_judged_as_the_gate_judges_their_bump(
    entity: str, old: str, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each snapshot pins its own schema_version: that is no shape change between two of them
    (the gate's rule), so a published minor bump reads as backward compatible here too; the
    same documents without the kit's comment are compared as they are."""
    folder = SCHEMAS_DIR / entity
    assert run(str(folder / f"{old}.json"), str(folder / f"{new}.json")) == ExitCode.OK
    captured = capsys.readouterr()
    assert "properties.schema_version" not in captured.out
    assert "each pins its own schema_version" in captured.err
    assert "different entity types" not in captured.err
    plain = []
    for version in (old, new):
        document = json.loads((folder / f"{version}.json").read_text(encoding="utf-8"))
        del document["$comment"]
        plain.append(tmp_path / f"{version}.json")
        plain[-1].write_text(json.dumps(document), encoding="utf-8")
    assert run(*map(str, plain)) == ExitCode.PROBLEMS
    assert "properties.schema_version" in capsys.readouterr().out


def test_snapshots_of_two_entity_types_are_said_to_be_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Comparing a Nova snapshot with a DataProduct one judges no version bump: said on
    stderr, and the comparison goes on as of any two schemas."""
    old, new = SCHEMAS_DIR / "nova/1.0.0.json", SCHEMAS_DIR / "data_product/2.2.0.json"
    assert run(str(old), str(new)) == ExitCode.PROBLEMS
    captured = capsys.readouterr()
    assert "OLD is a snapshot of Nova, NEW of DataProduct: different entity types" in captured.err
    assert captured.out
