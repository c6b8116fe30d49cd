"""The form the in-memory table keeps an item in, and what it accepts as one.

The table keeps every item as a snapshot: bytes, as DynamoDB keeps a serialized item. A write
snapshots the item it is given and a read hands out a fresh copy, so callers may change what
they pass in and what they get back, and a large table is not thousands of live dicts that
every garbage collection walks. A snapshot is the item's JSON text (:mod:`orjson`), which
also bounds its DynamoDB size; an item holding binary payloads, which JSON has no form for, is
kept as ``marshal`` bytes behind a NUL byte (JSON text never starts with one).

What a test seeds through the raw view is checked first (:func:`checked_item`): every value
must be an AttributeValue in the low-level client's wire form, nested no deeper than DynamoDB
stores, as DynamoDB refuses anything else. Items the wrapper writes come from the contracts
codec, which builds nothing else.
"""

from __future__ import annotations

import marshal
from collections.abc import Collection, Mapping
from typing import Any, Final

import orjson

from novacat_persistence.contracts.codec.items import check_item_size
from novacat_persistence.contracts.errors import EncodingError
from novacat_persistence.contracts.item_size import MAX_ITEM_BYTES
from novacat_persistence.contracts.nesting import ITEM_TOO_DEEP, item_too_deep
from novacat_persistence.contracts.wire_form import AttributeValue, Item
from novacat_persistence.fake.expressions import invalid

_BINARY: Final = b"\x00"
"""The first byte of a snapshot that is ``marshal`` bytes, not JSON text."""

_JSON_OPTIONS: Final = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
"""Datetimes and dataclasses are no AttributeValue payload: refused, not turned into text."""

_SCALARS: Final[dict[str, type | tuple[type, ...]]] = {
    "S": str,
    "N": str,
    "B": (bytes, bytearray),
    "BOOL": bool,
    "NULL": bool,
}
_SETS: Final[dict[str, type | tuple[type, ...]]] = {
    "SS": str,
    "NS": str,
    "BS": (bytes, bytearray),
}


def freeze(item: Item) -> bytes:
    """The snapshot of ``item``; InputValidationError when it is over DynamoDB's 400 KB or
    holds a value no snapshot can (a datetime, a set, a Decimal: no AttributeValue payload).
    Values are not otherwise checked: :func:`checked_item` does that for hand-built items."""
    try:
        text = orjson.dumps(item, option=_JSON_OPTIONS)
    except TypeError:  # binary payloads, or a value no AttributeValue holds
        return _BINARY + _marshalled(item)
    if len(text) > MAX_ITEM_BYTES:  # JSON text is never shorter than DynamoDB's item size
        _check_size(item)
    # A right-sized copy: kept for the item's lifetime, orjson's own (over-allocated) buffer
    # would make every write of a growing table take fresh memory (three times slower).
    return memoryview(text).tobytes()


def thaw(snapshot: bytes) -> Item:
    """A fresh copy of the item a snapshot holds."""
    if snapshot[0]:
        item: Item = orjson.loads(snapshot)
        return item
    thawed: Item = marshal.loads(memoryview(snapshot)[1:])
    return thawed


def _marshalled(item: Item) -> bytes:
    _check_size(item)  # refuses what is no AttributeValue payload, before marshal tries
    try:
        return marshal.dumps(item)
    except ValueError:  # an object marshal cannot hold (a datetime, a model)
        raise invalid("an attribute value is not a DynamoDB AttributeValue") from None


def _check_size(item: Item) -> None:
    try:
        check_item_size(item)
    except EncodingError as exc:  # DynamoDB answers ValidationException
        raise invalid(exc.message) from None


def checked_item(item: Mapping[str, AttributeValue]) -> Item:
    """``item`` as the low-level client would send it (sets as lists, binary as bytes), or
    InputValidationError naming the first value that is no AttributeValue, or the first
    attribute nested deeper than DynamoDB stores (:mod:`~..contracts.nesting`)."""
    checked = {_name(name): _checked_value(value, name) for name, value in item.items()}
    too_deep = item_too_deep(checked)
    if too_deep is not None:
        raise invalid(f"{too_deep}: {ITEM_TOO_DEEP}")
    return checked


def _checked_value(value: Any, where: str) -> AttributeValue:
    # an AttributeValue is a map of one type tag to a payload of that tag's type
    if not isinstance(value, Mapping) or len(value) != 1:
        raise invalid(f"{where}: {value!r:.80} is not an AttributeValue (one type tag)")
    ((tag, payload),) = value.items()
    if tag == "M" and isinstance(payload, Mapping):
        return {"M": {_name(k): _checked_value(v, f"{where}.{k}") for k, v in payload.items()}}
    if tag == "L" and isinstance(payload, list | tuple):
        return {"L": [_checked_value(v, f"{where}[{i}]") for i, v in enumerate(payload)]}
    if tag in _SETS and _is_set_payload(payload, _SETS[tag]):
        members = [bytes(v) if isinstance(v, bytearray) else v for v in payload]
        if len(set(members)) != len(members):
            raise invalid(f"{where}: the set holds a member twice")
        return {tag: members}
    if tag in _SCALARS and isinstance(payload, _SCALARS[tag]):
        if tag == "NULL" and payload is not True:
            raise invalid(f"{where}: NULL takes the payload True")
        return {tag: bytes(payload) if isinstance(payload, bytearray) else payload}
    raise invalid(f"{where}: {value!r:.80} is not an AttributeValue in wire form")


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise invalid(f"attribute name {name!r:.80} is not a string")
    return name


def _is_set_payload(payload: Any, element: type | tuple[type, ...]) -> bool:
    return (
        isinstance(payload, Collection)
        and not isinstance(payload, str | bytes | Mapping)
        and len(payload) > 0
        and all(isinstance(v, element) for v in payload)
    )


__all__ = ["checked_item", "freeze", "thaw"]
