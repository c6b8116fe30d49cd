"""The model of a nova's own record besides its names (IFC-030 1.1.0): where it is, whether the
catalog shows it, and the listing of every nova.

Position and visibility are compare-and-set: the caller says what it read (``expected``), the
write applies only while that is stored, and a call finding the value it sets stored already
is answered with the stored nova, whoever asks. Readings where the interface is silent: the
position's fields are set as given (``resolver_source`` only when known), and the expected
position is compared on ``ra_deg`` and ``dec_deg`` alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.codec.items import validate_fields
from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.contracts.errors import (
    ConflictError,
    InputValidationError,
    NotFoundError,
)
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.contracts.operations import NovaPosition, VisibleStatus
from novacat_persistence.suites.model.calls import any_nova, calls_of, one_of
from novacat_persistence.suites.model.core import ModelCore, built, changed, member

_VISIBLE: Final = frozenset({NovaStatus.ACTIVE, NovaStatus.HIDDEN})


class NovaRecordsModel(ModelCore):
    """A nova's position and visibility, and the listing of novae."""

    def _stored_nova(self, nova_id: UUID) -> Nova:
        stored = self.store.get(NovaKey(nova_id), Nova)
        if stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist")
        return stored

    def list_novae(self, *, status: NovaStatus | None = None) -> list[Nova]:
        """Every nova (of one status), ordered by nova_id."""
        wanted = None if status is None else member(NovaStatus, status)
        novae = [
            entity
            for entity in self.store.entities().values()
            if isinstance(entity, Nova) and (wanted is None or entity.status is wanted)
        ]
        return sorted(novae, key=lambda nova: str(nova.nova_id))

    def set_nova_position(
        self, nova_id: UUID, position: NovaPosition, *, expected: NovaPosition | None
    ) -> Nova:
        """The position, while the stored one is ``expected`` (None: none is stored)."""
        values = validate_fields(Nova, position.as_fields())
        was = None
        if expected is not None:
            was = validate_fields(Nova, {"ra_deg": expected.ra_deg, "dec_deg": expected.dec_deg})
        now = self.now()
        stored = self._stored_nova(nova_id)
        if was is None:
            holds = stored.ra_deg is None
        else:
            holds = (stored.ra_deg, stored.dec_deg) == (was["ra_deg"], was["dec_deg"])
        if not holds:
            if all(getattr(stored, name) == value for name, value in values.items()):
                return stored
            raise ConflictError("another position is stored", existing=stored)
        updated = built(Nova, changed(stored, now, **values).__dict__)
        self.store.put(updated)
        return updated

    def set_nova_visibility(
        self, nova_id: UUID, status: VisibleStatus, *, expected: NovaStatus
    ) -> Nova:
        """ACTIVE or HIDDEN, while the stored status is ``expected``."""
        if status not in _VISIBLE:
            raise InputValidationError(f"visibility is ACTIVE or HIDDEN, not {status!r}")
        was = member(NovaStatus, expected)
        now = self.now()
        stored = self._stored_nova(nova_id)
        if stored.status is not was:
            if stored.status is status:
                return stored
            raise ConflictError(f"the nova is {stored.status.value}", existing=stored)
        updated = changed(stored, now, status=NovaStatus(status))
        self.store.put(updated)
        return updated


# --- calls ---------------------------------------------------------------------------------


def _positions(_v: object, _m: object) -> st.SearchStrategy[NovaPosition]:
    return st.sampled_from(
        [
            NovaPosition(Decimal("52.799083"), Decimal("43.904667"), resolver_source="SIMBAD"),
            NovaPosition(Decimal("270.1"), Decimal("-23.4"), coord_epoch="J2015.5"),
        ]
    )


def _expected(v: object, m: object) -> st.SearchStrategy[NovaPosition | None]:
    return st.none() | _positions(v, m)


CALLS: Final = (
    calls_of("list_novae", status=one_of(None, NovaStatus.ACTIVE, NovaStatus.HIDDEN)),
    calls_of("set_nova_position", any_nova, _positions, expected=_expected),
    calls_of(
        "set_nova_visibility",
        any_nova,
        one_of(NovaStatus.ACTIVE, NovaStatus.HIDDEN),
        expected=one_of(NovaStatus.ACTIVE, NovaStatus.HIDDEN, NovaStatus.QUARANTINED),
    ),
)
"""How the state machine calls this area's operations."""
