"""DynamoDB's limits on one expression of a request, as DynamoDB Local keeps them.

Any expression (condition, filter, key condition, update, projection) is at most 4 KB; a
condition or filter expression holds at most 300 operators. DynamoDB Local refuses either with
a ValidationException, nothing of the request applied ("Expression size has exceeded the
maximum allowed size"; "The expression contains too many operators; operator count: N").
The reference wrapper checks its own expressions against them, and the fake and the suites'
moto refuse what DynamoDB refuses (moto 5 keeps neither limit).

How DynamoDB Local counts, measured there with conditions of 150 and 151 terms (and 100 and
101 where a term holds two operators): each comparator (``=``, ``<>``, ``<``, ``<=``, ``>``,
``>=``), ``AND``, ``OR``, ``NOT``, ``IN`` and ``BETWEEN`` is one operator, and so is each
function call (``attribute_exists``, ``contains``, ``size``, ...); the ``AND`` within
``BETWEEN x AND y`` is part of the ``BETWEEN``, parentheses and the values of an ``IN`` list
are none. An update expression of 330 assignments, 200 additions or 150 ``list_append`` calls
is taken: its operators are not limited so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

EXPRESSION_MAX_BYTES: Final = 4 * 1024
"""DynamoDB's limit on the length of any expression string of a request, in bytes."""
EXPRESSION_MAX_OPERATORS: Final = 300
"""DynamoDB's limit on the operators of one condition or filter expression."""

_OPERATOR: Final = re.compile(r"<>|<=|>=|[=<>]|\b(?:AND|OR|NOT|IN|BETWEEN)\b|\b[a-z_]+\(")
_BETWEEN: Final = re.compile(r"\bBETWEEN\b")


def operator_count(expression: str) -> int:
    """The operators of a condition or filter expression written with placeholders (``#name``,
    ``:value``), counted as DynamoDB counts them (see the module)."""
    return len(_OPERATOR.findall(expression)) - len(_BETWEEN.findall(expression))


def expression_parts(request: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The parts of a DynamoDB request (its parameters, as sent) that hold expressions of
    their own, with their placeholders: each action of its ``TransactItems``, each table's
    reads of its ``RequestItems``, then the request itself."""
    for name, value in request.items():
        if name == "TransactItems" and isinstance(value, list):
            for entry in value:
                for action in entry.values() if isinstance(entry, dict) else ():
                    if isinstance(action, dict):
                        yield action
        elif name == "RequestItems" and isinstance(value, dict):
            yield from (reads for reads in value.values() if isinstance(reads, dict))
    yield request
