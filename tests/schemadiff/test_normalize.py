"""Reference normalization: $defs renames, wrappers, recursion, and malformed documents."""

from __future__ import annotations

from typing import Any

import pytest

from novacat_persistence.schemadiff import SchemaError, classify

S: dict[str, Any] = {"type": "string"}


def rules_of(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c.rule_id, c.path) for c in classify(old, new).changes]


def with_def(name: str, body: dict[str, Any], *uses: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {use: {"$ref": f"#/$defs/{name}"} for use in uses},
        "$defs": {name: body},
    }


LOCATOR: dict[str, Any] = {
    "type": "object",
    "title": "Locator",
    "properties": {"kind": {"enum": ["a", "b"], "type": "string"}, "value": S},
    "required": ["kind"],
}


def test_pure_defs_rename_is_only_defs_renamed() -> None:
    report = classify(with_def("Locator", LOCATOR, "loc"), with_def("Loc", LOCATOR, "loc"))
    assert [(c.rule_id, c.path, c.old, c.new) for c in report.changes] == [
        ("defs-renamed", "properties.loc", "Locator", "Loc")
    ]
    assert report.required_bump("full") == "patch"


def test_rename_with_content_change_reports_both() -> None:
    changed = {**LOCATOR, "properties": {**LOCATOR["properties"], "value": {"type": "integer"}}}
    assert rules_of(with_def("Locator", LOCATOR, "loc"), with_def("Loc", changed, "loc")) == [
        ("defs-renamed", "properties.loc"),
        ("type-changed", "properties.loc.properties.value"),
    ]


def test_inlined_definition_equals_reference() -> None:
    inline = {"type": "object", "properties": {"loc": LOCATOR}}
    assert rules_of(with_def("Locator", LOCATOR, "loc"), inline) == []
    assert rules_of(inline, with_def("Locator", LOCATOR, "loc")) == []


def test_single_all_of_wrapper_equals_reference() -> None:
    referenced = with_def("Locator", LOCATOR, "loc")
    wrapped = {**referenced, "properties": {"loc": {"allOf": [{"$ref": "#/$defs/Locator"}]}}}
    assert rules_of(referenced, wrapped) == []


def test_reference_siblings_override_the_target() -> None:
    referenced = with_def("Locator", LOCATOR, "loc")
    described = {**referenced, "properties": {"loc": {"$ref": "#/$defs/Locator", "title": "L"}}}
    assert rules_of(referenced, described) == [("annotation-changed", "properties.loc.title")]


def test_unused_defs_are_ignored() -> None:
    used = with_def("Locator", LOCATOR, "loc")
    assert rules_of(used, {**used, "$defs": {**used["$defs"], "Unused": S}}) == []


def test_type_list_and_null_variant_are_the_same_nullability() -> None:
    as_list = {"type": "object", "properties": {"p": {"type": ["string", "null"]}}}
    as_union = {"type": "object", "properties": {"p": {"anyOf": [S, {"type": "null"}]}}}
    assert rules_of(as_list, as_union) == []


TREE: dict[str, Any] = {
    "type": "object",
    "title": "Tree",
    "properties": {
        "label": S,
        "children": {"type": "array", "items": {"$ref": "#/$defs/Tree"}},
        "parent": {"anyOf": [{"$ref": "#/$defs/Tree"}, {"type": "null"}]},
    },
}


def test_recursive_references_terminate() -> None:
    old = {"$ref": "#/$defs/Tree", "$defs": {"Tree": TREE}}
    assert rules_of(old, old) == []
    changed = {**TREE, "properties": {**TREE["properties"], "label": {"type": "integer"}}}
    renamed = {"$ref": "#/$defs/Node", "$defs": {"Node": _retarget(changed, "Node")}}
    changes = rules_of(old, renamed)
    assert ("defs-renamed", "") in changes
    assert ("type-changed", "properties.label") in changes
    assert {rule for rule, _ in changes} == {"defs-renamed", "type-changed"}


def test_mutually_recursive_references_terminate() -> None:
    def schema(extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "$ref": "#/$defs/A",
            "$defs": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}, **extra}},
                "B": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}},
            },
        }

    assert rules_of(schema({}), schema({})) == []
    changes = rules_of(schema({}), schema({"n": S}))
    assert changes[0] == ("property-added-optional", "properties.b.properties.a.properties.n")
    assert set(changes) == {
        ("property-added-optional", "properties.b.properties.a.properties.n"),
        ("property-added-optional", "properties.n"),
    }


def _retarget(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return {
            k: (f"#/$defs/{name}" if k == "$ref" else _retarget(v, name)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_retarget(v, name) for v in value]
    return value


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"$ref": "#/$defs/Missing"}, "unresolvable $ref"),
        ({"$ref": "https://example.com/schema.json"}, "only local references"),
        ({"$ref": "#/$defs/A", "$defs": {"A": {"$ref": "#/$defs/A"}}}, "refers to itself"),
        (
            {
                "$ref": "#/$defs/A",
                "$defs": {"A": {"anyOf": [{"$ref": "#/$defs/A"}, {"type": "null"}]}},
            },
            "refers to itself",
        ),
        ({"type": "object", "properties": []}, "properties must be an object"),
        ({"type": "object", "required": "a"}, "required must list strings"),
        ({"type": 3}, "type must be a string"),
        ({"type": "string", "minLength": "3"}, "minLength must be a number"),
        ({"properties": {"a": 3}}, "expected a schema"),
        ({"enum": "a"}, "enum must be an array"),
    ],
)
def test_malformed_schema_raises_schema_error(schema: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError, match="new schema") as raised:
        classify({}, schema)
    assert message in str(raised.value)


def test_non_object_document_raises_schema_error() -> None:
    with pytest.raises(SchemaError, match="old schema: not a JSON Schema object"):
        classify([], {})  # type: ignore[arg-type]
