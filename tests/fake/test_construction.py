"""A fake wrapper built on what cannot serve it is refused as it is built, with
BackendConfigurationError naming the argument (each failed at its first use with Python's
AttributeError or TypeError, or was taken)."""

from __future__ import annotations

from typing import Any

import pytest

from novacat_persistence.contracts.errors import BackendConfigurationError
from novacat_persistence.fake import FakeWrapper


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"table": 5}, "table must be another fake wrapper's table, not int"),
        ({"table_name": ""}, "the main table name is empty"),
        ({"table_name": "Nova Cat"}, "'Nova Cat' is not one DynamoDB takes"),
        ({"clock": 5}, "the wrapper's clock must be callable, not int"),
        ({"logger": "novacat"}, "the wrapper's logger must be a logging.Logger, not str"),
        ({"fault_hook": 5}, "fault_hook must be callable, not int"),
        ({"backoff": 300}, "backoff must be a BackoffPolicy, not int"),
    ],
)
def test_a_fake_built_on_what_cannot_serve_it_is_refused(
    arguments: dict[str, Any], says: str
) -> None:
    with pytest.raises(BackendConfigurationError, match=says):
        FakeWrapper(**arguments)


def test_a_fake_shares_another_fake_s_table() -> None:
    """The accepted form of ``table``: another fake's, whose store it then shares."""
    first = FakeWrapper()
    assert FakeWrapper(first.table).table is first.table
