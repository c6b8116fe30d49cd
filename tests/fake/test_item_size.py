"""The fake stores an item of exactly DynamoDB's item size and refuses one byte more, counted
as DynamoDB Local counts it (``tests/suites/test_moto_item_size.py`` holds that oracle and its
items); binary payloads and sets included."""

from __future__ import annotations

from typing import Any

import pytest

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.item_size import MAX_ITEM_BYTES
from novacat_persistence.fake.stored_form import freeze, thaw
from tests.suites.test_moto_item_size import COMPANIONS, filled_item


@pytest.mark.parametrize("values", COMPANIONS.values(), ids=list(COMPANIONS))
def test_an_item_of_exactly_400_kb_is_kept_and_one_byte_more_refused(
    values: dict[str, Any],
) -> None:
    """At 409,600 bytes the snapshot holds the item as given; at 409,601 InputValidationError
    says its size."""
    at_limit = filled_item(values, MAX_ITEM_BYTES)
    assert thaw(freeze(at_limit))["d"] == at_limit["d"]
    with pytest.raises(InputValidationError, match="409601 bytes"):
        freeze(filled_item(values, MAX_ITEM_BYTES + 1))
