"""Cross-nova listings: what the catalog generator (and the coordinate search) reads of every
nova. Each is a filtered scan of the whole table, every page, strongly consistent; nothing
here writes."""

from __future__ import annotations

from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import (
    CompositeSpectra,
    Nova,
    PersistedEntity,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import NovaStatus, ValidationStatus
from novacat_persistence.contracts.errors import UnreadableItemError
from novacat_persistence.contracts.keys import NOVA_SK, SPECTRA_PREFIX, build, key_of
from novacat_persistence.reference_impl.conditions import Expr, all_of, equals
from novacat_persistence.reference_impl.core import Core
from novacat_persistence.reference_impl.logs import operation

AnySpectra = SpectraProduct | CompositeSpectra


class CatalogOps(Core):
    """IFC-030 cross-nova listings."""

    @operation("Nova")
    def list_novae(self, *, status: NovaStatus | None = None) -> list[Nova]:
        """See :meth:`PersistenceWrapper.list_novae` (ordered by nova_id)."""
        expr = Expr()
        wanted = [equals(expr, "SK", NOVA_SK)]
        if status is not None:
            wanted.append(equals(expr, "status", status))
        novae = [self._as(Nova, item) for item in self._db.scan(expr, all_of(*wanted))]
        return sorted(novae, key=lambda nova: str(nova.nova_id))

    @operation("DataProduct")
    def scan_spectra_products(
        self, *, validation_status: ValidationStatus | None = None
    ) -> list[AnySpectra]:
        """See :meth:`PersistenceWrapper.scan_spectra_products` (ordered by nova, then SK)."""
        expr = Expr()
        wanted = [f"begins_with({expr.n('SK')}, {expr.v(SPECTRA_PREFIX)})"]
        if validation_status is not None:
            wanted.append(equals(expr, "validation_status", validation_status))
        found = [_spectra(decode(item)) for item in self._db.scan(expr, all_of(*wanted))]
        return sorted(found, key=lambda product: build(key_of(product)))


def _spectra(entity: PersistedEntity) -> AnySpectra:
    if isinstance(entity, (SpectraProduct, CompositeSpectra)):
        return entity
    raise UnreadableItemError(f"a {type(entity).__name__} is stored under a spectra key")
