"""Entities to DynamoDB items and back: the only place item shapes are decided.

:func:`encode` writes every field that is not None, the keys from the key grammar, the GSI1
keys exactly when the entity belongs in the index (never as NULL or empty), ``entity_type``
and ``schema_version``, and the unknown attributes of a newer minor version that the entity
was read from. :func:`decode` reads an item of any supported version into the current model,
treats NULL-typed attributes as absent, and records the item's provenance.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import SchemaValidator

from novacat_persistence.contracts.codec.direct_reads import (
    AlikeRead,
    alike_read,
    keeps_key_fields,
)
from novacat_persistence.contracts.codec.field_encoders import encode_fields
from novacat_persistence.contracts.codec.plain_reads import PlainRead, ReadItem, Row, plain_read
from novacat_persistence.contracts.codec.wire import (
    dropped_attributes,
    holds_only_what_was_read,
    unknown_attributes,
    wire_validator,
)
from novacat_persistence.contracts.entities.base import PersistedEntity, Provenance
from novacat_persistence.contracts.eras import Era, filled_in, identify_era, key_check, label_of
from novacat_persistence.contracts.errors import (
    EncodingError,
    EntityValidationError,
    UnreadableItemError,
)
from novacat_persistence.contracts.item_size import MAX_ITEM_BYTES, size_over_limit
from novacat_persistence.contracts.keys import gsi1_of, item_key
from novacat_persistence.contracts.keys.build import TEMPLATES_BY_ENTITY_TYPE
from novacat_persistence.contracts.keys.layouts import item_key_of_texts
from novacat_persistence.contracts.keys.parse import (
    ItemTexts,
    attribute_texts,
    lacking_texts_reader,
)
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.versions import (
    KEY_IDENTIFIED,
    EntitySpec,
    EntityVersion,
    parse_version,
    spec_of,
)
from novacat_persistence.contracts.wire_form import NULL_VALUE, AttributeValue, Item


def stamped_version(entity: PersistedEntity) -> str:
    """The schema_version written with an entity: its model's version, or the newer minor of
    the same major it was read from (a rewrite never moves a stored version backwards)."""
    own = entity.SCHEMA_VERSION
    read = entity.read_provenance
    if read is not None and read.source_version != own:
        stored, mine = parse_version(read.source_version), parse_version(own)
        if stored[0] == mine[0] and stored > mine:
            return read.source_version
    return own


def encode(entity: PersistedEntity) -> Item:
    """Return the DynamoDB item of an entity, or raise a typed input error.

    Raises KeyShapeError (a key component breaks the grammar) or EncodingError (a value
    DynamoDB cannot store exactly, an item over 400 KB, or a value of another type than its
    field's, in an entity built without validation); nothing is sent anywhere.
    """
    try:
        item: Item = encode_fields(entity)
    except (AttributeError, TypeError, ValueError, KeyError, OverflowError) as exc:
        raise EncodingError(
            f"{entity.ENTITY_TYPE} holds a value its field's type does not allow "
            f"({type(exc).__name__}: {exc})",
            hint="build entities through their model (validated), not model_construct",
        ) from None
    key = item_key_of_texts(entity, item) or item_key(entity)
    gsi = gsi1_of(entity)
    item["PK"] = {"S": key.pk}
    item["SK"] = {"S": key.sk}
    if gsi is not None:
        item["GSI1PK"] = {"S": gsi.pk}
        item["GSI1SK"] = {"S": gsi.sk}
    item["entity_type"] = {"S": entity.ENTITY_TYPE}
    item["schema_version"] = {"S": stamped_version(entity)}
    read = entity.read_provenance
    if read is not None:
        for name, value in read.unknown_attributes.items():
            item.setdefault(name, value)
    check_item_size(item)
    return item


def check_item_size(item: Item) -> None:
    """Raise EncodingError when an item exceeds DynamoDB's 400 KiB item size (as
    :func:`~novacat_persistence.contracts.item_size.item_size` counts it), or holds a value
    that is no AttributeValue payload."""
    try:
        size = size_over_limit(item)
    except ValueError as exc:
        raise EncodingError(f"item holds {exc}", hint="build items with the codec") from None
    if size is not None:
        raise EncodingError(
            f"item {item['PK']['S']!r}/{item['SK']['S']!r} is {size} bytes; "
            f"DynamoDB's limit is {MAX_ITEM_BYTES}",
            hint="move large content to S3 and store a pointer",
        )


def stored_text(item: Mapping[str, AttributeValue], name: str) -> str | None:
    """The text of an attribute stored as a string or a number (``S`` or ``N``), else None."""
    value = item.get(name)
    if not isinstance(value, dict):
        return None
    text = value.get("S", value.get("N"))
    return text if isinstance(text, str) else None


def stored_string(item: Mapping[str, AttributeValue], name: str) -> str | None:
    """The text of an attribute stored as a string (``S``), else None. A key (``PK``,
    ``SK``) is read so: a table stores keys as strings only."""
    value = item.get(name)
    text = value.get("S") if isinstance(value, dict) else None
    return text if isinstance(text, str) else None


def entity_spec(item: Mapping[str, AttributeValue]) -> EntitySpec:
    """Return the spec of a stored item's ``entity_type`` (or, for an item with none, of the
    entity type recognized by its key), or raise UnreadableItemError."""
    entity_type = stored_text(item, "entity_type")
    spec = spec_of(entity_type) if entity_type is not None else _by_key(item)
    if spec is None:
        raise UnreadableItemError(
            f"item has no known entity_type (found {entity_type!r})",
            hint="only items of the Nova Cat entity types can be read",
        )
    return spec


def _by_key(item: Mapping[str, AttributeValue]) -> EntitySpec | None:
    """The entity type, among those stored without one, whose key shape the item has."""
    pk, sk = stored_string(item, "PK"), stored_string(item, "SK")
    if pk is None or sk is None:
        return None
    return next(
        (
            s
            for s in KEY_IDENTIFIED
            if attribute_texts(TEMPLATES_BY_ENTITY_TYPE[s.entity_type], pk, sk)
        ),
        None,
    )


def _key_texts(entity_type: str) -> ItemTexts:
    """The components of an item's key (:data:`~.eras.KeyTexts`), read only from the key
    shapes of which the item lacks a component (:func:`~.keys.parse.lacking_texts_reader`)."""
    return lacking_texts_reader(tuple(TEMPLATES_BY_ENTITY_TYPE.get(entity_type, ())))


@frozen_record(slots=True)
class _Reader:
    """How items of one entity type stored at one version text are read."""

    spec: EntitySpec
    version: EntityVersion
    normalized: str
    key_texts: ItemTexts
    """The components of an item's key, as the attributes they stand for."""
    eras: tuple[Era, ...]
    """The eras of the entity stamped with the version (tried before validation)."""
    validator: SchemaValidator | None
    """The wire validator of the version's model; None when the version's models are told
    apart per item (a union)."""
    upcast: bool
    """Whether the version is older than the current one (its entities are upcast)."""
    alike: Mapping[type[PersistedEntity], AlikeRead] | None
    """For an older version the current model reads alike (:mod:`.direct_reads`): how each
    current model reads its items; else None."""
    plain_read: PlainRead
    """The one-step read of the version's plain items (:mod:`.plain_reads`)."""


