"""Parsing stored keys back into typed keys, refusing anything the builder would not produce.

``parse(build(k)) == k`` for every valid key and ``build(parse(pk, sk)) == (pk, sk)`` for
every accepted pair, so two different keys never share a ``(PK, SK)``. Current and legacy
shapes are parsed by separate entry points: :func:`parse` refuses a legacy key as
:func:`parse_legacy` refuses a current one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.keys.build import build, build_legacy, eligibility_keys
from novacat_persistence.contracts.keys.components import DELIMITER, Component
from novacat_persistence.contracts.keys.templates import (
    ELIGIBILITY,
    KEY_SPECS,
    LEGACY_KEY_SPECS,
    PHOTOMETRY_TABLE_KEY_SPECS,
    Side,
    Template,
)
from novacat_persistence.contracts.keys.types import (
    EntityKey,
    ItemKey,
    LegacyKey,
    PhotometryRowKey,
    SpectraProductKey,
)
from novacat_persistence.contracts.wire_form import NULL_VALUE, AttributeValue


class _Mismatch(Exception):
    """A template that does not fit, after ``progress`` parts fitted (why is told only when
    asked: most mismatches are a reader trying the next template)."""

    def __init__(self, progress: int, why: KeyShapeError | Callable[[], KeyShapeError]) -> None:
        super().__init__()
        self.progress = progress
        self._why = why

    @property
    def error(self) -> KeyShapeError:
        """What does not fit."""
        return self._why if isinstance(self._why, KeyShapeError) else self._why()


def shape(side: Side) -> str:
    """A side as a reader writes it: ``PRODUCT#SPECTRA#<provider>#<data_product_id>``."""
    return DELIMITER.join(p if isinstance(p, str) else f"<{p.name}>" for p in side)


def _head(side: Side) -> str | None:
    first = side[0]
    return first if isinstance(first, str) else None


def _not_shaped(
    template: Template, name: str, side: Side, text: str
) -> Callable[[], KeyShapeError]:
    return lambda: KeyShapeError(name, text, f"must be {shape(side)} for {template.label}")


def _fit_side(
    template: Template,
    is_pk: bool,
    text: str,
    values: dict[str, Any],
    done: int,
    *,
    as_text: bool = False,
) -> int:
    """Read ``text`` as the template's PK (or SK) into ``values``, each component as its value
    (or, ``as_text``, as its key text); return the parts fitted."""
    side, name = (template.pk, template.pk_name) if is_pk else (template.sk, template.sk_name)
    count = len(side)
    last = side[-1]
    holds = isinstance(last, Component) and last.holds_delimiter
    texts = text.split(DELIMITER, count - 1) if holds else text.split(DELIMITER)
    if len(texts) != count:
        raise _Mismatch(done, _not_shaped(template, name, side, text))
    for part, piece in zip(side, texts, strict=True):
        if isinstance(part, str):
            if piece != part:
                raise _Mismatch(done, _not_shaped(template, name, side, text))
        else:
            try:
                value = part.key_text(piece) if as_text else part.parse(piece)
            except KeyShapeError as exc:
                raise _Mismatch(done, exc) from None
            if values.setdefault(part.name, value) != value:
                problem = f"names another {part.name} than its PK"
                raise _Mismatch(done, functools.partial(KeyShapeError, name, text, problem))
        done += 1
    return done


def attribute_texts(templates: Iterable[Template], pk: str, sk: str) -> dict[str, dict[str, str]]:
    """The components of the first template ``(pk, sk)`` fits, as the wire-form attributes they
    stand for (``{"nova_id": {"S": "..."}}``; a count as ``{"N": ...}``); empty when none fits.
    Each component is checked by its rule, so a text given here is canonical."""
    for template in templates:
        texts = texts_reader(template)(pk, sk)
        if texts is not None:
            return texts
    return {}


TextsReader = Callable[[str, str], dict[str, dict[str, str]] | None]
"""The components of a ``(PK, SK)`` that fits one template, as :func:`attribute_texts` gives
them; None when it does not fit."""


