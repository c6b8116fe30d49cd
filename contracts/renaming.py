"""Upcasters that only rename fields: what they do to fields, they do to stored attributes.

A :class:`Renaming` renames fields, and may copy one field into another where a third holds a
text; every value is handed on as it is. Because of that, it can be applied to a stored item's
attributes instead (:meth:`Renaming.item`), and the codec can read an item of the older
version with the newer model alone, in one validation
(:mod:`~novacat_persistence.contracts.codec.direct_reads`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from novacat_persistence.contracts.records import frozen_record


@frozen_record
class Renaming:
    """An upcaster (fields of one version -> fields of the next) that renames fields and
    copies a field into another where a third holds a given text."""

    renames: Mapping[str, str]
    """Older field name -> newer name."""
    copies: tuple[tuple[str, str, str, str], ...] = ()
    """``(target, source, field, text)``, newer names: where ``field`` holds ``text``,
    ``target`` takes the value of ``source`` (None when there is none)."""

    def __call__(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The fields of the next version."""
        carried = {self.renames.get(name, name): value for name, value in fields.items()}
        for target, source, field, text in self.copies:
            if carried.get(field) == text:
                carried[target] = carried.get(source)
        return carried

    def item(self, item: Mapping[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
        """A stored item's attributes renamed and copied as its fields would be, and the
        targets of the copies made (each a field the fields carried record as set, stored or
        not: a copy of nothing is a missing attribute, read as None). A renamed attribute
        takes the place of one stored under its new name."""
        renamed = dict(item)
        for old, new in self.renames.items():
            if old in renamed:
                renamed[new] = renamed.pop(old)
        copied = []
        for target, source, field, text in self.copies:
            if renamed.get(field) == {"S": text}:
                copied.append(target)
                if source in renamed:
                    renamed[target] = renamed[source]
        return renamed, frozenset(copied) if copied else _NOTHING_COPIED


_NOTHING_COPIED: Final[frozenset[str]] = frozenset()

NO_RENAMING = Renaming({})
"""The renaming of upcasters that give every field back as it is."""
