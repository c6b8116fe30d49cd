"""The DynamoDB export line format: one ``{"Item": {...}}`` JSON object per line.

This is the format of DynamoDB's full export to S3 (DYNAMODB_JSON) and of the corpus files.
An incremental export writes one record per item changed in its window instead:
``{"Metadata": {...}, "Keys": {...}, "NewImage": {...}}``, the ``NewImage`` being the item as
stored at the window's end; a deleted item's record has no ``NewImage`` (its ``Keys``, and in
a NEW_AND_OLD_IMAGES export its ``OldImage``). Binary values are base64 text in both, as the
export writes them.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson

from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.errors import UnreadableItemError
from novacat_persistence.contracts.wire_form import Item


class DeletionRecordError(UnreadableItemError):
    """An incremental export's record of a deleted item: it holds no item to read."""


def parse_export_line(line: bytes | str) -> Item:
    """Return the item of one export line (a full export's ``Item``, an incremental export's
    ``NewImage``), or raise UnreadableItemError saying what is wrong (DeletionRecordError for
    an incremental export's record of a deleted item)."""
    try:
        document = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise UnreadableItemError(f"line is not valid JSON: {exc}") from None
    item = document.get("Item") if type(document) is dict else None
    if item is None and type(document) is dict and "Keys" in document:  # incremental export
        item = document.get("NewImage")
        if item is None:
            raise DeletionRecordError(
                "an incremental export's record of a deleted item (Keys, no NewImage): "
                "it holds no item"
            )
    if type(item) is dict:
        mapping, length = dict, len  # looked up once, not once per attribute of every line
        for value in item.values():  # each attribute a map of exactly one type tag to its value
            if value.__class__ is not mapping or length(value) != 1:
                break
        else:
            return item
    raise UnreadableItemError(
        'line is not an export record {"Item": {name: {type tag: value}}} (or an incremental '
        'export\'s {"Keys": ..., "NewImage": {...}}) with exactly one type tag per attribute'
    )


def decode_export_line(line: bytes | str) -> PersistedEntity:
    """Return the current-model entity of one export line (see :func:`items.decode`)."""
    return decode(parse_export_line(line))


def _base64(value: Any) -> str:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def item_to_export_line(item: Item) -> bytes:
    """Return the export line of a wire item (no trailing newline)."""
    return orjson.dumps({"Item": item}, default=_base64)


def full_export_line(line: bytes) -> bytes:
    """An export line in a full export's form: the line itself when it is one (its bytes as
    stored), else ``{"Item": ...}`` of the item an incremental export's record holds.
    UnreadableItemError for a line that holds no item."""
    item = parse_export_line(line)
    return line if "Item" in orjson.loads(line) else item_to_export_line(item)


def encode_export_line(entity: PersistedEntity) -> bytes:
    """Return the export line of an entity (no trailing newline)."""
    return item_to_export_line(encode(entity))
