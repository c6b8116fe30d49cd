"""Union variants renamed in a new version are paired by title or position, so their changes
are reported field by field instead of as whole variants removed and added."""

from __future__ import annotations

import json
from typing import Any

from novacat_persistence.contracts import snapshots
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.schemadiff import classify

OK = "compatible"
BR = "incompatible"
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}


def model(title: str, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "properties": props,
        "required": sorted(props),
        "additionalProperties": False,
    }


def union(defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"$defs": defs, "oneOf": [{"$ref": f"#/$defs/{name}"} for name in defs]}


def observed(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (c.rule_id, c.path, c.backward, c.forward)
        for c in classify(old, new).changes
        if c.rule_id not in ("defs-renamed", "annotation-changed")
    ]


def test_renamed_variants_are_paired_in_order_when_as_many_are_left() -> None:
    old = union({"AV1": model("AV1", {"a": STR}), "BV1": model("BV1", {"b": INT})})
    new = union({"A": model("A", {"a": STR, "x": INT}), "B": model("B", {"b": {"type": "number"}})})
    assert observed(old, new) == [
        ("property-added-required", "oneOf.0.properties.x", BR, BR),
        ("type-widened", "oneOf.1.properties.b", OK, BR),
    ]


def test_variants_keep_their_title_across_a_defs_rename_and_a_reorder() -> None:
    old = union({"A1": model("A", {"a": STR}), "B1": model("B", {"b": INT})})
    new = union({"B2": model("B", {"b": INT, "c": STR}), "A2": model("A", {"a": STR, "d": INT})})
    assert observed(old, new) == [
        ("property-added-required", "oneOf.0.properties.c", BR, BR),
        ("property-added-required", "oneOf.1.properties.d", BR, BR),
    ]


def test_with_unequal_counts_the_unmatched_variants_stay_added_or_removed() -> None:
    old = union({"X": model("X", {"x": STR}), "Y": model("Y", {"y": STR})})
    new = union(
        {
            "P": model("P", {"p": STR}),
            "Q": model("Q", {"q": STR}),
            "R": model("R", {"r": STR}),
        }
    )
    rules = [rule for rule, *_ in observed(old, new)]
    assert rules == ["union-variant-removed"] * 2 + ["union-variant-added"] * 3


def test_data_product_1_to_2_is_judged_field_by_field() -> None:
    spec = ENTITIES["DataProduct"]
    old, new = (
        json.loads(snapshots.snapshot_path(spec.version(v)).read_text(encoding="utf-8"))
        for v in ("1.0.0", "2.0.0")
    )
    report = classify(old, new)
    changes = {(c.rule_id, c.path) for c in report.changes}
    assert ("property-removed", "oneOf.1.properties.attempt_count") in changes
    assert ("property-removed", "oneOf.1.properties.sha256") in changes
    assert ("property-added-optional", "oneOf.1.properties.attempt_count_total") in changes
    assert ("property-added-optional", "oneOf.0.properties.table_schema_version") in changes
    assert not any(c.rule_id.startswith("union-variant") for c in report.changes)
    assert report.required_bump("backward") == "major"
