"""Rule broken: a failed operation's log record carries the exception and its traceback, whose
message quotes item values (an S3 key, a name)."""

import logging
from typing import Any

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_observability.py::test_refusals_and_errors_log_one_record_without_item_values"


class _WithTraceback:
    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def isEnabledFor(self, level: int) -> bool:
        return self._logger.isEnabledFor(level)

    def log(self, level: int, msg: str, *args: Any, **kwargs: Any) -> None:
        if level >= logging.WARNING:
            kwargs["exc_info"] = True
        self._logger.log(level, msg, *args, **kwargs)


class Leaky(ReferenceWrapper):
    @property
    def logger(self) -> Any:
        return _WithTraceback(self._logger)


factory = subclass_factory(Leaky)
