"""Rule broken: an operation that fails before sending any request (input refused) emits no
log record."""

import logging
from typing import Any

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_observability.py::test_refusals_and_errors_log_one_record_without_item_values"


class _RequestsOnly:
    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def isEnabledFor(self, level: int) -> bool:
        return self._logger.isEnabledFor(level)

    def log(self, level: int, msg: str, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("extra", {}).get("persistence", {})
        if fields.get("outcome") != "ok" and fields.get("requests") == 0:
            return
        self._logger.log(level, msg, *args, **kwargs)


class Silent(ReferenceWrapper):
    @property
    def logger(self) -> Any:
        return _RequestsOnly(self._logger)


factory = subclass_factory(Silent)
