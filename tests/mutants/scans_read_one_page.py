"""Rule broken: the cross-nova scans read the table's first page only (LastEvaluatedKey
ignored): novae past the first megabyte are missing from the catalog."""

from collections.abc import Iterator
from typing import Any

from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.reference_impl.boto3_gateway import Boto3Gateway
from novacat_persistence.reference_impl.conditions import Expr
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_pagination.py::test_listings_read_every_page[list_novae]"


def _first_page(self: Boto3Gateway, expr: Expr, filter_expression: str) -> Iterator[Any]:
    params: dict[str, Any] = {
        "TableName": self.table_name,
        "FilterExpression": filter_expression,
        "ConsistentRead": True,
        **expr.params(),
    }
    return iter(self._call(self._client.scan, [ItemKey("*", "*")], params).get("Items", []))


factory = patched_factory(Boto3Gateway, "scan", _first_page)