@functools.cache
def texts_reader(template: Template) -> TextsReader:
    """The :data:`TextsReader` of a template (cached), compiled once with no loop over its
    parts (it runs for every item an era fills from its key): split each side into as many
    parts as it has (its last component may hold ``#``), compare the literals, read each
    component's key text by its rule (a component named twice must read the same text), and
    give them under their type tags."""
    literals: list[str] = []
    reads: list[str] = []
    found: dict[str, str] = {}  # component name -> the variable of its text
    namespace: dict[str, Any] = {"KeyShapeError": KeyShapeError}
    lines = ["def texts(pk, sk):"]
    for text, parts, side in (("pk", "p", template.pk), ("sk", "s", template.sk)):
        last = side[-1]
        holds = isinstance(last, Component) and last.holds_delimiter
        limit = f", {len(side) - 1}" if holds else ""
        lines += [
            f"    {parts} = {text}.split({DELIMITER!r}{limit})",
            f"    if len({parts}) != {len(side)}:",
            "        return None",
        ]
        for index, part in enumerate(side):
            piece = f"{parts}[{index}]"
            if isinstance(part, str):
                literals.append(f"{piece} != {part!r}")
                continue
            component = f"c{len(namespace)}"
            namespace[component] = part
            if part.name in found:
                reads.append(f"if {component}.key_text({piece}) != {found[part.name]}: return None")
            else:
                found[part.name] = f"t{len(found)}"
                reads.append(f"{found[part.name]} = {component}.key_text({piece})")
    if literals:
        lines += [f"    if {' or '.join(literals)}:", "        return None"]
    lines += ["    try:", *(f"        {read}" for read in reads)]
    lines += ["    except KeyShapeError:", "        return None"]
    tags = {p.name: p.tag for p in (*template.pk, *template.sk) if isinstance(p, Component)}
    attributes = ", ".join(f"{name!r}: {{{tags[name]!r}: {var}}}" for name, var in found.items())
    lines.append(f"    return {{{attributes}}}")
    exec(compile("\n".join(lines), "<key texts>", "exec"), namespace)  # from the template alone
    reader: TextsReader = namespace["texts"]
    return reader


ItemTexts = Callable[[Mapping[str, AttributeValue]], dict[str, dict[str, str]]]
"""The components of a stored item's key, as :func:`attribute_texts` gives them, read only
from the templates of which the item lacks a component (see :func:`lacking_texts_reader`)."""


@functools.cache
def lacking_texts_reader(templates: tuple[Template, ...]) -> ItemTexts:
    """The :data:`ItemTexts` of a stored item under ``templates`` (cached): the components of
    the first template its ``PK`` and ``SK`` fit, among those of which it lacks a component
    (absent, or stored as NULL); empty when it lacks none, fits none, or its PK or SK is no
    string (``S``). A key fits one template at most, and the texts of a template whose
    components the item holds would fill nothing. Compiled once, with no loop over names or
    templates (it runs for every item an era fills from its key)."""
    names = dict.fromkeys(name for template in templates for name in template.names)
    held = {name: f"h{index}" for index, name in enumerate(names)}
    namespace: dict[str, Any] = {"NULL": NULL_VALUE, "ABSENT": object()}
    lines = [
        "def texts(item):",
        "    get = item.get",
        "    pk, sk = get('PK'), get('SK')",
        "    pk = pk.get('S') if isinstance(pk, dict) else None",
        "    sk = sk.get('S') if isinstance(sk, dict) else None",
        "    if not isinstance(pk, str) or not isinstance(sk, str):",
        "        return {}",
    ]
    for name, flag in held.items():
        lines.append(f"    v = get({name!r}, ABSENT); {flag} = v is not ABSENT and v != NULL")
    for index, template in enumerate(templates):
        namespace[f"r{index}"] = texts_reader(template)
        holds_all = " and ".join(held[name] for name in dict.fromkeys(template.names))
        lines += [
            f"    if not ({holds_all or 'True'}):",
            f"        found = r{index}(pk, sk)",
            "        if found is not None:",
            "            return found",
        ]
    lines.append("    return {}")
    exec(compile("\n".join(lines), "<lacking key texts>", "exec"), namespace)  # from templates
    reader: ItemTexts = namespace["texts"]
    return reader


