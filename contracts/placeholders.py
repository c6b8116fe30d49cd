"""DynamoDB's rule on a request's placeholders: each one given is used.

DynamoDB refuses, with a ValidationException and nothing applied, a request whose
``ExpressionAttributeNames`` or ``ExpressionAttributeValues`` hold a placeholder (``#name``,
``:value``) that none of the request's expressions uses, or that gives either with no
expression at all (in a transaction, each action and its own expressions). Measured on
DynamoDB Local for puts, updates, deletes, gets, queries, scans and every kind of transaction
action: "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}". A
placeholder is used when an expression holds it whole: ``#a`` is not used by ``#ab``. The
fake and the suites' moto refuse such requests (moto 5 checks unused names, and the values of
an update only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

from novacat_persistence.contracts.expression_limits import expression_parts

_TOKENS: Final = {
    "ExpressionAttributeNames": re.compile(r"#[A-Za-z0-9_]+"),
    "ExpressionAttributeValues": re.compile(r":[A-Za-z0-9_]+"),
}
"""Each placeholder parameter, and how its placeholders are written in an expression."""


def unused_placeholders(
    names: Mapping[str, Any] | None,
    values: Mapping[str, Any] | None,
    expressions: Iterable[str | None],
) -> str | None:
    """Why DynamoDB refuses a request of these placeholder maps and expressions (None for an
    expression the request does not hold), in DynamoDB Local's words; None when it does not."""
    texts = tuple(text for text in expressions if text is not None)
    return _unused(texts, tuple(names or ()), tuple(values or ()))


@lru_cache(maxsize=4096)
def _unused(texts: tuple[str, ...], names: tuple[str, ...], values: tuple[str, ...]) -> str | None:
    """:func:`unused_placeholders` of the placeholders given (a wrapper sends the same few
    expressions over and over: each is read once)."""
    for parameter, given in (
        ("ExpressionAttributeNames", names),
        ("ExpressionAttributeValues", values),
    ):
        if not given:
            continue
        if not texts:
            return f"{parameter} can only be specified when using expressions"
        used = {token for text in texts for token in _TOKENS[parameter].findall(text)}
        unused = [placeholder for placeholder in given if placeholder not in used]
        if unused:
            keys = ", ".join(unused)
            return f"Value provided in {parameter} unused in expressions: keys: {{{keys}}}"
    return None


def request_problem(request: Mapping[str, Any]) -> str | None:
    """:func:`unused_placeholders` of a request as sent (its parameters): of each part that
    holds expressions of its own (:func:`~.expression_limits.expression_parts`)."""
    for part in expression_parts(request):
        found = unused_placeholders(
            part.get("ExpressionAttributeNames"),
            part.get("ExpressionAttributeValues"),
            [v for k, v in part.items() if k.endswith("Expression") and isinstance(v, str)],
        )
        if found is not None:
            return found
    return None
