"""The photometry offset cache: per nova and output regime, recomputed whole and replaced.

Nova Cat's generator stores these items without ``entity_type`` and ``schema_version`` (the
codec tells them by their key). Replacing one is an upsert that keeps ``created_at``, on
condition that the stored item is absent, unversioned, or of a version this writer may
overwrite; an older version is carried forward first, a newer one is never overwritten.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import OffsetCache
from novacat_persistence.contracts.errors import TransactionConflictError
from novacat_persistence.contracts.keys import OffsetCacheKey, build
from novacat_persistence.reference_impl.conditions import (
    SCHEMA_VERSION,
    Expr,
    Update,
    any_of,
    attribute_absent,
    item_absent,
    version_guard,
)
from novacat_persistence.reference_impl.core import MAX_ROUNDS, Core
from novacat_persistence.reference_impl.gateway import ConditionRefused
from novacat_persistence.reference_impl.logs import operation

_KEPT: Final = ("created_at",)


class OffsetCacheOps(Core):
    """IFC-030 offset cache operations."""

    @operation("OffsetCache")
    def get_offset_cache(self, nova_id: UUID, regime: str) -> OffsetCache | None:
        """See :meth:`PersistenceWrapper.get_offset_cache`."""
        return self._read(OffsetCacheKey(nova_id, regime), OffsetCache)

    @operation("OffsetCache")
    def put_offset_cache(self, cache: OffsetCache) -> OffsetCache:
        """See :meth:`PersistenceWrapper.put_offset_cache` (an upsert of the whole cache)."""
        item = encode(self._stamped(cache, self._now()))
        key = build(OffsetCacheKey(cache.nova_id, cache.regime))
        for _round in range(MAX_ROUNDS):
            update = Update(Expr()).set_item(item, keep=_KEPT)
            expr = update.expr
            condition = any_of(
                item_absent(expr),
                attribute_absent(expr, SCHEMA_VERSION),
                version_guard(expr, OffsetCache.ENTITY_TYPE),
            )
            try:
                return self._as(OffsetCache, self._db.update(key, update, condition=condition))
            except ConditionRefused as refusal:
                assert refusal.old is not None  # an absent item passes the condition
                self._carry_forward(refusal.old, OffsetCache.ENTITY_TYPE)
        raise TransactionConflictError("the offset cache kept changing under the write")
