"""Condition and update expressions, built with placeholders for every name and value.

One :class:`Expr` serves one request: its condition and its update share the placeholder
maps, so nothing collides. Values are always AttributeValues produced by the contracts codec
(:func:`~novacat_persistence.contracts.codec.attribute_values.to_attribute_value`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import Any, Final

from novacat_persistence.contracts.codec.attribute_values import to_attribute_value
from novacat_persistence.contracts.expression_limits import (
    EXPRESSION_MAX_BYTES,
    EXPRESSION_MAX_OPERATORS,
    operator_count,
)
from novacat_persistence.contracts.versions import ENTITIES, parse_version
from novacat_persistence.contracts.wire_form import AttributeValue

_NAME_SAFE = re.compile(r"[^A-Za-z0-9_]")


@lru_cache(maxsize=1024)
def _name_placeholder(attribute: str) -> str:
    """``#`` and the attribute name with every character a placeholder cannot hold as ``_``
    (the same few attribute names recur in every request: computed once each)."""
    return "#" + _NAME_SAFE.sub("_", attribute)


class Expr:
    """Placeholders of one request: ``#name`` for attribute names, ``:vN`` for values."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, AttributeValue] = {}

    def n(self, attribute: str) -> str:
        """Return the placeholder of an attribute name (dotted paths are not split)."""
        placeholder = _name_placeholder(attribute)
        while self.names.get(placeholder, attribute) != attribute:
            placeholder += "_"
        self.names[placeholder] = attribute
        return placeholder

    def v(self, value: Any) -> str:
        """Return the placeholder of a Python value, encoded by the codec."""
        return self.raw(to_attribute_value(value))

    def raw(self, value: AttributeValue) -> str:
        """Return the placeholder of a value already in AttributeValue form."""
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = value
        return placeholder

    def params(self) -> dict[str, Any]:
        """The ``ExpressionAttributeNames``/``Values`` request parameters (only non-empty)."""
        params: dict[str, Any] = {}
        if self.names:
            params["ExpressionAttributeNames"] = dict(self.names)
        if self.values:
            params["ExpressionAttributeValues"] = dict(self.values)
        return params


class Update:
    """An update expression: SET, ADD and REMOVE clauses in the order they are added."""

    def __init__(self, expr: Expr) -> None:
        self.expr = expr
        self._set: list[str] = []
        self._add: list[str] = []
        self._remove: list[str] = []
        self._assigned: set[str] = set()

    def set(self, attribute: str, value: Any) -> Update:
        """``SET attribute = value`` (a Python value, encoded by the codec)."""
        return self.set_raw(attribute, to_attribute_value(value))

    def set_raw(self, attribute: str, value: AttributeValue) -> Update:
        """``SET attribute = value`` (an AttributeValue)."""
        self._set.append(f"{self.expr.n(attribute)} = {self.expr.raw(value)}")
        self._assigned.add(attribute)
        return self

    def set_item(self, item: dict[str, AttributeValue], *, keep: tuple[str, ...] = ()) -> Update:
        """SET every attribute of an encoded item but its keys (an upsert of the whole
        entity); the attributes named in ``keep`` are set only when absent."""
        for name, value in item.items():
            if name in ("PK", "SK"):
                continue
            if name in keep:
                self.set_if_absent(name, value)
            else:
                self.set_raw(name, value)
        return self

    def append_to_list(self, attribute: str, values: list[Any]) -> Update:
        """``SET attribute = list_append(if_not_exists(attribute, []), values)``."""
        name = self.expr.n(attribute)
        empty, added = self.expr.v([]), self.expr.v(values)
        self._set.append(f"{name} = list_append(if_not_exists({name}, {empty}), {added})")
        self._assigned.add(attribute)
        return self

    def assigns(self, attribute: str) -> bool:
        """True when a SET clause already assigns ``attribute``."""
        return attribute in self._assigned

    def set_if_absent(self, attribute: str, value: AttributeValue) -> Update:
        """``SET attribute = if_not_exists(attribute, value)``: keeps a stored value."""
        name = self.expr.n(attribute)
        self._set.append(f"{name} = if_not_exists({name}, {self.expr.raw(value)})")
        self._assigned.add(attribute)
        return self

    def set_map_entry_if_absent(self, attribute: str, entry: str, value: Any) -> Update:
        """``SET attribute.entry = if_not_exists(attribute.entry, value)`` on a map."""
        path = f"{self.expr.n(attribute)}.{self.expr.n(entry)}"
        self._set.append(f"{path} = if_not_exists({path}, {self.expr.v(value)})")
        return self

    def add(self, attribute: str, amount: int) -> Update:
        """``ADD attribute amount``: an atomic counter increment (creates it at 0)."""
        self._add.append(f"{self.expr.n(attribute)} {self.expr.v(amount)}")
        return self

    def remove(self, *attributes: str) -> Update:
        """``REMOVE attribute, ...``."""
        self._remove.extend(self.expr.n(a) for a in attributes)
        return self

    def render(self) -> str:
        """The ``UpdateExpression`` text."""
        clauses = []
        if self._set:
            clauses.append("SET " + ", ".join(self._set))
        if self._add:
            clauses.append("ADD " + ", ".join(self._add))
        if self._remove:
            clauses.append("REMOVE " + ", ".join(self._remove))
        return " ".join(clauses)


# --- conditions ------------------------------------------------------------------------------


