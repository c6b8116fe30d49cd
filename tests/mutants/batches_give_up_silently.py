"""Rule broken: rows still unprocessed after the last re-send are dropped without a word (no
ThrottledError): the call reports success and the rows are lost."""

import time
from collections.abc import Callable, Sequence
from typing import Any

from novacat_persistence.reference_impl import batches
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_photometry_rows.py::test_rows_still_unprocessed_after_the_retries_are_a_retryable_error"
)


def _give_up_silently(
    batch: Sequence[Any], send: Callable[[Sequence[Any]], list[Any]], _give_up: Any
) -> None:
    left = send(batch)
    for round_ in range(1, batches.ROUNDS + 1):
        if not left:
            return
        time.sleep(batches.pause(round_))
        left = send(left)


factory = patched_factory(batches, "_to_the_end", _give_up_silently)
