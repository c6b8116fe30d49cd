"""Properties over generated pydantic-style schemas."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from novacat_persistence.schemadiff import classify

Schema = dict[str, Any]
NAMES = st.sampled_from(["a", "b", "c", "d"])

leaves: st.SearchStrategy[Schema] = st.one_of(
    st.sampled_from(["string", "integer", "number", "boolean"]).map(lambda t: {"type": t}),
    st.fixed_dictionaries(
        {"type": st.just("string")},
        optional={
            "minLength": st.integers(0, 3),
            "maxLength": st.integers(4, 8),
            "pattern": st.sampled_from(["^a", "^b"]),
            "format": st.sampled_from(["uuid", "date-time"]),
            "title": st.sampled_from(["S", "T"]),
        },
    ),
    st.fixed_dictionaries(
        {"type": st.just("integer")},
        optional={"minimum": st.integers(-3, 3), "exclusiveMaximum": st.integers(4, 9)},
    ),
    st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=3, unique=True).map(
        lambda values: {"type": "string", "enum": values}
    ),
    st.sampled_from(["x", "y"]).map(lambda value: {"type": "string", "const": value}),
)


@st.composite
def objects(draw: st.DrawFn, children: st.SearchStrategy[Schema]) -> Schema:
    properties = draw(st.dictionaries(NAMES, children, max_size=3))
    schema: Schema = {"type": "object", "properties": properties}
    required = (
        draw(st.lists(st.sampled_from(sorted(properties)), unique=True)) if properties else []
    )
    if required:
        schema["required"] = required
    undeclared = draw(st.sampled_from([None, True, False, {"type": "integer"}]))
    if undeclared is not None:
        schema["additionalProperties"] = undeclared
    return schema


def extend(children: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
    return st.one_of(
        children.map(lambda s: {"anyOf": [s, {"type": "null"}], "default": None}),
        children.map(lambda s: {"type": "array", "items": s}),
        objects(children),
    )


schemas = st.recursive(leaves, extend, max_leaves=8)
object_schemas = objects(schemas)


def hoist(schema: Schema, prefix: str) -> Schema:
    """The same schema with every nested object moved into ``$defs`` behind a ``$ref``."""
    defs: dict[str, Schema] = {}

    def visit(node: Any, top: bool) -> Any:
        if isinstance(node, list):
            return [visit(item, False) for item in node]
        if not isinstance(node, dict):
            return node
        moved = {
            k: visit(v, False) if k != "properties" else {n: visit(s, False) for n, s in v.items()}
            for k, v in node.items()
        }
        if top or node.get("type") != "object":
            return moved
        name = f"{prefix}{len(defs)}"
        defs[name] = moved
        return {"$ref": f"#/$defs/{name}"}

    root = visit(schema, True)
    return {**root, "$defs": defs} if defs else root


@given(schemas)
def test_a_schema_has_no_changes_with_itself(schema: Schema) -> None:
    assert classify(schema, copy.deepcopy(schema)).changes == ()


@given(object_schemas)
def test_moving_definitions_behind_references_changes_nothing(schema: Schema) -> None:
    assert classify(schema, hoist(schema, "D")).changes == ()
    assert classify(hoist(schema, "D"), schema).changes == ()


@given(object_schemas)
def test_renaming_all_definitions_is_annotation_only(schema: Schema) -> None:
    report = classify(hoist(schema, "Old"), hoist(schema, "New"))
    assert {change.rule_id for change in report.changes} <= {"defs-renamed"}
    assert report.required_bump("full") in ("patch", "none")


@given(object_schemas, schemas, st.sampled_from([None, True]))
def test_adding_an_optional_property_to_an_open_model_never_breaks_backward(
    schema: Schema, added: Schema, undeclared: bool | None
) -> None:
    old = {k: v for k, v in schema.items() if k != "additionalProperties"}
    if undeclared is not None:
        old["additionalProperties"] = undeclared
    new = {**old, "properties": {**old["properties"], "added": added}}
    report = classify(old, new)
    assert [(c.rule_id, c.path) for c in report.changes] == [
        ("property-added-optional", "properties.added")
    ]
    assert report.backward_compatible


@given(object_schemas, schemas)
def test_adding_an_optional_property_to_a_closed_model_breaks_forward_only(
    schema: Schema, added: Schema
) -> None:
    old = {**schema, "additionalProperties": False}
    new = {**old, "properties": {**old["properties"], "added": added}}
    report = classify(old, new)
    assert report.backward_compatible
    assert not report.forward_compatible


@settings(max_examples=300)
@given(object_schemas, object_schemas)
def test_backward_one_way_is_forward_the_other_way(old: Schema, new: Schema) -> None:
    there, back = classify(old, new), classify(new, old)
    assert there.backward_compatible == back.forward_compatible
    assert there.forward_compatible == back.backward_compatible
