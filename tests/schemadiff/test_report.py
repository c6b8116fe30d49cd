"""Summary semantics (compatibility, change class, bump) and the two renderings."""

from __future__ import annotations

from typing import Any

import pytest

from novacat_persistence.schemadiff import JSON_FORMAT, classify, render_json, render_text

CLOSED_EMPTY: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
CLOSED_WITH_A: dict[str, Any] = {**CLOSED_EMPTY, "properties": {"a": {"type": "string"}}}
TITLED: dict[str, Any] = {**CLOSED_EMPTY, "title": "T"}


@pytest.mark.parametrize(
    ("old", "new", "direction", "change_class", "bump"),
    [
        (CLOSED_EMPTY, CLOSED_EMPTY, "full", "none", "none"),
        (CLOSED_EMPTY, TITLED, "full", "annotation", "patch"),
        (CLOSED_EMPTY, CLOSED_WITH_A, "backward", "additive", "minor"),
        (CLOSED_EMPTY, CLOSED_WITH_A, "forward", "breaking", "major"),
        (CLOSED_EMPTY, CLOSED_WITH_A, "full", "breaking", "major"),
        (CLOSED_WITH_A, CLOSED_EMPTY, "backward", "breaking", "major"),
        (CLOSED_WITH_A, CLOSED_EMPTY, "forward", "additive", "minor"),
    ],
)
def test_change_class_and_bump(
    old: dict[str, Any], new: dict[str, Any], direction: Any, change_class: str, bump: str
) -> None:
    report = classify(old, new)
    assert report.change_class(direction) == change_class
    assert report.required_bump(direction) == bump


def test_compatibility_per_direction() -> None:
    report = classify(CLOSED_EMPTY, CLOSED_WITH_A)
    assert report.backward_compatible
    assert not report.forward_compatible
    assert report.compatible("backward")
    assert not report.compatible("forward")
    assert not report.compatible("full")


def test_text_rendering() -> None:
    text = render_text(classify(CLOSED_EMPTY, CLOSED_WITH_A), "backward")
    assert text.splitlines() == [
        "property-added-optional  properties.a  backward=ok forward=BREAKS  "
        '(absent) -> {"type":"string"}',
        "summary: 1 change(s)  backward=ok forward=BREAKS  "
        "backward: compatible  class=additive bump=minor",
    ]


def test_text_rendering_names_the_root_and_the_broken_direction() -> None:
    text = render_text(classify(TITLED, {**TITLED, "title": "U"}), "full")
    assert text.splitlines()[0] == 'annotation-changed  title  backward=ok forward=ok  "T" -> "U"'
    root = render_text(classify({"type": "string"}, {"type": "integer"}), "forward")
    assert root.splitlines() == [
        "type-changed  (root)  backward=BREAKS forward=BREAKS  string -> integer",
        "summary: 1 change(s)  backward=BREAKS forward=BREAKS  "
        "forward: INCOMPATIBLE  class=breaking bump=major",
    ]


def test_json_rendering() -> None:
    assert render_json(classify(CLOSED_EMPTY, CLOSED_WITH_A), "full") == {
        "format": JSON_FORMAT,
        "direction": "full",
        "compatible": False,
        "backward_compatible": True,
        "forward_compatible": False,
        "change_class": "breaking",
        "required_bump": "major",
        "changes": [
            {
                "rule": "property-added-optional",
                "path": "properties.a",
                "old": None,
                "new": '{"type":"string"}',
                "backward": "compatible",
                "forward": "incompatible",
                "annotation": False,
            }
        ],
    }


def test_long_values_are_shortened() -> None:
    long_enum = {"type": "string", "enum": [f"value-{i}" for i in range(30)]}
    change = classify({"type": "string"}, long_enum).changes[0]
    assert change.new is not None
    assert len(change.new) == 60
    assert change.new.endswith("...")
