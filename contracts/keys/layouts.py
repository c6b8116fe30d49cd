"""Checking a stored item's keys against the texts of its own attributes, formatting nothing.

:func:`~novacat_persistence.contracts.keys.build` formats every UUID and timestamp of a key
from its typed value. A reader that has just decoded an item already holds those values as
text: where each text is canonical, it is exactly what ``build`` would have written, so the
item's keys are checked by joining texts (:func:`keys_match_texts`), several times faster
than building them. This is what lets ``corpus replay`` check every key of a large export.

When is a text canonical? The codec has already validated it as its field's type, so:

- a UUID text is one of the forms a UUID is parsed from; only the hyphenated form has 36
  characters, and it is canonical when it is ASCII and equal to its lowercase (an id of digits
  alone included: ``islower`` would say it has no lowercase letter);
- a timestamp text is canonical when it matches :data:`~.types.UTC_TEXT`;
- a count is canonical without sign, leading zero or non-ASCII digit;
- a name (provider, task, workflow, ...) must be what ``build`` accepts: not empty, printable
  (no control character), and no ``#`` unless it stands last; a bibcode must match its pattern;
- an enumeration member's value is canonical as validated (and checked as a name, for an
  entity built without validation).

A layout is compiled from the same :mod:`~.templates` as ``build`` (a key field is named as the
entity attribute it comes from), with each component's canonical-text rule
(:attr:`~.components.Component.condition`). ``tests/contracts/test_key_layouts.py`` holds
layouts equal to ``build`` for every entity type, and the rules to pydantic's parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Final

from novacat_persistence.contracts.entities import PersistedEntity
from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.keys.build import (
    ALL_KEY_SPECS,
    ENTITY_KEY_TYPES,
    PK_MAX_BYTES,
    SK_MAX_BYTES,
)
from novacat_persistence.contracts.keys.components import DELIMITER, Component
from novacat_persistence.contracts.keys.templates import Side, Template
from novacat_persistence.contracts.keys.types import ItemKey
from novacat_persistence.contracts.types import BIBCODE_PATTERN, UTC_TEXT
from novacat_persistence.contracts.wire_form import AttributeValue

_LITERAL: Final = re.compile(r"[A-Z][A-Z_]*")
CONDITION_NAMES: Final[dict[str, Any]] = {
    "utc_text": UTC_TEXT.fullmatch,
    "bibcode": re.compile(BIBCODE_PATTERN).fullmatch,
}
"""The names a component's :attr:`~.components.Component.condition` may call."""

ItemCheck = Callable[[Mapping[str, AttributeValue]], bool]
"""Whether an item's PK and SK are its attribute texts joined by a layout, each canonical,
and within DynamoDB's byte limits; raises KeyError, TypeError or AttributeError for a missing
or mistyped attribute."""
ItemKeyOfTexts = Callable[[Mapping[str, AttributeValue]], ItemKey | None]
"""The PK and SK a layout joins from an item's attribute texts, or None when a text is not
canonical or a key is over its byte limit (raises as :data:`ItemCheck` does)."""
EntityKeyTexts = Callable[[PersistedEntity], tuple[str, str]]
"""The ``(PK, SK)`` texts of a layout, each component formatted from the entity's field of its
name as build() formats it; raises what a component's ``format`` raises (KeyShapeError for a
value it refuses, None included) or AttributeError (no such field). Byte limits unchecked."""


class Layout:
    """The shape of an item's ``PK`` and ``SK``, compiled into functions of an item or entity."""

    def __init__(self, pk: Side, sk: Side) -> None:
        self.pk = pk
        self.sk = sk
        self.matches: ItemCheck
        """Whether a stored item's keys are its texts joined (:data:`ItemCheck`)."""
        self.joined: ItemKeyOfTexts
        """The keys its texts join into (:data:`ItemKeyOfTexts`), for an item being written."""
        self.formatted: EntityKeyTexts
        """The keys formatted from an entity's fields (:data:`EntityKeyTexts`)."""
        self.matches, self.joined, self.formatted = _compiled(pk, sk)


def _within_limit(side: Side, name: str, max_bytes: int) -> list[str]:
    """The terms that hold a key text (``name``) of ``side`` within its byte limit: ASCII, so
    that bytes are characters, and no longer than ``max_bytes``; none for a side whose every
    text is (its literals uppercase words, each component's canonical text bounded ASCII)."""
    most = [len(part) if isinstance(part, str) else part.ascii_max for part in side]
    bounded = [length for length in most if length is not None]
    if len(bounded) == len(side) and sum(bounded) + len(side) - 1 <= max_bytes:
        return []  # len(side) - 1: the delimiters
    return [f"{name}.isascii()", f"len({name}) <= {max_bytes}"]


