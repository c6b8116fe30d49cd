"""Rule broken: the log records of listings name the operation "list", not the method."""

import logging
from typing import Any

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_observability.py::test_every_operation_logs_one_record_naming_itself"


class _Renaming:
    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def isEnabledFor(self, level: int) -> bool:
        return self._logger.isEnabledFor(level)

    def log(self, level: int, msg: str, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("extra", {}).get("persistence", {})
        if str(fields.get("operation", "")).startswith("list_"):
            fields["operation"] = "list"
        self._logger.log(level, msg, *args, **kwargs)


class Misnamed(ReferenceWrapper):
    @property
    def logger(self) -> Any:
        return _Renaming(self._logger)


factory = subclass_factory(Misnamed)
