"""DynamoDB condition and update expressions, parsed once and evaluated on in-memory items.

The fake receives exactly the expressions the reference implementation sends to DynamoDB
(``ConditionExpression``, ``UpdateExpression``, ``KeyConditionExpression`` style text with
``#name`` and ``:value`` placeholders). :func:`compile_condition` and :func:`compile_update`
parse such text into closures (cached by text: the placeholders are resolved at evaluation
time) that evaluate with DynamoDB's semantics:

- a comparison with a missing attribute is false (``<>`` true), operands of different types
  are never equal and never ordered; numbers compare as decimals, strings by code point
  (UTF-8 byte order), sets regardless of order;
- ``SET`` evaluates every right-hand side on the item as it was before the update, then
  assigns; a nested path needs its parent map; ``ADD`` creates numbers at 0 and sets empty;
- what DynamoDB refuses as malformed (overlapping paths, a key attribute in an update, a
  missing operand, arithmetic on a non-number, an expression over 4 KB) raises
  :class:`~novacat_persistence.contracts.errors.InputValidationError`, as the reference does
  when DynamoDB answers ``ValidationException``.

Supported grammar: ``AND``/``OR``/``NOT``, parentheses, ``= <> < <= > >=``, ``BETWEEN``,
``IN``, ``attribute_exists``, ``attribute_not_exists``, ``attribute_type``, ``begins_with``,
``contains``, ``size``; ``SET`` (with ``+``/``-``, ``if_not_exists``, ``list_append``),
``REMOVE``, ``ADD``, ``DELETE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, reduce
from typing import Any, Final

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.expression_limits import (
    EXPRESSION_MAX_BYTES,
    EXPRESSION_MAX_OPERATORS,
    operator_count,
)
from novacat_persistence.contracts.wire_form import AttributeValue, Item

Path = tuple[str | int, ...]
"""A resolved document path: attribute and map entry names, list indexes."""

KEY_ATTRIBUTES: Final = frozenset({"PK", "SK"})
"""The table's key attributes: an update may not touch them."""

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<ph>[#:][A-Za-z0-9_]+)|(?P<op><>|<=|>=|[=<>(),.\[\]+-])"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*))"
)
_SET_TYPES: Final = frozenset({"SS", "NS", "BS"})


class Placeholders:
    """The ``ExpressionAttributeNames`` and ``ExpressionAttributeValues`` of one request."""

    __slots__ = ("names", "values")

    def __init__(self, names: Mapping[str, str], values: Mapping[str, AttributeValue]) -> None:
        self.names = names
        self.values = values

    def name(self, placeholder: str) -> str:
        """The attribute name of a ``#`` placeholder (a bare name is itself)."""
        if not placeholder.startswith("#"):
            return placeholder
        try:
            return self.names[placeholder]
        except KeyError:
            raise invalid(f"undefined attribute name placeholder {placeholder}") from None

    def value(self, placeholder: str) -> AttributeValue:
        """The AttributeValue of a ``:`` placeholder."""
        try:
            return self.values[placeholder]
        except KeyError:
            raise invalid(f"undefined attribute value placeholder {placeholder}") from None


def invalid(message: str) -> InputValidationError:
    """The error a request DynamoDB answers with ValidationException raises (as the
    reference maps that answer)."""
    return InputValidationError(f"DynamoDB refused the request as invalid: {message}")


def _check_length(text: str) -> None:
    """Refuse an expression longer than DynamoDB takes."""
    size = len(text.encode())
    if size > EXPRESSION_MAX_BYTES:
        raise invalid(
            "Invalid expression: Expression size has exceeded the maximum allowed size; "
            f"expression size: {size}"
        )


# --- attribute values ------------------------------------------------------------------------


def canonical(value: AttributeValue) -> Any:
    """A hashable form of an AttributeValue in which equal DynamoDB values are equal (numbers
    by value, sets regardless of order)."""
    ((tag, payload),) = value.items()
    if tag == "N":
        return ("N", Decimal(payload))
    if tag == "NS":
        return ("NS", frozenset(Decimal(v) for v in payload))
    if tag in ("SS", "BS"):
        return (tag, frozenset(payload))
    if tag == "L":
        return ("L", tuple(canonical(v) for v in payload))
    if tag == "M":
        return ("M", frozenset((k, canonical(v)) for k, v in payload.items()))
    if tag == "B" and isinstance(payload, bytearray):
        return ("B", bytes(payload))
    return (tag, payload)


def _ordered(value: AttributeValue) -> tuple[str, Any] | None:
    ((tag, payload),) = value.items()
    if tag == "N":
        return ("N", Decimal(payload))
    if tag in ("S", "B"):
        return (tag, payload)
    return None


