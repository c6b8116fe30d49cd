"""What every aggregate of the reference wrapper shares: the gateways (the main table's and the
photometry table's), the clock, the codec round trips and the two write patterns everything
else is made of.

- :meth:`Core._create`: a create-only put (``attribute_not_exists(PK)``); a refusal decodes
  the stored item and either returns it (``created=False``: a replay, by the operation's
  :data:`ReplayRule`) or raises AlreadyExistsError carrying it.
- :meth:`Core._update`: a conditional update of an existing item (or an upsert) that stamps
  ``schema_version`` and ``updated_at``, guarded so that it never overwrites a newer schema
  version (StaleWriterError) and carrying an item of an older MAJOR version to the current one
  first (a compare-and-swap put of the upcast entity), then deciding about a refusal with the
  decoded stored item.
- :meth:`Core._update_once`: the same update in one transaction with the create-only
  :class:`~novacat_persistence.contracts.entities.ExecutionMarker` of the asking execution's
  call, so that the call applies at most once per execution.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TypeVar
from uuid import uuid4

from pydantic import TypeAdapter, ValidationError

from novacat_persistence.contracts.codec.items import decode, encode, stored_text, validate_entity
from novacat_persistence.contracts.entities import (
    Attempt,
    ExecutionMarker,
    PersistedEntity,
    RegenBatchPlan,
    WorkItem,
    is_legacy,
)
from novacat_persistence.contracts.eras import label_of
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    BackendConfigurationError,
    EntityValidationError,
    InputValidationError,
    NotFoundError,
    PersistenceError,
    StaleWriterError,
    TransactionConflictError,
    UnreadableItemError,
)
from novacat_persistence.contracts.keys import EntityKey, ItemKey, build
from novacat_persistence.contracts.operations import (
    MARKER_RETENTION,
    BackoffPolicy,
    Listing,
    SkippedItem,
    Stored,
)
from novacat_persistence.contracts.versions import ENTITIES, parse_version
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.client_errors import check_client
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    all_of,
    any_of,
    item_absent,
    item_present,
    unchanged,
    version_guard,
)
from novacat_persistence.reference_impl.gateway import (
    Action,
    ConditionRefused,
    TableGateway,
    TransactionRefused,
)
from novacat_persistence.reference_impl.logs import current_record

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

E = TypeVar("E", bound=PersistedEntity)

Clock = Callable[[], datetime]
"""Returns the current instant, timezone-aware."""

ReplayRule = Callable[[PersistedEntity, PersistedEntity, bool], bool]
"""``(stored, intended, retried)``: is a refused create a replay to answer ``created=False``?"""

BuildUpdate = Callable[[Expr, Update], str | None]
"""Adds an operation's clauses to the update and returns its own condition (or None)."""

MAX_ROUNDS: Final = 3
"""How often a write is re-sent after carrying an older item to the current version."""

_LEGACY_HINT: Final = (
    "an item of an earlier era that the current model cannot express: the codec's decode() "
    "reads it as its legacy model, listings report it in their `skipped`, "
    "`novacat-persistence migrate` reports every such item of a table"
)
_TIMESTAMPS: Final = frozenset({"created_at", "updated_at"})
_CREATED_AT_IN_KEY: Final = (Attempt, WorkItem, RegenBatchPlan)


def same_content(stored: PersistedEntity, intended: PersistedEntity, _retried: bool) -> bool:
    """Replay rule: the stored item equals the intended one but for its timestamps."""
    excluded = set(_TIMESTAMPS)
    return type(stored) is type(intended) and stored.model_dump(
        exclude=excluded
    ) == intended.model_dump(exclude=excluded)


def any_existing(_stored: PersistedEntity, _intended: PersistedEntity, _retried: bool) -> bool:
    """Replay rule: whatever is stored is the answer (create-if-missing)."""
    return True