def _new_reader(spec: EntitySpec, version: EntityVersion, normalized: str) -> _Reader:
    alike = _read_alike(spec, version)
    eras = tuple(era for era in spec.eras if era.version == version.version)
    validator = wire_validator(version.models[0]) if len(version.models) == 1 else None
    key_texts = _key_texts(spec.entity_type)
    return _Reader(
        spec,
        version,
        normalized,
        key_texts,
        eras,
        validator,
        version is not spec.current,
        alike,
        plain_read(
            eras=tuple(
                (era.identify, _era_plain_read(spec, version, normalized, era, key_texts))
                for era in eras
            ),
            model_for=version.model_for,
            validator=validator,
            alike=alike,
            current_model_for=spec.current.model_for,
            upcast=_upcast(spec, version),
            provenance=functools.partial(_provenance, normalized, None),
            row=(spec.entity_type, normalized),
            key_check=key_check(spec.entity_type, None),
        ),
    )


def _upcast(
    spec: EntitySpec, version: EntityVersion
) -> Callable[[PersistedEntity], PersistedEntity] | None:
    """How an entity read at ``version`` is carried to the current model; None for the
    current version."""
    if version is spec.current:
        return None
    return functools.partial(spec.upcast_to_current, start=version)


def _era_plain_read(
    spec: EntitySpec,
    version: EntityVersion,
    normalized: str,
    era: Era,
    key_texts: ItemTexts,
) -> PlainRead | None:
    """The plain read of the items of an era that its model reads as they are stored, with
    what the era fills in filled (no renames, no legacy model); None for any other era (the
    general reading reads its items)."""
    if era.renames or era.legacy is not None:
        return None
    own, reads = _era_version(spec, version, era.name, era.model)
    return plain_read(
        eras=(),
        model_for=own.model_for,
        validator=wire_validator(own.models[0]) if len(own.models) == 1 else None,
        alike=reads,
        current_model_for=spec.current.model_for,
        upcast=_upcast(spec, version),
        provenance=functools.partial(_provenance, normalized, era.name),
        row=(spec.entity_type, label_of(normalized, era.name)),
        key_check=key_check(spec.entity_type, era.name),
        filling=(
            functools.partial(filled_in, era, key_texts=key_texts)
            if era.fills or era.from_key
            else None  # an era that fills nothing
        ),
    )


