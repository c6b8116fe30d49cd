"""Rule broken: rows are stamped with the wrapper's clock, so a batch sent again rewrites them
as different items (a re-executed task changes what is stored)."""

from collections.abc import Sequence
from typing import Any

from novacat_persistence.contracts.entities import PhotometryRow
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_photometry_rows.py::test_a_batch_sent_again_rewrites_the_same_items"


class Stamps(ReferenceWrapper):
    def put_photometry_rows(self, rows: Sequence[PhotometryRow]) -> Any:
        now = self._now()
        stamped = [r.model_copy(update={"created_at": now, "updated_at": now}) for r in rows]
        return super().put_photometry_rows(stamped)


factory = subclass_factory(Stamps)
