"""Rule broken: a listing by a workflow id or name no key can hold (a lone surrogate, over the
byte limit) is sent, answered [] or refused by the service, instead of KeyShapeError first."""

from typing import Any

from novacat_persistence.contracts.keys import ItemKey, prefixes
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[listing_by_a_key_no_item_can_have]"
)


def _unchecked(pk: str, sk: str, *_names: Any) -> ItemKey:
    return ItemKey(pk, sk)


factory = patched_factory(prefixes, "checked", _unchecked)
