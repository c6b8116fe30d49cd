"""Tests of a raw stored item by its attribute names, texts and sort key, as an era tells its
items apart (:mod:`~novacat_persistence.contracts.eras`).

A :class:`Check` is built from the functions below and :func:`compiled` once into a single
function with no call inside but a regular expression's: an era's test runs for every item of
its entity type read, and a test composed of nested functions cost several times as much.

What each test says of an item (a mapping of attribute names to AttributeValues, not yet
validated, so any value may be malformed; none raises):

- :func:`present`: the attribute is there, and not NULL-typed;
- :func:`holds_any`: one of the names is an attribute, whatever its value;
- :func:`text_in`, :func:`text_matches`: the attribute is a string (``S``) that is one of the
  texts, or that the pattern matches in full;
- :func:`sk_matches`: the pattern matches at the start of the ``SK`` string (of the empty text
  when the item has none);
- :func:`has_old_names`: the item holds some stored name of a rename without its new name;
- :func:`any_of`, :func:`all_of`, :func:`negated`, :func:`lacks`: as they say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final, NamedTuple

from novacat_persistence.contracts.wire_form import NULL_VALUE, AttributeValue

StoredItem = Mapping[str, AttributeValue]


class Check(NamedTuple):
    """A test of a raw stored item: what it tests (``kind``, one of :data:`KINDS`) and of
    what (``args``)."""

    kind: str
    args: tuple[Any, ...]


KINDS: Final = frozenset(
    {"present", "holds_any", "text_in", "text_matches", "sk_matches", "has_old_names"}
    | {"any_of", "all_of", "not"}
)


def present(name: str) -> Check:
    """The item holds ``name``, not NULL-typed."""
    return Check("present", (name,))


def lacks(name: str) -> Check:
    """The item holds no ``name``, or a NULL-typed one."""
    return negated(present(name))


def holds_any(names: frozenset[str]) -> Check:
    """The item has an attribute of one of ``names`` (any value, NULL included)."""
    return Check("holds_any", (frozenset(names),))


def text_in(name: str, texts: frozenset[str]) -> Check:
    """The item's ``name`` is a string (``S``) that is one of ``texts``."""
    return Check("text_in", (name, frozenset(texts)))


def text_matches(name: str, pattern: str) -> Check:
    """The item's ``name`` is a string (``S``) that ``pattern`` matches in full."""
    return Check("text_matches", (name, pattern))


def sk_matches(pattern: str) -> Check:
    """``pattern`` matches at the start of the item's ``SK`` string (of ``""`` without one)."""
    return Check("sk_matches", (pattern,))


def has_old_names(renames: Mapping[str, str]) -> Check:
    """The item holds some stored name of ``renames`` (stored -> current) but not its current
    name."""
    return Check("has_old_names", (tuple(renames.items()),))


def any_of(*checks: Check) -> Check:
    """One of ``checks`` holds (tried in order)."""
    return Check("any_of", checks)


def all_of(*checks: Check) -> Check:
    """Every one of ``checks`` holds (tried in order)."""
    return Check("all_of", checks)


def negated(check: Check) -> Check:
    """``check`` does not hold."""
    return Check("not", (check,))


class _Source:
    """The expression of a check being compiled, and the names it uses."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"NULL": NULL_VALUE}
        self._names = 0

    def variable(self) -> str:
        """A fresh name for a value the expression holds on to."""
        self._names += 1
        return f"v{self._names}"

    def constant(self, value: Any) -> str:
        """A fresh name bound to ``value`` in the compiled function's namespace."""
        self._names += 1
        name = f"c{self._names}"
        self.namespace[name] = value
        return name

    def text(self, attribute: str) -> str:
        """The expression of ``attribute``'s ``S`` payload (None when it is no map)."""
        value = self.variable()
        return (
            f"({value}.get('S') if isinstance({value} := item.get({attribute!r}), dict) else None)"
        )

    def expression(self, check: Check) -> str:
        """The Python expression (over ``item``) of ``check``: a bool, never raising."""
        kind, args = check
        if kind == "present":
            value = self.variable()
            return f"(({value} := item.get({args[0]!r})) is not None and {value} != NULL)"
        if kind == "holds_any":
            return f"(not {self.constant(args[0])}.isdisjoint(item))"
        if kind in ("text_in", "text_matches"):
            text = self.variable()
            held = f"isinstance({text} := {self.text(args[0])}, str)"
            if kind == "text_in":
                return f"({held} and {text} in {self.constant(args[1])})"
            match = self.constant(re.compile(args[1]).fullmatch)
            return f"({held} and {match}({text}) is not None)"
        if kind == "sk_matches":
            text, match = self.variable(), self.constant(re.compile(args[0]).match)
            sk = f"({text} if isinstance({text} := {self.text('SK')}, str) else '')"
            return f"({match}({sk}) is not None)"
        if kind == "has_old_names":
            pairs = [f"({old!r} in item and {new!r} not in item)" for old, new in args[0]]
            return f"({' or '.join(pairs) or 'False'})"
        if kind in ("any_of", "all_of"):
            joined = f" {'or' if kind == 'any_of' else 'and'} ".join(map(self.expression, args))
            return f"({joined or ('False' if kind == 'any_of' else 'True')})"
        if kind == "not":
            return f"(not {self.expression(args[0])})"
        raise ValueError(f"no item check of kind {kind!r} (known: {sorted(KINDS)})")


def compiled(check: Check) -> Callable[[StoredItem], bool]:
    """The function of ``check``: whether a raw stored item passes it (never raises)."""
    source = _Source()
    body = source.expression(check)
    code = compile(f"def check(item):\n    return {body}\n", "<item check>", "exec")
    exec(code, source.namespace)  # an expression built above from the check's parts alone
    function: Callable[[StoredItem], bool] = source.namespace["check"]
    return function
