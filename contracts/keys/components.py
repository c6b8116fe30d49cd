"""The kinds of key component: how each turns a value into key text, reads it back, and tells
a canonical text among an item's attributes.

A key side (``PK``, ``SK``, ``GSI1PK``, ``GSI1SK``) is literal words and components joined by
``#``. Each component holds one field of a typed key, named as the entity attribute it comes
from, and follows one rule; every refusal is a
:class:`~novacat_persistence.contracts.errors.KeyShapeError` naming the component:

- :class:`Inner` (a name between delimiters: provider, workflow, task) is not empty, holds no
  control character and no ``#``; :class:`Last` (a component standing last in its side: a
  normalized name, a locator identity, a correlation id) may hold ``#``;
- :class:`Uuid` is the canonical lowercase text; :class:`Timestamp` the canonical UTC text of
  :func:`~novacat_persistence.contracts.types.format_utc`; :class:`Count` a positive integer
  without leading zero; :class:`Bibcode` a 19-character ADS bibcode; :class:`Member` the value
  of an enumeration member, optionally one of an allowed set.

``condition`` is the same rule over an attribute's stored text (a Python expression over
``{t}``), used by :mod:`.layouts` to check keys without formatting values.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Final
from uuid import UUID

from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.types import (
    BIBCODE_PATTERN,
    UUID_PATTERN,
    format_utc,
    uuid_text,
)

DELIMITER: Final = "#"
"""What joins the parts of a key side."""

_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_UUID: Final = re.compile(UUID_PATTERN)
_BIBCODE: Final = re.compile(BIBCODE_PATTERN)
_COUNT: Final = re.compile(r"[1-9][0-9]*")


def _text(name: str, value: object) -> str:
    """A component's text: a non-empty string without control characters."""
    if not isinstance(value, str):
        raise KeyShapeError(name, value, "must be a string")
    if not value:
        raise KeyShapeError(name, value, "must not be empty")
    if not (value.isascii() and value.isprintable()) and _CONTROL.search(value):
        raise KeyShapeError(name, value, "must not contain control characters")
    return value


@frozen_record(slots=True)
class Component:
    """One typed part of a key side: the key field (and entity attribute) ``name``.

    A kind of component that adds no field is a plain subclass with empty ``__slots__``: it
    keeps the record's methods, and costs an import no record of its own."""

    name: str
    holds_delimiter: ClassVar[bool] = False
    """Whether its text may contain ``#`` (then it must stand last in its side)."""
    tag: ClassVar[str] = "S"
    """The DynamoDB type tag of the attribute it is read from."""
    condition: ClassVar[str]
    """The rule over an attribute's stored text ``{t}``: a Python expression of a ``bool``,
    True exactly for a text :meth:`format` would write (for a value the codec has validated)."""
    ascii_max: ClassVar[int | None] = None
    """The most characters of a text :attr:`condition` accepts, every one ASCII (None: it
    accepts longer texts, or others)."""

    def format(self, value: Any) -> str:
        """The key text of ``value``, or KeyShapeError naming this component."""
        raise NotImplementedError

    def parse(self, text: str) -> Any:
        """The value of a canonical key text, or KeyShapeError naming this component."""
        raise NotImplementedError

    def key_text(self, text: str) -> str:
        """The key text :meth:`format` writes for the value :meth:`parse` reads from ``text``,
        or KeyShapeError naming this component."""
        return self.format(self.parse(text))


class Last(Component):
    """A name that stands last in its side: it may contain ``#``."""

    __slots__ = ()

    holds_delimiter: ClassVar[bool] = True
    condition: ClassVar[str] = "{t} != '' and {t}.isprintable()"

    def format(self, value: Any) -> str:
        """The text itself, refused when empty, not a string, or holding a control character."""
        return _text(self.name, value)

    def parse(self, text: str) -> str:
        """The text itself, under the same rule."""
        return _text(self.name, text)


class Inner(Component):
    """A name between delimiters: as :class:`Last`, and no ``#``."""

    __slots__ = ()

    condition: ClassVar[str] = "{t} != '' and '#' not in {t} and {t}.isprintable()"

    def format(self, value: Any) -> str:
        """The text itself, refused as :class:`Last` refuses it or when it holds ``#``."""
        text = _text(self.name, value)
        if DELIMITER in text:
            raise KeyShapeError(self.name, value, "must not contain the key delimiter '#'")
        return text

    def parse(self, text: str) -> str:
        """The text itself, under the same rule."""
        return self.format(text)


