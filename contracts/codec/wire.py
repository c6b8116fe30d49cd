"""Validators that read DynamoDB items (AttributeValue form) straight into entity models.

For each model class, its own pydantic-core schema is rewritten so that every field reads its
value from the item through an alias path: ``[name, "S"]`` for strings, UUIDs, timestamps and
enums, ``[name, "N"]`` for numbers, ``[name, "BOOL"]``, and ``[name, "L"]`` / ``[name, "M"]``
for lists and maps. Everything else in the schema (types, bounds, enum checks, the model's own
validators) is kept as it is, so reading an item accepts exactly what the model accepts, and
the unwrapping runs inside pydantic-core instead of a Python loop.

A NULL-typed attribute matches no alias path, so it reads as absent. An attribute with another
type tag than its field's would read as absent too: :func:`wire_validator` users must check
:func:`dropped_attributes` after validating.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any, Final

from pydantic_core import SchemaValidator, core_schema

from novacat_persistence.contracts.codec.attribute_values import decode_number
from novacat_persistence.contracts.codec.core_schemas import (
    Schema,
    SchemaReader,
    core_schema_of,
    field_names,
    models_in,
)
from novacat_persistence.contracts.entities.base import DocumentValue, PersistedEntity
from novacat_persistence.contracts.wire_form import NULL_VALUE, AttributeValue


def _pluck(tag: str) -> Callable[[Any], Any]:
    def pluck(value: Any) -> Any:
        if not isinstance(value, dict) or len(value) != 1 or tag not in value:
            raise ValueError(f"expected a {tag!r} AttributeValue, got {value!r:.60}")
        return value[tag]

    return pluck


def _document(value: Any) -> DocumentValue:
    """The document value of an AttributeValue; sets and binary are not document values."""
    if type(value) is dict and len(value) == 1:
        text = value.get("S")  # the commonest tags first, without unpacking the map
        if type(text) is str:
            return text
        text = value.get("N")
        if type(text) is str:
            return decode_number(text)
        ((tag, payload),) = value.items()
        if tag == "BOOL" and type(payload) is bool:
            return payload
        if tag == "NULL":
            return None
        if tag == "M" and type(payload) is dict:
            return {str(k): _document(v) for k, v in payload.items()}
        if tag == "L" and type(payload) is list:
            return [_document(v) for v in payload]
    raise ValueError(f"{value!r:.60} is not a document AttributeValue (S, N, BOOL, NULL, L, M)")


def _document_map(values: Any) -> dict[str, DocumentValue]:
    if type(values) is not dict:
        raise ValueError("expected a map of AttributeValues")
    if not values:  # most maps of most items
        return {}
    read: dict[str, DocumentValue] = {}
    for key, value in values.items():  # numbers first: most values of the maps that hold any
        text = value.get("N") if type(value) is dict and len(value) == 1 else None
        read[key] = decode_number(text) if type(text) is str else _document(value)
    return read


def _each(pluck: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def each(values: Any) -> Any:
        if not values:  # an empty list or map (most lists of most items), or no value
            return values
        if isinstance(values, dict):
            return {key: pluck(value) for key, value in values.items()}
        if isinstance(values, list):
            return [pluck(value) for value in values]
        return values

    return each


class _Rewriter(SchemaReader):
    """Rewrites one model's core schema into its wire form."""

    def model(self, node: Schema, prefix: tuple[str, ...]) -> None:
        """Rewrite, in place, the fields of one model schema to read from ``prefix``."""
        for name, field in node["schema"]["fields"].items():
            self.field(name, field, prefix)

    def field(self, name: str, field: Schema, prefix: tuple[str, ...]) -> None:
        inner = field["schema"]
        base = self.base(inner)
        tag = self.tag_of(inner)
        if base.get("type") == "model":
            field["validation_alias"] = [*prefix, name]  # the model reads its own "M"
            return
        if tag is None:
            raise TypeError(f"field {name!r} has no storable type")
        field["validation_alias"] = [*prefix, name, tag]
        if tag == "L":
            self.container(base, base["items_schema"])
        elif tag == "M" and base.get("type") == "dict":
            self.container(base, base["values_schema"])

    def container(self, holder: Schema, items: Schema) -> None:
        """Make a list or map read its elements from their AttributeValues."""
        if self.base(items).get("type") == "model":
            return  # models read their own "M" (rewritten by the global pass)
        tag = self.tag_of(items)
        original = dict(holder)
        holder.clear()
        if tag is None:
            # Free documents: the converter yields exactly the DocumentValue types, so the
            # (costly) union validation of each value would only repeat it.
            holder.update(core_schema.no_info_plain_validator_function(_document_map))
        else:
            holder.update(
                core_schema.no_info_before_validator_function(_each(_pluck(tag)), original)
            )


