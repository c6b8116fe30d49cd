"""The raw table beneath the candidate: what is actually stored, read and seeded around the
implementation under test.

Suite tests see it as a :class:`~novacat_persistence.contracts.raw_view.RawView`. For a
candidate on a boto3 client it is a :class:`RawTable` (the backend's table, through a client
without the suites' hooks); for a self-contained candidate it is the candidate's own view of its
store (``wrapper.table``), taken by :func:`own_table_view`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.contracts.tables import ELIGIBILITY_INDEX_NAME, photometry_table_beside
from novacat_persistence.contracts.wire_form import Item


def own_table_view(wrapper: object) -> RawView:
    """The raw view of a self-contained candidate: its wrapper's ``table`` attribute, which
    must have every :class:`RawView` method (TypeError naming the missing ones otherwise)."""
    table = getattr(wrapper, "table", None)
    if isinstance(table, RawView):
        return table
    wanted = sorted(name for name in vars(RawView) if not name.startswith("_"))
    missing = [name for name in wanted if not callable(getattr(table, name, None))]
    raise TypeError(
        f"a self-contained candidate's wrapper needs a `table` raw view; {type(wrapper).__name__}"
        f".table is {type(table).__name__}, without {', '.join(missing) or 'the RawView methods'}"
    )


@dataclass(frozen=True)
class RawTable:
    """Direct access to one suite table on the backend (a :class:`RawView` of a main table,
    with the photometry table beside it)."""

    client: Any
    name: str

    @property
    def photometry(self) -> RawTable:
        """The photometry table beside this one (read the same way)."""
        return replace(self, name=photometry_table_beside(self.name))

    def get(self, pk: str, sk: str) -> Item | None:
        """The stored item (strongly consistent), or None."""
        item: Item | None = self.client.get_item(
            TableName=self.name, Key={"PK": {"S": pk}, "SK": {"S": sk}}, ConsistentRead=True
        ).get("Item")
        return item

    def put(self, item: Item) -> None:
        """Store an item as is (seeding legacy and hostile shapes)."""
        self.client.put_item(TableName=self.name, Item=item)

    def scan(self) -> list[Item]:
        """Every item of the table (all pages)."""
        return self._scan({})

    def _scan(self, extra: dict[str, Any]) -> list[Item]:
        items: list[Item] = []
        params: dict[str, Any] = {"TableName": self.name, "ConsistentRead": True, **extra}
        while True:
            page = self.client.scan(**params)
            items.extend(page.get("Items", []))
            if not page.get("LastEvaluatedKey"):
                return items
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def partition(self, pk: str) -> list[Item]:
        """Every item of a partition in SK order (all pages)."""
        items: list[Item] = []
        params: dict[str, Any] = {
            "TableName": self.name,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "ConsistentRead": True,
        }
        while True:
            page = self.client.query(**params)
            items.extend(page.get("Items", []))
            if not page.get("LastEvaluatedKey"):
                return items
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def keys(self) -> set[tuple[str, str]]:
        """The (PK, SK) of every stored item (a scan projecting the key attributes only: a
        race round and a fault case each call it, and embedded backends spend their time
        serializing every attribute of every item)."""
        projected = self._scan({"ProjectionExpression": "PK, SK"})
        return {(i["PK"]["S"], i["SK"]["S"]) for i in projected}

    def delete_except(self, keep: set[tuple[str, str]]) -> None:
        """Delete every item whose key is not in ``keep`` (batches of 25)."""
        self.delete(self.keys() - keep)

    def delete(self, keys: set[tuple[str, str]]) -> None:
        """Delete the items of these (PK, SK) keys (batches of 25, sent until processed)."""
        doomed = sorted(keys)
        for start in range(0, len(doomed), 25):
            requests = [
                {"DeleteRequest": {"Key": {"PK": {"S": pk}, "SK": {"S": sk}}}}
                for pk, sk in doomed[start : start + 25]
            ]
            pending: dict[str, Any] = {self.name: requests}
            while pending:
                pending = (
                    self.client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
                )

    def gsi1_members(self, gsi1pk: str) -> list[Item]:
        """The items GSI1 holds under ``gsi1pk`` (an index query: eventually consistent on
        the service, immediate on moto and DynamoDB Local)."""
        items: list[Item] = []
        params: dict[str, Any] = {
            "TableName": self.name,
            "IndexName": ELIGIBILITY_INDEX_NAME,
            "KeyConditionExpression": "GSI1PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": gsi1pk}},
        }
        while True:
            page = self.client.query(**params)
            items.extend(page.get("Items", []))
            if not page.get("LastEvaluatedKey"):
                return items
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]