def _compiled(pk: Side, sk: Side) -> tuple[ItemCheck, ItemKeyOfTexts, EntityKeyTexts]:
    """The layout's functions, with no loop over parts (they run once per item): read each
    text, test each text, join the texts; or format each field of an entity and join."""
    names: dict[Component, str] = {}
    for part in (*pk, *sk):
        if isinstance(part, str) and not _LITERAL.fullmatch(part):
            raise ValueError(f"layout literal {part!r} is not an uppercase word")
        if isinstance(part, Component):
            if not part.name.isidentifier():
                raise ValueError(f"layout component {part.name!r} is not a field name")
            names.setdefault(part, f"t{len(names)}")

    def joined(side: Side) -> str:
        texts = ("{" + names[p] + "}" if isinstance(p, Component) else p for p in side)
        return 'f"' + DELIMITER.join(texts) + '"'

    texts = [f"    {name} = item[{part.name!r}][{part.tag!r}]" for part, name in names.items()]
    formats = [f"    {name} = c{name}.format(entity.{part.name})" for part, name in names.items()]
    canonical = " and ".join(part.condition.format(t=name) for part, name in names.items())
    limits = " and ".join(
        [*_within_limit(pk, "pk", PK_MAX_BYTES), *_within_limit(sk, "sk", SK_MAX_BYTES)]
    )
    source = "\n".join(
        [
            "def matches(item):",  # every term a bool: so is their conjunction
            *texts,
            "    pk, sk = item['PK']['S'], item['SK']['S']",
            f"    return (pk == {joined(pk)} and sk == {joined(sk)} and {canonical or 'True'}",
            f"        and {limits or 'True'})",
            "def joined(item):",
            *texts,
            f"    if not ({canonical or 'True'}):",
            "        return None",
            f"    pk, sk = {joined(pk)}, {joined(sk)}",
            f"    if {limits or 'True'}:",
            "        return ItemKey(pk, sk)",
            "    return None",
            "def formatted(entity):",
            *formats,
            f"    return ({joined(pk)}, {joined(sk)})",
        ]
    )
    namespace = dict(CONDITION_NAMES, ItemKey=ItemKey)
    namespace.update({f"c{name}": part for part, name in names.items()})
    exec(compile(source, "<key layout>", "exec"), namespace)  # built above from templates alone
    return namespace["matches"], namespace["joined"], namespace["formatted"]


@cache
def layout_of(template: Template) -> Layout:
    """The compiled layout of a key template (compiled once)."""
    return Layout(template.pk, template.sk)


def _entity_layout(key_type: type) -> Callable[[PersistedEntity], Layout]:
    choose = ALL_KEY_SPECS[key_type].for_entity
    return lambda entity: layout_of(choose(entity))


@cache
def _template_layouts(key_type: type) -> Mapping[Template, Layout]:
    """The compiled layout of each template of ``key_type`` (compiled on first use: the
    import compiles none)."""
    return {template: layout_of(template) for template in ALL_KEY_SPECS[key_type].templates}


StoredLayouts = Callable[[PersistedEntity], tuple[Layout, ...]]
"""The layouts of every shape an entity may be found stored under (see :data:`STORED_LAYOUTS`)."""


def _stored_layouts(key_type: type) -> StoredLayouts:
    spec = ALL_KEY_SPECS[key_type]
    choose, earlier = spec.for_entity, spec.also_for_entity

    def layouts(entity: PersistedEntity) -> tuple[Layout, ...]:
        compiled = _template_layouts(key_type)
        also = earlier(entity)
        written = compiled[choose(entity)]
        return (written, *[compiled[template] for template in also]) if also else (written,)

    return layouts


LAYOUTS: Final[Mapping[type[PersistedEntity], Callable[[PersistedEntity], Layout]]] = {
    model: _entity_layout(key_type) for model, key_type in ENTITY_KEY_TYPES.items()
}
"""The key layout of each current entity model (chosen by role or owner where build()
chooses so)."""

STORED_LAYOUTS: Final[Mapping[type[PersistedEntity], StoredLayouts]] = {
    model: _stored_layouts(key_type) for model, key_type in ENTITY_KEY_TYPES.items()
}
"""The layouts of every shape each current model may be found stored under: the one it is
written under (as :data:`LAYOUTS`), then those earlier rules wrote it under (raises KeyError
for a shape that is not one of its key type's templates)."""


