"""Reading a plain item in one step, with what to decide decided once per stored version.

Most stored items are plain: of no era, holding each attribute as a field of the model that
reads it (under its type tag, or NULL), as a reserved attribute, or as an attribute of a newer
minor version (unknown), with both timestamps, and, when stamped with an older version the
current model reads alike (:mod:`.direct_reads`), holding no attribute only the current model
reads. A plain read (:func:`plain_read`) gives such an item's entity exactly as the codec's
general reading does (:func:`~.items.decode`): the same validations and upcasts, the same
entity, set fields and provenance. For any other item it answers None, and the general
reading reads it (or says what is wrong with it); so a plain read never decides what an item
is, only that it is plain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from pydantic_core import SchemaValidator

from novacat_persistence.contracts.codec.direct_reads import AlikeRead, keeps_key_fields
from novacat_persistence.contracts.codec.wire import (
    dropped_attributes,
    holds_only_what_was_read,
    unknown_attributes,
    wire_validator,
)
from novacat_persistence.contracts.entities.base import PersistedEntity, Provenance
from novacat_persistence.contracts.wire_form import AttributeValue

StoredItem = Mapping[str, AttributeValue]
PlainRead = Callable[[StoredItem], PersistedEntity | None]
"""The entity of a plain item, as the general reading gives it; None for any other item (never
raises: what fails is the general reading's to say)."""


def plain_read(
    *,
    eras: tuple[Callable[[StoredItem], bool], ...],
    model_for: Callable[[StoredItem], type[PersistedEntity]],
    validator: SchemaValidator | None,
    alike: Mapping[type[PersistedEntity], AlikeRead] | None,
    upcast: Callable[[PersistedEntity], PersistedEntity] | None,
    provenance: Provenance,
) -> PlainRead:
    """The plain read of the items of one entity type stored at one version text.

    ``eras`` identify the items of the eras stamped with that version; ``model_for`` gives
    the model reading an item (its version's, or for a version read alike the current one's),
    ``validator`` that model's wire validator when it is always the same; ``alike`` is how
    each current model reads the older version's items, for a version read alike; ``upcast``
    carries the entity of an older version not read alike to the current model; ``provenance``
    is what the entity of a plain item with nothing unknown records.
    """
    version, as_read = provenance.source_version, provenance.key_fields_as_read
    # What an upcast entity whose upcasters kept its key fields records (keeps_key_fields).
    kept = replace(provenance, key_fields_as_read=True)

    def read(item: StoredItem) -> PersistedEntity | None:
        try:
            for identify in eras:
                if identify(item):
                    return None
            if alike is None:
                entity: PersistedEntity = (
                    validator or wire_validator(model_for(item))
                ).validate_python(item)
            else:
                model = model_for(item)
                older_fields, added = alike[model]
                if not added.isdisjoint(item):  # read in two steps
                    return None
                entity = wire_validator(model).validate_python(item)
        except Exception:  # an era, a refused or odd item: the general reading says what it is
            return None
        read_fields = entity.__pydantic_fields_set__
        if "created_at" not in read_fields or "updated_at" not in read_fields:
            return None  # not stored (or not under its type tag): never invented
        unknown: dict[str, AttributeValue] = {}
        if not holds_only_what_was_read(item, entity):
            if dropped_attributes(item, entity):  # a field stored under another type tag
                return None
            unknown = unknown_attributes(item, type(entity))
        marked = as_read
        if alike is not None:  # what validating the older model's values again sets
            object.__setattr__(entity, "__pydantic_fields_set__", set(older_fields))
        elif upcast is not None:
            try:
                carried = upcast(entity)
            except Exception:  # refused by the current model: the general reading says why
                return None
            marked = keeps_key_fields(entity, carried)
            entity = carried
        entity.attach_read_provenance(
            Provenance(version, unknown, key_fields_as_read=marked)
            if unknown
            else (provenance if marked == as_read else kept)
        )
        return entity

    return read
