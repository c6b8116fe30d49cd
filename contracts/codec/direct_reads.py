"""When the current model reads an item of an older version itself, in one validation.

The codec reads an item of an older published version with that version's model, then carries
its fields to the current version through the upcasters and validates them with the current
model: two validations. When the steps between give the fields back as they are, or only
rename them (a :class:`~novacat_persistence.contracts.renaming.Renaming`), and the current
model reads every field of the older one exactly as the older one does (a renamed text field
it bounds otherwise is checked by the older model's own rule), the current model reading the
item itself, its attributes renamed, gives the same entity (:func:`alike_read` says when, from
the two models' schemas alone), with one validation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Final, NamedTuple

from pydantic import ValidationError
from pydantic_core import SchemaValidator

from novacat_persistence.contracts.codec.core_schemas import (
    Schema,
    SchemaReader,
    core_schema_of,
    model_node,
)
from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.keys.layouts import key_field_names
from novacat_persistence.contracts.renaming import NO_RENAMING, Renaming
from novacat_persistence.contracts.types import SETTLED_VALIDATORS
from novacat_persistence.contracts.wire_form import NULL_VALUE


class AlikeRead(NamedTuple):
    """How a current model reads the items of an older version's model it reads alike."""

    older_fields: frozenset[str]
    """The fields of the older model, under the current model's names (what reading its
    values again records as set)."""
    added: frozenset[str]
    """The attributes the current model reads and the older one does not, and the current
    names of renamed fields: an item holding one is read in two steps."""
    renaming: Renaming | None = None
    """What the upcasters do, done to the item's attributes first (None: nothing)."""
    checks: tuple[tuple[str, SchemaValidator], ...] = ()
    """The older model's own validator of each renamed text field the current model reads
    more widely, by its stored name: an item whose text one refuses is read in two steps."""

    def taken(self, item: Mapping[str, Any]) -> tuple[frozenset[str], Mapping[str, Any]] | None:
        """For an item the current model reads alike: the fields reading it records as set,
        and its attributes named as the current model reads them; None for an item read in
        two steps (holding an attribute of :attr:`added`, or failing :meth:`passes_checks`)."""
        if not self.added.isdisjoint(item) or not self.passes_checks(item):
            return None
        if self.renaming is None:
            return self.older_fields, item
        renamed, copied = self.renaming.item(item)
        return (self.older_fields | copied if copied else self.older_fields), renamed

    def passes_checks(self, item: Mapping[str, Any]) -> bool:
        """Whether the older model's own checks of renamed fields take ``item``'s texts (an
        absent or NULL attribute reads as absent, as the older model reads it)."""
        for name, validator in self.checks:
            value = item.get(name)
            if value is None or value == NULL_VALUE:
                continue
            text = value.get("S") if type(value) is dict and len(value) == 1 else None
            if type(text) is not str:
                return False
            try:
                validator.validate_python(text)
            except ValidationError:
                return False
        return True


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
        and _settled(field)
    )


def _settled(field: Schema) -> bool:
    """Whether every validator function of a field's schema gives back its own output."""
    return all(function in SETTLED_VALIDATORS for function in _functions(field))


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


def alike_read(
    older: type[PersistedEntity], current: type[PersistedEntity], renaming: Renaming
) -> AlikeRead | None:
    """How ``current`` reads the items of ``older`` itself, when the upcasters from one to
    the other only rename (``renaming``; :data:`~..renaming.NO_RENAMING` when they change
    nothing); None when it cannot.

    It can when both models run the same model validators under the same configuration,
    every field of ``older`` is a field of ``current`` under its new name with the same schema
    and only settled validators (:func:`settled_alike_fields`), but for renamed text fields
    that ``current`` bounds otherwise (the older model's own validator then checks their
    texts: :meth:`AlikeRead.passes_checks`), and each copy's target reads as its source. An
    item holding none of :attr:`AlikeRead.added` and passing the checks, its attributes
    renamed, is then read by ``current`` as the older model's reading carried by the
    upcasters (with the set of fields given)."""
    if not _same_model_rules(older, current):
        return None
    older_fields, current_fields = _fields(older), _fields(current)
    checks = []
    for name, field in older_fields.items():
        theirs = current_fields.get(renaming.renames.get(name, name))
        if theirs is None or not _settled(field):
            return None
        if _validation(field) == _validation(theirs):
            continue
        if name not in renaming.renames or not _texts_alike(field, theirs):
            return None
        checks.append((name, SchemaValidator(field["schema"])))
    for target, source, _, _ in renaming.copies:
        if target not in current_fields or source not in current_fields:
            return None
        if _validation(current_fields[target]) != _validation(current_fields[source]):
            return None
    read = frozenset(renaming.renames.get(name, name) for name in older_fields)
    added = (frozenset(current_fields) - read) | frozenset(renaming.renames.values())
    return AlikeRead(read, added, None if renaming == NO_RENAMING else renaming, tuple(checks))


_TEXT_BOUNDS: Final = frozenset({"pattern", "min_length", "max_length"})
"""What a text schema may check without changing the text."""


def _texts_alike(older: Schema, current: Schema) -> bool:
    """Whether two fields read a text alike but for its bounds (pattern, lengths), with no
    validator function: a text both take is read as that text by both."""
    value = older["schema"]
    if _functions(older) or _functions(current) or SchemaReader(value).base(value)["type"] != "str":
        return False
    unbounded: bool = _unbounded(_validation(older)) == _unbounded(_validation(current))
    return unbounded


def _unbounded(node: Any) -> Any:
    """A schema with the bounds of its text schemas left out."""
    if isinstance(node, list):
        return [_unbounded(v) for v in node]
    if not isinstance(node, dict):
        return node
    text = node.get("type") == "str"
    return {k: _unbounded(v) for k, v in node.items() if not (text and k in _TEXT_BOUNDS)}


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