# --- paths -----------------------------------------------------------------------------------


def resolve(item: Mapping[str, AttributeValue] | None, path: Path) -> AttributeValue | None:
    """The value at ``path`` of ``item``, or None when any step is missing."""
    if item is None:
        return None
    first = path[0]
    value: AttributeValue | None = item.get(first) if isinstance(first, str) else None
    for part in path[1:]:
        if value is None:
            return None
        if isinstance(part, int):
            elements = value.get("L")
            value = elements[part] if elements is not None and part < len(elements) else None
        else:
            entries = value.get("M")
            value = entries.get(part) if entries is not None else None
    return value


def _container(item: Item, path: Path) -> AttributeValue | None:
    """The container at ``path`` (a map or list value), copied along the way so that
    changing it never changes a value shared with a stored item (copy on write)."""
    first = str(path[0])
    value = item.get(first)
    if value is None:
        return None
    value = _shallow(value)
    item[first] = value
    for part in path[1:]:
        if isinstance(part, int):
            elements = value.get("L")
            if elements is None or part >= len(elements):
                return None
            child = elements[part] = _shallow(elements[part])
        else:
            entries = value.get("M")
            if entries is None or part not in entries:
                return None
            child = entries[part] = _shallow(entries[part])
        value = child
    return value


def _shallow(value: AttributeValue) -> AttributeValue:
    if "M" in value:
        return {"M": dict(value["M"])}
    if "L" in value:
        return {"L": list(value["L"])}
    return value


def _assign(item: Item, path: Path, value: AttributeValue) -> None:
    if len(path) == 1:
        item[str(path[0])] = value
        return
    parent = _container(item, path[:-1])
    last = path[-1]
    if isinstance(last, int) and parent is not None and "L" in parent:
        elements: list[AttributeValue] = parent["L"]
        if last < len(elements):
            elements[last] = value
        else:
            elements.append(value)
        return
    if isinstance(last, str) and parent is not None and "M" in parent:
        parent["M"][last] = value
        return
    raise invalid("the document path provided in the update expression is invalid for update")


def _remove(item: Item, path: Path) -> None:
    if len(path) == 1:
        item.pop(str(path[0]), None)
        return
    if resolve(item, path) is None:
        return
    parent = _container(item, path[:-1])
    last = path[-1]
    if parent is None:
        return
    if isinstance(last, int) and "L" in parent:
        del parent["L"][last]
    elif isinstance(last, str) and "M" in parent:
        parent["M"].pop(last, None)


# --- the parser ------------------------------------------------------------------------------


class _Tokens:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[str] = []
        position = 0
        stripped = text.rstrip()
        while position < len(stripped):
            match = _TOKEN.match(stripped, position)
            if match is None or match.end() == position:
                raise invalid(f"cannot parse expression {text!r} at {position}")
            self.items.append(match.group(match.lastgroup or "word"))
            position = match.end()
        self.index = 0

    def peek(self, offset: int = 0) -> str | None:
        at = self.index + offset
        return self.items[at] if at < len(self.items) else None

    def peek_word(self) -> str:
        token = self.peek()
        return token.upper() if token is not None else ""

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise invalid(f"unexpected end of expression {self.text!r}")
        self.index += 1
        return token

    def expect(self, expected: str) -> None:
        token = self.take()
        if token.upper() != expected:
            raise invalid(f"expected {expected!r}, found {token!r} in {self.text!r}")

    def at_end(self) -> bool:
        return self.index >= len(self.items)


Operand = Callable[[Item | None, Placeholders], AttributeValue | None]
"""A compiled operand: its value on an item (None: missing)."""

Predicate = Callable[[Item | None, Placeholders], bool]
"""A compiled condition on an item (None: the item is absent)."""

PathRef = Callable[[Placeholders], Path]
"""A compiled document path, resolved against a request's name placeholders."""


def _path(tokens: _Tokens) -> PathRef:
    first = tokens.take()
    if not (first.startswith("#") or first[0].isalpha() or first[0] == "_"):
        raise invalid(f"expected an attribute path, found {first!r}")
    parts: list[str | int] = [first]
    while tokens.peek() in (".", "["):
        if tokens.take() == ".":
            parts.append(tokens.take())
        else:
            parts.append(int(tokens.take()))
            tokens.expect("]")
    frozen = tuple(parts)
    if len(frozen) == 1:  # a top-level attribute, by far the most common path
        return lambda env: (env.name(first),)

    def ref(env: Placeholders) -> Path:
        return tuple([p if isinstance(p, int) else env.name(p) for p in frozen])

    return ref