def _read_alike(
    spec: EntitySpec, version: EntityVersion
) -> Mapping[type[PersistedEntity], AlikeRead] | None:
    """How each current model reads the items of an older ``version`` itself, when every
    model of the version is read alike (:func:`_variants_read_alike`); else None (a plain
    read reads a version alike, or in two steps, as a whole)."""
    reads = _variants_read_alike(spec, version)
    return reads if reads is not None and len(reads) == len(version.variants) else None


def _variants_read_alike(
    spec: EntitySpec, version: EntityVersion
) -> Mapping[type[PersistedEntity], AlikeRead] | None:
    """How each current model reads the items of a model of an older ``version`` itself: the
    current model of each tag whose upcasters give its fields back as they are, or only
    rename them, and that reads the older model of the tag alike (:func:`.alike_read`); None
    when there is none (or ``version`` is current)."""
    if version.version == spec.current.version:
        return None
    older, current = version.variants, spec.current.variants
    reads = {}
    for tag, model in older.items():
        renaming = spec.renaming_from(version, tag) if tag in current else None
        read = alike_read(model, current[tag], renaming) if renaming is not None else None
        if read is not None:
            reads[current[tag]] = read
    return reads or None


_READERS: Final[dict[tuple[str, str], _Reader]] = {}
"""(entity_type, stored schema_version text) -> its reader (few: types x versions stored)."""


def _reader(item: Mapping[str, AttributeValue]) -> _Reader:
    try:
        found = (item["entity_type"]["S"], item["schema_version"]["S"])
        return _READERS[found]
    except (KeyError, TypeError):
        pass
    spec = entity_spec(item)
    stored = stored_text(item, "schema_version")
    if stored is None:
        unversioned = spec.unversioned_era
        if unversioned is None or not unversioned.identify(item):
            raise UnreadableItemError(f"{spec.entity_type} item has no schema_version")
        stored = unversioned.version
    found = (spec.entity_type, stored)
    reader = _READERS.get(found)  # stamped as a number, or with no stamp or no entity_type
    if reader is None:
        version, normalized = spec.reader_for(stored)
        reader = _new_reader(spec, version, normalized)
        if len(_READERS) < 1024:  # a bound, whatever an export stamps
            _READERS[found] = reader
    return reader


