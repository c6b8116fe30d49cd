"""Rule broken: a failed operation's log record carries the exception and its traceback, whose
message quotes item values (an S3 key, a name)."""

import logging
from typing import Any

from tests.mutants._zoo import logging_factory

CAUGHT_BY = "test_observability.py::test_refusals_and_errors_log_one_record_without_item_values"


def _with_traceback(level: int, kwargs: dict[str, Any]) -> bool:
    if level >= logging.WARNING:
        kwargs["exc_info"] = True
    return True


factory = logging_factory(_with_traceback)
