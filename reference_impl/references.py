"""References (global, by bibcode) and their links to novae."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import NovaReference, Reference
from novacat_persistence.contracts.entities.reference import MUTABLE_REFERENCE_FIELDS
from novacat_persistence.contracts.keys import NOVAREF_PREFIX, NovaKey, ReferenceKey, build
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl import batches
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.core import Core, any_existing
from novacat_persistence.reference_impl.logs import operation


class ReferenceOps(Core):
    """IFC-030 reference operations."""

    @operation("Reference")
    def upsert_reference(self, reference: Reference) -> Reference:
        """See :meth:`PersistenceWrapper.upsert_reference`: one upsert that SETs the mutable
        fields (REMOVEs those now unset) and keeps ``created_at``."""
        now = self._now()
        item = encode(self._stamped(reference, now))

        def upsert(_expr: Expr, update: Update) -> None:
            update.set_item(item, keep=("created_at",))
            update.remove(*(f for f in MUTABLE_REFERENCE_FIELDS if f not in item))

        return self._update(
            ReferenceKey(reference.bibcode),
            Reference,
            now,
            upsert,
            lambda stored, _r: stored,
            upsert=True,
        )

    @operation("Reference")
    def get_reference(self, bibcode: str) -> Reference | None:
        """See :meth:`PersistenceWrapper.get_reference`."""
        return self._read(ReferenceKey(bibcode), Reference)

    @operation("Reference")
    def get_references(self, bibcodes: Sequence[str]) -> dict[str, Reference]:
        """See :meth:`PersistenceWrapper.get_references` (BatchGetItem, 100 keys a request)."""
        keys = [build(ReferenceKey(bibcode)) for bibcode in dict.fromkeys(bibcodes)]
        found = [self._as(Reference, item) for item in batches.get_all(self._db, keys)]
        return {reference.bibcode: reference for reference in found}

    @operation("NovaReference")
    def link_nova_reference(self, link: NovaReference) -> Stored[NovaReference]:
        """See :meth:`PersistenceWrapper.link_nova_reference` (create-only, any existing
        link is the answer)."""
        return self._create(self._stamped(link, self._now()), replay=any_existing)

    @operation("NovaReference")
    def list_nova_references(self, nova_id: UUID) -> list[NovaReference]:
        """See :meth:`PersistenceWrapper.list_nova_references` (SK order: by bibcode)."""
        return self._list(NovaReference, build(NovaKey(nova_id)).pk, NOVAREF_PREFIX)
