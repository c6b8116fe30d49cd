"""One case per rule of the catalogue (and per content model where the verdict depends on it).

Each case asserts the exact list of (rule id, path, backward, forward) the diff reports, so a
spurious extra change fails the case too.
"""

from __future__ import annotations

from typing import Any

import pytest

from novacat_persistence.schemadiff import RULES, classify

OK = "compatible"
BR = "incompatible"
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
NULL: dict[str, Any] = {"type": "null"}
CLOSED: dict[str, Any] = {"additionalProperties": False}
PARTIAL: dict[str, Any] = {"additionalProperties": {"type": "string"}}


def obj(props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def prop(schema: dict[str, Any]) -> dict[str, Any]:
    """A root object with one optional property ``p``."""
    return obj({"p": schema})


def union(*variants: str, kw: str = "anyOf") -> dict[str, Any]:
    defs = {
        "A": obj({"a": STR}, ("a",), title="A"),
        "B": obj({"b": INT}, ("b",), title="B"),
        "C": obj({"c": STR, "d": INT}, ("c",), title="C"),
    }
    return {"$defs": defs, kw: [{"$ref": f"#/$defs/{v}"} for v in variants]}


Expected = list[tuple[str, str, str, str]]

CASES: list[tuple[str, dict[str, Any], dict[str, Any], Expected]] = [
    # -- properties added, by content model ------------------------------------------------
    (
        "added-optional-open",
        obj({}),
        obj({"a": STR}),
        [("property-added-optional", "properties.a", OK, OK)],
    ),
    (
        "added-optional-closed",
        obj({}, **CLOSED),
        obj({"a": STR}, **CLOSED),
        [("property-added-optional", "properties.a", OK, BR)],
    ),
    (
        "added-optional-partial-covered",
        obj({}, **PARTIAL),
        obj({"a": STR}, **PARTIAL),
        [("property-added-optional", "properties.a", OK, OK)],
    ),
    (
        "added-optional-partial-narrower",
        obj({}, **PARTIAL),
        obj({"a": {"type": "string", "maxLength": 3}}, **PARTIAL),
        [("property-added-optional", "properties.a", BR, OK)],
    ),
    (
        "added-optional-partial-other-type",
        obj({}, **PARTIAL),
        obj({"a": INT}, **PARTIAL),
        [("property-added-optional", "properties.a", BR, BR)],
    ),
    (
        "added-optional-with-default-closed",
        obj({}, **CLOSED),
        obj({"a": {**STR, "default": "x"}}, **CLOSED),
        [("property-added-optional", "properties.a", OK, BR)],
    ),
    (
        "added-required-open",
        obj({}),
        obj({"a": STR}, ("a",)),
        [("property-added-required", "properties.a", BR, OK)],
    ),
    (
        "added-required-closed",
        obj({}, **CLOSED),
        obj({"a": STR}, ("a",), **CLOSED),
        [("property-added-required", "properties.a", BR, BR)],
    ),
    (
        "added-required-default-open",
        obj({}),
        obj({"a": {**STR, "default": "x"}}, ("a",)),
        [("property-added-required-with-default", "properties.a", BR, OK)],
    ),
    (
        "added-required-default-closed",
        obj({}, **CLOSED),
        obj({"a": {**STR, "default": "x"}}, ("a",), **CLOSED),
        [("property-added-required-with-default", "properties.a", BR, BR)],
    ),
    # -- properties removed, by content model ----------------------------------------------
    (
        "removed-optional-open",
        obj({"a": STR}),
        obj({}),
        [("property-removed", "properties.a", OK, OK)],
    ),
    (
        "removed-required-open",
        obj({"a": STR}, ("a",)),
        obj({}),
        [("property-removed", "properties.a", OK, BR)],
    ),
    (
        "removed-optional-closed",
        obj({"a": STR}, **CLOSED),
        obj({}, **CLOSED),
        [("property-removed", "properties.a", BR, OK)],
    ),
    (
        "removed-required-closed",
        obj({"a": STR}, ("a",), **CLOSED),
        obj({}, **CLOSED),
        [("property-removed", "properties.a", BR, BR)],
    ),
    (
        "removed-optional-partial-covered",
        obj({"a": STR}, **PARTIAL),
        obj({}, **PARTIAL),
        [("property-removed", "properties.a", OK, OK)],
    ),
    (
        "removed-optional-partial-other-type",
        obj({"a": INT}, **PARTIAL),
        obj({}, **PARTIAL),
        [("property-removed", "properties.a", BR, BR)],
    ),
    # -- required flag ---------------------------------------------------------------------
    (
        "required-added",
        obj({"a": STR}),
        obj({"a": STR}, ("a",)),
        [("required-added", "properties.a", BR, OK)],
    ),
    (
        "required-added-with-default",
        obj({"a": {**STR, "default": "x"}}),
        obj({"a": {**STR, "default": "x"}}, ("a",)),
        [("required-added", "properties.a", BR, OK)],
    ),
    (
        "required-removed",
        obj({"a": STR}, ("a",)),
        obj({"a": STR}),
        [("required-removed", "properties.a", OK, BR)],
    ),
    # -- nullability -----------------------------------------------------------------------
    (
        "nullability-added-anyof",
        prop(STR),
        prop({"anyOf": [STR, NULL]}),
        [("nullability-added", "properties.p", OK, BR)],
    ),
    (
        "nullability-added-type-list",
        prop(STR),
        prop({"type": ["string", "null"]}),
        [("nullability-added", "properties.p", OK, BR)],
    ),
    (
        "nullability-removed",
        prop({"anyOf": [STR, NULL], "default": None}),
        prop({**STR, "default": None}),
        [("nullability-removed", "properties.p", BR, OK)],
    ),
    # -- types -----------------------------------------------------------------------------
    (
        "type-widened-integer-number",
        prop(INT),
        prop({"type": "number"}),
        [("type-widened", "properties.p", OK, BR)],
    ),
    (
        "type-widened-anyof",
        prop(INT),
        prop({"anyOf": [INT, STR]}),
        [("type-widened", "properties.p", OK, BR)],
    ),
    (
        "type-widened-type-list",
        prop(INT),
        prop({"type": ["integer", "boolean"]}),
        [("type-widened", "properties.p", OK, BR)],
    ),
    (
        "type-narrowed",
        prop({"type": "number"}),
        prop(INT),
        [("type-narrowed", "properties.p", BR, OK)],
    ),
    ("type-narrowed-from-any", prop({}), prop(STR), [("type-narrowed", "properties.p", BR, OK)]),
    ("type-changed", prop(STR), prop(INT), [("type-changed", "properties.p", BR, BR)]),
    # -- enum / const ----------------------------------------------------------------------
    (
        "enum-extended",
        prop({**STR, "enum": ["a"]}),
        prop({**STR, "enum": ["a", "b"]}),
        [("enum-extended", "properties.p", OK, BR)],
    ),
    (
        "enum-extended-removed",
        prop({**STR, "enum": ["a"]}),
        prop(STR),
        [("enum-extended", "properties.p", OK, BR)],
    ),
    (
        "enum-narrowed",
        prop({**STR, "enum": ["a", "b"]}),
        prop({**STR, "enum": ["b"]}),
        [("enum-narrowed", "properties.p", BR, OK)],
    ),
    (
        "enum-narrowed-const-added",
        prop(STR),
        prop({**STR, "const": "a"}),
        [("enum-narrowed", "properties.p", BR, OK)],
    ),
    (
        "enum-changed-const",
        prop({**STR, "const": "a"}),
        prop({**STR, "const": "b"}),
        [("enum-changed", "properties.p", BR, BR)],
    ),
    (
        "enum-reordered-is-no-change",
        prop({**STR, "enum": ["a", "b"]}),
        prop({**STR, "enum": ["b", "a"]}),
        [],
    ),
    ("const-is-one-value-enum", prop({**STR, "const": "a"}), prop({**STR, "enum": ["a"]}), []),
    # -- bounds ----------------------------------------------------------------------------
    (
        "bound-tightened-minimum",
        prop({**INT, "minimum": 0}),
        prop({**INT, "minimum": 1}),
        [("bound-tightened", "properties.p.minimum", BR, OK)],
    ),
    (
        "bound-tightened-ge-to-gt",
        prop({**INT, "minimum": 0}),
        prop({**INT, "exclusiveMinimum": 0}),
        [("bound-tightened", "properties.p.exclusiveMinimum", BR, OK)],
    ),
    (
        "bound-tightened-max-length",
        prop({**STR, "maxLength": 5}),
        prop({**STR, "maxLength": 3}),
        [("bound-tightened", "properties.p.maxLength", BR, OK)],
    ),
    (
        "bound-tightened-min-items-added",
        prop({"type": "array"}),
        prop({"type": "array", "minItems": 1}),
        [("bound-tightened", "properties.p.minItems", BR, OK)],
    ),
    (
        "bound-tightened-unique-items",
        prop({"type": "array"}),
        prop({"type": "array", "uniqueItems": True}),
        [("bound-tightened", "properties.p.uniqueItems", BR, OK)],
    ),
    (
        "bound-loosened-maximum-removed",
        prop({**INT, "maximum": 9}),
        prop(INT),
        [("bound-loosened", "properties.p.maximum", OK, BR)],
    ),
    (
        "bound-loosened-lt-to-le",
        prop({**INT, "exclusiveMaximum": 10}),
        prop({**INT, "maximum": 10}),
        [("bound-loosened", "properties.p.maximum", OK, BR)],
    ),
    (
        "bound-loosened-min-length",
        prop({**STR, "minLength": 2}),
        prop({**STR, "minLength": 1}),
        [("bound-loosened", "properties.p.minLength", OK, BR)],
    ),
    (
        "bound-loosened-max-items",
        prop({"type": "array", "maxItems": 2}),
        prop({"type": "array", "maxItems": 3}),
        [("bound-loosened", "properties.p.maxItems", OK, BR)],
    ),
    # -- pattern / format ------------------------------------------------------------------
    (
        "pattern-added",
        prop(STR),
        prop({**STR, "pattern": "^a"}),
        [("pattern-added", "properties.p.pattern", BR, OK)],
    ),
    (
        "pattern-removed",
        prop({**STR, "pattern": "^a"}),
        prop(STR),
        [("pattern-removed", "properties.p.pattern", OK, BR)],
    ),
    (
        "pattern-changed",
        prop({**STR, "pattern": "^a"}),
        prop({**STR, "pattern": "^b"}),
        [("pattern-changed", "properties.p.pattern", BR, BR)],
    ),
    (
        "format-added",
        prop(STR),
        prop({**STR, "format": "uuid"}),
        [("format-added", "properties.p.format", BR, OK)],
    ),
    (
        "format-removed",
        prop({**STR, "format": "uuid"}),
        prop(STR),
        [("format-removed", "properties.p.format", OK, BR)],
    ),
    (
        "format-changed",
        prop({**STR, "format": "uuid"}),
        prop({**STR, "format": "date-time"}),
        [("format-changed", "properties.p.format", BR, BR)],
    ),
    # -- additionalProperties --------------------------------------------------------------
    (
        "ap-opened-false-to-true",
        obj({}, **CLOSED),
        obj({}, additionalProperties=True),
        [("additional-properties-opened", "additionalProperties", OK, BR)],
    ),
    (
        "ap-opened-false-to-schema",
        obj({}, **CLOSED),
        obj({}, **PARTIAL),
        [("additional-properties-opened", "additionalProperties", OK, BR)],
    ),
    (
        "ap-opened-schema-to-absent",
        obj({}, **PARTIAL),
        obj({}),
        [("additional-properties-opened", "additionalProperties", OK, BR)],
    ),
    (
        "ap-closed-absent-to-false",
        obj({}),
        obj({}, **CLOSED),
        [("additional-properties-closed", "additionalProperties", BR, OK)],
    ),
    (
        "ap-closed-true-to-schema",
        obj({}, additionalProperties=True),
        obj({}, **PARTIAL),
        [("additional-properties-closed", "additionalProperties", BR, OK)],
    ),
    (
        "ap-schema-recursed",
        obj({}, additionalProperties=INT),
        obj({}, additionalProperties={"type": "number"}),
        [("type-widened", "additionalProperties", OK, BR)],
    ),
    ("ap-true-equals-absent", obj({}, additionalProperties=True), obj({}), []),
    # -- arrays ----------------------------------------------------------------------------
    (
        "items-changed-added",
        prop({"type": "array"}),
        prop({"type": "array", "items": STR}),
        [("items-changed", "properties.p.items", BR, OK)],
    ),
    (
        "items-changed-removed",
        prop({"type": "array", "items": STR}),
        prop({"type": "array"}),
        [("items-changed", "properties.p.items", OK, BR)],
    ),
    (
        "items-recursed",
        prop({"type": "array", "items": obj({"k": {**STR, "enum": ["a"]}})}),
        prop({"type": "array", "items": obj({"k": {**STR, "enum": ["a", "b"]}})}),
        [("enum-extended", "properties.p.items.properties.k", OK, BR)],
    ),
    (
        "prefix-items-recursed",
        prop({"type": "array", "prefixItems": [INT, STR]}),
        prop({"type": "array", "prefixItems": [{"type": "number"}, STR]}),
        [("type-widened", "properties.p.prefixItems.0", OK, BR)],
    ),
    # -- unions ----------------------------------------------------------------------------
    (
        "union-variant-added",
        union("A", "B"),
        union("A", "B", "C"),
        [("union-variant-added", "anyOf.2", OK, BR)],
    ),
    (
        "union-variant-removed",
        union("A", "B", "C"),
        union("A", "C"),
        [("union-variant-removed", "anyOf.1", BR, OK)],
    ),
    ("union-reordered-is-no-change", union("A", "B"), union("B", "A"), []),
    (
        "union-from-single",
        prop({"$ref": "#/$defs/A"}) | {"$defs": union()["$defs"]},
        prop({"anyOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]})
        | {"$defs": union()["$defs"]},
        [("union-variant-added", "properties.p.anyOf.1", OK, BR)],
    ),
    (
        "union-variant-changed",
        union("A", "B"),
        {
            **union("A", "B"),
            "$defs": {**union()["$defs"], "B": obj({"b": {"type": "number"}}, ("b",), title="B")},
        },
        [("type-widened", "anyOf.1.properties.b", OK, BR)],
    ),
    # -- references and annotations --------------------------------------------------------
    (
        "defs-renamed",
        {"$defs": {"A": obj({"a": STR}, title="X")}, **prop({"$ref": "#/$defs/A"})},
        {"$defs": {"B": obj({"a": STR}, title="X")}, **prop({"$ref": "#/$defs/B"})},
        [("defs-renamed", "properties.p", OK, OK)],
    ),
    (
        "annotation-title",
        prop({**STR, "title": "P"}),
        prop({**STR, "title": "Q"}),
        [("annotation-changed", "properties.p.title", OK, OK)],
    ),
    (
        "annotation-description-added",
        prop(STR),
        prop({**STR, "description": "d"}),
        [("annotation-changed", "properties.p.description", OK, OK)],
    ),
    (
        "annotation-examples",
        prop({**STR, "examples": ["a"]}),
        prop({**STR, "examples": ["b"]}),
        [("annotation-changed", "properties.p.examples", OK, OK)],
    ),
    (
        "annotation-default",
        prop({**STR, "default": "a"}),
        prop({**STR, "default": "b"}),
        [("annotation-changed", "properties.p.default", OK, OK)],
    ),
    (
        "annotation-root-title",
        {**obj({}), "title": "M1"},
        {**obj({}), "title": "M2"},
        [("annotation-changed", "title", OK, OK)],
    ),
    # -- anything else ---------------------------------------------------------------------
    (
        "keyword-changed",
        prop({"type": "number", "multipleOf": 2}),
        prop({"type": "number", "multipleOf": 3}),
        [("keyword-changed", "properties.p.multipleOf", BR, BR)],
    ),
    (
        "keyword-changed-prefix-length",
        prop({"type": "array", "prefixItems": [INT]}),
        prop({"type": "array", "prefixItems": [INT, STR]}),
        [("keyword-changed", "properties.p.prefixItems", BR, BR)],
    ),
]


def observed(old: dict[str, Any], new: dict[str, Any]) -> Expected:
    return [(c.rule_id, c.path, c.backward, c.forward) for c in classify(old, new).changes]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule(old: dict[str, Any], new: dict[str, Any], expected: Expected) -> None:
    assert observed(old, new) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_mirror_swaps_verdicts(
    old: dict[str, Any], new: dict[str, Any], expected: Expected
) -> None:
    """Diffing NEW against OLD judges backward exactly as OLD against NEW judges forward."""
    forward = classify(old, new)
    backward = classify(new, old)
    assert backward.backward_compatible == forward.forward_compatible
    assert backward.forward_compatible == forward.backward_compatible


def test_every_catalogue_rule_has_a_case() -> None:
    covered = {rule for *_, expected in CASES for rule, *_ in expected}
    assert covered == {rule.id for rule in RULES}


def test_discriminated_union_pairs_variants_by_tag() -> None:
    def tagged(kind_a: str, b_field: dict[str, Any], order: tuple[str, str]) -> dict[str, Any]:
        defs = {
            "A": obj({"kind": {**STR, "const": kind_a}, "x": INT}, ("kind",), title="A"),
            "B": obj({"kind": {**STR, "const": "b"}, "y": b_field}, ("kind",), title="B"),
        }
        mapping = {kind_a: "#/$defs/A", "b": "#/$defs/B"}
        return prop(
            {
                "oneOf": [{"$ref": f"#/$defs/{n}"} for n in order],
                "discriminator": {"propertyName": "kind", "mapping": mapping},
            }
        ) | {"$defs": defs}

    old = tagged("a", STR, ("A", "B"))
    assert observed(old, tagged("a", {**STR, "maxLength": 3}, ("B", "A"))) == [
        ("bound-tightened", "properties.p.oneOf.0.properties.y.maxLength", BR, OK)
    ]
    # A renamed tag pairs the one variant left on each side and reports the const change.
    assert ("enum-changed", "properties.p.oneOf.0.properties.kind", BR, BR) in observed(
        old, tagged("z", STR, ("A", "B"))
    )
