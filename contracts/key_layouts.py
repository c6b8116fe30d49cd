"""Checking a stored item's keys against the texts of its own attributes, formatting nothing.

:func:`~novacat_persistence.contracts.keys.build` formats every UUID and timestamp of a key
from its typed value. A reader that has just decoded an item already holds those values as
text: where each text is canonical, it is exactly what ``build`` would have written, so the
item's keys are checked by joining texts (:func:`keys_match_attributes`), several times faster
than building them. This is what lets ``corpus replay`` check every key of a large export.

When is a text canonical? The codec has already validated it as its field's type, so:

- a UUID text is one of the forms a UUID is parsed from; only the hyphenated form has 36
  characters, and it is canonical when it has no uppercase letter (``islower``; an id of
  digits alone is left to ``build``);
- a timestamp text is canonical when it matches :data:`~.types.UTC_TEXT`;
- a count is canonical without sign, leading zero or non-ASCII digit;
- a name (provider, task, workflow, ...) must be what ``build`` accepts: not empty, printable
  (no control character), and no ``#`` unless it stands last; a bibcode must match its pattern;
- an enumeration member's value is canonical as validated (and checked as a name, for an
  entity built without validation).

The layouts below restate, per entity model, the ``PK``/``SK`` shapes of
:mod:`~novacat_persistence.contracts.keys` as templates over attribute names. They are held
equal to ``build`` for every entity type, and these rules to pydantic's parsing, by
``tests/contracts/test_key_layouts.py``; a change of the key grammar changes both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    FileObject,
    IdempotencyLock,
    JobRun,
    JobRunClaim,
    LocatorAlias,
    NameClaim,
    NameMapping,
    Nova,
    NovaReference,
    PersistedEntity,
    PhotometryTable,
    Reference,
    SpectraProduct,
    StepDedupe,
    WorkItem,
)
from novacat_persistence.contracts.entities.base import AttributeValue
from novacat_persistence.contracts.enums import NOVA_SCOPED_FILE_ROLES, FileRole
from novacat_persistence.contracts.keys import DELIMITER, PK_MAX_BYTES, SK_MAX_BYTES, ItemKey
from novacat_persistence.contracts.types import BIBCODE_PATTERN, UTC_TEXT

_LITERAL: Final = re.compile(r"[A-Z][A-Z_]*")
_CONDITION_NAMES: Final[dict[str, Any]] = {
    "utc_text": UTC_TEXT.fullmatch,
    "bibcode": re.compile(BIBCODE_PATTERN.removeprefix("^").removesuffix("$")).fullmatch,
}
"""The names a component's condition may call."""


@dataclass(frozen=True, slots=True)
class _Text:
    """A key component: the text of attribute ``name`` under type tag ``tag``, canonical when
    ``condition`` (a Python expression over ``{t}``, the text) holds."""

    name: str
    tag: str
    condition: str


def _uuid(name: str) -> _Text:
    return _Text(name, "S", "len({t}) == 36 and {t}.islower()")


def _timestamp(name: str) -> _Text:
    return _Text(name, "S", "utc_text({t})")


def _count(name: str) -> _Text:
    return _Text(name, "N", "{t}.isascii() and {t}.isdigit() and {t}[0] != '0'")


def _inner(name: str) -> _Text:
    return _Text(name, "S", "{t} != '' and '#' not in {t} and {t}.isprintable()")


def _last(name: str) -> _Text:
    return _Text(name, "S", "{t} != '' and {t}.isprintable()")


def _bibcode(name: str) -> _Text:
    return _Text(name, "S", "bibcode({t})")


def _enum(name: str) -> _Text:
    return _inner(name)  # a member's value; an entity built unchecked may hold any text


Side = tuple[str | _Text, ...]
"""One key attribute: literal parts and components, joined with ``#``."""

ItemCheck = Callable[[Mapping[str, AttributeValue]], bool]
"""Whether an item's PK and SK are its attribute texts joined by a layout, each canonical;
raises KeyError, TypeError or AttributeError for a missing or mistyped attribute."""
ItemKeyOfTexts = Callable[[Mapping[str, AttributeValue]], ItemKey | None]
"""The PK and SK a layout joins from an item's attribute texts, or None when a text is not
canonical or a key is over its byte limit (raises as :data:`ItemCheck` does)."""


