"""Rule broken: operations emit no structured log record."""

import logging

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_observability.py::test_each_operation_emits_one_complete_record"

_SILENT = logging.getLogger("tests.mutants.silent")
_SILENT.disabled = True


class Silent(ReferenceWrapper):
    @property
    def logger(self) -> logging.Logger:
        return _SILENT


factory = subclass_factory(Silent)