def all_of(*conditions: str) -> str:
    """Conjunction of conditions (each parenthesized; one condition is returned as it is,
    since DynamoDB refuses redundant parentheses)."""
    return _join(" AND ", conditions)


def any_of(*conditions: str) -> str:
    """Disjunction of conditions (parenthesized as :func:`all_of`)."""
    return _join(" OR ", conditions)


def _join(operator: str, conditions: tuple[str, ...]) -> str:
    if len(conditions) == 1:
        return conditions[0]
    return operator.join(f"({c})" for c in conditions)


def item_absent(expr: Expr) -> str:
    """The item does not exist (a create-only write)."""
    return f"attribute_not_exists({expr.n('PK')})"


def item_present(expr: Expr) -> str:
    """The item exists (an update must not create it)."""
    return f"attribute_exists({expr.n('PK')})"


def equals(expr: Expr, attribute: str, value: Any) -> str:
    """``attribute = value``."""
    return f"{expr.n(attribute)} = {expr.v(value)}"


def absent_or_differs(expr: Expr, attribute: str, value: Any) -> str:
    """The attribute is absent or holds another value: the request-unique token guard."""
    name = expr.n(attribute)
    return f"attribute_not_exists({name}) OR {name} <> {expr.v(value)}"


def absent_or_equals(expr: Expr, attribute: str, value: Any) -> str:
    """The attribute is absent (:func:`attribute_absent`) or already holds ``value`` (a
    write-once field)."""
    return any_of(attribute_absent(expr, attribute), equals(expr, attribute, value))


def not_contains(expr: Expr, attribute: str, value: Any) -> str:
    """The list (or set, or string) attribute does not contain ``value``."""
    return f"NOT contains({expr.n(attribute)}, {expr.v(value)})"


def list_length_is(expr: Expr, attribute: str, length: int) -> str:
    """The list attribute holds ``length`` elements (for 0: or is not stored)."""
    name = expr.n(attribute)
    held = f"size({name}) = {expr.v(length)}"
    return f"attribute_not_exists({name}) OR {held}" if length == 0 else held


def attribute_absent(expr: Expr, attribute: str) -> str:
    """The attribute is not stored, or stored NULL: what the codec reads as absent (Nova Cat's
    services store a ``None`` as NULL), so a write treats it as the reads do."""
    name = expr.n(attribute)
    return f"attribute_not_exists({name}) OR attribute_type({name}, {expr.v('NULL')})"


def expression_problem(expression: str) -> str | None:
    """Why DynamoDB would refuse the condition ``expression`` (built here: placeholders, no
    literal text) as too large for one request, or None when it takes it
    (:mod:`~novacat_persistence.contracts.expression_limits`)."""
    size = len(expression.encode())
    if size > EXPRESSION_MAX_BYTES:
        return f"{size:,} bytes, over DynamoDB's {EXPRESSION_MAX_BYTES:,}"
    operators = operator_count(expression)
    if operators > EXPRESSION_MAX_OPERATORS:
        return f"{operators} operators, over DynamoDB's {EXPRESSION_MAX_OPERATORS}"
    return None


def unchanged(expr: Expr, item: Mapping[str, AttributeValue], *, absent: Iterable[str] = ()) -> str:
    """The stored item is still ``item`` as it was read: every attribute holds the value read
    (DynamoDB compares numbers, sets, lists and maps by value) and every attribute of
    ``absent`` is still missing. An attribute in neither, added meanwhile by a writer that
    changed nothing else, cannot be tested for."""
    terms = [f"{expr.n(name)} = {expr.raw(value)}" for name, value in item.items()]
    terms += [attribute_absent(expr, name) for name in sorted(absent)]
    return all_of(*terms)


SCHEMA_VERSION: Final = "schema_version"


@cache
def spellings(version: str) -> tuple[str, ...]:
    """Every way a stored ``schema_version`` names ``version`` (``"1"``, ``"1.0"``,
    ``"1.0.0"``): the services wrote both short and long forms."""
    major, minor, patch = parse_version(version)
    forms = [f"{major}.{minor}.{patch}"]
    if patch == 0:
        forms.append(f"{major}.{minor}")
        if minor == 0:
            forms.append(f"{major}")
    return tuple(forms)


def writable_versions(entity_type: str, stamped: str | None = None) -> tuple[str, ...]:
    """The stored versions a writer of the current model may overwrite in place: the current
    version (every spelling) and ``stamped`` (the newer minor an entity was read from, which
    the codec writes back, see ``stamped_version``)."""
    current = ENTITIES[entity_type].current.version
    forms = spellings(current)
    if stamped is not None and stamped not in forms:
        forms = (*forms, *spellings(stamped))
    return forms


def version_guard(expr: Expr, entity_type: str, stamped: str | None = None) -> str:
    """The stored ``schema_version`` is one this writer may overwrite (no newer version)."""
    values = ", ".join([expr.raw(value) for value in _version_values(entity_type, stamped)])
    return f"{expr.n(SCHEMA_VERSION)} IN ({values})"


@lru_cache(maxsize=256)
def _version_values(entity_type: str, stamped: str | None) -> tuple[AttributeValue, ...]:
    """The AttributeValues of :func:`writable_versions`, encoded once (every update carries
    them; requests only read their values)."""
    return tuple(to_attribute_value(v) for v in writable_versions(entity_type, stamped))
