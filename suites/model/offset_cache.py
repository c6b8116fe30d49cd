"""The model of the photometry offset cache: per nova and output regime, one cache, recomputed
whole and replaced (``created_at`` kept, ``updated_at`` stamped; the cache's own
``computed_at`` as given)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import OffsetCache
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.keys import OffsetCacheKey
from novacat_persistence.suites.model.calls import Vocabulary, any_nova, calls_of, one_of
from novacat_persistence.suites.model.core import ModelCore

REGIMES: Final = ("optical", "x-ray #2")


class OffsetCacheModel(ModelCore):
    """Offset caches."""

    def get_offset_cache(self, nova_id: UUID, regime: str) -> OffsetCache | None:
        """The cache of a nova and regime, or None."""
        return self.store.get(OffsetCacheKey(nova_id, regime), OffsetCache)

    def put_offset_cache(self, cache: OffsetCache) -> OffsetCache:
        """The cache as given, replacing the stored one but for its ``created_at``."""
        if not isinstance(cache, OffsetCache):
            raise InputValidationError("an offset cache is an OffsetCache")
        stamped = self.stamped_new(cache, self.now())
        stored = self.get_offset_cache(cache.nova_id, cache.regime)
        if stored is not None:
            stamped = stamped.model_copy(update={"created_at": stored.created_at})
        self.store.put(stamped)
        return stamped


def _caches(v: Vocabulary, _m: object) -> st.SearchStrategy[OffsetCache]:
    def make(nova_id: UUID, regime: str, offset: Decimal, counts: int) -> OffsetCache:
        return OffsetCache(
            nova_id=nova_id,
            regime=regime,
            band_offsets={"V": Decimal(0), "B": offset},
            band_observation_counts={"V": counts, "B": 17},
            band_set_hash="b4" * 32,
            computed_at=EPOCH,
            created_at=EPOCH,
            updated_at=EPOCH,
        )

    return st.builds(
        make,
        v.nova_ids(),
        st.sampled_from(REGIMES),
        st.sampled_from([Decimal("0.5"), Decimal("-0.125")]),
        st.sampled_from([41, 3]),
    )


CALLS: Final = (
    calls_of("get_offset_cache", any_nova, one_of(*REGIMES)),
    calls_of("put_offset_cache", _caches),
)
"""How the state machine calls this area's operations."""
