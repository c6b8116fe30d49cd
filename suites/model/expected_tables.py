"""The model's tables: current entities by stored key, and the items they stand for.

The model keeps entities, not items. What a conforming candidate must have stored is, for every
entity of the model, exactly the item the contracts' codec makes of it
(:func:`~novacat_persistence.contracts.codec.items.encode`: its keys from the key grammar, GSI1
keys exactly while it is eligible, ``entity_type``, ``schema_version``, every field that is not
None), and nothing else. Like the deployed tables (``contracts/tables.py``), the main table
(:class:`ModelStore`) has the photometry table beside it (:attr:`ModelStore.photometry`), which
holds the PhotometryRows and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import PersistedEntity, PhotometryRow
from novacat_persistence.contracts.keys import (
    EntityKey,
    ItemKey,
    build,
    gsi1_of,
    item_key,
    key_of,
)
from novacat_persistence.contracts.wire_form import Item

E = TypeVar("E", bound=PersistedEntity)


def _sort_key(text: str) -> bytes:
    """DynamoDB orders sort keys by their UTF-8 bytes."""
    return text.encode("utf-8")


class ModelTable:
    """One table's entities by their stored ``(PK, SK)``: reads, writes, deletes and
    SK-ordered partitions, all in memory."""

    def __init__(self) -> None:
        self._entities: dict[ItemKey, PersistedEntity] = {}
        self._touched: set[ItemKey] = set()

    def get(self, key: EntityKey, model: type[E]) -> E | None:
        """The entity stored under a typed key (None when absent); a stored entity of another
        model is a bug of the model itself."""
        stored_key = build(key)
        self._touched.add(stored_key)
        found = self._entities.get(stored_key)
        if found is None:
            return None
        assert isinstance(found, model), f"{key} holds a {type(found).__name__}"
        return found

    def put(self, entity: PersistedEntity) -> None:
        """Store an entity under its key (replacing what was there)."""
        stored_key = item_key(entity)
        self._touched.add(stored_key)
        self._entities[stored_key] = entity

    def delete(self, key: EntityKey) -> PersistedEntity | None:
        """Delete the entity under a typed key; return it (None when absent)."""
        stored_key = build(key)
        self._touched.add(stored_key)
        return self._entities.pop(stored_key, None)

    def partition(self, pk: str, prefix: str = "") -> list[PersistedEntity]:
        """The entities of a partition whose SK begins with ``prefix``, in SK order."""
        found = [(k.sk, e) for k, e in self._entities.items() if k.pk == pk]
        chosen = sorted(
            (p for p in found if p[0].startswith(prefix)), key=lambda p: _sort_key(p[0])
        )
        return [entity for _sk, entity in chosen]

    def entities(self) -> dict[ItemKey, PersistedEntity]:
        """Every stored entity by key (a copy)."""
        return dict(self._entities)

    def take_touched(self) -> set[ItemKey]:
        """The keys read, written or deleted one by one since the last time this was asked:
        the items an operation looked at, which a candidate may have changed."""
        touched, self._touched = self._touched, set()
        return touched

    def expected_item(self, key: ItemKey) -> Item | None:
        """The item a candidate must hold at ``key`` (None: nothing)."""
        entity = self._entities.get(key)
        return None if entity is None else encode(entity)

    def expected_items(self) -> dict[ItemKey, Item]:
        """The item every entity stands for, by key: what a candidate must have stored."""
        return {key: encode(entity) for key, entity in self._entities.items()}

    def saved(self) -> dict[ItemKey, PersistedEntity]:
        """What the table holds now, to be :meth:`restore`d."""
        return dict(self._entities)

    def restore(self, saved: dict[ItemKey, PersistedEntity]) -> None:
        """Hold again exactly what :meth:`saved` returned."""
        self._entities = saved

    def view(self) -> ModelTableView:
        """The stored items as a :class:`~novacat_persistence.contracts.raw_view.TableView`."""
        return ModelTableView(self)


class ModelStore(ModelTable):
    """The main table (a :class:`ModelTable` with its eligibility index) and the photometry
    table beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.photometry = ModelTable()
        """The photometry table: the PhotometryRows."""

    def put(self, entity: PersistedEntity) -> None:
        """Store an entity of the main table under its key (a PhotometryRow belongs to
        :attr:`photometry`: storing one here is a bug of the model itself)."""
        assert not isinstance(entity, PhotometryRow), "a PhotometryRow in the main table"
        super().put(entity)

    def index(self, gsi1pk: str, prefix: str = "") -> list[PersistedEntity]:
        """The entities the eligibility index holds under ``gsi1pk`` whose GSI1SK begins with
        ``prefix``, in GSI1SK order."""
        chosen = []
        for entity in self._entities.values():
            gsi = gsi1_of(entity)
            if gsi is not None and gsi.pk == gsi1pk and gsi.sk.startswith(prefix):
                chosen.append((gsi.sk, entity))
        return [entity for _sk, entity in sorted(chosen, key=lambda p: _sort_key(p[0]))]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Within the block, an exception undoes every change to either table: an operation
        that fails writes nothing."""
        saved = (self.saved(), self.photometry.saved())
        try:
            yield
        except BaseException:
            self.restore(saved[0])
            self.photometry.restore(saved[1])
            raise

    def view(self) -> ModelRawView:
        """The stored items as a :class:`~novacat_persistence.contracts.raw_view.RawView`."""
        return ModelRawView(self)


class ModelTableView:
    """One model table's items in wire form, read and seeded as the suites read a candidate's
    table (a :class:`~novacat_persistence.contracts.raw_view.TableView`)."""

    def __init__(self, store: ModelTable) -> None:
        self._store = store

    def get(self, pk: str, sk: str) -> Item | None:
        """The item the model holds at ``pk``/``sk``, or None."""
        return self._store.expected_items().get(ItemKey(pk, sk))

    def put(self, item: Item) -> None:
        """Seed an item (decoded into its current model)."""
        self._store.put(decode(item))

    def scan(self) -> list[Item]:
        """Every item."""
        return list(self._store.expected_items().values())

    def partition(self, pk: str) -> list[Item]:
        """Every item of a partition, in SK order."""
        return [encode(e) for e in self._store.partition(pk)]

    def keys(self) -> set[tuple[str, str]]:
        """The (PK, SK) of every item."""
        return {(k.pk, k.sk) for k in self._store.entities()}

    def delete_except(self, keep: set[tuple[str, str]]) -> None:
        """Delete every item whose key is not in ``keep``."""
        for key, entity in self._store.entities().items():
            if (key.pk, key.sk) not in keep:
                self._store.delete(key_of(entity))


class ModelRawView(ModelTableView):
    """The model's main table, its eligibility index and its photometry table, as a
    :class:`~novacat_persistence.contracts.raw_view.RawView`."""

    def __init__(self, store: ModelStore) -> None:
        super().__init__(store)
        self._main = store

    @property
    def photometry(self) -> ModelTableView:
        """The photometry table's items."""
        return self._main.photometry.view()

    def gsi1_members(self, gsi1pk: str) -> list[Item]:
        """The items the eligibility index holds under ``gsi1pk``."""
        return [encode(e) for e in self._main.index(gsi1pk)]
