"""Reading pydantic-core schemas: what each model field stores, and with which type tag.

The decoder (:mod:`.wire`) and the encoder (:mod:`.field_encoders`) both ask this module, so a
field is written with the same type tag it is read back from.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from novacat_persistence.contracts.entities.base import PersistedEntity

Schema = dict[str, Any]

STRING_TYPES: Final = frozenset({"str", "uuid", "datetime", "date", "enum", "literal"})
NUMBER_TYPES: Final = frozenset({"int", "float", "decimal"})
_WRAPPERS: Final = frozenset(
    {"default", "nullable", "function-after", "function-before", "function-wrap"}
)
_NOT_SCHEMA_KEYS: Final = frozenset({"cls", "metadata", "config", "serialization", "function"})


class SchemaReader:
    """Resolves references and wrappers in one model's core schema."""

    def __init__(self, schema: Schema) -> None:
        self.definitions: Mapping[str, Schema] = (
            {d["ref"]: d for d in schema["definitions"] if "ref" in d}
            if schema.get("type") == "definitions"
            else {}
        )

    def resolve(self, schema: Schema) -> Schema:
        """Follow definition references."""
        while schema.get("type") == "definition-ref":
            schema = self.definitions[schema["schema_ref"]]
        return schema

    def base(self, schema: Schema) -> Schema:
        """The value schema under default, nullable, chain and validator-function wrappers."""
        schema = self.resolve(schema)
        while schema.get("type") in _WRAPPERS or schema.get("type") == "chain":
            inner = schema["steps"][-1] if schema["type"] == "chain" else schema["schema"]
            schema = self.resolve(inner)
        return schema

    def tag_of(self, schema: Schema) -> str | None:
        """The type tag a value of this schema is stored with; None for free documents."""
        kind = self.base(schema).get("type")
        if kind in STRING_TYPES:
            return "S"
        if kind in NUMBER_TYPES:
            return "N"
        if kind == "bool":
            return "BOOL"
        if kind in ("list", "tuple"):
            return "L"
        if kind in ("dict", "model"):
            return "M"
        return None


def core_schema_of(model: type[PersistedEntity]) -> Schema:
    """The model's pydantic-core schema; a model that defers its build to first use
    (``defer_build``) is built now."""
    if not model.__pydantic_complete__:
        model.model_rebuild()
    schema: Schema = model.__pydantic_core_schema__  # type: ignore[assignment]
    return schema


def models_in(node: Any) -> list[Schema]:
    """Every model schema in a core schema tree (inline or in definitions)."""
    found: list[Schema] = []
    if isinstance(node, dict):
        if node.get("type") == "model":
            found.append(node)
        for key, value in node.items():
            if key not in _NOT_SCHEMA_KEYS:
                found.extend(models_in(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(models_in(value))
    return found


def model_node(schema: Schema, model: type[Any]) -> Schema:
    """The model schema of ``model`` inside a core schema tree."""
    return next(node for node in models_in(schema) if node["cls"] is model)


@cache
def field_names(model: type[PersistedEntity]) -> frozenset[str]:
    """The attribute names a model reads."""
    return frozenset(model.model_fields)