def decode(item: Mapping[str, AttributeValue]) -> PersistedEntity:
    """Return the current-model entity of a stored item of any supported version.

    Raises UnreadableItemError (unknown entity type, malformed attribute, fields the version's
    model refuses) or UnsupportedSchemaVersionError (an unknown major version). The entity's
    ``read_provenance`` records the stored version and any attributes this reader does not
    know, which :func:`encode` writes back.

    An item of a historical era (``contracts/eras.py``) is recognized before validation: it is
    normalized to its version's attribute names and read as usual, or, when its own fields
    cannot carry it to the current model, read into the era's legacy model (a
    :class:`~novacat_persistence.contracts.entities.LegacyEntity`, never upcast). Either way
    ``read_provenance.era`` names the era.

    An item of an older version that the current model reads alike
    (:mod:`~novacat_persistence.contracts.codec.direct_reads`) is read by the current model
    alone: the same entity as through the older model and the upcasters, in one validation.

    A plain item (:mod:`~novacat_persistence.contracts.codec.plain_reads`), most of those
    read, is read in one step with what to decide decided once per stored version: the same
    entity, provenance and errors.
    """
    entity = decode_plain(item)
    return entity if entity is not None else decode_in_full(item)


def decode_in_full(item: Mapping[str, AttributeValue]) -> PersistedEntity:
    """:func:`decode` of an item :func:`decode_plain` gave None for (not plain, or of a
    version not read before): the same entity or error, without trying the plain read
    again."""
    return _decode(item, alike=True).entity


def read_in_full(item: Mapping[str, AttributeValue]) -> ReadItem:
    """:func:`decode_in_full`'s entity (or error), with the attributes its model read."""
    return _decode(item, alike=True)


def decode_plain(item: Mapping[str, AttributeValue]) -> PersistedEntity | None:
    """The entity :func:`decode` gives for a plain item (:mod:`.plain_reads`: of no era, or of
    one era that reads it as it is stored once what the era fills in is filled, stamped or
    of an unversioned era; read by its model in one step, unknown attributes kept) of a
    version read before; None for any other item, never an error: :func:`decode` reads it,
    or says what is wrong with it."""
    read = read_plain(item)
    return None if read is None else read.entity


def read_plain(item: Mapping[str, AttributeValue]) -> ReadItem | None:
    """:func:`decode_plain`'s entity, with the attributes its model read (as
    :func:`read_in_full` gives them); None where :func:`decode_plain` gives None."""
    read = plain_read_of(item)
    return None if read is None else read(item)


def read_quickly(item: Mapping[str, AttributeValue]) -> ReadItem | Row | None:
    """:func:`read_plain`'s answer, but for a plain item with nothing unknown whose keys are
    shown to be keys its entity may be stored under without building them
    (``eras.keys_shown``), only its entity type and the label of what read it
    (``<version>[+<era>]``): nothing else is to be said of such an item."""
    read = plain_read_of(item)
    return None if read is None else read(item, True)


def plain_read_of(item: Mapping[str, AttributeValue]) -> PlainRead | None:
    """The plain read (:class:`~.plain_reads.PlainRead`) of the version (or unversioned era)
    an item is stored at, when its reader was made before; None for an item no reader reads
    plainly. Called with the item it gives :func:`read_plain`'s answer, asked ``quick``
    :func:`read_quickly`'s."""
    stamp = item.get("schema_version")
    if stamp is None:
        return _unversioned_read(item)
    try:
        return _READERS[item["entity_type"]["S"], stamp["S"]].plain_read
    except (KeyError, TypeError):  # no such reader yet, or no string stamps
        return None


def _unversioned_read(item: Mapping[str, AttributeValue]) -> PlainRead | None:
    """The plain read of an item stored with no ``schema_version``: that of the version its
    entity type's unversioned era reads such items at, for an item of that era (the general
    reading refuses any other) whose reader was made before."""
    try:
        spec = entity_spec(item)
    except UnreadableItemError:
        return None
    era = spec.unversioned_era
    if era is None or not era.identify(item):
        return None
    reader = _READERS.get((spec.entity_type, era.version))
    return None if reader is None else reader.plain_read


