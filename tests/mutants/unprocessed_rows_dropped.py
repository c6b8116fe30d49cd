"""Rule broken: rows a BatchWriteItem leaves unprocessed are never sent again (lost)."""

from typing import Any

from novacat_persistence.reference_impl import batches
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_photometry_rows.py::test_rows_left_unprocessed_are_sent_again[10]"


def _send_once(db: Any, chunks: Any) -> None:
    for chunk in chunks:
        db.batch_put(chunk)


factory = patched_factory(batches, "put_all", _send_once)
