"""Rule broken: ensuring the photometry table overwrites it (counters reset)."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_photometry_singleton.py::test_ensure_twice_returns_the_one_table"


class Overwrites(ReferenceWrapper):
    def ensure_photometry_table(self, nova_id: UUID) -> Any:
        table = self._empty_table(nova_id, self._now())
        self._db.put(encode(table))
        return Stored(table, created=True)


factory = subclass_factory(Overwrites)