def _operand(tokens: _Tokens) -> Operand:
    token = tokens.peek()
    if token is not None and token.startswith(":"):
        tokens.take()
        return lambda _item, env: env.value(token)
    if token is not None and token.lower() == "size" and tokens.peek(1) == "(":
        tokens.take()
        tokens.expect("(")
        path = _path(tokens)
        tokens.expect(")")
        return lambda item, env: _size(resolve(item, path(env)))
    path = _path(tokens)
    return lambda item, env: resolve(item, path(env))


def _size(value: AttributeValue | None) -> AttributeValue | None:
    if value is None:
        return None
    ((tag, payload),) = value.items()
    if tag == "S":
        return {"N": str(len(payload.encode("utf-8")))}
    if tag in ("B", "L", "M", "SS", "NS", "BS"):
        return {"N": str(len(payload))}
    return None


def _equal(left: AttributeValue | None, right: AttributeValue | None) -> bool:
    if left is None or right is None:
        return False
    if left == right:  # the same wire form is the same value
        return True
    # A string equals only the same string; other types may be equal in another wire form
    # (numbers by value, sets in another order).
    return "S" not in left and "S" not in right and canonical(left) == canonical(right)


def _compare(comparator: str) -> Callable[[AttributeValue | None, AttributeValue | None], bool]:
    if comparator == "=":
        return _equal
    if comparator == "<>":
        return lambda left, right: not _equal(left, right)

    def ordered(left: AttributeValue | None, right: AttributeValue | None) -> bool:
        a = _ordered(left) if left is not None else None
        b = _ordered(right) if right is not None else None
        if a is None or b is None or a[0] != b[0]:
            return False
        x, y = a[1], b[1]
        if comparator == "<":
            return bool(x < y)
        if comparator == "<=":
            return bool(x <= y)
        if comparator == ">":
            return bool(x > y)
        return bool(x >= y)

    return ordered


def _contains(container: AttributeValue | None, element: AttributeValue | None) -> bool:
    if container is None or element is None:
        return False
    ((tag, payload),) = container.items()
    if tag == "S":
        return "S" in element and element["S"] in payload
    if tag in _SET_TYPES:
        wanted = canonical({tag[0]: element.get(tag[0])}) if tag[0] in element else None
        return wanted is not None and any(canonical({tag[0]: v}) == wanted for v in payload)
    if tag == "L":
        wanted = canonical(element)
        return any(canonical(v) == wanted for v in payload)
    return False


def _begins_with(value: AttributeValue | None, prefix: AttributeValue | None) -> bool:
    if value is None or prefix is None:
        return False
    for tag in ("S", "B"):
        if tag in value and tag in prefix:
            return bool(value[tag].startswith(prefix[tag]))
    return False


def _function(tokens: _Tokens, name: str) -> Predicate:
    tokens.expect("(")
    if name in ("attribute_exists", "attribute_not_exists"):
        path = _path(tokens)
        tokens.expect(")")
        exists = name == "attribute_exists"
        return lambda item, env: (resolve(item, path(env)) is not None) == exists
    first = _operand(tokens)
    tokens.expect(",")
    second = _operand(tokens)
    tokens.expect(")")
    if name == "begins_with":
        return lambda item, env: _begins_with(first(item, env), second(item, env))
    if name == "contains":
        return lambda item, env: _contains(first(item, env), second(item, env))
    if name == "attribute_type":

        def typed(item: Item | None, env: Placeholders) -> bool:
            value, wanted = first(item, env), second(item, env)
            return value is not None and wanted is not None and wanted.get("S") in value

        return typed
    raise invalid(f"unknown function {name!r}")


_FUNCTIONS: Final = frozenset(
    {"attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"}
)


def _primary(tokens: _Tokens) -> Predicate:
    token = tokens.peek()
    if token == "(":
        tokens.take()
        inner = _or(tokens)
        tokens.expect(")")
        return inner
    if token is not None and token.lower() in _FUNCTIONS and tokens.peek(1) == "(":
        tokens.take()
        return _function(tokens, token.lower())
    left = _operand(tokens)
    word = tokens.peek_word()
    if word == "BETWEEN":
        tokens.take()
        low = _operand(tokens)
        tokens.expect("AND")
        high = _operand(tokens)
        at_least, at_most = _compare(">="), _compare("<=")
        return lambda item, env: (
            at_least(left(item, env), low(item, env)) and at_most(left(item, env), high(item, env))
        )
    if word == "IN":
        tokens.take()
        tokens.expect("(")
        options = [_operand(tokens)]
        while tokens.peek() == ",":
            tokens.take()
            options.append(_operand(tokens))
        tokens.expect(")")

        def among(item: Item | None, env: Placeholders) -> bool:
            value = left(item, env)
            return any([_equal(value, option(item, env)) for option in options])

        return among
    comparator = tokens.take()
    if comparator not in ("=", "<>", "<", "<=", ">", ">="):
        raise invalid(f"expected a comparator, found {comparator!r} in {tokens.text!r}")
    right = _operand(tokens)
    compare = _compare(comparator)
    return lambda item, env: compare(left(item, env), right(item, env))


