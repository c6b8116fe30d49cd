"""DynamoDB's limits on an expression, which moto does not keep.

DynamoDB refuses a request holding an expression (condition, update, key condition, filter,
projection) longer than 4 KB, or a condition or filter expression of more than 300 operators,
with a ValidationException, and nothing of it is applied; DynamoDB Local does too
(:mod:`~novacat_persistence.contracts.expression_limits`). moto 5 takes any, so a candidate
sending one condition per name of a long list would pass on moto and fail on AWS.
:func:`oversized_expression` says which requests DynamoDB refuses so, and
:mod:`.moto_request_checks` makes the suites' moto refuse them before moto reads them. The
kit's tests send expressions just under and over each limit to that moto and to DynamoDB
Local (``tests/suites/test_moto_expression_limits.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from novacat_persistence.contracts.expression_limits import (
    EXPRESSION_MAX_BYTES,
    EXPRESSION_MAX_OPERATORS,
    expression_parts,
    operator_count,
)

_COUNTED: Final = ("ConditionExpression", "FilterExpression")
"""The expressions whose operators DynamoDB counts."""


def oversized_expression(request: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first expression of a DynamoDB request (its parameters, as sent) that DynamoDB
    refuses as too large, as (parameter name, DynamoDB's reason); None when none is."""
    for part in expression_parts(request):
        for name, value in part.items():
            if not (name.endswith("Expression") and isinstance(value, str)):
                continue
            size = len(value.encode())
            if size > EXPRESSION_MAX_BYTES:
                return name, (
                    "Expression size has exceeded the maximum allowed size; "
                    f"expression size: {size}"
                )
            operators = operator_count(value) if name in _COUNTED else 0
            if operators > EXPRESSION_MAX_OPERATORS:
                return name, (
                    f"The expression contains too many operators; operator count: {operators}"
                )
    return None
