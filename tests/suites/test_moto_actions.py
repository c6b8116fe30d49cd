"""The suites' moto backend finds a request's action among the same methods moto lists."""

from __future__ import annotations

from moto.core import responses, utils
from moto.dynamodb.responses import DynamoHandler

from novacat_persistence.suites.harness import moto_actions


def test_the_method_list_is_motos_own_kept_per_class() -> None:
    """Within the block: moto's list for each class, made once; afterwards moto's own lookup."""
    own = utils.method_names_from_class(DynamoHandler)
    assert "transact_write_items" in own
    with moto_actions.installed():
        first = responses.method_names_from_class(DynamoHandler)
        assert first == own
        assert responses.method_names_from_class(DynamoHandler) is first
        assert responses.method_names_from_class(object) == []
    assert responses.method_names_from_class is utils.method_names_from_class
