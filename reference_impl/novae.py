"""A nova's own record besides its names: where it is, and whether the catalog shows it.

Both are compare-and-set updates of the Nova: the caller says what it read, the condition
checks it is still stored, and a repeat finds the value it set (a replay, whoever asks). A nova
already in the asked visibility is answered as it is: the condition also requires a change.
"""

from __future__ import annotations

from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.contracts.errors import ConflictError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.contracts.operations import NovaPosition, VisibleStatus
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    absent_or_differs,
    all_of,
    attribute_absent,
    equals,
)
from novacat_persistence.reference_impl.core import Core, checked_fields
from novacat_persistence.reference_impl.logs import operation


class NovaRecordOps(Core):
    """IFC-030 operations on a Nova's position and visibility."""

    @operation("Nova")
    def set_nova_position(
        self, nova_id: UUID, position: NovaPosition, *, expected: NovaPosition | None
    ) -> Nova:
        """See :meth:`PersistenceWrapper.set_nova_position` (compare-and-set on the stored
        ``ra_deg``/``dec_deg``)."""
        values = checked_fields(Nova, position.as_fields())
        if expected is not None:
            was = checked_fields(Nova, {"ra_deg": expected.ra_deg, "dec_deg": expected.dec_deg})

        def place(expr: Expr, update: Update) -> str:
            for name, value in values.items():
                update.set(name, value)
            if expected is None:
                return attribute_absent(expr, "ra_deg")
            return all_of(
                equals(expr, "ra_deg", was["ra_deg"]), equals(expr, "dec_deg", was["dec_deg"])
            )

        def decide(stored: Nova, _retried: bool) -> Nova:
            if all(getattr(stored, name) == value for name, value in values.items()):
                return stored
            raise ConflictError(
                f"the nova's position is ({stored.ra_deg}, {stored.dec_deg}), not the expected one",
                existing=stored,
            )

        return self._update(NovaKey(nova_id), Nova, self._now(), place, decide)

    @operation("Nova")
    def set_nova_visibility(
        self, nova_id: UUID, status: VisibleStatus, *, expected: NovaStatus
    ) -> Nova:
        """See :meth:`PersistenceWrapper.set_nova_visibility` (compare-and-set on
        ``status``)."""

        def show_or_hide(expr: Expr, update: Update) -> str:
            update.set("status", status)
            return all_of(
                equals(expr, "status", expected), absent_or_differs(expr, "status", status)
            )

        def decide(stored: Nova, _retried: bool) -> Nova:
            if stored.status is status:
                return stored
            raise ConflictError(
                f"the nova is {stored.status.value}, not the expected {expected.value}",
                existing=stored,
            )

        return self._update(NovaKey(nova_id), Nova, self._now(), show_or_hide, decide)