def _fit(template: Template, pk: str, sk: str) -> Any:
    values: dict[str, Any] = {}
    _fit_side(template, False, sk, values, _fit_side(template, True, pk, values, 0))
    return template.key_type(**values)


class Grammar:
    """The parser of one set of key shapes (the current ones, or the legacy ones)."""

    def __init__(self, templates: Iterable[Template], rebuild: Callable[[Any], ItemKey]) -> None:
        self._rebuild = rebuild
        self._by_pk_head: dict[str | None, list[Template]] = {}
        for template in templates:
            self._by_pk_head.setdefault(_head(template.pk), []).append(template)

    def _candidates(self, pk: str, sk: str) -> list[Template]:
        head = pk.partition(DELIMITER)[0]
        group = self._by_pk_head.get(head)
        if group is None:
            group = self._by_pk_head.get(None, [])
        sk_head = sk.partition(DELIMITER)[0]
        return [t for t in group if _head(t.sk) in (sk_head, None)]

    def parse(self, pk: str, sk: str) -> Any:
        """The typed key of a stored pair, or KeyShapeError saying what does not fit."""
        best: _Mismatch | None = None
        for template in self._candidates(pk, sk):
            try:
                key = _fit(template, pk, sk)
            except _Mismatch as mismatch:
                if best is None or mismatch.progress > best.progress:
                    best = mismatch
                continue
            if self._rebuild(key) != (pk, sk):
                raise KeyShapeError(template.sk_name, sk, "is not in canonical form")
            return key
        if best is not None:
            raise best.error
        raise KeyShapeError("SK", sk, "matches no item type of this partition")


def _templates(specs: Iterable[Any]) -> list[Template]:
    return [template for spec in specs for template in spec.templates]


_CURRENT: Final = Grammar(_templates(KEY_SPECS.values()), build)
_LEGACY: Final = Grammar(_templates(LEGACY_KEY_SPECS.values()), build_legacy)
_ELIGIBILITY: Final = Grammar([ELIGIBILITY], eligibility_keys)
_PHOTOMETRY_TABLE: Final = Grammar(_templates(PHOTOMETRY_TABLE_KEY_SPECS.values()), build)


def parse(pk: str, sk: str) -> EntityKey:
    """Parse a stored ``(PK, SK)`` into its typed key, or raise KeyShapeError.

    Only keys that :func:`~.build.build` produces are accepted (canonical UUIDs, timestamps
    and numbers), so ``build(parse(pk, sk)) == (pk, sk)``.
    """
    key: EntityKey = _CURRENT.parse(pk, sk)
    return key


def parse_photometry_row_key(pk: str, sk: str) -> PhotometryRowKey:
    """Parse a stored ``(PK, SK)`` of the photometry table, or raise KeyShapeError."""
    key: PhotometryRowKey = _PHOTOMETRY_TABLE.parse(pk, sk)
    return key


def parse_legacy(pk: str, sk: str) -> LegacyKey:
    """Parse a stored ``(PK, SK)`` of a historical key shape, or raise KeyShapeError.

    Only the legacy shapes are accepted, canonically (``build_legacy(parse_legacy(pk, sk)) ==
    (pk, sk)``); a current key is refused here as a legacy key is refused by :func:`parse`.
    """
    key: LegacyKey = _LEGACY.parse(pk, sk)
    return key


def parse_eligibility_keys(gsi1pk: str, gsi1sk: str) -> SpectraProductKey:
    """Parse ``(GSI1PK, GSI1SK)`` back into the spectra product's key."""
    key: SpectraProductKey = _ELIGIBILITY.parse(gsi1pk, gsi1sk)
    return key
