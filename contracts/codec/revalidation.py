"""Validating the fields an upcast carries, without validating again what cannot change.

Upcasting an entity (``EntitySpec.upcast_to_current``) validates the fields the upcasters
carried with the current model. Entities are frozen, so each field of the entity read holds
what its field's validation gave. Where the current model has that field with the same schema,
every validator in it settled (:func:`~.direct_reads.settled_alike_fields`), validating that
value again gives it back unchanged. The current model's *revalidator* passes such fields on
as they are when they hold containers (lists, maps, documents, nested models: what costs most
to validate again; a document's union was most of an upcast's cost), validates every other
field and runs the model's own validators as usual. It is used only when the upcasters handed
on the very objects read (an ``is`` test per field passed on): the entity, its set fields and
any error are then those of validating every field again.
"""

from __future__ import annotations

import copy
from functools import cache
from operator import is_
from typing import Any, Final

from pydantic import BaseModel
from pydantic_core import SchemaValidator, core_schema

from novacat_persistence.contracts.codec.core_schemas import (
    SchemaReader,
    core_schema_of,
    model_node,
)
from novacat_persistence.contracts.codec.direct_reads import settled_alike_fields
from novacat_persistence.contracts.codec.wire import compiled
from novacat_persistence.contracts.entities.base import PersistedEntity

_CONTAINERS: Final = frozenset(
    {"list", "tuple", "set", "frozenset", "dict", "model", "union", "tagged-union"}
)
"""Value schemas whose validation walks what they hold (a document is a union)."""


@cache
def _revalidator(
    older: type[BaseModel], current: type[PersistedEntity]
) -> tuple[tuple[str, ...], SchemaValidator] | None:
    """The container fields ``current`` passes on as ``older`` validated them, and the
    validator of ``current`` that does so; None when there is no such field."""
    if not issubclass(older, PersistedEntity):
        return None
    schema = copy.deepcopy(core_schema_of(current))
    fields = model_node(schema, current)["schema"]["fields"]
    reader = SchemaReader(schema)
    names = tuple(
        sorted(
            name
            for name in settled_alike_fields(older, current)
            if reader.base(fields[name]["schema"]).get("type") in _CONTAINERS
        )
    )
    if not names:
        return None
    for name in names:
        field = fields[name]
        holder = field["schema"] if field["schema"]["type"] == "default" else field
        holder["schema"] = core_schema.any_schema()  # a missing field still takes its default
    return names, compiled(schema)


def revalidate(
    read: BaseModel, current: type[PersistedEntity], fields: dict[str, Any]
) -> PersistedEntity:
    """``current``'s validation of ``fields``, which upcasters carried from ``read`` (an entity
    an older model validated): the same entity and set fields, or the same ValidationError."""
    found = _revalidator(type(read), current)
    if found is not None:
        names, validator = found
        before = read.__dict__
        if all(map(is_, map(fields.get, names), map(before.get, names))):
            entity: PersistedEntity = validator.validate_python(fields)
            return entity
    validated: PersistedEntity = current.__pydantic_validator__.validate_python(fields)
    return validated
