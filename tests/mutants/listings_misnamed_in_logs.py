"""Rule broken: the log records of listings name the operation "list", not the method."""

from typing import Any

from tests.mutants._zoo import logging_factory

CAUGHT_BY = "test_observability.py::test_every_operation_logs_one_record_naming_itself"


def _renamed(_level: int, kwargs: dict[str, Any]) -> bool:
    fields = kwargs.get("extra", {}).get("persistence", {})
    if str(fields.get("operation", "")).startswith("list_"):
        fields["operation"] = "list"
    return True


factory = logging_factory(_renamed)
