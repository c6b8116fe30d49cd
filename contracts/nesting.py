"""DynamoDB's nesting limits: how many levels of lists and maps a value may hold.

Measured on DynamoDB Local (``tests/suites/test_moto_nesting.py`` holds the rule to it at
the exact limits, in puts, batches, transactions and updates):

- an attribute of a stored item holds at most :data:`MAX_ATTRIBUTE_LEVELS` (31) levels of
  lists and maps, its own value the first (the item itself is the 32nd level AWS's "32 levels
  deep" counts); an item holding more is refused ("Nesting Levels have exceeded supported
  limits"), whether a put, a batch or a transaction sends it or an update makes it;
- an ``ExpressionAttributeValues`` entry holds at most :data:`MAX_EXPRESSION_VALUE_LEVELS`
  (32), whatever the expression does with it; a request giving one more is refused whole.

Sets, strings, numbers, binary, booleans and NULL are no level: a set or an empty list or map
at the deepest level is taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from novacat_persistence.contracts.expression_limits import expression_parts
from novacat_persistence.contracts.wire_form import AttributeValue

MAX_ATTRIBUTE_LEVELS: Final = 31
"""The levels of lists and maps an attribute value of a stored item may hold."""
MAX_EXPRESSION_VALUE_LEVELS: Final = 32
"""The levels of lists and maps an ``ExpressionAttributeValues`` entry may hold."""

ITEM_TOO_DEEP: Final = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit"
)
"""What DynamoDB says of an item holding an attribute nested beyond the limit."""


def holds_more_levels(value: Any, levels: int) -> bool:
    """Whether an AttributeValue holds more than ``levels`` levels of lists and maps (its own
    value the first). Anything that is no list or map payload counts as no level."""
    if type(value) is not dict or len(value) != 1:
        return False
    inner = value.get("M")
    if type(inner) is dict:
        children: Any = inner.values()
    else:
        children = value.get("L")
        if type(children) is not list:
            return False
    if levels == 0:
        return True
    return any(holds_more_levels(child, levels - 1) for child in children)


def item_too_deep(item: Mapping[str, AttributeValue]) -> str | None:
    """The name of the first attribute of ``item`` holding more than
    :data:`MAX_ATTRIBUTE_LEVELS` levels of lists and maps, or None."""
    for name, value in item.items():
        if holds_more_levels(value, MAX_ATTRIBUTE_LEVELS):
            return name
    return None


def values_too_deep(request: Mapping[str, Any]) -> str | None:
    """Why DynamoDB refuses a request (its parameters, as sent) for an
    ``ExpressionAttributeValues`` entry holding more than :data:`MAX_EXPRESSION_VALUE_LEVELS`
    levels of lists and maps, in DynamoDB Local's words (of each part with expressions of its
    own: :func:`~.expression_limits.expression_parts`); None when no entry does."""
    for part in expression_parts(request):
        values = part.get("ExpressionAttributeValues")
        for placeholder, value in values.items() if isinstance(values, Mapping) else ():
            if holds_more_levels(value, MAX_EXPRESSION_VALUE_LEVELS):
                return (
                    f"ExpressionAttributeValues contains invalid value: {ITEM_TOO_DEEP} "
                    f"for key {placeholder}"
                )
    return None
