"""DynamoDB's item size: what its 400 KB limit counts, as DynamoDB Local counts it.

An item is at most :data:`MAX_ITEM_BYTES` (409,600 bytes): the sum, over its attributes, of
the name's UTF-8 bytes and the value's size (:func:`value_size`):

- ``S``: its UTF-8 bytes; ``B``: its bytes; ``BOOL`` and ``NULL``: 1;
- ``N``: DynamoDB keeps a number in base 100, so 1 byte, plus 1 for each pair of decimal digits
  from the most significant non-zero digit to the least (pairs aligned on the decimal point:
  ``100`` and ``0.05`` are one pair, ``1.5`` two), plus 1 when negative; zero is 1 byte;
- ``L`` and ``M``: 3 bytes, plus for each element 1 byte and its size (and, in a map, its
  name's UTF-8 bytes);
- ``SS``, ``NS``, ``BS``: the sum of their elements' sizes.

Measured on DynamoDB Local (the size of each kind of value from the longest string an item
holding it takes, one byte more refused): ``tests/suites/test_moto_item_size.py`` holds the
rule to DynamoDB Local at the exact limit, in puts, updates and transactions. The reference
wrapper and the fake refuse an item over the limit before anything is stored; the suites'
moto refuses one as DynamoDB does (moto 5 counts otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import orjson

from novacat_persistence.contracts.wire_form import AttributeValue

MAX_ITEM_BYTES: Final = 400 * 1024
"""DynamoDB's item size limit, in bytes as :func:`item_size` counts them."""


def item_size(item: Mapping[str, AttributeValue]) -> int:
    """The size DynamoDB counts for an item (binary payloads as bytes). Raises ValueError for
    a value that is no AttributeValue (a number text that is no finite number included)."""
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def size_over_limit(item: Mapping[str, AttributeValue]) -> int | None:
    """The item's size (:func:`item_size`) when it is over :data:`MAX_ITEM_BYTES`, else None.
    Raises ValueError for a value that is no AttributeValue, when its size is counted."""
    # The JSON text of an item is never shorter than its size (names and texts quoted, each
    # value's type tag written out, a number's digits at least twice its pairs), so most
    # items are never counted.
    try:
        text = orjson.dumps(item, default=_as_long_as_its_bytes)
    except TypeError as exc:  # a payload that is no string, number text, bytes, list or map
        raise ValueError(f"a value that is no AttributeValue payload ({exc})") from None
    if len(text) <= MAX_ITEM_BYTES:
        return None
    try:
        size = item_size(item)
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"a value that is no AttributeValue payload ({exc})") from None
    return size if size > MAX_ITEM_BYTES else None


def _as_long_as_its_bytes(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return "x" * len(value)
    raise TypeError(type(value).__name__)


def value_size(value: AttributeValue) -> int:
    """The size DynamoDB counts for one attribute value, its name left out (see the module)."""
    if len(value) != 1:
        raise ValueError(f"a value of {len(value)} type tags, not one ({sorted(value)!r:.60})")
    ((tag, payload),) = value.items()
    if tag == "S":
        return len(payload.encode())
    if tag == "N":
        return number_size(payload)
    if tag == "B":
        return len(payload)
    if tag in ("BOOL", "NULL"):
        return 1
    if tag == "L":
        return 3 + sum(1 + value_size(element) for element in payload)
    if tag == "M":
        return 3 + sum(len(k.encode()) + 1 + value_size(v) for k, v in payload.items())
    if tag in _SET_ELEMENTS:
        element = _SET_ELEMENTS[tag]
        return sum(value_size({element: member}) for member in payload)
    raise ValueError(f"a value of an unknown type tag ({tag!r:.20})")


_SET_ELEMENTS: Final = {"SS": "S", "NS": "N", "BS": "B"}


def number_size(text: str) -> int:
    """The size DynamoDB counts for the number an ``N`` text holds (see the module); raises
    ValueError for a text that is no finite number."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"a number text that is no number ({text!r:.40})") from None
    if not number.is_finite():
        raise ValueError(f"a number text that is no finite number ({text!r:.40})")
    if not number:
        return 1
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # a finite number's
    kept = len(digits)
    while digits[kept - 1] == 0:  # trailing zeros are no digits of the stored number
        kept -= 1
    lowest = exponent + len(digits) - kept  # the power of ten of the last non-zero digit
    highest = exponent + len(digits) - 1  # and of the first (a coefficient has no leading 0)
    return 1 + (highest // 2 - lowest // 2 + 1) + sign
