"""Reading one stored item the way every corpus and export check does, and naming what failed.

:func:`read_line` parses an export line, decodes it with the codec (eras and upcasters
included) and checks that the item's keys are the keys its fields produce (for an era item,
its era's key shape). The outcome is a :class:`Reading`: readable, legacy, or a
:class:`ProblemKind` with a message. Nothing raises for a bad line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from novacat_persistence.contracts import eras, keys, snapshots
from novacat_persistence.contracts.codec.attribute_values import from_attribute_value
from novacat_persistence.contracts.codec.core_schemas import field_names
from novacat_persistence.contracts.codec.export_lines import (
    DeletionRecordError,
    parse_export_line,
)
from novacat_persistence.contracts.codec.items import (
    decode,
    plain_read_of,
    read_in_full,
    read_plain,
    stored_string,
    stored_text,
)
from novacat_persistence.contracts.codec.plain_reads import ReadItem, Row
from novacat_persistence.contracts.codec.wire import RESERVED_ATTRIBUTES
from novacat_persistence.contracts.entities import PersistedEntity, is_legacy
from novacat_persistence.contracts.errors import (
    KeyShapeError,
    UnreadableItemError,
    UnsupportedSchemaVersionError,
)
from novacat_persistence.contracts.versions import ENTITIES, normalize_version
from novacat_persistence.contracts.wire_form import AttributeValue, Item

if TYPE_CHECKING:
    import jsonschema  # type: ignore[import-untyped]  # no stubs in the type environment

UNKNOWN_ENTITY = "(unknown)"
"""The entity a line is counted under when it names no known entity type (or none at all)."""
UNPARSED_VERSION = "-"
"""The version a line is counted under when it has none that can be read."""


class ProblemKind(StrEnum):
    """Why a line could not be read as a stored item of the table."""

    MALFORMED_LINE = "malformed-line"
    """Not JSON, or not an export record ``{"Item": {name: {tag: value}}}`` (nor an incremental
    export's ``{"Keys": ..., "NewImage": {...}}``)."""
    MISSING_KEY = "missing-key"
    """No string ``PK`` or ``SK``."""
    UNKNOWN_ENTITY_TYPE = "unknown-entity-type"
    """No ``entity_type``, or one the contracts do not define."""
    UNSUPPORTED_VERSION = "unsupported-version"
    """A ``schema_version`` this reader cannot read (an unknown major, a malformed string)."""
    INVALID_ITEM = "invalid-item"
    """Attributes the version's (or era's) model refuses."""
    KEY_MISMATCH = "key-mismatch"
    """The stored keys are not the keys the item's fields produce."""
    READER_ERROR = "reader-error"
    """The reader itself failed on the item (a bug to report, never the data's fault alone)."""
    UNREADABLE_FILE = "unreadable-file"
    """The file could not be read on from this line (a corrupt or truncated gzip stream)."""
    OVERSIZED_LINE = "oversized-line"
    """A line longer than any export line of a DynamoDB item can be (skipped unread)."""
    UNREADABLE_PATH = "unreadable-path"
    """An entry under a searched directory that could not be examined or listed, or an
    export-named entry that is no regular file (a FIFO, a device)."""


_NOTHING: Final[Mapping[str, AttributeValue]] = MappingProxyType({})


class Reading(NamedTuple):
    """The outcome of reading one line (a tuple: built once per line of an export)."""

    entity_type: str
    """The stored entity type, or :data:`UNKNOWN_ENTITY`."""
    version: str
    """``<version>[+<era>]`` as read, the stored version text, or :data:`UNPARSED_VERSION`."""
    entity: PersistedEntity | None = None
    """The decoded entity (None when the line is unreadable)."""
    problem: ProblemKind | None = None
    message: str = ""
    item: Item | None = None
    """The parsed item, when the line was an export record."""
    legacy: bool = False
    """Whether the line was read into a legacy model."""
    unknown: Mapping[str, AttributeValue] = _NOTHING
    """The attributes the item's model does not know (a known entity at a known version)."""
    key_shape: str | None = None
    """For an item whose entity type is unknown: the kind of key its PK/SK parse as, if any
    (the key class without ``Key``, e.g. ``Nova``, ``LegacyFileObject``)."""


def _stored_version(item: Item) -> str:
    text = stored_text(item, "schema_version")
    if text is None:
        return UNPARSED_VERSION
    try:
        return normalize_version(text)
    except ValueError:
        return UNPARSED_VERSION


def read_item(item: Item) -> Reading:
    """Decode a parsed item and check its keys; never raises.

    The happy path runs no check twice: only when something fails is the item examined
    again, step by step, to name the first problem.
    """
    read = read_plain(item)
    if read is None:
        return _read_in_full(item)
    return _read_decoded(read.entity, item, read.attributes)


def _read_in_full(item: Item) -> Reading:
    """:func:`read_item` of an item whose plain read gave nothing."""
    try:
        read = read_in_full(item)
    except Exception:  # examined again, to say which step failed
        return _diagnose(item)
    return _read_decoded(read.entity, item, read.attributes)


def _read_decoded(
    entity: PersistedEntity,
    item: Item,
    read_from: Mapping[str, AttributeValue] | None = None,
    *,
    shown: bool = False,
) -> Reading:
    """:func:`read_item` of an item, given the entity ``decode`` gives it and the attributes
    its model read (``ReadItem.attributes``; the item itself when not given), and whether its
    keys were shown already (``ReadItem.keys_shown``)."""
    try:
        matched = shown or eras.keys_shown(entity, item if read_from is None else read_from)
        if not matched:  # not shown: built from its fields
            found = eras.stored_keys(entity)
            pk, sk = item["PK"]["S"], item["SK"]["S"]
    except Exception:  # examined again below, to say which step failed
        return _diagnose(item)
    provenance = entity.read_provenance
    assert provenance is not None  # decode records it
    era = provenance.era
    if era is None:  # the common case; legacy models are read only as eras
        version, legacy = provenance.source_version, False
    else:
        version, legacy = eras.label_of(provenance.source_version, era), is_legacy(entity)
    unknown = provenance.unknown_attributes
    if matched or (pk, sk) in found:
        return Reading(entity.ENTITY_TYPE, version, entity, None, "", item, legacy, unknown)
    key = found[0]
    return Reading(
        entity.ENTITY_TYPE,
        version,
        entity,
        ProblemKind.KEY_MISMATCH,
        f"stored under {pk!r}/{sk!r}, its fields give {key.pk!r}/{key.sk!r}",
        item,
        legacy,
        unknown,
    )


def _diagnose(item: Item) -> Reading:
    """The reading of an item that failed somewhere: the first check it fails, in order."""
    entity_type = stored_string(item, "entity_type")
    if entity_type is None or entity_type not in ENTITIES:
        stored = item.get("entity_type")
        return Reading(
            UNKNOWN_ENTITY,
            UNPARSED_VERSION,
            problem=ProblemKind.UNKNOWN_ENTITY_TYPE,
            message=(
                f"entity_type {entity_type!r} is not an entity type of the table"
                if entity_type is not None or stored is None
                else f"entity_type is stored as {stored!r:.60}, not a string (S)"
            ),
            item=item,
            key_shape=_key_shape(item),
        )
    pk, sk = stored_string(item, "PK"), stored_string(item, "SK")
    if pk is None or sk is None:
        return _failed(
            item, entity_type, ProblemKind.MISSING_KEY, "the item has no string PK and SK"
        )
    try:
        eras.stored_key(decode(item))
    except UnsupportedSchemaVersionError as exc:
        return _failed(item, entity_type, ProblemKind.UNSUPPORTED_VERSION, str(exc))
    except UnreadableItemError as exc:
        return _failed(item, entity_type, ProblemKind.INVALID_ITEM, str(exc))
    except KeyShapeError as exc:
        return _failed(item, entity_type, ProblemKind.KEY_MISMATCH, f"{pk!r}/{sk!r}: {exc}")
    except Exception as exc:  # a reader bug: reported as such, never raised
        return _failed(item, entity_type, ProblemKind.READER_ERROR, f"{type(exc).__name__}: {exc}")
    return _failed(item, entity_type, ProblemKind.READER_ERROR, "failed once, then read")


def _failed(item: Item, entity_type: str, kind: ProblemKind, message: str) -> Reading:
    return Reading(
        entity_type,
        _stored_version(item),
        problem=kind,
        message=message,
        item=item,
        unknown=_unknown_attributes(item, entity_type),
    )


def _unknown_attributes(item: Item, entity_type: str) -> Mapping[str, AttributeValue]:
    """The attributes of an item that failed that its version's model (or era's) does not
    know; none when its version cannot be read."""
    spec = ENTITIES[entity_type]
    try:
        version, _ = spec.reader_for(stored_string(item, "schema_version") or "")
        era = eras.identify_era(spec.eras, version.version, item) if spec.eras else None
        if era is not None:
            item, model = era.item, era.legacy or version.model_for(era.item)
        else:
            model = version.model_for(item)
    except Exception:  # no version or shape to compare with: no drift to tell
        return _NOTHING
    known = field_names(model) | RESERVED_ATTRIBUTES
    return {name: value for name, value in item.items() if name not in known}


def _key_shape(item: Item) -> str | None:
    """What kind of key an item's PK/SK are, current or legacy; None when neither."""
    pk, sk = stored_string(item, "PK"), stored_string(item, "SK")
    if pk is None or sk is None:
        return None
    for parse in (keys.parse, keys.parse_legacy):
        try:
            return type(parse(pk, sk)).__name__.removesuffix("Key")
        except KeyShapeError:
            continue
    return None


def read_line(line: bytes | str) -> Reading:
    """Parse one export line and read its item (see :func:`read_item`); never raises. An
    incremental export's record of a deleted item reads as :data:`DELETION_RECORD`."""
    try:
        item = parse_export_line(line)
    except UnreadableItemError as exc:
        return _unparsed(exc)
    return read_item(item)


DELETION_RECORD: Final = Reading(
    UNKNOWN_ENTITY,
    UNPARSED_VERSION,
    message="an incremental export's record of a deleted item: it holds no item to read",
)
"""What a line of an incremental export that records a deletion reads as (this very object:
test with ``is``): no item, no problem."""


def _unparsed(exc: UnreadableItemError) -> Reading:
    """The reading of a line whose parse gave no item: a deletion record, or a malformed line."""
    if isinstance(exc, DeletionRecordError):
        return DELETION_RECORD
    return Reading(
        UNKNOWN_ENTITY, UNPARSED_VERSION, problem=ProblemKind.MALFORMED_LINE, message=str(exc)
    )


def read_plainly(line: bytes | str) -> Row | Reading:
    """What :func:`read_line` says of a line, the quick way for a plain line with nothing to
    report (most of any export): for such a line, only its ``(entity type, version)``; for
    any other, its :class:`Reading`.

    A plain line is an export record of a plain item (``read_plain``: of no era, or of one
    era that reads it as it is stored once filled; read by its model in one step) with no
    unknown attribute, whose keys are shown, without building them, from the attributes its
    model read or its fields (``eras.keys_shown``; ``items.read_quickly``). Never raises.
    """
    try:
        item = parse_export_line(line)
    except UnreadableItemError as exc:
        return _unparsed(exc)
    plain = plain_read_of(item)  # read_quickly, a call fewer: this runs for every line
    read = None if plain is None else plain(item, True)
    if read is None:  # not plain: read in full
        return _read_in_full(item)
    if not isinstance(read, ReadItem):  # plain, nothing unknown, keys shown: its row alone
        return read
    return _read_decoded(read.entity, item, read.attributes, shown=read.keys_shown)


_KEPT_ATTRIBUTES: Final = ("PK", "SK", "entity_type")
"""What a report keeps of an item (its drift tallies name the first item's keys)."""


def kept_for_report(reading: Reading) -> Reading:
    """What a report keeps of a reading, to record it later: no entity, of the item only its
    keys and entity type, of each unknown attribute only its type tags (payloads left out)."""
    item = reading.item
    return Reading(  # built, not _replace()d: this runs for every line with drift
        reading.entity_type,
        reading.version,
        None,
        reading.problem,
        reading.message,
        None if item is None else {n: item[n] for n in _KEPT_ATTRIBUTES if n in item},
        reading.legacy,
        {name: dict.fromkeys(value, "") for name, value in reading.unknown.items()},
        reading.key_shape,
    )


def plain(item: Item) -> dict[str, Any]:
    """The item's attributes as plain values, as its JSON Schema snapshot describes them:
    type tags removed, NULL-typed attributes absent. ValueError for a malformed one."""
    return {name: from_attribute_value(v) for name, v in item.items() if "NULL" not in v}


@cache
def snapshot_validator(entity_type: str, label: str) -> jsonschema.Draft202012Validator:
    """The validator of the published snapshot of an entity's version or era (``label``).

    Raises KeyError when the entity has no such version or era, OSError when the snapshot
    file is missing.
    """
    spec = ENTITIES[entity_type]
    version, _, era = label.partition("+")
    path = (
        snapshots.era_snapshot_path(spec, eras.era_named(entity_type, era))
        if era
        else snapshots.snapshot_path(spec.version(version))
    )
    schema = json.loads(path.read_text(encoding="utf-8"))
    import jsonschema  # noqa: PLC0415  # only corpus checks validate: a replay never imports it

    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(reading: Reading, label: str) -> list[str]:
    """The ways a read item breaks the snapshot of ``label`` (its version or era)."""
    if reading.item is None:
        return ["the line holds no item"]
    try:
        validator = snapshot_validator(reading.entity_type, label)
    except (KeyError, OSError) as exc:
        return [f"no snapshot of {reading.entity_type} {label}: {exc}"]
    try:
        values = plain(reading.item)
    except ValueError as exc:  # an attribute no JSON Schema can describe
        return [f"(item): {exc}"]
    errors = sorted(validator.iter_errors(values), key=lambda e: list(e.path))
    return [f"{'.'.join(map(str, e.path)) or '(item)'}: {e.message:.200}" for e in errors[:5]]