class Layout:
    """The shape of an item's ``PK`` and ``SK``, compiled into two functions of an item."""

    def __init__(self, pk: Side, sk: Side) -> None:
        self.pk = pk
        self.sk = sk
        self.matches: ItemCheck
        """Whether a stored item's keys are its texts joined (:data:`ItemCheck`)."""
        self.joined: ItemKeyOfTexts
        """The keys its texts join into (:data:`ItemKeyOfTexts`), for an item being written."""
        self.matches, self.joined = _compiled(pk, sk)


def _compiled(pk: Side, sk: Side) -> tuple[ItemCheck, ItemKeyOfTexts]:
    """The layout's functions, with no loop over parts (they run once per item): read each
    text, test each text, join the texts."""
    names: dict[_Text, str] = {}
    for part in (*pk, *sk):
        if isinstance(part, str) and not _LITERAL.fullmatch(part):
            raise ValueError(f"layout literal {part!r} is not an uppercase word")
        if isinstance(part, _Text):
            names.setdefault(part, f"t{len(names)}")

    def joined(side: Side) -> str:
        texts = ("{" + names[p] + "}" if isinstance(p, _Text) else p for p in side)
        return 'f"' + DELIMITER.join(texts) + '"'

    texts = [f"    {name} = item[{part.name!r}][{part.tag!r}]" for part, name in names.items()]
    canonical = " and ".join(part.condition.format(t=name) for part, name in names.items())
    source = "\n".join(
        [
            "def matches(item):",
            *texts,
            f"    return bool(item['PK']['S'] == {joined(pk)} and item['SK']['S'] == {joined(sk)}",
            f"        and {canonical or 'True'})",
            "def joined(item):",
            *texts,
            f"    if not ({canonical or 'True'}):",
            "        return None",
            f"    pk, sk = {joined(pk)}, {joined(sk)}",
            "    if pk.isascii() and sk.isascii() and len(pk) <= PK_MAX and len(sk) <= SK_MAX:",
            "        return ItemKey(pk, sk)  # ASCII: the byte limits are lengths",
            "    return None",
        ]
    )
    namespace = dict(_CONDITION_NAMES, ItemKey=ItemKey, PK_MAX=PK_MAX_BYTES, SK_MAX=SK_MAX_BYTES)
    exec(compile(source, "<key layout>", "exec"), namespace)  # built above from layouts alone
    return namespace["matches"], namespace["joined"]


def _fixed(layout: Layout) -> Callable[[PersistedEntity], Layout]:
    return lambda _entity: layout


_NOVA_PK: Final = (_uuid("nova_id"),)
_JOBRUN_SK: Final = ("JOBRUN", _inner("workflow_name"), _timestamp("started_at"))
_FILE_NOVA: Final = ("FILE", _enum("role"), "NOVA", _uuid("nova_id"))


_FILE_OF_WORKFLOW: Final = Layout(
    ("WORKFLOW", _last("correlation_id")), ("FILE", _enum("role"), "ID", _uuid("file_id"))
)
_FILE_OF_NOVA: Final = Layout(_NOVA_PK, (*_FILE_NOVA, "ID", _uuid("file_id")))
_FILE_OF_PRODUCT: Final = Layout(
    _NOVA_PK, (*_FILE_NOVA, "PRODUCT", _uuid("data_product_id"), "ID", _uuid("file_id"))
)


def _file_layout(entity: PersistedEntity) -> Layout:
    assert isinstance(entity, FileObject)
    role = entity.role
    if role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
        return _FILE_OF_WORKFLOW
    return _FILE_OF_NOVA if role in NOVA_SCOPED_FILE_ROLES else _FILE_OF_PRODUCT


_JOB_RUN_OF_NOVA: Final = Layout(_NOVA_PK, (*_JOBRUN_SK, _uuid("job_run_id")))
_JOB_RUN_OF_WORKFLOW: Final = Layout(
    ("WORKFLOW", _last("correlation_id")), (*_JOBRUN_SK, _uuid("job_run_id"))
)


def _job_run_layout(entity: PersistedEntity) -> Layout:
    assert isinstance(entity, JobRun)
    return _JOB_RUN_OF_NOVA if entity.nova_id is not None else _JOB_RUN_OF_WORKFLOW


