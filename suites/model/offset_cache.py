"""The model of the photometry offset cache (IFC-030 1.1.0): per nova and output regime, a
cache recomputed whole replaces the stored one, ``created_at`` kept."""

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

REGIMES: Final = ("optical", "xray")


class OffsetCacheModel(ModelCore):
    """Offset caches."""

    def get_offset_cache(self, nova_id: UUID, regime: str) -> OffsetCache | None:
        """The cache, or None."""
        return self.store.get(OffsetCacheKey(nova_id, regime), OffsetCache)

    def put_offset_cache(self, cache: OffsetCache) -> OffsetCache:
        """The cache as given, replacing the stored one (its ``created_at`` kept)."""
        if not isinstance(cache, OffsetCache):
            raise InputValidationError("put_offset_cache takes an OffsetCache")
        stamped = self.stamped_new(cache, self.now())
        stored = self.get_offset_cache(cache.nova_id, cache.regime)
        if stored is not None:
            stamped = stamped.model_copy(update={"created_at": stored.created_at})
        self.store.put(stamped)
        return stamped


def _caches(v: Vocabulary, _m: object) -> st.SearchStrategy[OffsetCache]:
    return st.builds(
        lambda nova_id, regime, offset: OffsetCache(
            nova_id=nova_id,
            regime=regime,
            band_offsets={"V": Decimal(offset)},
            band_observation_counts={"V": 41},
            band_set_hash="b4" * 32,
            computed_at=EPOCH,
            created_at=EPOCH,
            updated_at=EPOCH,
        ),
        v.nova_ids(),
        st.sampled_from(REGIMES),
        st.sampled_from(["0.5", "-1.25"]),
    )


CALLS: Final = (
    calls_of("get_offset_cache", any_nova, one_of(*REGIMES)),
    calls_of("put_offset_cache", _caches),
)
"""How the state machine calls this area's operations."""
