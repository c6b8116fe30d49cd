"""When the current model reads an item of an older version itself, in one validation.

The codec reads an item of an older published version with that version's model, then carries
its fields to the current version through the upcasters and validates them with the current
model: two validations. When the versions between are minor steps that change no field (their
upcasters give the fields back as they are) and the current model reads every field of the
older one exactly as the older one does, the current model reading the item itself gives the
same entity (:func:`reads_alike` says when, from the two models' schemas alone), with one
validation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, Final, NamedTuple

from novacat_persistence.contracts.codec.core_schemas import Schema, core_schema_of, model_node
from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.keys.layouts import key_field_names
from novacat_persistence.contracts.types import SETTLED_VALIDATORS


class AlikeRead(NamedTuple):
    """How a current model reads the items of an older version's model it reads alike."""

    older_fields: frozenset[str]
    """The fields of the older model (what reading its values again records as set)."""
    added: frozenset[str]
    """The attributes the current model reads and the older one does not: an item holding
    one is read in two steps."""


_FUNCTIONS: Final = frozenset(
    {"function-before", "function-after", "function-wrap", "function-plain"}
)
_NOT_VALIDATION: Final = frozenset({"metadata", "serialization", "ref"})
"""Schema members that take no part in validation (JSON Schema hooks, serializers, the
reference naming a model's own schema)."""


def _validation(node: Any) -> Any:
    """A schema with what takes no part in validation left out."""
    if isinstance(node, dict):
        return {k: _validation(v) for k, v in node.items() if k not in _NOT_VALIDATION}
    if isinstance(node, list):
        return [_validation(v) for v in node]
    return node


def _functions(node: Any) -> list[Callable[..., Any]]:
    """Every validator function of a schema."""
    if isinstance(node, list):
        return [f for value in node for f in _functions(value)]
    if not isinstance(node, dict):
        return []
    found = []
    if node.get("type") in _FUNCTIONS:
        holder = node["function"]
        found.append(holder["function"] if isinstance(holder, dict) else holder)
    for key, value in node.items():
        if key not in _NOT_VALIDATION and key != "function":
            found += _functions(value)
    return found


def _above_model(schema: Schema, model: type[PersistedEntity]) -> list[Any]:
    """The model validators wrapped around a model's schema, outermost first."""
    wrappers = []
    node = schema["schema"] if schema.get("type") == "definitions" else schema
    while node.get("cls") is not model:
        wrappers.append(_validation({k: v for k, v in node.items() if k != "schema"}))
        node = node["schema"]
    return wrappers


def _same_model_rules(older: type[PersistedEntity], current: type[PersistedEntity]) -> bool:
    """Whether both models run the same model validators, initializers and configuration
    around their fields (what, beside a field's own schema, decides what it reads)."""
    older_schema, current_schema = core_schema_of(older), core_schema_of(current)
    if _above_model(older_schema, older) != _above_model(current_schema, current):
        return False
    older_node, current_node = model_node(older_schema, older), model_node(current_schema, current)
    for member in ("custom_init", "root_model", "post_init"):
        if older_node.get(member) != current_node.get(member):
            return False
    untitled = [
        {k: v for k, v in n.get("config", {}).items() if k != "title"}
        for n in (older_node, current_node)
    ]
    if untitled[0] != untitled[1]:
        return False
    older_fields, current_fields = older_node["schema"], current_node["schema"]
    return all(
        older_fields.get(member) == current_fields.get(member)
        for member in ("extra_behavior", "computed_fields", "strict", "from_attributes")
    )


def _fields(model: type[PersistedEntity]) -> dict[str, Any]:
    """A model's field schemas, by name."""
    fields: dict[str, Any] = model_node(core_schema_of(model), model)["schema"]["fields"]
    return fields


@cache
def reads_alike(older: type[PersistedEntity], current: type[PersistedEntity]) -> bool:
    """Whether ``current`` reads every attribute ``older`` reads as ``older`` does: every field
    of ``older`` is a field of ``current`` with the same schema (type, constraints, default and
    validators), both models run the same model validators under the same configuration, and
    every validator function in those fields is one that gives back its own output unchanged
    (:data:`~novacat_persistence.contracts.types.SETTLED_VALIDATORS`), so that validating the
    older model's values again changes nothing.

    Then, for an item holding no attribute that ``current`` reads and ``older`` does not, the
    current model's reading of it is the older model's reading validated again by the current
    model (with the set of fields given: every field of ``older``)."""
    settled = settled_alike_fields(older, current)
    return _same_model_rules(older, current) and settled.issuperset(_fields(older))


@cache
def settled_alike_fields(
    older: type[PersistedEntity], current: type[PersistedEntity]
) -> frozenset[str]:
    """The fields of ``older`` that ``current`` has with the same schema (type, constraints,
    default and validators), every validator function in it one that gives back its own
    output unchanged (:data:`~novacat_persistence.contracts.types.SETTLED_VALIDATORS`): a
    value ``older``'s validation gave such a field, validated again by ``current``'s, is
    given back unchanged."""
    older_fields, current_fields = _fields(older), _fields(current)
    return frozenset(
        name
        for name, field in older_fields.items()
        if name in current_fields
        and _validation(field) == _validation(current_fields[name])
        and all(function in SETTLED_VALIDATORS for function in _functions(field))
    )


@cache
def reads_fields_alike(
    older: type[PersistedEntity], current: type[PersistedEntity], names: frozenset[str]
) -> bool:
    """Whether ``current`` would read each attribute of ``names`` as ``older`` read it: each is
    a field of both with the same schema, and both models run the same model validators under
    the same configuration. Then a value ``older`` read from an attribute's text is what
    ``current`` reads from it."""
    if not _same_model_rules(older, current):
        return False
    older_fields, current_fields = _fields(older), _fields(current)
    return all(
        name in older_fields
        and name in current_fields
        and _validation(older_fields[name]) == _validation(current_fields[name])
        for name in names
    )


@cache
def _key_fields_read_alike(
    older: type[PersistedEntity], current: type[PersistedEntity]
) -> tuple[str, ...] | None:
    """The key fields of ``current``, when ``older`` reads each of them as ``current`` does;
    else None."""
    names = key_field_names(current)
    return tuple(sorted(names)) if names and reads_fields_alike(older, current, names) else None


_ABSENT: Final = object()


def keeps_key_fields(read: PersistedEntity, upcast: PersistedEntity) -> bool:
    """Whether ``upcast``, the entity upcasters gave for ``read`` (an older model's reading of
    an item), holds in every key field the very value ``read`` read, and ``read``'s model
    reads each of those fields as ``upcast``'s model does: the item's texts of them then
    stand for ``upcast``'s key fields, as if its own model had read them."""
    names = _key_fields_read_alike(type(read), type(upcast))
    if names is None:
        return False
    before, after = read.__dict__, upcast.__dict__
    return all(before.get(name, _ABSENT) is after.get(name) for name in names)
