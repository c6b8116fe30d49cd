"""What every area of the model shares: the store, the clock, minted tokens, and the stamping
and replay rules common to every write (``contracts/interface.py``, module docstring).

- Every write stamps ``updated_at`` with the clock; a created item also gets ``created_at``
  from the clock, except where ``created_at`` is part of the item's key (Attempt, WorkItem,
  RegenBatchPlan: it is kept as the caller gave it). ``created_at`` never changes afterwards.
- A create-only write that finds the same content stored (timestamps aside) is a replay:
  it returns the stored entity with ``created=False`` and writes nothing.
- An operation that fails writes nothing (:meth:`ModelStore.atomic` around every call).
- A call applied once per execution (IFC-030 2.0.0) by an
  :class:`~novacat_persistence.contracts.entities.ExecutionMarker` stores the marker of its
  execution, operation and target (``<PK>#<SK>`` of the written item) with the write, its
  ``ttl`` :data:`~novacat_persistence.contracts.operations.MARKER_RETENTION` after the call;
  a call finding its marker writes nothing and answers with the target as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, TypeVar
from uuid import UUID, uuid4

from novacat_persistence.contracts.codec.items import validate_entity
from novacat_persistence.contracts.entities import (
    Attempt,
    ExecutionMarker,
    PersistedEntity,
    RegenBatchPlan,
    WorkItem,
)
from novacat_persistence.contracts.errors import AlreadyExistsError, InputValidationError
from novacat_persistence.contracts.keys import EntityKey, build, key_of
from novacat_persistence.contracts.operations import MARKER_RETENTION, Stored
from novacat_persistence.suites.model.expected_tables import ModelStore

E = TypeVar("E", bound=PersistedEntity)

Clock = Callable[[], datetime]


class Unchecked:
    """The ``existing`` of an error the model does not pin down (several stored items could
    be the one a candidate reports)."""

    def __repr__(self) -> str:
        return "<unchecked>"


UNCHECKED: Final = Unchecked()

_TIMESTAMPS: Final = frozenset({"created_at", "updated_at"})
_CREATED_AT_IN_KEY: Final = (Attempt, WorkItem, RegenBatchPlan)


def built(model: type[E], fields: Mapping[str, Any]) -> E:
    """An entity built from an operation's input: its model's rules apply
    (EntityValidationError otherwise)."""
    entity = validate_entity(model, fields)
    assert isinstance(entity, model)
    return entity


def checked(
    model: type[E], required: Mapping[str, Any], fields: Mapping[str, Any]
) -> dict[str, Any]:
    """``fields`` as ``model`` holds them (EntityValidationError for values it cannot hold),
    validated in an entity of ``model`` built of ``required`` and them: what an operation
    checks of values it sets before it reads anything."""
    entity = built(model, {**required, **fields})
    return {name: getattr(entity, name) for name in fields}


def changed(entity: E, now: datetime, **fields: Any) -> E:
    """``entity`` with ``fields`` changed and ``updated_at`` = ``now``."""
    return entity.model_copy(update={**fields, "updated_at": now})


M = TypeVar("M", bound=StrEnum)


def member(kind: type[M], value: str) -> M:
    """A member of a string enumeration given as itself or as its text (IFC-030 takes both);
    InputValidationError for a text naming none."""
    try:
        return kind(value)
    except ValueError:
        raise InputValidationError(f"{value!r} is not a {kind.__name__}") from None


def same_content(stored: PersistedEntity, intended: PersistedEntity) -> bool:
    """Whether two entities are the same but for their timestamps."""
    return type(stored) is type(intended) and stored.model_dump(
        exclude=set(_TIMESTAMPS)
    ) == intended.model_dump(exclude=set(_TIMESTAMPS))


class ModelCore:
    """The state of the model and the write patterns its areas share."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.store = ModelStore()
        self._offered: list[UUID] = []
        self._minted: list[UUID] = []

    def now(self) -> datetime:
        """The clock's instant (aware UTC, or InputValidationError)."""
        now = self.clock()
        if now.utcoffset() is None:
            raise InputValidationError("the clock returned a naive datetime")
        return now

    # --- minted values -------------------------------------------------------------------

    def offer_token(self, token: UUID) -> None:
        """The next holder token to mint: the one the candidate minted for the same call."""
        self._offered.append(token)

    def mint_token(self) -> UUID:
        """A fresh holder token (the offered one, when there is one)."""
        token = self._offered.pop(0) if self._offered else uuid4()
        self._minted.append(token)
        return token

    def take_minted(self) -> list[UUID]:
        """The tokens minted since the last time this was asked."""
        minted, self._minted = self._minted, []
        return minted

    def forget_offers(self) -> None:
        """Drop tokens offered for a call that minted none."""
        self._offered.clear()

    # --- write patterns -------------------------------------------------------------------

    def stamped_new(self, entity: E, now: datetime) -> E:
        """An entity as it is created at ``now`` (validated again)."""
        fields = dict(entity.__dict__)
        fields["updated_at"] = now
        if not isinstance(entity, _CREATED_AT_IN_KEY):
            fields["created_at"] = now
        return built(type(entity), fields)

    def create_only(self, entity: E) -> Stored[E]:
        """Create ``entity`` (already stamped) unless its key is taken: the same content is a
        replay (``created=False``), other content AlreadyExistsError."""
        stored = self.store.get(key_of(entity), type(entity))
        if stored is None:
            self.store.put(entity)
            return Stored(entity, created=True)
        if same_content(stored, entity):
            return Stored(stored, created=False)
        raise AlreadyExistsError(f"another {entity.ENTITY_TYPE} is stored", existing=stored)

    def create_if_missing(self, entity: E) -> Stored[E]:
        """Create ``entity`` unless its key is taken; whatever is stored is the answer."""
        stored = self.store.get(key_of(entity), type(entity))
        if stored is not None:
            return Stored(stored, created=False)
        self.store.put(entity)
        return Stored(entity, created=True)

    def marker(
        self, execution: str, operation: str, target: EntityKey, now: datetime
    ) -> ExecutionMarker:
        """The marker of ``execution``'s ``operation`` on ``target``, as a call at ``now``
        stores it."""
        stored_key = build(target)
        return built(
            ExecutionMarker,
            {
                "execution": execution,
                "operation": operation,
                "target": f"{stored_key.pk}#{stored_key.sk}",
                "ttl": int((now + MARKER_RETENTION).timestamp()),
                "created_at": now,
                "updated_at": now,
            },
        )

    def applied(self, marker: ExecutionMarker) -> bool:
        """Whether the call ``marker`` marks was applied before (its marker is stored)."""
        return self.store.get(key_of(marker), ExecutionMarker) is not None
