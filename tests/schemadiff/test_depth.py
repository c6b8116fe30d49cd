"""Deeply nested schemas (legal JSON Schema): classified to the documented depth, refused
beyond it with one line (exit 2), never a RecursionError (issue 13, defect 5)."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.schemadiff import MAX_DEPTH, SchemaError, classify, json_text, nesting
from novacat_persistence.schemadiff.depth import on_deep_stack

Schema = dict[str, Any]
STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}


def properties(levels: int, leaf: Schema) -> Schema:
    schema = leaf
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def items(levels: int, leaf: Schema) -> Schema:
    schema = leaf
    for _ in range(levels):
        schema = {"type": "array", "items": schema}
    return schema


def unions(levels: int, leaf: Schema) -> Schema:
    schema = leaf
    for _ in range(levels):
        schema = {"anyOf": [{"type": "array", "items": schema}, {"type": "boolean"}]}
    return schema


def negations(levels: int, leaf: Schema) -> Schema:
    schema = leaf
    for _ in range(levels):
        schema = {"not": schema}
    return schema


def ref_chain(levels: int, leaf: Schema) -> Schema:
    """Each level a $defs entry referring to the next: deep to compare, shallow as JSON."""
    defs = {f"d{i}": properties(1, {"$ref": f"#/$defs/d{i + 1}"}) for i in range(levels)}
    defs[f"d{levels}"] = leaf
    return {"$ref": "#/$defs/d0", "$defs": defs}


SHAPES: dict[str, Callable[[int, Schema], Schema]] = {
    "properties": properties,
    "items": items,
    "unions": unions,
    "negations": negations,
    "ref-chain": ref_chain,
}


def diff(tmp_path: Path, old: object, new: object) -> int:
    for name, document in (("old.json", old), ("new.json", new)):
        text = on_deep_stack(functools.partial(json_text.dumps, document), name)
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = main(["schemas", "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")])
    return code


@pytest.mark.parametrize("shape", SHAPES)
def test_a_schema_nested_400_deep_is_classified(
    shape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = SHAPES[shape]
    assert diff(tmp_path, build(400, STRING), build(400, STRING)) == 0
    assert "0 change(s)" in capsys.readouterr().out
    assert diff(tmp_path, build(400, STRING), build(400, INTEGER)) == 1
    out, err = capsys.readouterr()
    assert err == ""
    (change,) = [line for line in out.splitlines() if "BREAKS" in line and "summary" not in line]
    rule = "keyword-changed" if shape == "negations" else "type-changed"
    assert change.startswith(rule)


def deepest_admitted(build: Callable[[int, Schema], Schema]) -> int:
    """The most levels of ``build`` whose nesting is within MAX_DEPTH."""
    low, high = 1, MAX_DEPTH
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (
            (middle, high) if nesting(build(middle, STRING)) <= MAX_DEPTH else (low, middle - 1)
        )
    return low


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_classified_at_the_deepest_nesting_admitted(shape: str) -> None:
    build = SHAPES[shape]
    # A $ref chain is shallow JSON: its depth is the comparison's, limited to MAX_DEPTH too.
    levels = MAX_DEPTH - 1 if shape == "ref-chain" else deepest_admitted(build)
    assert levels >= 600
    report = classify(build(levels, STRING), build(levels, INTEGER))
    assert len(report.changes) == 1 and not report.backward_compatible


def test_the_limit_is_a_nesting_of_max_depth_containers() -> None:
    assert nesting(items(MAX_DEPTH - 1, STRING)) == MAX_DEPTH
    report = classify(items(MAX_DEPTH - 1, STRING), items(MAX_DEPTH - 1, INTEGER))
    assert [c.rule_id for c in report.changes] == ["type-changed"]
    with pytest.raises(SchemaError, match=f"nests {MAX_DEPTH + 1} levels deep"):
        classify(items(MAX_DEPTH, STRING), items(MAX_DEPTH, STRING))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (items(MAX_DEPTH, STRING), STRING, f"old.json nests {MAX_DEPTH + 1} levels deep"),
        (STRING, properties(MAX_DEPTH, STRING), f"levels deep; schemas diff follows {MAX_DEPTH}"),
        (
            ref_chain(MAX_DEPTH + 1, STRING),
            ref_chain(MAX_DEPTH + 1, STRING),
            f"the comparison of the schemas: nested more than {MAX_DEPTH} levels deep",
        ),
    ],
    ids=["old-items", "new-properties", "ref-chain"],
)
def test_deeper_than_the_limit_is_one_line_and_exit_2(
    old: Schema, new: Schema, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert diff(tmp_path, old, new) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err


def test_json_nested_far_deeper_than_python_parses_is_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"const": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", "schemas", "diff", deep, deep],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert f"deep.json: nested more than {MAX_DEPTH} levels deep" in done.stderr


def test_nested_unions_digest_each_sub_schema_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Union variants are paired by digest at every level. Each level re-serialized (and
    # re-escaped) the levels below it: 22 levels took 15 s and 565 MB, 400 ran out of memory.
    from novacat_persistence.schemadiff import normalize

    digests: list[object] = []
    counted = normalize._digest

    def counting(form: object) -> str:
        digests.append(form)
        return counted(form)

    monkeypatch.setattr(normalize, "_digest", counting)
    levels = 60
    classify(unions(levels, STRING), unions(levels, INTEGER))
    # Each level holds a union, its array variant and that array's items: some digests per
    # level, per document; a quadratic count would be thousands.
    assert len(digests) <= 8 * levels