def _not(tokens: _Tokens) -> Predicate:
    if tokens.peek_word() == "NOT":
        tokens.take()
        inner = _not(tokens)
        return lambda item, env: not inner(item, env)
    return _primary(tokens)


def _and(tokens: _Tokens) -> Predicate:
    terms = [_not(tokens)]
    while tokens.peek_word() == "AND":
        tokens.take()
        terms.append(_not(tokens))
    return reduce(_conjunction, terms)


def _or(tokens: _Tokens) -> Predicate:
    terms = [_and(tokens)]
    while tokens.peek_word() == "OR":
        tokens.take()
        terms.append(_and(tokens))
    return reduce(_disjunction, terms)


def _conjunction(left: Predicate, right: Predicate) -> Predicate:
    return lambda item, env: left(item, env) and right(item, env)


def _disjunction(left: Predicate, right: Predicate) -> Predicate:
    return lambda item, env: left(item, env) or right(item, env)


@lru_cache(maxsize=4096)
def compile_condition(text: str) -> Predicate:
    """Parse a condition (or filter) expression into ``predicate(item_or_None, placeholders)
    -> bool``. Raises InputValidationError for text DynamoDB would refuse."""
    _check_length(text)
    operators = operator_count(text)
    if operators > EXPRESSION_MAX_OPERATORS:
        raise invalid(
            "Invalid expression: The expression contains too many operators; "
            f"operator count: {operators}"
        )
    tokens = _Tokens(text)
    predicate = _or(tokens)
    if not tokens.at_end():
        raise invalid(f"unexpected {tokens.peek()!r} in {text!r}")
    return predicate


# --- update expressions ----------------------------------------------------------------------


def _required(value: AttributeValue | None) -> AttributeValue:
    if value is None:
        raise invalid(
            "the provided expression refers to an attribute that does not exist in the item"
        )
    return value


def _number(value: AttributeValue) -> Decimal:
    if "N" not in value:
        raise invalid("an operand in the update expression has an incorrect data type")
    return Decimal(value["N"])


def _number_value(number: Decimal) -> AttributeValue:
    text = format(number, "f") if number == number.to_integral_value() else str(number)
    if "." in text and "E" not in text.upper():
        text = text.rstrip("0").rstrip(".")
    return {"N": text or "0"}


def _value_term(tokens: _Tokens) -> Operand:
    token = tokens.peek()
    name = token.lower() if token is not None else ""
    if name in ("if_not_exists", "list_append") and tokens.peek(1) == "(":
        tokens.take()
        tokens.expect("(")
        if name == "if_not_exists":
            path = _path(tokens)
            tokens.expect(",")
            fallback = _value(tokens)
            tokens.expect(")")

            def if_not_exists(item: Item | None, env: Placeholders) -> AttributeValue | None:
                stored = resolve(item, path(env))
                return stored if stored is not None else fallback(item, env)

            return if_not_exists
        first = _value(tokens)
        tokens.expect(",")
        second = _value(tokens)
        tokens.expect(")")

        def list_append(item: Item | None, env: Placeholders) -> AttributeValue | None:
            head, tail = _required(first(item, env)), _required(second(item, env))
            if "L" not in head or "L" not in tail:
                raise invalid("list_append needs two lists")
            return {"L": [*head["L"], *tail["L"]]}

        return list_append
    return _operand(tokens)


def _value(tokens: _Tokens) -> Operand:
    left = _value_term(tokens)
    if tokens.peek() not in ("+", "-"):
        return left
    sign = 1 if tokens.take() == "+" else -1
    right = _value_term(tokens)

    def arithmetic(item: Item | None, env: Placeholders) -> AttributeValue | None:
        a = _number(_required(left(item, env)))
        b = _number(_required(right(item, env)))
        return _number_value(a + sign * b)

    return arithmetic


