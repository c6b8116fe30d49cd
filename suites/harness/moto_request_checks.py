"""Requests DynamoDB refuses before reading them, which moto 5 takes.

DynamoDB refuses with a ValidationException, nothing of it applied, a request holding an
expression over its limits (4 KB; a condition or filter of more than 300 operators:
:func:`.moto_expression_limits.oversized_expression`), a request giving a placeholder none
of its expressions uses (:func:`~novacat_persistence.contracts.placeholders.request_problem`),
and one giving an expression value nested more than 32 levels of lists and maps deep
(:func:`~novacat_persistence.contracts.nesting.values_too_deep`). moto 5 keeps neither limit,
and checks unused names and the values of an update only, so a candidate sending such
requests passed on moto and failed on AWS. :func:`installed` makes the
suites' moto refuse them as DynamoDB Local does, before moto reads them; every other request is
moto's own. The kit's tests hold each rule to DynamoDB Local
(``tests/suites/test_moto_expression_limits.py``,
``tests/suites/test_moto_unused_placeholders.py``, ``tests/suites/test_moto_nesting.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from novacat_persistence.contracts.nesting import values_too_deep
from novacat_persistence.contracts.placeholders import request_problem
from novacat_persistence.suites.harness.moto_expression_limits import oversized_expression

_OPERATIONS: Final = (
    "put_item",
    "update_item",
    "delete_item",
    "get_item",
    "query",
    "scan",
    "batch_get_item",
    "transact_get_items",
    "transact_write_items",
)
"""moto's handlers of the requests that may carry expressions."""


def refusal(request: Mapping[str, Any]) -> str | None:
    """Why DynamoDB refuses a request (its parameters, as sent) before reading it, in
    DynamoDB Local's words; None when it reads it."""
    oversized = oversized_expression(request)
    if oversized is not None:
        name, reason = oversized
        return f"Invalid {name}: {reason}"
    return request_problem(request) or values_too_deep(request)


def _checked(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def checked(self: Any) -> Any:
        from moto.dynamodb.exceptions import MockValidationException  # noqa: PLC0415

        reason = refusal(getattr(self, "params", None) or {})
        if reason is not None:
            raise MockValidationException(reason)
        return handler(self)

    return checked


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto refuses what DynamoDB refuses before reading a request."""
    from moto.dynamodb.responses import DynamoHandler  # noqa: PLC0415 - moto only

    originals = {name: getattr(DynamoHandler, name) for name in _OPERATIONS}
    for name, handler in originals.items():
        setattr(DynamoHandler, name, _checked(handler))
    try:
        yield
    finally:
        for name, handler in originals.items():
            setattr(DynamoHandler, name, handler)
