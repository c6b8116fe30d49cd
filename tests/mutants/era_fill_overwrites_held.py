"""Rule broken: an era fills what an item lacks, and only that; this one also overwrites what the
item holds (a Nova Cat nova stored with its own ``updated_at`` takes its ``created_at``)."""

from typing import Any

from novacat_persistence.contracts import eras
from novacat_persistence.contracts.codec import items
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_an_era_fills_only_what_an_item_lacks"


def _overwriting(era: Any, item: Any, key_texts: Any = None) -> dict[str, Any]:
    added = {name: item[source] for name, source in era.fills.items() if source in item}
    if era.from_key and key_texts is not None:
        added.update(key_texts(item))
    return added


items.filled_in = _overwriting  # the plain reads' filling (this mutant's process only)
factory = patched_factory(eras, "filled_in", _overwriting)  # the general reading's
