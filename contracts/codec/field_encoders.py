"""Per-model field encoders, compiled once from the model's core schema.

Each model gets one generated function with a statement per field, the scalar rules written
inline, instead of a generic type dispatch per value. Each rule is the one of
:func:`~.attribute_values.to_attribute_value` (exact numbers, storable strings).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any, Final

from novacat_persistence.contracts.codec.attribute_values import (
    map_key,
    number_text,
    storable_text,
    timestamp_text,
    to_attribute_value,
)
from novacat_persistence.contracts.codec.core_schemas import (
    Schema,
    SchemaReader,
    core_schema_of,
    model_node,
)
from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.nesting import MAX_ATTRIBUTE_LEVELS
from novacat_persistence.contracts.types import uuid_text
from novacat_persistence.contracts.wire_form import AttributeValue

Encoder = Callable[[Any], AttributeValue]
FieldsEncoder = Callable[[Any], dict[str, AttributeValue]]

_SCALARS: Final[dict[str, str]] = {
    "str": '{"S": v if v.isascii() and "\\x00" not in v else storable_text(v)}',
    "uuid": '{"S": uuid_text(v)}',
    "datetime": '{"S": timestamp_text(v)}',
    "enum": '{"S": str_text(v)}',  # every enum here is a StrEnum
    "literal": '{"S": str_text(v)}',
    "int": '{"N": str(v) if -INT_LIMIT < v < INT_LIMIT else number_text(v)}',
    "float": '{"N": number_text(v)}',
    "decimal": '{"N": number_text(v)}',
    "bool": '{"BOOL": v}',
}
"""The AttributeValue of a scalar ``v``, as a Python expression, by core schema type."""

_NAMESPACE: Final[dict[str, Any]] = {
    "storable_text": storable_text,
    "uuid_text": uuid_text,
    "timestamp_text": timestamp_text,
    "str_text": str.__str__,
    "number_text": number_text,
    "INT_LIMIT": 10**38,
}
"""The names the expressions of :data:`_SCALARS` use."""


def _generated(name: str, source: str, names: dict[str, Any]) -> Any:
    namespace = dict(_NAMESPACE, **names)
    exec(compile(source, f"<{name}>", "exec"), namespace)  # built from schemas and _SCALARS
    return namespace[name]


_SCALAR_ENCODERS: Final[dict[str, Encoder]] = {
    kind: _generated("scalar", f"def scalar(v):\n    return {expression}", {})
    for kind, expression in _SCALARS.items()
}
""":data:`_SCALARS` as functions, for values inside lists and maps."""


def _encoder(reader: SchemaReader, schema: Schema, levels: int) -> Encoder:
    """The encoder of a value of ``schema`` that may hold ``levels`` levels of lists and maps
    where it is stored."""
    base = reader.base(schema)
    kind = base.get("type")
    if kind in _SCALAR_ENCODERS:
        return _SCALAR_ENCODERS[kind]
    if kind == "model":
        nested = _compile(base, reader, levels - 1)
        return lambda value: {"M": nested(value)}
    if kind == "list":
        item = _encoder(reader, base["items_schema"], levels - 1)
        return lambda value: {"L": [item(v) for v in value]}
    if kind == "dict" and reader.tag_of(base["values_schema"]) is not None:
        item = _encoder(reader, base["values_schema"], levels - 1)
        return lambda value: {"M": {map_key(k): item(v) for k, v in value.items()}}
    # literals, free documents: the generic path, which refuses a document nested too deep
    return (
        to_attribute_value
        if levels == MAX_ATTRIBUTE_LEVELS
        else partial(to_attribute_value, levels=levels)
    )


def _compile(node: Schema, reader: SchemaReader, levels: int) -> FieldsEncoder:
    """The function returning the AttributeValues of a model's fields that are not None
    (``node``, read in the schema of ``reader``), each field's value holding at most
    ``levels`` levels of lists and maps."""
    lines = ["def fields_of(value):", "    fields = value.__dict__", "    item = {}"]
    encoders: dict[str, Encoder] = {}
    for name, field in node["schema"]["fields"].items():
        kind = reader.base(field["schema"]).get("type")
        expression = _SCALARS.get(kind) if isinstance(kind, str) else None
        if expression is None:
            encoder_name = f"encoder_{len(encoders)}"
            encoders[encoder_name] = _encoder(reader, field["schema"], levels)
            expression = f"{encoder_name}(v)"
        lines += [
            f"    v = fields[{name!r}]",
            "    if v is not None:",
            f"        item[{name!r}] = {expression}",
        ]
    lines.append("    return item")
    encode: FieldsEncoder = _generated("fields_of", "\n".join(lines), encoders)
    return encode


@cache
def fields_encoder(model: type[PersistedEntity]) -> FieldsEncoder:
    """The function returning the AttributeValues of a ``model`` entity's fields that are not
    None, in field order."""
    schema = core_schema_of(model)
    return _compile(model_node(schema, model), SchemaReader(schema), MAX_ATTRIBUTE_LEVELS)


def encode_fields(entity: PersistedEntity) -> dict[str, AttributeValue]:
    """The AttributeValues of an entity's fields that are not None."""
    return fields_encoder(type(entity))(entity)