EntityCheck = Callable[[PersistedEntity, Mapping[str, AttributeValue]], bool]
"""Whether an item's keys are its texts joined by a layout its entity may be stored under
(the one it is written under, then those earlier rules wrote it under); raises as
:data:`ItemCheck` does, KeyError for a shape that is not one of its key type's templates."""


def _text_check(model: type) -> tuple[ItemCheck | None, EntityCheck | None]:
    """How the keys of a current model's items are checked against their texts: the item
    check of a model whose key type has a single shape (whatever the entity: no layout is
    chosen), else the check of the layouts an entity may be stored under; (None, None) for a
    model with no key type. Compiled on first use, as every layout, and kept
    (:data:`_TEXT_CHECKS`)."""
    key_type = ENTITY_KEY_TYPES.get(model)
    if key_type is None:
        return None, None
    spec = ALL_KEY_SPECS[key_type]
    if len(spec.templates) == 1:
        return layout_of(spec.templates[0]).matches, None
    compiled = _template_layouts(key_type)
    choose, earlier = spec.for_entity, spec.also_for_entity

    def stored_under(entity: PersistedEntity, item: Mapping[str, AttributeValue]) -> bool:
        if compiled[choose(entity)].matches(item):  # most items: the shape written now
            return True
        return any(compiled[template].matches(item) for template in earlier(entity))

    return None, stored_under


_TEXT_CHECKS: Final[dict[type, tuple[ItemCheck | None, EntityCheck | None]]] = {}
""":func:`_text_check` of each model read so far (a lookup, not a cached call: this is asked
for every item read)."""


@cache
def key_field_names(model: type) -> frozenset[str]:
    """The fields of a current model that the keys of any shape it may be stored under are
    made of (empty for a model with no key type)."""
    key_type = ENTITY_KEY_TYPES.get(model)
    if key_type is None:
        return frozenset()
    return frozenset(name for t in ALL_KEY_SPECS[key_type].templates for name in t.names)


_UNSHOWN: Final = (KeyError, TypeError, AttributeError, KeyShapeError)
"""What a missing or mistyped attribute (or an entity built unchecked) raises: not shown."""


def keys_match_texts(entity: PersistedEntity, item: Mapping[str, AttributeValue]) -> bool:
    """Whether ``item``'s ``PK`` and ``SK`` are exactly the keys of a layout ``entity``'s
    model may be stored under, joined from the texts of the item's own attributes, each
    canonical: exact for an entity whose key fields hold what was read from those attributes
    (``read_provenance.key_fields_as_read``; else see :func:`keys_match_fields`), for an
    era's item only where its era keeps the current key shapes (``eras.keys_shown``).

    ``entity`` must be what the codec decoded from ``item`` (for an era's item, the
    attributes its model read). False means only "not shown this way": a text or value that
    is not canonical, or a key field not shown, is checked by building its key
    (``eras.stored_key``)."""
    model = type(entity)
    check = _TEXT_CHECKS.get(model)
    if check is None:
        check = _TEXT_CHECKS[model] = _text_check(model)
    only, stored_under = check
    try:
        if only is not None:
            return only(item)
        if stored_under is not None:
            return stored_under(entity, item)
    except _UNSHOWN:
        pass
    return False


def keys_match_fields(entity: PersistedEntity, item: Mapping[str, AttributeValue]) -> bool:
    """Whether ``item``'s ``PK`` and ``SK`` are exactly keys build() gives ``entity``'s
    fields: the key it is written under or one that earlier rules wrote it under, each
    component formatted from its field as build() formats it (:attr:`Layout.formatted`).

    True is exact, whatever the entity. False means only "not shown this way" (a field
    build() refuses, a key over its byte limit, a model with no layout): build the keys."""
    layouts_of = STORED_LAYOUTS.get(type(entity))
    if layouts_of is None:
        return False
    try:
        pk, sk = item["PK"]["S"], item["SK"]["S"]
        for layout in layouts_of(entity):
            if layout.formatted(entity) == (pk, sk):
                break
        else:
            return False
    except _UNSHOWN:
        return False
    return pk.isascii() and sk.isascii() and len(pk) <= PK_MAX_BYTES and len(sk) <= SK_MAX_BYTES


def item_key_of_texts(
    entity: PersistedEntity, item: Mapping[str, AttributeValue]
) -> ItemKey | None:
    """The ``(PK, SK)`` build() gives ``entity``, joined from the attribute texts the codec
    has just encoded it into (``item``); None when they cannot show it (another model, a text
    build() would refuse or write otherwise): then build it, which says what is wrong."""
    layout_of_entity = LAYOUTS.get(type(entity))
    if layout_of_entity is None:
        return None
    try:
        return layout_of_entity(entity).joined(item)
    except _UNSHOWN:
        return None
