"""Rule broken: an operation that fails before sending any request (input refused) emits no
log record."""

from typing import Any

from tests.mutants._zoo import logging_factory

CAUGHT_BY = "test_observability.py::test_refusals_and_errors_log_one_record_without_item_values"


def _requests_only(_level: int, kwargs: dict[str, Any]) -> bool:
    fields = kwargs.get("extra", {}).get("persistence", {})
    return not (fields.get("outcome") != "ok" and fields.get("requests") == 0)


factory = logging_factory(_requests_only)