def _wire_schema(model: type[PersistedEntity]) -> Schema:
    schema: Schema = copy.deepcopy(core_schema_of(model))
    rewriter = _Rewriter(schema)
    for node in models_in(schema):
        top = node.get("cls") is model
        rewriter.model(node, () if top else ("M",))
        if top:
            # PK, SK, GSI keys, entity_type, schema_version and unknown attributes of newer
            # minor versions are not fields: the codec handles them.
            node["config"] = {**node.get("config", {}), "extra_fields_behavior": "ignore"}
            node["schema"]["extra_behavior"] = "ignore"
    return schema


@contextmanager
def _without_prebuilt_validators(classes: list[type[Any]]) -> Iterator[None]:
    # pydantic-core reuses a complete model class's own compiled validator for a nested model
    # node, which would ignore the rewritten aliases; it only does so for classes marked
    # complete, so the mark is lifted while the wire validator is compiled.
    marked = [cls for cls in classes if cls.__dict__.get("__pydantic_complete__")]
    for cls in marked:
        cls.__pydantic_complete__ = False
    try:
        yield
    finally:
        for cls in marked:
            cls.__pydantic_complete__ = True


_BUILD_LOCK: Final = threading.Lock()


@cache
def wire_validator(model: type[PersistedEntity]) -> SchemaValidator:
    """Return the validator reading an item (the Item map of an export line, or a boto3
    response item) into ``model``. Validation errors are pydantic ValidationErrors."""
    return compiled(_wire_schema(model))


def compiled(schema: Schema) -> SchemaValidator:
    """The validator of a rewritten copy of model schemas: compiled from the copy as it is,
    never reusing a model class's own validator for any model in it."""
    classes = [node["cls"] for node in models_in(schema)]
    with _BUILD_LOCK, _without_prebuilt_validators(classes):
        return SchemaValidator(schema)


KEY_ATTRIBUTES: Final = frozenset({"PK", "SK"})
GSI1_ATTRIBUTES: Final = frozenset({"GSI1PK", "GSI1SK"})
META_ATTRIBUTES: Final = frozenset({"entity_type", "schema_version"})
RESERVED_ATTRIBUTES: Final = KEY_ATTRIBUTES | GSI1_ATTRIBUTES | META_ATTRIBUTES
"""Attributes the codec derives; they are never entity fields."""


def holds_only_what_was_read(item: Mapping[str, AttributeValue], entity: PersistedEntity) -> bool:
    """Whether ``item`` holds exactly the fields ``entity`` read from it and reserved
    attributes: nothing unknown, nothing dropped, nothing NULL. Counted, not compared: every
    field read is an attribute and no field is reserved, so the count is exact. False means
    "look": see :func:`unknown_attributes` and :func:`dropped_attributes`."""
    reserved = (  # RESERVED_ATTRIBUTES present, spelled out: this runs for every item read
        ("PK" in item)
        + ("SK" in item)
        + ("GSI1PK" in item)
        + ("GSI1SK" in item)
        + ("entity_type" in item)
        + ("schema_version" in item)
    )
    return len(item) == len(entity.__pydantic_fields_set__) + reserved


def unknown_attributes(
    item: Mapping[str, AttributeValue], entity: PersistedEntity
) -> dict[str, AttributeValue] | None:
    """The attributes of ``item`` that are neither fields of ``entity``'s model nor reserved,
    by name in order (the unknown attributes of a newer minor version), for the item
    ``entity`` was read from; None when the item holds a field's attribute that was not read
    (stored under another type tag: :func:`dropped_attributes` names them)."""
    unread = item.keys() - entity.__pydantic_fields_set__ - RESERVED_ATTRIBUTES
    names = field_names(type(entity))
    if not unread.isdisjoint(names) and dropped_attributes(item, entity):
        return None
    return {name: item[name] for name in sorted(unread - names)}


def dropped_attributes(item: Mapping[str, AttributeValue], entity: PersistedEntity) -> list[str]:
    """Return the attributes of ``item`` that are fields of the entity's model but were not
    read (wrong type tag); NULL-typed ones are fine: they read as absent."""
    present = item.keys() & field_names(type(entity))
    return sorted(name for name in present - entity.model_fields_set if item[name] != NULL_VALUE)
