"""The raw view: what is actually stored beneath an implementation, read and seeded around it.

The conformance suites check every rule against what is stored, not only against what the
candidate returns. For a candidate on a boto3 client they read the backend's tables directly;
a self-contained candidate (capability ``self_contained``) must offer the view itself, as its
wrapper's ``table`` attribute, with the methods of :class:`RawView` (and its photometry table
as ``table.photometry``, a :class:`TableView`).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from novacat_persistence.contracts.wire_form import Item


class TableView(Protocol):
    """What the suites read and seed in one table beneath the candidate: DynamoDB wire-form
    items, strongly consistent (a write by the candidate is visible at once)."""

    def get(self, pk: str, sk: str) -> Item | None:
        """The stored item, or None."""
        ...

    def put(self, item: Item) -> None:
        """Store an item as is (seeding legacy and hostile shapes), replacing any other."""
        ...

    def scan(self) -> list[Item]:
        """Every stored item."""
        ...

    def partition(self, pk: str) -> list[Item]:
        """Every item of a partition in SK order."""
        ...

    def keys(self) -> set[tuple[str, str]]:
        """The (PK, SK) of every stored item."""
        ...

    def delete_except(self, keep: set[tuple[str, str]]) -> None:
        """Delete every item whose key is not in ``keep``."""
        ...


@runtime_checkable
class RawView(TableView, Protocol):
    """The main table beneath the candidate (a :class:`TableView`), its eligibility index,
    and the photometry table beside it."""

    @property
    def photometry(self) -> TableView:
        """The photometry table (``<main>Photometry``): the PhotometryRows."""
        ...

    def gsi1_members(self, gsi1pk: str) -> list[Item]:
        """The items the eligibility index holds under ``gsi1pk``."""
        ...