class Core:
    """State and write patterns shared by every aggregate of the wrapper."""

    def __init__(
        self,
        db: TableGateway,
        *,
        photometry: TableGateway,
        eligibility_index: str,
        clock: Clock,
        logger: logging.Logger,
        backoff: BackoffPolicy,
        s3_client: S3Client | None,
    ) -> None:
        if not callable(clock):
            raise BackendConfigurationError(
                f"the wrapper's clock must be callable, not {type(clock).__name__}",
                hint="pass a function returning aware UTC times",
            )
        if not isinstance(logger, logging.Logger | logging.LoggerAdapter):
            raise BackendConfigurationError(
                f"the wrapper's logger must be a logging.Logger, not {type(logger).__name__}"
            )
        if not isinstance(backoff, BackoffPolicy):
            raise BackendConfigurationError(
                f"backoff must be a BackoffPolicy, not {type(backoff).__name__}"
            )
        if s3_client is not None:
            check_client(s3_client, "s3", "s3_client")
        self._db = db
        self._rows = photometry
        self._eligibility_index = eligibility_index
        self._clock = clock
        self._logger = logger
        self._backoff = backoff
        self._s3 = s3_client

    @property
    def logger(self) -> logging.Logger:
        """The logger the structured operation records go to."""
        return self._logger

    # --- time ------------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if not isinstance(now, datetime):
            raise InputValidationError(
                f"the wrapper's clock returned {type(now).__name__}, not a datetime",
                hint="return aware UTC times",
            )
        if now.utcoffset() is None:
            raise InputValidationError(
                "the wrapper's clock returned a naive datetime", hint="return aware UTC times"
            )
        return now

    def _stamped(self, entity: E, now: datetime) -> E:
        """The entity with this wrapper's timestamps (``created_at`` stays when it is part of
        the entity's key), validated again: an entity built with ``model_construct`` or
        ``model_copy(update=...)`` skipped its model's rules, and must not reach the table
        (EntityValidationError, before any request)."""
        fields = dict(entity.__dict__)
        fields["updated_at"] = now
        if not isinstance(entity, _CREATED_AT_IN_KEY):
            fields["created_at"] = now
        stamped = validated(type(entity), fields)
        provenance = entity.read_provenance
        if provenance is not None:
            stamped.attach_read_provenance(provenance)
        return stamped

    # --- codec round trips ----------------------------------------------------------------

    @staticmethod
    def _as(model: type[E], item: Item, entity: PersistedEntity | None = None) -> E:
        """``item`` read as ``model`` (``entity``: its decoding, when already done), or
        UnreadableItemError naming what it reads as instead."""
        entity = decode(item) if entity is None else entity
        if not isinstance(entity, model):
            raise UnreadableItemError(
                f"item {item['PK'].get('S')!r}/{item['SK'].get('S')!r} is a "
                f"{type(entity).__name__}, not a {model.__name__}",
                hint=_LEGACY_HINT if is_legacy(entity) else None,
            )
        return entity

    def _read(self, key: EntityKey, model: type[E]) -> E | None:
        item = self._db.get(build(key))
        return None if item is None else self._as(model, item)

    def _list(
        self, model: type[E], pk: str, prefix: str, *, index: str | None = None
    ) -> Listing[E]:
        """The ``model`` entities of a partition under ``prefix``. An item of a historical era
        that reads into a legacy model is not one of them: it is left out and reported in the
        listing's ``skipped`` (and the operation's log record), never failing the listing."""
        found: list[E] = []
        skipped: list[SkippedItem] = []
        for item in self._db.query(pk, prefix, index=index):
            entity = decode(item)
            if is_legacy(entity):
                skipped.append(_skipped(item, entity, model))
            else:
                found.append(self._as(model, item, entity))
        record = current_record()
        if record is not None:
            for each in skipped:
                record.note_skipped(each.pk, each.sk, each.era)
        return Listing(found, skipped)

    # --- create-only ----------------------------------------------------------------------

    def _new(self, entity: PersistedEntity) -> Action:
        """A create-only Put of an entity, for a transaction."""
        expr = Expr()
        return self._db.put_action(encode(entity), expr, item_absent(expr))

    def _create(self, entity: E, *, replay: ReplayRule = same_content) -> Stored[E]:
        expr = Expr()
        try:
            self._db.put(encode(entity), expr=expr, condition=item_absent(expr))
        except ConditionRefused as refusal:
            existing = self._as(type(entity), refusal.old) if refusal.old else None
            if existing is not None and replay(existing, entity, refusal.retried):
                return Stored(existing, created=False)
            raise AlreadyExistsError(
                f"a {entity.ENTITY_TYPE} with other content is already stored under this key",
                existing=existing,
                hint="creates never overwrite; read the stored item",
            ) from None
        return Stored(entity, created=True)

    # --- conditional update ---------------------------------------------------------------

    def _update(
        self,
        key: EntityKey,
        model: type[E],
        now: datetime,
        build_update: BuildUpdate,
        decide: Callable[[E, bool], E],
        *,
        upsert: bool = False,
    ) -> E:
        """Update the item at ``key`` under the operation's condition, stamping the current
        schema version and ``updated_at``. A refusal with the item missing raises
        NotFoundError; with a newer stored version, StaleWriterError; with an older one, the
        item is carried to the current version and the update re-sent; otherwise
        ``decide(stored, retried)`` returns the answer (a replay) or raises the domain error.
        ``upsert`` creates the item when missing (the clauses must then set every field)."""
        stored_key = build(key)
        entity_type = _entity_type(model)
        for _round in range(MAX_ROUNDS):
            update, condition = _conditional_update(entity_type, now, build_update, upsert=upsert)
            try:
                return self._as(model, self._db.update(stored_key, update, condition=condition))
            except ConditionRefused as refusal:
                if refusal.old is None:
                    raise _not_found(entity_type, stored_key) from None
                if self._carry_forward(refusal.old, entity_type):
                    continue
                return decide(self._as(model, refusal.old), refusal.retried)
        raise TransactionConflictError(
            f"{entity_type} {stored_key.pk!r}/{stored_key.sk!r} kept changing under the write"
        )

    # --- once per execution ---------------------------------------------------------------

    def _marker(self, execution: str, operation: str, target: ItemKey, now: datetime) -> Action:
        """The create-only Put of the marker of ``execution``'s ``operation`` on ``target``,
        kept for :data:`~novacat_persistence.contracts.operations.MARKER_RETENTION`."""
        marker = validated(
            ExecutionMarker,
            {
                "execution": execution,
                "operation": operation,
                "target": f"{target.pk}#{target.sk}",
                "ttl": int((now + MARKER_RETENTION).timestamp()),
                "created_at": now,
                "updated_at": now,
            },
        )
        return self._new(marker)

    def _update_once(
        self,
        key: EntityKey,
        model: type[E],
        now: datetime,
        build_update: BuildUpdate,
        decide: Callable[[E, bool], E],
        *,
        marker: Action,
        upsert: bool = False,
    ) -> E:
        """:meth:`_update`, in one transaction with ``marker`` (:meth:`_marker`): the update
        applies at most once per marker. A refused marker means the asking execution's call
        was applied before (its first try, whose answer was lost): nothing is written and the
        stored item is the answer, as it is after a write (read back, strongly consistent). A
        refused update is decided as :meth:`_update` decides it."""
        stored_key = build(key)
        entity_type = _entity_type(model)

        def actions() -> list[Action]:
            update, condition = _conditional_update(entity_type, now, build_update, upsert=upsert)
            write = self._db.update_action(stored_key, update, condition, entity_type=entity_type)
            return [marker, write]

        refusal = self._transact(actions)
        if refusal is not None and 0 not in refusal.refused:
            old = refusal.old[1]
            if old is None:
                raise _not_found(entity_type, stored_key)
            return decide(self._as(model, old), refusal.retried)
        stored = self._read(key, model)
        if stored is None:
            raise _not_found(entity_type, stored_key)
        return stored

    # --- transactions ---------------------------------------------------------------------

    def _transact(self, build_actions: Callable[[], Sequence[Action]]) -> TransactionRefused | None:
        """Apply the actions all or none; return None, or the refusal of their conditions
        (stored items of an older version refused by an update are carried forward and the
        transaction re-sent; a newer one raises StaleWriterError). A transaction conflict is
        re-sent after a short jittered pause (every transaction here is conditional, so
        re-sending converges), and raised as TransactionConflictError after the last round."""
        for round_ in range(MAX_ROUNDS):
            actions = build_actions()
            try:
                self._db.transact(actions, token=str(uuid4()))
            except TransactionConflictError:
                if round_ == MAX_ROUNDS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05) * (round_ + 1))
                continue
            except TransactionRefused as refusal:
                carried = False
                for index in sorted(refusal.refused):
                    old, carry = refusal.old[index], actions[index].carry
                    if old is not None and carry is not None:
                        carried = self._carry_forward(old, carry) or carried
                if not carried:
                    return refusal
            else:
                return None
        raise TransactionConflictError("the items kept changing under the transaction")

    def _refused(self, refusal: TransactionRefused, index: int, model: type[E]) -> E | None:
        """The decoded stored item of a refused action, or None (absent, or not refused)."""
        old = refusal.old[index] if index in refusal.refused else None
        return None if old is None else self._as(model, old)

    def _carry_forward(self, old: Item, entity_type: str) -> bool:
        """Handle a stored item the version guard refused: raise StaleWriterError when its
        version is newer, and what a read raises when it cannot be read (a malformed or
        missing version); rewrite one that reads, of an older version or of the current one
        stored as a number, as the current version (compare-and-swap on the stored version
        and ``updated_at``) and return True; return False when it is of the current version
        as the guard accepts it (refused for another reason)."""
        text = stored_text(old, "schema_version")
        current = parse_version(ENTITIES[entity_type].current.version)
        try:
            stored = parse_version(text) if text is not None else None
        except ValueError:  # not a version: the read below says what it is
            stored = None
        if stored is not None and stored > current:
            raise StaleWriterError(
                f"the stored {entity_type} has schema_version {text!r}, newer than this "
                f"writer's {ENTITIES[entity_type].current.version}; nothing was changed",
                existing=_decoded_or_none(old),
                hint="deploy the newer writer",
            )
        if stored == current and "S" in old["schema_version"]:
            return False
        upcast = decode(old)  # a version it cannot read raises as a read does: nothing written
        expr = Expr()
        watched = ("schema_version", "updated_at")
        condition = unchanged(
            expr,
            {name: old[name] for name in watched if name in old},
            absent=[name for name in watched if name not in old],
        )
        with suppress(ConditionRefused):  # changed meanwhile: the next round sees it
            self._db.put(encode(upcast), expr=expr, condition=condition)
        return True


