"""Diffs of schemas pydantic v2 generates for two versions of a small model."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from novacat_persistence.schemadiff import classify

OK = "compatible"
BR = "incompatible"


def schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema, titled alike for every version (class names differ here)."""
    return {**model.model_json_schema(), "title": "Model"}


def changes(old: type[BaseModel], new: type[BaseModel]) -> list[tuple[str, str, str, str]]:
    report = classify(schema(old), schema(new))
    return [(c.rule_id, c.path, c.backward, c.forward) for c in report.changes]


def test_field_renamed_in_open_model_breaks_backward() -> None:
    class V1(BaseModel):
        nova_id: str
        name: str

    class V2(BaseModel):
        nova_id: str
        primary_name: str

    assert changes(V1, V2) == [
        ("property-removed", "properties.name", OK, BR),
        ("property-added-required", "properties.primary_name", BR, OK),
    ]
    report = classify(schema(V1), schema(V2))
    assert not report.backward_compatible
    assert not report.forward_compatible
    assert report.required_bump("backward") == "major"


def test_field_renamed_in_closed_model_breaks_both_ways() -> None:
    class V1(BaseModel):
        model_config = ConfigDict(extra="forbid")
        name: str

    class V2(BaseModel):
        model_config = ConfigDict(extra="forbid")
        primary_name: str

    assert changes(V1, V2) == [
        ("property-removed", "properties.name", BR, BR),
        ("property-added-required", "properties.primary_name", BR, BR),
    ]


def test_optional_field_added_to_closed_model_is_minor_for_backward() -> None:
    class V1(BaseModel):
        model_config = ConfigDict(extra="forbid")
        name: str

    class V2(BaseModel):
        model_config = ConfigDict(extra="forbid")
        name: str
        ra_deg: float | None = Field(default=None, ge=0, lt=360)

    assert changes(V1, V2) == [("property-added-optional", "properties.ra_deg", OK, BR)]
    report = classify(schema(V1), schema(V2))
    assert report.required_bump("backward") == "minor"
    assert report.required_bump("forward") == "major"
    assert report.required_bump("full") == "major"


def test_enum_member_added_and_field_made_optional() -> None:
    class Status1(enum.Enum):
        ACTIVE = "ACTIVE"
        QUARANTINED = "QUARANTINED"

    class Status2(enum.Enum):
        ACTIVE = "ACTIVE"
        QUARANTINED = "QUARANTINED"
        RETIRED = "RETIRED"

    class V1(BaseModel):
        status: Status1
        dec_deg: float = Field(ge=-90, le=90)

    class V2(BaseModel):
        status: Status2
        dec_deg: float | None = Field(default=None, ge=-90, le=90)

    assert changes(V1, V2) == [
        ("annotation-changed", "properties.dec_deg.default", OK, OK),
        ("nullability-added", "properties.dec_deg", OK, BR),
        ("required-removed", "properties.dec_deg", OK, BR),
        ("defs-renamed", "properties.status", OK, OK),
        ("annotation-changed", "properties.status.title", OK, OK),
        ("enum-extended", "properties.status", OK, BR),
    ]


def test_nested_model_renamed_is_annotation_only() -> None:
    class Locator(BaseModel):
        kind: Literal["url", "doi"]
        value: str

    class Loc(BaseModel):
        kind: Literal["url", "doi"]
        value: str

    class V1(BaseModel):
        locators: list[Locator]

    class V2(BaseModel):
        locators: list[Loc]

    report = classify(schema(V1), schema(V2))
    assert [(c.rule_id, c.path) for c in report.changes] == [
        ("defs-renamed", "properties.locators.items"),
        ("annotation-changed", "properties.locators.items.title"),
    ]
    assert report.required_bump("full") == "patch"


def test_discriminated_union_variant_added_and_tag_literal_extended() -> None:
    class Url(BaseModel):
        kind: Literal["url"]
        url: str

    class Doi(BaseModel):
        kind: Literal["doi"]
        doi: str = Field(pattern=r"^10\.")

    class Ads(BaseModel):
        kind: Literal["ads"]
        bibcode: str

    class V1(BaseModel):
        locator: Annotated[Url | Doi, Field(discriminator="kind")]

    class V2(BaseModel):
        locator: Annotated[Url | Ads | Doi, Field(discriminator="kind")]

    found = changes(V1, V2)
    assert ("union-variant-added", "properties.locator.oneOf.1", OK, BR) in found
    assert [c for c in found if c[0] != "annotation-changed"] == [
        ("union-variant-added", "properties.locator.oneOf.1", OK, BR)
    ]


def test_identical_models_have_no_changes() -> None:
    class Node(BaseModel):
        children: list[Node] | None = None
        tags: set[str] = Field(default_factory=set)
        hints: dict[str, Any] = Field(default_factory=dict)

    assert changes(Node, Node) == []