LAYOUTS: Final[Mapping[type[PersistedEntity], Callable[[PersistedEntity], Layout]]] = {
    Nova: _fixed(Layout(_NOVA_PK, ("NOVA",))),
    NameMapping: _fixed(Layout(("NAME", _last("name_normalized")), ("NOVA", _uuid("nova_id")))),
    NameClaim: _fixed(Layout(("NAME", _last("name_normalized")), ("CLAIM",))),
    JobRunClaim: _fixed(Layout(("JOBRUN", _uuid("job_run_id")), ("CLAIM",))),
    PhotometryTable: _fixed(Layout(_NOVA_PK, ("PRODUCT", "PHOTOMETRY_TABLE"))),
    SpectraProduct: _fixed(
        Layout(
            _NOVA_PK,
            ("PRODUCT", "SPECTRA", _inner("provider"), _uuid("data_product_id")),
        )
    ),
    CompositeSpectra: _fixed(
        Layout(
            _NOVA_PK,
            ("PRODUCT", "SPECTRA", _inner("provider"), "COMPOSITE", _uuid("composite_id")),
        )
    ),
    LocatorAlias: _fixed(
        Layout(
            ("LOCATOR", _inner("provider"), _last("locator_identity")),
            ("DATA_PRODUCT", _uuid("data_product_id")),
        )
    ),
    FileObject: _file_layout,
    Reference: _fixed(Layout(("REFERENCE", _bibcode("bibcode")), ("METADATA",))),
    NovaReference: _fixed(Layout(_NOVA_PK, ("NOVAREF", _bibcode("bibcode")))),
    JobRun: _job_run_layout,
    Attempt: _fixed(
        Layout(
            _NOVA_PK,
            (
                "ATTEMPT",
                _uuid("job_run_id"),
                _inner("task_name"),
                _count("attempt_number"),
                _timestamp("created_at"),
            ),
        )
    ),
    IdempotencyLock: _fixed(Layout(("IDEMPOTENCY", _last("idempotency_key")), ("LOCK",))),
    StepDedupe: _fixed(Layout(("IDEMPOTENCY", _last("dedupe_key")), ("STEP", _enum("step_kind")))),
    WorkItem: _fixed(
        Layout(("WORKQUEUE",), (_uuid("nova_id"), _enum("dirty_type"), _timestamp("created_at")))
    ),
}
"""The key layout of each current entity model (chosen by role or owner where build()
chooses so)."""


def keys_match_attributes(entity: PersistedEntity, item: Mapping[str, AttributeValue]) -> bool:
    """Whether ``item``'s ``PK`` and ``SK`` are exactly the keys build() gives ``entity``,
    shown from the texts of the item's own attributes.

    ``entity`` must be what the codec decoded from ``item``: its fields are the values of
    those texts. True is exact. False means only "not shown this way": an item of another
    version or era, or a text that is not canonical, is checked by building its key
    (``eras.stored_key``).
    """
    layout_of = LAYOUTS.get(type(entity))
    provenance = entity.read_provenance
    if (
        layout_of is None
        or provenance is None
        or provenance.era is not None
        or provenance.source_version != entity.SCHEMA_VERSION
    ):
        return False
    try:
        if not layout_of(entity).matches(item):
            return False
        pk, sk = item["PK"]["S"], item["SK"]["S"]
    except (KeyError, TypeError, AttributeError):  # an attribute missing or mistyped: not shown
        return False
    # One byte per character in ASCII: the byte limits are lengths.
    return pk.isascii() and sk.isascii() and len(pk) <= PK_MAX_BYTES and len(sk) <= SK_MAX_BYTES


def item_key_of_texts(
    entity: PersistedEntity, item: Mapping[str, AttributeValue]
) -> ItemKey | None:
    """The ``(PK, SK)`` build() gives ``entity``, joined from the attribute texts the codec
    has just encoded it into (``item``); None when they cannot show it (another model, a text
    build() would refuse or write otherwise): then build it, which says what is wrong."""
    layout_of = LAYOUTS.get(type(entity))
    if layout_of is None:
        return None
    try:
        return layout_of(entity).joined(item)
    except (KeyError, TypeError, AttributeError):  # an attribute missing or mistyped
        return None
