"""Python values to DynamoDB AttributeValues and back, exactly.

Encoding refuses what DynamoDB cannot store exactly: NaN and infinities, numbers beyond 38
significant digits or outside DynamoDB's range, floats whose binary value needs more digits,
strings with NUL or lone surrogates, empty sets, documents nested deeper than an attribute
holds (:mod:`~novacat_persistence.contracts.nesting`). Decoding turns ``N`` into ``int`` when the
text is integral and into ``Decimal`` otherwise, ``NULL`` into None, sets into frozensets, and
base64 text of an export's ``B`` into bytes.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final
from uuid import UUID

from pydantic import BaseModel

from novacat_persistence.contracts.errors import EncodingError
from novacat_persistence.contracts.nesting import MAX_ATTRIBUTE_LEVELS
from novacat_persistence.contracts.types import format_utc, uuid_text
from novacat_persistence.contracts.wire_form import AttributeValue

MAX_NUMBER_DIGITS: Final = 38
"""DynamoDB keeps at most 38 significant digits."""
MIN_EXPONENT: Final = -130
MAX_EXPONENT: Final = 125
"""DynamoDB numbers range over 1E-130 .. 9.99...E+125 in magnitude (and zero)."""


def timestamp_text(value: datetime) -> str:
    """Return the stored text of an instant (:func:`~.types.format_utc`), or raise
    EncodingError for a naive datetime."""
    try:
        return format_utc(value)
    except ValueError as exc:
        raise EncodingError(str(exc), hint="convert it with astimezone(UTC) first") from None


def storable_text(value: str) -> str:
    """Return ``value`` if DynamoDB can store it exactly, else raise EncodingError."""
    if "\x00" in value:
        raise EncodingError(f"string {value!r:.60} contains NUL", hint="remove the NUL character")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise EncodingError(
                f"string {value!r:.60} is not valid UTF-8 (lone surrogate)",
                hint="pass well-formed Unicode text",
            ) from exc
    return value


def map_key(key: str) -> str:
    """Return ``key`` if DynamoDB takes it as the name of a map's entry, else raise
    EncodingError: it refuses an empty attribute name at any depth ("Empty attribute name")."""
    if not key:
        raise EncodingError(
            "a map holds an entry named '' (DynamoDB refuses an empty attribute name, at any "
            "depth)",
            hint="name every entry of a map",
        )
    return storable_text(key)


def significant_digits(value: Decimal) -> int:
    """How many significant digits a finite number has, as DynamoDB counts them: from its
    first non-zero digit to its last (``100`` and ``0.00100`` have one; zero has none)."""
    # Context-free on purpose: normalize() would round to the context precision (28 digits).
    coefficient = value.as_tuple().digits
    first, last = 0, len(coefficient)
    while last > first and not coefficient[last - 1]:
        last -= 1
    while first < last and not coefficient[first]:
        first += 1
    return last - first


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise EncodingError(f"{value} cannot be stored", hint="DynamoDB has no NaN or infinity")
    if value.is_zero():
        return "0"
    digits = significant_digits(value)
    if digits > MAX_NUMBER_DIGITS:
        raise EncodingError(
            f"{value} has {digits} significant digits; DynamoDB keeps {MAX_NUMBER_DIGITS}",
            hint="round it explicitly before storing",
        )
    if not MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        raise EncodingError(f"{value} is outside DynamoDB's number range 1E-130..9.99E+125")
    return str(value)


def number_text(value: int | float | Decimal) -> str:
    """Return the exact ``N`` text of a number, or raise EncodingError."""
    if isinstance(value, bool):
        raise EncodingError("a boolean is not a number")
    if isinstance(value, int):
        text = str(value)
        if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
            return _decimal_text(Decimal(value))
        return text
    if isinstance(value, float):
        text = repr(value)
        if "e" not in text and "n" not in text:  # 17 digits at most, no exponent: storable
            return text
        return _decimal_text(Decimal(text))
    return _decimal_text(value)


def _number(value: int | float | Decimal) -> AttributeValue:
    return {"N": number_text(value)}


def _string(value: str) -> AttributeValue:
    return {"S": storable_text(value)}


def _set(value: frozenset[Any] | set[Any]) -> AttributeValue:
    if not value:
        raise EncodingError("DynamoDB cannot store an empty set", hint="use an empty list")
    if all(isinstance(v, str) for v in value):
        return {"SS": sorted(storable_text(v) for v in value)}
    if all(isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in value):
        return {"NS": sorted(number_text(v) for v in value)}
    if all(isinstance(v, bytes) for v in value):
        return {"BS": sorted(value)}
    raise EncodingError("a set must hold only strings, only numbers or only bytes")


def _too_deep() -> EncodingError:
    return EncodingError(
        f"a document nests lists and maps more than {MAX_ATTRIBUTE_LEVELS} levels deep "
        f"(DynamoDB stores at most {MAX_ATTRIBUTE_LEVELS} in an attribute)",
        hint="flatten the document",
    )


# The containers below fill their elements in a loop: a comprehension would build a closure
# over ``levels`` for every list and map encoded (measured: a third slower on nested maps).


def _element(value: Any, levels: int) -> AttributeValue:
    """The AttributeValue of a list's or map's element, which may hold ``levels`` levels."""
    scalar = _SCALARS.get(type(value))
    return scalar(value) if scalar is not None else to_attribute_value(value, levels)


def _list(value: list[Any] | tuple[Any, ...], levels: int) -> AttributeValue:
    if levels < 1:
        raise _too_deep()
    elements = []
    for element in value:
        elements.append(_element(element, levels - 1))
    return {"L": elements}


def _map(value: Mapping[str, Any], levels: int) -> AttributeValue:
    if levels < 1:
        raise _too_deep()
    entries = {}
    for key, element in value.items():
        entries[map_key(key)] = _element(element, levels - 1)
    return {"M": entries}


def _model(value: BaseModel, levels: int) -> AttributeValue:
    if levels < 1:
        raise _too_deep()
    entries = {}
    for name, element in value.__dict__.items():
        if element is not None:
            entries[name] = _element(element, levels - 1)
    return {"M": entries}


ScalarEncoder = Callable[[Any], AttributeValue]
"""The AttributeValue of a value that is no list or map."""
ContainerEncoder = Callable[[Any, int], AttributeValue]
"""The AttributeValue of a list or map, given the levels of lists and maps it may hold."""

_SCALARS: dict[type, ScalarEncoder] = {
    str: _string,
    bool: lambda v: {"BOOL": v},
    int: _number,
    float: _number,
    Decimal: _number,
    UUID: lambda v: {"S": uuid_text(v)},
    datetime: lambda v: {"S": timestamp_text(v)},
    bytes: lambda v: {"B": v},
    set: _set,
    frozenset: _set,
    type(None): lambda _v: {"NULL": True},
}
_CONTAINERS: dict[type, ContainerEncoder] = {list: _list, tuple: _list, dict: _map}


def _register(kind: type) -> None:
    """File ``kind`` under the encoder of the kind it is (an enumeration under its value's,
    a model as a map, a subclass as its base), or raise EncodingError."""
    if issubclass(kind, Enum):
        _SCALARS[kind] = lambda v: to_attribute_value(v.value)
    elif issubclass(kind, BaseModel):
        _CONTAINERS[kind] = _model
    else:
        for base in kind.__mro__:
            if base in _SCALARS:
                _SCALARS[kind] = _SCALARS[base]
                return
            if base in _CONTAINERS:
                _CONTAINERS[kind] = _CONTAINERS[base]
                return
        raise EncodingError(f"a {kind.__name__} value cannot be stored in DynamoDB")


def to_attribute_value(value: Any, levels: int = MAX_ATTRIBUTE_LEVELS) -> AttributeValue:
    """Return the AttributeValue of a Python value (None becomes ``NULL`` inside documents),
    or raise EncodingError; ``levels`` is how many levels of lists and maps the value may hold
    where it is stored (an attribute's value: :data:`~..nesting.MAX_ATTRIBUTE_LEVELS`)."""
    kind = type(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        return scalar(value)
    container = _CONTAINERS.get(kind)
    if container is not None:
        return container(value, levels)
    _register(kind)
    return to_attribute_value(value, levels)


def decode_number(text: str) -> int | Decimal:
    """Return the value of ``N`` text: an int when integral, else an exact Decimal; raise
    ValueError for a text that is no finite number."""
    digits = text[1:] if text[:1] == "-" else text
    if digits.isascii() and digits.isdigit():
        return int(text)
    try:
        number = Decimal(text)
    except ArithmeticError:  # decimal's InvalidOperation: no number at all
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"{text!r:.40} is not a finite number (an N value)")
    return number


def _decode_binary(value: bytes | str) -> bytes:
    return base64.b64decode(value) if isinstance(value, str) else value


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "S": lambda v: v,
    "N": decode_number,
    "BOOL": lambda v: v,
    "NULL": lambda _v: None,
    "L": lambda v: [from_attribute_value(x) for x in v],
    "M": lambda v: {k: from_attribute_value(x) for k, x in v.items()},
    "SS": frozenset,
    "NS": lambda v: frozenset(decode_number(x) for x in v),
    "B": _decode_binary,
    "BS": lambda v: frozenset(_decode_binary(x) for x in v),
}


def from_attribute_value(value: AttributeValue) -> Any:
    """Return the Python value of an AttributeValue; raise ValueError on a malformed one."""
    if len(value) != 1:
        raise ValueError(f"an AttributeValue has exactly one type tag, got {sorted(value)}")
    ((tag, payload),) = value.items()
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise ValueError(f"unknown AttributeValue type tag {tag!r}")
    return decoder(payload)
