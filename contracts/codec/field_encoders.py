"""Per-model field encoders, compiled once from the model's core schema.

Encoding an entity then runs one small function per set field instead of a generic type
dispatch per value. Each encoder applies the same rules as
:func:`~.attribute_values.to_attribute_value` (exact numbers, storable strings).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from novacat_persistence.contracts.codec.attribute_values import (
    number_text,
    storable_text,
    timestamp_text,
    to_attribute_value,
)
from novacat_persistence.contracts.codec.core_schemas import Schema, SchemaReader, model_node
from novacat_persistence.contracts.entities.base import AttributeValue, PersistedEntity
from novacat_persistence.contracts.types import uuid_text

Encoder = Callable[[Any], AttributeValue]
FieldEncoders = tuple[tuple[str, Encoder], ...]

_INT_LIMIT = 10**38


def _string(value: str) -> AttributeValue:
    if "\x00" in value or not value.isascii():
        storable_text(value)  # raises EncodingError when DynamoDB cannot store it
    return {"S": value}


def _literal(value: Any) -> AttributeValue:
    return {"S": str.__str__(value)}


def _integer(value: int) -> AttributeValue:
    if -_INT_LIMIT < value < _INT_LIMIT:
        return {"N": str(value)}
    return {"N": number_text(value)}


def _number(value: Any) -> AttributeValue:
    return {"N": number_text(value)}


_SCALARS: dict[str, Encoder] = {
    "str": _string,
    "uuid": lambda value: {"S": uuid_text(value)},
    "datetime": lambda value: {"S": timestamp_text(value)},
    "enum": lambda value: {"S": str.__str__(value)},  # every enum here is a StrEnum
    "literal": _literal,
    "int": _integer,
    "float": _number,
    "decimal": _number,
    "bool": lambda value: {"BOOL": value},
}


def _encoder(reader: SchemaReader, schema: Schema) -> Encoder:
    base = reader.base(schema)
    kind = base.get("type")
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "model":
        nested = _compile(base)
        return lambda value: {"M": _encode_fields(value, nested)}
    if kind == "list":
        item = _encoder(reader, base["items_schema"])
        return lambda value: {"L": [item(v) for v in value]}
    if kind == "dict" and reader.tag_of(base["values_schema"]) is not None:
        item = _encoder(reader, base["values_schema"])
        return lambda value: {"M": {storable_text(k): item(v) for k, v in value.items()}}
    return to_attribute_value  # literals, free documents: the generic path


def _compile(node: Schema, reader: SchemaReader | None = None) -> FieldEncoders:
    reader = reader or SchemaReader(node)
    return tuple(
        (name, _encoder(reader, field["schema"]))
        for name, field in node["schema"]["fields"].items()
    )


def _encode_fields(value: Any, encoders: FieldEncoders) -> dict[str, AttributeValue]:
    fields = value.__dict__
    return {name: encode(v) for name, encode in encoders if (v := fields[name]) is not None}


@cache
def field_encoders(model: type[PersistedEntity]) -> FieldEncoders:
    """The encoders of a model's fields, in field order."""
    schema: Schema = model.__pydantic_core_schema__  # type: ignore[assignment]
    return _compile(model_node(schema, model), SchemaReader(schema))


def encode_fields(entity: PersistedEntity) -> dict[str, AttributeValue]:
    """The AttributeValues of an entity's fields that are not None."""
    return _encode_fields(entity, field_encoders(type(entity)))