@dataclass(frozen=True)
class CompiledUpdate:
    """A parsed update expression: its clauses and the paths they touch."""

    paths: tuple[PathRef, ...]
    sets: tuple[tuple[PathRef, Operand], ...]
    removes: tuple[PathRef, ...]
    adds: tuple[tuple[PathRef, Operand], ...]
    deletes: tuple[tuple[PathRef, Operand], ...]

    def apply(self, old: Item | None, key: Item, env: Placeholders) -> Item:
        """Return the item after the update (``key`` holds the key attributes of an item
        the update creates). Neither ``old`` nor any value it holds is changed: the new item
        shares the values the update leaves alone (copy on write), and the values it assigns
        are the request's own."""
        touched = [path(env) for path in self.paths]
        _check_paths(touched)
        assigned = [(path(env), operand(old, env)) for path, operand in self.sets]
        new = dict(old) if old is not None else dict(key)
        for path, value in assigned:
            _assign(new, path, _required(value))
        for ref in self.removes:
            _remove(new, ref(env))
        for ref, operand in self.adds:
            _add(new, ref(env), _required(operand(old, env)))
        for ref, operand in self.deletes:
            _delete(new, ref(env), _required(operand(old, env)))
        return new


def _check_paths(paths: list[Path]) -> None:
    for index, path in enumerate(paths):
        if str(path[0]) in KEY_ATTRIBUTES:
            raise invalid(f"cannot update attribute {path[0]}: it is part of the key")
        for other in paths[index + 1 :]:
            shorter = min(len(path), len(other))
            if path[:shorter] == other[:shorter]:
                raise invalid(f"two document paths overlap: {path} and {other}")


def _add(item: Item, path: Path, amount: AttributeValue) -> None:
    stored = resolve(item, path)
    ((tag, payload),) = amount.items()
    if tag == "N":
        base = _number(stored) if stored is not None else Decimal(0)
        _assign(item, path, _number_value(base + Decimal(payload)))
        return
    if tag in _SET_TYPES:
        if stored is None:
            _assign(item, path, {tag: list(payload)})
            return
        if tag not in stored:
            raise invalid("ADD needs operands of the same set type")
        merged = list(stored[tag])
        seen = {canonical({tag: [v]}) for v in merged}
        for element in payload:
            if canonical({tag: [element]}) not in seen:
                merged.append(element)
        _assign(item, path, {tag: merged})
        return
    raise invalid("ADD supports only numbers and sets")


def _delete(item: Item, path: Path, removed: AttributeValue) -> None:
    stored = resolve(item, path)
    ((tag, payload),) = removed.items()
    if stored is None:
        return
    if tag not in _SET_TYPES or tag not in stored:
        raise invalid("DELETE supports only sets of the stored type")
    drop = {canonical({tag: [v]}) for v in payload}
    kept = [v for v in stored[tag] if canonical({tag: [v]}) not in drop]
    if kept:
        _assign(item, path, {tag: kept})
    else:
        _remove(item, path)


def _clauses(tokens: _Tokens) -> Iterator[tuple[str, _Tokens]]:
    while not tokens.at_end():
        keyword = tokens.take().upper()
        if keyword not in ("SET", "REMOVE", "ADD", "DELETE"):
            raise invalid(f"expected SET, REMOVE, ADD or DELETE, found {keyword!r}")
        yield keyword, tokens


@lru_cache(maxsize=4096)
def compile_update(text: str) -> CompiledUpdate:
    """Parse an update expression. Raises InputValidationError for text DynamoDB refuses."""
    _check_length(text)
    tokens = _Tokens(text)
    sets: list[tuple[PathRef, Operand]] = []
    removes: list[PathRef] = []
    adds: list[tuple[PathRef, Operand]] = []
    deletes: list[tuple[PathRef, Operand]] = []
    paths: list[PathRef] = []
    for keyword, clause in _clauses(tokens):
        while True:
            path = _path(clause)
            paths.append(path)
            if keyword == "SET":
                clause.expect("=")
                sets.append((path, _value(clause)))
            elif keyword == "REMOVE":
                removes.append(path)
            else:
                (adds if keyword == "ADD" else deletes).append((path, _operand(clause)))
            if clause.peek() != ",":
                break
            clause.take()
    if not paths:
        raise invalid("an update expression needs at least one clause")
    return CompiledUpdate(tuple(paths), tuple(sets), tuple(removes), tuple(adds), tuple(deletes))


__all__ = [
    "KEY_ATTRIBUTES",
    "AttributeValue",
    "CompiledUpdate",
    "Item",
    "Operand",
    "Path",
    "PathRef",
    "Placeholders",
    "Predicate",
    "canonical",
    "compile_condition",
    "compile_update",
    "invalid",
    "resolve",
]