def _decode(item: Mapping[str, AttributeValue], *, alike: bool) -> ReadItem:
    """:func:`decode`; ``alike=False`` reads every older version in two steps."""
    reader = _reader(item)
    spec, normalized = reader.spec, reader.normalized
    era_reading = (
        identify_era(reader.eras, reader.version.version, item, reader.key_texts)
        if reader.eras
        else None
    )
    stored = item
    era: str | None = None
    legacy: type[PersistedEntity] | None = None
    if era_reading is None:
        version, reads = reader.version, reader.alike
    else:
        item, era, legacy = era_reading.item, era_reading.era, era_reading.legacy
        version, reads = _era_version(spec, reader.version, era, era_reading.model)
    older_fields: frozenset[str] | None = None
    if alike and reads is not None and legacy is None:
        model = spec.current.model_for(item)
        read = reads.get(model)
        taken = read.taken(item) if read is not None else None
        if taken is not None:
            older_fields, item = taken
    if older_fields is not None:
        validator = wire_validator(model)
    elif legacy is not None:
        validator = wire_validator(legacy)
    elif version is reader.version and reader.validator is not None:
        validator = reader.validator
    else:
        validator = wire_validator(version.model_for(item))
    if (
        item.get("created_at", NULL_VALUE) == NULL_VALUE
        or item.get("updated_at", NULL_VALUE) == NULL_VALUE
    ):
        raise _no_timestamp(item, f"{spec.entity_type} {label_of(normalized, era)}")
    try:
        entity: PersistedEntity = validator.validate_python(item)
    except ValidationError as exc:
        if older_fields is not None:  # the two steps say which step refuses it, and why
            return _decode(stored, alike=False)
        raise UnreadableItemError(
            f"{spec.entity_type} {label_of(normalized, era)} item {_describe_key(item)} "
            f"fails its model: {_summary(exc, item)}"
        ) from None
    unknown: dict[str, AttributeValue] = {}
    if not holds_only_what_was_read(item, entity):  # else nothing unknown, nothing dropped
        if older_fields is not None and dropped_attributes(item, entity):
            return _decode(stored, alike=False)  # the two steps say what is stored wrongly
        unknown = _unread_attributes(item, entity, spec.entity_type)
    # Read by the entity's own model (an era's item: its attributes as the model names them).
    as_read = legacy is None and not reader.upcast
    if older_fields is not None:
        # What the current model's validation of the older model's values records as set.
        object.__setattr__(entity, "__pydantic_fields_set__", set(older_fields))
        as_read = True
    elif reader.upcast and legacy is None:
        older = entity
        try:
            entity = spec.upcast_to_current(older, reader.version)
        except ValidationError as exc:
            raise UnreadableItemError(
                f"{spec.entity_type} {label_of(normalized, era)} item {_describe_key(item)} "
                f"cannot be upcast: {_summary(exc)}"
            ) from None
        as_read = keeps_key_fields(older, entity)
    entity.attach_read_provenance(
        Provenance(normalized, unknown, era, key_fields_as_read=as_read)
        if unknown
        else _provenance(normalized, era, as_read)
    )
    return ReadItem(entity, item)


_PROVENANCES: Final[dict[tuple[str, str | None, bool], Provenance]] = {}
"""The provenance of each way an item with nothing unknown is read (shared: it is frozen)."""


def _provenance(version: str, era: str | None, as_read: bool) -> Provenance:
    """The provenance of an entity read from an item of ``version`` (and ``era``) with no
    unknown attribute."""
    found = (version, era, as_read)
    provenance = _PROVENANCES.get(found)
    if provenance is None:
        provenance = Provenance(version, era=era, key_fields_as_read=as_read)
        if len(_PROVENANCES) < 4096:  # a bound, whatever an export stamps
            _PROVENANCES[found] = provenance
    return provenance