class Bibcode(Component):
    """A bibcode: it must look like one (19 characters, a year first), so that a legacy
    ``NOVAREF#<reference_id>`` key is never read as a current one."""

    __slots__ = ()

    holds_delimiter: ClassVar[bool] = False
    condition: ClassVar[str] = "bibcode({t}) is not None"
    ascii_max: ClassVar[int | None] = 19

    def format(self, value: Any) -> str:
        """The bibcode, refused unless it matches the bibcode pattern."""
        text = _text(self.name, value)
        if not _BIBCODE.fullmatch(text):
            raise KeyShapeError(self.name, value, "must be a 19-character ADS bibcode (YYYY...)")
        return text

    def parse(self, text: str) -> str:
        """The bibcode, under the same rule."""
        return self.format(text)


class Uuid(Component):
    """A UUID, as its canonical lowercase text."""

    __slots__ = ()

    # A text of digits alone has no cased letter: str.islower() would call it not lowercase.
    condition: ClassVar[str] = "len({t}) == 36 and {t}.isascii() and {t} == {t}.lower()"
    ascii_max: ClassVar[int | None] = 36

    def format(self, value: Any) -> str:
        """The canonical text of a UUID value."""
        if not isinstance(value, UUID):
            raise KeyShapeError(self.name, value, "must be a UUID")
        return uuid_text(value)

    def parse(self, text: str) -> UUID:
        """The UUID of a canonical lowercase text."""
        return UUID(self.key_text(text))

    def key_text(self, text: str) -> str:
        """``text`` itself, when it is a canonical lowercase UUID text (the only text whose
        UUID formats as ``text``)."""
        if not _UUID.fullmatch(text):
            raise KeyShapeError(self.name, text, "must be a canonical lowercase UUID")
        return text


class Timestamp(Component):
    """An aware instant, as its canonical UTC text."""

    __slots__ = ()

    condition: ClassVar[str] = "utc_text({t}) is not None"
    ascii_max: ClassVar[int | None] = len("2000-01-01T00:00:00.000000Z")

    def format(self, value: Any) -> str:
        """The canonical UTC text of an aware datetime."""
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise KeyShapeError(self.name, value, "must be a timezone-aware datetime")
        return format_utc(value)

    def parse(self, text: str) -> datetime:
        """The instant of a canonical UTC text."""
        try:
            value = datetime.fromisoformat(text)
        except ValueError as exc:
            raise KeyShapeError(self.name, text, "must be an ISO-8601 UTC timestamp") from exc
        if value.utcoffset() is None or format_utc(value) != text:
            raise KeyShapeError(
                self.name, text, "must be in the canonical form YYYY-MM-DDTHH:MM:SSZ"
            )
        return value


class Count(Component):
    """A positive integer (an attempt number), stored as a number attribute."""

    __slots__ = ()

    tag: ClassVar[str] = "N"
    condition: ClassVar[str] = "{t}.isascii() and {t}.isdigit() and {t}[0] != '0'"

    def format(self, value: Any) -> str:
        """The decimal text of a positive int."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise KeyShapeError(self.name, value, "must be a positive integer")
        return str(value)

    def parse(self, text: str) -> int:
        """The int of a decimal text without sign or leading zero."""
        if not _COUNT.fullmatch(text):
            raise KeyShapeError(self.name, text, "must be a positive integer without leading zeros")
        return int(text)


@frozen_record(slots=True)
class Member(Component):
    """An enumeration member, as its value; ``allowed`` narrows the members a key takes."""

    enum: type[Enum] = Enum
    allowed: Collection[Enum] | None = None
    condition: ClassVar[str] = "{t} != '' and '#' not in {t} and {t}.isprintable()"

    def format(self, value: Any) -> str:
        """The value of a member of :attr:`enum` (one of :attr:`allowed` when set)."""
        if not isinstance(value, self.enum):
            raise KeyShapeError(self.name, value, f"must be a {self.enum.__name__}")
        if self.allowed is not None and value not in self.allowed:
            raise KeyShapeError(self.name, value.value, "is not a member this key takes")
        return str(value.value)

    def parse(self, text: str) -> Enum:
        """The member whose value is ``text``."""
        try:
            member = self.enum(text)
        except ValueError as exc:
            raise KeyShapeError(self.name, text, f"is not a known {self.enum.__name__}") from exc
        if self.allowed is not None and member not in self.allowed:
            raise KeyShapeError(self.name, text, "is not a member this key takes")
        return member


Part = str | Component
"""A part of a key side: a literal word or a component."""
