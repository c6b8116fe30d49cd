"""Reading a plain item in one step, with what to decide decided once per stored version.

Most stored items are plain: of no era, or of one era whose model reads its items as they are
stored once what the era fills in is filled (no renames, no legacy model); holding each
attribute as a field of the model that reads it (under its type tag, or NULL), as a reserved
attribute, or as an attribute of a newer minor version (unknown), with both timestamps, and,
when the current model reads the older model alike (:mod:`.direct_reads`), holding no attribute
only the current model reads. A plain read (:func:`plain_read`) gives such an item's entity
exactly as the codec's general reading does (:func:`~.items.decode`): the same validations and
upcasts, the same entity, set fields and provenance (its era included). For any other item it
answers None, and the general reading reads it (or says what is wrong with it); so a plain read
never decides what an item is, only that it is plain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, NamedTuple, Protocol, cast, overload

from pydantic_core import SchemaValidator

from novacat_persistence.contracts.codec.direct_reads import AlikeRead, keeps_key_fields
from novacat_persistence.contracts.codec.wire import (
    holds_only_what_was_read,
    unknown_attributes,
    wire_validator,
)
from novacat_persistence.contracts.entities.base import PersistedEntity, Provenance
from novacat_persistence.contracts.wire_form import AttributeValue

StoredItem = Mapping[str, AttributeValue]


class ReadItem(NamedTuple):
    """An entity as the codec's reading gives it, and the attributes its model read."""

    entity: PersistedEntity
    attributes: Mapping[str, AttributeValue]
    """The stored item, or for an era's item that item with its attributes renamed and what
    it lacks filled (``eras.identify_era``), or for an older version read alike its attributes
    renamed as the current model names them: where the entity ``key_fields_as_read``, the
    texts of these attributes are what its fields hold."""
    keys_shown: bool = False
    """Whether a quick read showed the item's keys to be keys the entity may be stored under
    (False: not shown, or not asked)."""


Row = tuple[str, str]
"""An item's entity type and the label of what read it (``<version>[+<era>]``)."""
KeyCheck = Callable[[PersistedEntity, StoredItem, bool], bool]
"""Whether an item's ``PK`` and ``SK`` are shown to be keys its decoded entity (of no legacy
model) may be stored under, given the attributes its model read and whether the entity's key
fields hold what was read from them (``key_fields_as_read``): ``eras.key_check``. False, or
an error, means only "not shown": build the keys."""


class PlainRead(Protocol):
    """The entity of a plain item and the attributes its model read, as the general reading
    gives them; None for any other item (never raises: what fails is the general reading's to
    say). Asked ``quick``, for a plain item with nothing unknown whose keys its key check
    shows, only its :data:`Row` (no entity: nothing else is to be said of it); for any other
    plain item, its :class:`ReadItem` says whether the keys were shown."""

    @overload
    def __call__(self, item: StoredItem) -> ReadItem | None: ...
    @overload
    def __call__(self, item: StoredItem, quick: Literal[True]) -> ReadItem | Row | None: ...


EraCheck = tuple[Callable[[StoredItem], bool], PlainRead | None]
"""An era's test of a stored item, and the plain read of the era's items (None: the general
reading reads them)."""


def plain_read(
    *,
    eras: tuple[EraCheck, ...],
    model_for: Callable[[StoredItem], type[PersistedEntity]],
    validator: SchemaValidator | None,
    alike: Mapping[type[PersistedEntity], AlikeRead] | None,
    current_model_for: Callable[[StoredItem], type[PersistedEntity]],
    upcast: Callable[[PersistedEntity], PersistedEntity] | None,
    provenance: Callable[[bool], Provenance],
    row: Row,
    key_check: KeyCheck,
    filling: Callable[[StoredItem], StoredItem] | None = None,
) -> PlainRead:
    """The plain read of the items of one entity type stored at one version text (or of one
    era of it).

    ``eras`` test for the eras stamped with that version, and read their items plainly where
    they can; ``model_for`` gives the version's (or era's) model reading an item, ``validator``
    that model's wire validator when it is always the same; ``alike`` is how current models
    (``current_model_for``) read the version's items alike, where they do; ``upcast`` carries
    an entity of an older version to the current model; ``provenance`` is what an entity read
    with nothing unknown records, given whether its key fields are as read
    (``key_fields_as_read``). ``row`` is what a quick read gives, ``key_check`` how it shows
    an item's keys (given the attributes read). ``filling``, for an era that fills what its
    items lack, gives what it fills in an item (``eras.filled_in``); the filled item is what
    is read.
    """
    as_read, not_as_read = provenance(True), provenance(False)

    def read(item: StoredItem, quick: bool = False) -> ReadItem | Row | None:
        try:
            era_read: PlainRead | None = None
            for identify, its_read in eras:
                if identify(item):
                    if its_read is None or era_read is not None:  # read in general, or two eras
                        return None
                    era_read = its_read
            if era_read is not None:
                return era_read(item, True) if quick else era_read(item)
            if filling is not None:
                added = filling(item)
                if added:
                    item = {**item, **added}
            older_fields: frozenset[str] | None = None
            attributes = item  # as the model reading them names them
            if alike is not None:
                model = current_model_for(item)
                found = alike.get(model)
                if found is not None:
                    taken = found.taken(item)
                    if taken is None:  # read in two steps
                        return None
                    older_fields, attributes = taken
            if older_fields is not None:
                entity: PersistedEntity = wire_validator(model).validate_python(attributes)
            else:
                entity = (validator or wire_validator(model_for(item))).validate_python(item)
        except Exception:  # an era, a refused or odd item: the general reading says what it is
            return None
        read_fields = entity.__pydantic_fields_set__
        if "created_at" not in read_fields or "updated_at" not in read_fields:
            return None  # not stored (or not under its type tag): never invented
        unknown: dict[str, AttributeValue] = {}
        if not holds_only_what_was_read(attributes, entity):
            unread = unknown_attributes(attributes, entity)
            if unread is None:  # a field stored under another type tag
                return None
            unknown = unread
        marked = True
        if upcast is not None and older_fields is None:
            try:
                carried = upcast(entity)
            except Exception:  # refused by the current model: the general reading says why
                return None
            marked = keeps_key_fields(entity, carried)
            entity = carried
        try:
            shown = quick and key_check(entity, attributes, marked)
        except Exception:  # not shown: the caller builds the keys
            shown = False
        if shown and not unknown:
            return row
        if older_fields is not None:  # what validating the older model's values again sets
            object.__setattr__(entity, "__pydantic_fields_set__", set(older_fields))
        shared = as_read if marked else not_as_read
        entity.attach_read_provenance(
            Provenance(shared.source_version, unknown, shared.era, key_fields_as_read=marked)
            if unknown
            else shared
        )
        return ReadItem(entity, attributes, shown)

    return cast(PlainRead, read)