def _no_timestamp(item: Mapping[str, AttributeValue], shape: str) -> UnreadableItemError:
    """The error of an item of ``shape`` (entity type and version) that lacks a timestamp."""
    stamp = next(s for s in _TIMESTAMPS if item.get(s, NULL_VALUE) == NULL_VALUE)
    return UnreadableItemError(
        f"{shape} item {_describe_key(item)} has no {stamp}: a stored item records when it "
        "was written, and a reader never invents it"
    )


_TIMESTAMPS: Final = ("created_at", "updated_at")


_EraVersion = tuple[EntityVersion, Mapping[type[PersistedEntity], AlikeRead] | None]
"""The version whose model reads an era's items, and how each current model reads them alike
(None: none does)."""

_ERA_VERSIONS: Final[dict[tuple[str, str, str], _EraVersion]] = {}
"""(entity type, version, eras found) -> :data:`_EraVersion` (keyed by names: hashing a model
union is slow)."""


def _era_version(spec: EntitySpec, version: EntityVersion, era: str, model: Any) -> _EraVersion:
    """The version whose model reads the items of ``era`` (names joined with ``.``) stamped
    ``version``: the era's own ``model``, if it names one. And, for an era of an older
    version, how each current model that reads that model alike reads them
    (:func:`_variants_read_alike`)."""
    found = (version.entity_type, version.version, era)
    era_version = _ERA_VERSIONS.get(found)
    if era_version is None:
        own = (
            version
            if model is None
            else EntityVersion(version.entity_type, version.version, model, version.upcast)
        )
        reads = _variants_read_alike(spec, own)
        era_version = _ERA_VERSIONS[found] = (own, reads)
    return era_version


def _unread_attributes(
    item: Mapping[str, AttributeValue], entity: PersistedEntity, entity_type: str
) -> dict[str, AttributeValue]:
    """The attributes of ``item`` that ``entity`` did not read and are not reserved (the
    unknown attributes of a newer minor version); raises UnreadableItemError for a field's
    attribute stored with a type its field does not have."""
    unknown = unknown_attributes(item, entity)
    if unknown is None:
        raise UnreadableItemError(
            f"{entity_type} item {_describe_key(item)} stores "
            + ", ".join(
                f"{name!r} as {_shape(item[name])}" for name in dropped_attributes(item, entity)
            )
            + ", a type its field does not have"
        )
    return unknown


def _shape(value: object) -> str:
    """How a stored value is typed: its type tags, or what it is when it is no map."""
    return str(sorted(value)) if isinstance(value, dict) else f"a bare {type(value).__name__}"


def _describe_key(item: Mapping[str, AttributeValue]) -> str:
    return f"{stored_text(item, 'PK')!r}/{stored_text(item, 'SK')!r}"


def _summary(exc: ValidationError, item: Mapping[str, AttributeValue] | None = None) -> str:
    """The first errors, one phrase each; with the ``item`` read, a field whose attribute is
    stored under another type tag than it reads is said so."""
    return "; ".join(_phrase(err, item) for err in exc.errors(include_url=False)[:5])


def _phrase(err: Any, item: Mapping[str, AttributeValue] | None) -> str:
    loc = err["loc"]
    if (
        item is not None
        and err["type"] == "missing"
        and len(loc) == 2
        and loc[0] in item
        and isinstance(loc[1], str)
    ):
        return f"{loc[0]}: stored as {_shape(item[str(loc[0])])}, its field reads {loc[1]}"
    return f"{'.'.join(str(p) for p in loc) or '(item)'}: {err['msg']}"


def validate_entity(model: type[PersistedEntity], fields: Mapping[str, Any]) -> PersistedEntity:
    """Build an entity from caller input, raising EntityValidationError (never pydantic's own
    exception) that lists what was wrong."""
    try:
        entity: PersistedEntity = model.__pydantic_validator__.validate_python(fields)
    except ValidationError as exc:
        raise EntityValidationError(model.ENTITY_TYPE, _summary(exc)) from None
    return entity
