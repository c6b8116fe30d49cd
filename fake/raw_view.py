"""The raw view of a fake wrapper's tables: what tests and the conformance suites read and seed
around a fake wrapper, in DynamoDB wire form (a
:class:`~novacat_persistence.contracts.raw_view.RawView`: the main table, its index and the
photometry table).

Reads are copies (change them freely); a seeded item is checked as DynamoDB checks what the
low-level client sends: a value that is no AttributeValue in wire form raises
InputValidationError, and nothing is stored.
"""

from __future__ import annotations

from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.fake.stored_form import checked_item
from novacat_persistence.fake.table import FakeTable


class FakeTableView:
    """The view of one :class:`FakeTable` (``store``): what is stored, read and seeded in wire
    form (a :class:`~novacat_persistence.contracts.raw_view.TableView`)."""

    def __init__(self, store: FakeTable | None = None) -> None:
        self.store: FakeTable = store if store is not None else FakeTable()
        """The table this view shows."""

    def get(self, pk: str, sk: str) -> Item | None:
        """A copy of the stored item, or None."""
        return self.store.read(pk, sk)

    def put(self, item: Item) -> None:
        """Store ``item`` as it is (seeding any item DynamoDB accepts; sets as lists, as the
        low-level client gives them), replacing any item with its key."""
        self.store.write(checked_item(item))

    def scan(self) -> list[Item]:
        """Copies of every item, ordered by PK then SK."""
        return self.store.select(lambda _item: True)

    def partition(self, pk: str) -> list[Item]:
        """Copies of every item of a partition, in SK order."""
        return self.store.query(pk)

    def keys(self) -> set[tuple[str, str]]:
        """The (PK, SK) of every stored item."""
        return self.store.keys()

    def delete_except(self, keep: set[tuple[str, str]]) -> None:
        """Delete every item whose (PK, SK) is not in ``keep``."""
        for pk, sk in self.store.keys() - keep:
            self.store.delete(pk, sk)

    def __len__(self) -> int:
        return len(self.store)


class FakeRawView(FakeTableView):
    """The raw view of a fake wrapper's main table (``store``) and of its photometry table
    (``photometry``); pass it as ``table=`` to another fake wrapper to share both stores."""

    def __init__(self, store: FakeTable | None = None, photometry: FakeTable | None = None) -> None:
        super().__init__(store)
        self.photometry: FakeTableView = FakeTableView(photometry)
        """The photometry table beside the main one."""

    def gsi1_members(self, gsi1pk: str) -> list[Item]:
        """Copies of the items the eligibility index holds under ``gsi1pk``, in GSI1SK order."""
        return self.store.query_index(gsi1pk)