def _conditional_update(
    entity_type: str, now: datetime, build_update: BuildUpdate, *, upsert: bool
) -> tuple[Update, str]:
    """An operation's update (``build_update``) stamped with the current schema version and
    ``updated_at`` unless it assigns them, and its condition: the operation's own, the
    version guard, and the item's existence (or, for an upsert, its absence as an
    alternative)."""
    expr = Expr()
    update = Update(expr)
    own = build_update(expr, update)
    if not update.assigns("schema_version"):
        update.set("schema_version", ENTITIES[entity_type].current.version)
    if not update.assigns("updated_at"):
        update.set("updated_at", now)
    guarded = [version_guard(expr, entity_type), *([own] if own else [])]
    if upsert:
        return update, any_of(item_absent(expr), all_of(*guarded))
    return update, all_of(item_present(expr), *guarded)


def _not_found(entity_type: str, key: ItemKey) -> NotFoundError:
    return NotFoundError(f"no {entity_type} at {key.pk!r}/{key.sk!r}")


def validated(model: type[E], fields: Mapping[str, Any]) -> E:
    """Build a ``model`` entity from caller input, or raise EntityValidationError."""
    entity = validate_entity(model, fields)
    assert isinstance(entity, model)
    return entity


def checked_fields(model: type[PersistedEntity], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Some of ``model``'s fields, validated as the model validates them (for an update that
    sets only these), or EntityValidationError listing what was wrong."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in fields.items():
        try:
            values[name] = _field_adapter(model, name).validate_python(value)
        except ValidationError as exc:
            problems.append(f"{name}: {exc.errors()[0]['msg']}")
    if problems:
        raise EntityValidationError(model.ENTITY_TYPE, "; ".join(problems))
    return values


@functools.cache
def _field_adapter(model: type[PersistedEntity], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def _entity_type(model: type[PersistedEntity]) -> str:
    return model.ENTITY_TYPE


def _skipped(item: Item, entity: PersistedEntity, model: type[PersistedEntity]) -> SkippedItem:
    provenance = entity.read_provenance
    era = (
        label_of(provenance.source_version, provenance.era)
        if provenance is not None
        else entity.SCHEMA_VERSION
    )
    return SkippedItem(
        item["PK"]["S"],
        item["SK"]["S"],
        era,
        entity,
        f"an item of era {era} reads as {type(entity).__name__}, not {model.__name__}",
    )


def _decoded_or_none(item: Item) -> PersistedEntity | None:
    try:
        return decode(item)
    except PersistenceError:  # an item of an unknown major cannot be decoded
        return None
