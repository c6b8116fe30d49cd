"""The model of a nova's record besides its names: where it is (a compare-and-set on
``ra_deg``/``dec_deg``), whether the catalog shows it (a compare-and-set on ``status``), and
the listing of every nova.

Readings where the interface is silent: a nova "has no position" while both ``ra_deg`` and
``dec_deg`` are unset; a position call whose ``expected`` is the stored one writes the new
position (``updated_at`` stamped) even when it is the same, while a call whose ``expected``
is stale and whose position is the stored one (its every field) is the repeat answered with
the stored nova; a nova already in the asked visibility is answered as it is, whatever
``expected`` says; an ``expected`` that is no Nova status is an input error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.contracts.errors import ConflictError, InputValidationError, NotFoundError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.contracts.operations import NovaPosition, VisibleStatus
from novacat_persistence.suites.model.calls import (
    MARKER,
    Call,
    CallSpec,
    Vocabulary,
    any_nova,
    call,
    calls_of,
    one_of,
)
from novacat_persistence.suites.model.core import ModelCore, changed, checked, member

_VISIBLE: Final = frozenset({NovaStatus.ACTIVE, NovaStatus.HIDDEN})

A_NOVA: Final = {"nova_id": UUID(int=0), "primary_name": "n", "primary_name_normalized": "n"}
"""The required fields of some nova: what values a nova is to hold are validated in."""


class NovaeModel(ModelCore):
    """Novae across the table: position, visibility, the catalog's listing."""

    def _stored_nova(self, nova_id: UUID) -> Nova:
        nova = self.store.get(NovaKey(nova_id), Nova)
        if nova is None:
            raise NotFoundError(f"nova {nova_id} does not exist", existing=None)
        return nova

    def list_novae(self, *, status: NovaStatus | None = None) -> list[Nova]:
        """Every nova (of one status), by nova_id."""
        wanted = None if status is None else member(NovaStatus, status)
        novae = [e for e in self.store.entities().values() if isinstance(e, Nova)]
        chosen = [n for n in novae if wanted is None or n.status is wanted]
        return sorted(chosen, key=lambda nova: str(nova.nova_id))

    def set_nova_position(
        self, nova_id: UUID, position: NovaPosition, *, expected: NovaPosition | None
    ) -> Nova:
        """Compare-and-set of the position."""
        values = checked(Nova, A_NOVA, position.as_fields())
        was = (None, None)
        if expected is not None:
            read = checked(Nova, A_NOVA, {"ra_deg": expected.ra_deg, "dec_deg": expected.dec_deg})
            was = (read["ra_deg"], read["dec_deg"])
        now = self.now()
        nova = self._stored_nova(nova_id)
        if (nova.ra_deg, nova.dec_deg) == was:
            placed = changed(nova, now, **values)
            self.store.put(placed)
            return placed
        if all(getattr(nova, name) == value for name, value in values.items()):
            return nova
        raise ConflictError("another position is stored", existing=nova)

    def set_nova_visibility(
        self, nova_id: UUID, status: VisibleStatus, *, expected: NovaStatus
    ) -> Nova:
        """Compare-and-set of the status, between ACTIVE and HIDDEN."""
        shown_as = member(NovaStatus, status)
        if shown_as not in _VISIBLE:
            raise InputValidationError("visibility is ACTIVE or HIDDEN")
        was = member(NovaStatus, expected)
        now = self.now()
        nova = self._stored_nova(nova_id)
        if nova.status is shown_as:
            return nova
        if nova.status is not was:
            raise ConflictError(f"the nova is {nova.status.value}", existing=nova)
        shown = changed(nova, now, status=shown_as)
        self.store.put(shown)
        return shown


# --- calls ---------------------------------------------------------------------------------

POSITIONS: Final = (
    NovaPosition(Decimal("52.799083"), Decimal("43.904667"), resolver_source=f"{MARKER} SIMBAD"),
    NovaPosition(10.5, -3.25, coord_epoch="J2015.5"),
)
"""Positions the calls set (the second has the right ascension some created novae have)."""


def _positions(v: Vocabulary, m: NovaeModel) -> st.SearchStrategy[Call]:
    def expected(nova_id: UUID) -> st.SearchStrategy[NovaPosition | None]:
        stored = m.store.get(NovaKey(nova_id), Nova)
        held = []
        if stored is not None and stored.ra_deg is not None and stored.dec_deg is not None:
            held.append(NovaPosition(stored.ra_deg, stored.dec_deg))
        return st.sampled_from([None, *POSITIONS, *held])

    unplaceable = NovaPosition(400, 0)
    return v.nova_ids().flatmap(
        lambda nova_id: st.builds(
            lambda position, exp: call("set_nova_position", nova_id, position, expected=exp),
            st.sampled_from([*POSITIONS, *POSITIONS, *POSITIONS, *POSITIONS, unplaceable]),
            expected(nova_id),
        )
    )


CALLS: Final = (
    calls_of("list_novae", status=one_of(None, NovaStatus.ACTIVE, NovaStatus.HIDDEN)),
    CallSpec("set_nova_position", _positions, stateful=True),
    calls_of(
        "set_nova_visibility",
        any_nova,
        one_of(NovaStatus.ACTIVE, NovaStatus.HIDDEN, NovaStatus.HIDDEN, NovaStatus.QUARANTINED),
        expected=one_of(*NovaStatus),
    ),
)
"""How the state machine calls this area's operations."""
