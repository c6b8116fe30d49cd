"""Carrying stored items to the current version, one conditional write per item, and
backfilling the uniqueness claims of items written before claims existed.

What ``novacat-persistence migrate`` runs over a table (:class:`TableMigrator`). For each stored
item it decides, from the item alone, what the current writer would store instead:

- an item the codec reads as the current model (older versions, ``"1"`` stamps, the eras of
  ``contracts/eras.py`` that rename or fill attributes) is rewritten as the current version,
  under its own key, on condition that it is still exactly the item that was read; an era whose
  key shape is no longer the grammar's (a FileObject under the product-scoped SK) moves to its
  current key in one transaction: the new item created only where nothing is stored, the old
  one deleted only if unchanged. A concurrent writer therefore always wins: the migration then
  reports the item as changed, and a later run takes it up;
- an item of a legacy era (a legacy model: its fields cannot make a current item without
  losing or inventing something), an item of a newer version, an item no model reads (a
  ``schema_version`` that is no version, or of a major no model reads, included), an item
  stored under a key neither its fields nor an era it reads as give (which of the two is
  wrong is for a person to say), and an item with more attributes than one DynamoDB condition
  can compare (its write could not be made on condition that it is unchanged) are never
  written: they are reported;
- a name (NameMapping) whose name has no claim gets its NameClaim, and a JobRun without a
  claim its JobRunClaim, each by a conditional create; a name that maps to several novae is
  ambiguous and is reported, never claimed.

Every result is an :class:`ItemMigration`. A dry run (``apply=False``) decides the same way and
writes nothing. The items a run writes at keys of their own (claims, moved items) are not read
again by its scan. A second run finds nothing left that the first one could do: the migration
is resumable by construction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from functools import partial
from typing import Final
from uuid import uuid4

from novacat_persistence.contracts import eras
from novacat_persistence.contracts.codec.items import decode, encode, stored_text
from novacat_persistence.contracts.entities import (
    JobRun,
    JobRunClaim,
    NameClaim,
    NameMapping,
    PersistedEntity,
    is_legacy,
)
from novacat_persistence.contracts.eras import label_of
from novacat_persistence.contracts.errors import (
    BackendConfigurationError,
    KeyShapeError,
    PersistenceError,
    UnsupportedSchemaVersionError,
)
from novacat_persistence.contracts.keys import (
    ItemKey,
    JobRunClaimKey,
    NameClaimKey,
    build,
    stored_keys,
)
from novacat_persistence.contracts.operations import BackoffPolicy
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.versions import ENTITIES, parse_version
from novacat_persistence.contracts.wire_form import AttributeValue, Item
from novacat_persistence.reference_impl.conditions import (
    Expr,
    expression_problem,
    item_absent,
    unchanged,
)
from novacat_persistence.reference_impl.core import Clock, Core, validated
from novacat_persistence.reference_impl.gateway import (
    ConditionRefused,
    TableGateway,
    TransactionRefused,
    item_key_of,
)
from novacat_persistence.reference_impl.logs import operation

INDEX_ATTRIBUTES: Final = ("GSI1PK", "GSI1SK")
"""Attributes a rewrite may add that no model field names."""

CLAIMED_TYPES: Final = frozenset({NameMapping.ENTITY_TYPE, JobRun.ENTITY_TYPE})
"""The entity types whose items need a claim beside them."""


class Outcome(StrEnum):
    """What became of one stored item (or one claim)."""

    CURRENT = "current"
    """Already what the current writer stores: nothing to do."""
    MIGRATED = "migrated"
    """Rewritten as the current version (a dry run: would be)."""
    CLAIMED = "claimed"
    """A missing claim was created (a dry run: would be)."""
    SKIPPED = "skipped"
    """Left as stored, for the reason given."""
    FAILED = "failed"
    """Could not be read or written."""


class Reason(StrEnum):
    """Why an item was skipped or failed: a stable code for reports."""

    LEGACY = "legacy"
    """Of a legacy era: its fields cannot make a current item (read as its legacy model)."""
    NEWER_VERSION = "newer-version"
    """Stored by a newer writer: never rewritten as an older version."""
    CHANGED = "changed"
    """Changed by a concurrent writer since it was read: the writer won; run again."""
    KEY_TAKEN = "key-taken"
    """Its current key already holds another item: both are kept."""
    KEY_MISMATCH = "key-mismatch"
    """Stored under a key neither its fields nor an era it reads as give: which of the two is
    wrong is for a person to say, so it is never moved."""
    AMBIGUOUS_NAME = "ambiguous-name"
    """The name maps to several novae: no claim can say which one owns it."""
    CLAIM_CONFLICT = "claim-conflict"
    """The stored claim names another nova (or another run of the same id)."""
    UNREADABLE = "unreadable"
    """No model reads the item (its ``schema_version`` no version a model reads included)."""
    TOO_WIDE = "too-wide"
    """More attributes than one DynamoDB condition can compare: no write could be made on
    condition that the item is unchanged, so it is left for a person to rewrite."""
    ERROR = "error"
    """The write failed with a typed error (throttling after retries, ...)."""


NEEDS_ATTENTION: Final = frozenset(
    {
        Reason.CHANGED,
        Reason.KEY_TAKEN,
        Reason.KEY_MISMATCH,
        Reason.AMBIGUOUS_NAME,
        Reason.CLAIM_CONFLICT,
        Reason.UNREADABLE,
        Reason.TOO_WIDE,
        Reason.ERROR,
    }
)
"""The reasons that leave work for a person or a later run (the others are final)."""


@frozen_record
class ItemMigration:
    """The result for one stored item, or for one claim it needed."""

    outcome: Outcome
    pk: str
    sk: str
    entity_type: str | None
    """None when the item cannot be read."""
    stored_as: str | None
    """The shape it was stored in, ``<version>[+<era>]``; None for a claim created."""
    written_as: str | None = None
    """The version written (or that a dry run would write)."""
    moved_to: ItemKey | None = None
    """The current key it moved to, when its stored key shape is an era's."""
    reason: Reason | None = None
    detail: str = ""
    """What happened, in one sentence (skipped and failed items)."""


class TableMigrator(Core):
    """The migration's reads and conditional writes over the wrapper's table (see the module).

    One instance serves one run: it remembers the names whose claim it has checked.
    """

    def __init__(
        self,
        db: TableGateway,
        *,
        photometry: TableGateway,
        eligibility_index: str,
        clock: Clock,
        logger: logging.Logger,
    ) -> None:
        super().__init__(
            db,
            photometry=photometry,
            eligibility_index=eligibility_index,
            clock=clock,
            logger=logger,
            backoff=BackoffPolicy(),
            s3_client=None,
        )
        self._names_checked: set[str] = set()
        self._written: set[tuple[str, str]] = set()
        """The keys this migrator wrote new items at (claims, moved items)."""

    def items(self) -> Iterator[Item]:
        """Every stored item of the table, page by page (a consistent scan), but those this
        migrator has written at keys of their own meanwhile (claims, moved items)."""
        expr = Expr()
        for item in self._db.scan(expr, f"attribute_exists({expr.n('PK')})"):
            if not self._written or _key_texts(item) not in self._written:
                yield item

    @operation("StoredItem")
    def migrate(self, item: Item, *, apply: bool) -> ItemMigration:
        """Carry one stored item to the current version (``apply``; else only decide). A
        failure is a ``failed`` result; raises BackendConfigurationError only for an item no
        Nova Cat table holds (keys that are not the strings PK and SK: another table)."""
        if _key_texts(item) is None:
            raise BackendConfigurationError(
                f"table {self._db.table_name!r} holds an item whose keys are not the strings PK "
                f"and SK ({_keys_shown(item)}): it is not a Nova Cat table",
                hint="name the table the wrapper writes (NOVA_CAT_TABLE_NAME)",
            )
        try:
            entity = decode(item)
        except UnsupportedSchemaVersionError as exc:
            if _newer_than_current(item):
                return _left(item, None, Reason.NEWER_VERSION, exc.message)
            return _left(item, None, Reason.UNREADABLE, exc.message, Outcome.FAILED)
        except PersistenceError as exc:
            return _left(item, None, Reason.UNREADABLE, exc.message, Outcome.FAILED)
        try:
            return self._rewrite(item, entity, apply=apply)
        except PersistenceError as exc:
            return _left(item, entity, Reason.ERROR, exc.message, Outcome.FAILED)

    @operation("StoredItem")
    def backfill_claim(self, item: Item, *, apply: bool) -> ItemMigration | None:
        """Create the claim a stored NameMapping's name or a stored JobRun lacks (``apply``;
        else only decide); None when it needs none. A name is decided once per migrator. Never
        raises a typed error: a failure is a ``failed`` result."""
        if _text(item, "entity_type") not in CLAIMED_TYPES:
            return None
        try:
            entity = decode(item)
        except PersistenceError:
            return None  # its own result says why
        decide: Callable[..., ItemMigration | None]
        if isinstance(entity, NameMapping):
            claim_type: type[PersistedEntity] = NameClaim
            key = build(NameClaimKey(entity.name_normalized))
            decide = partial(self._name_claim, key, entity.name_normalized)
        elif isinstance(entity, JobRun):
            claim_type, key = JobRunClaim, build(JobRunClaimKey(entity.job_run_id))
            decide = partial(self._job_run_claim, key, item, entity)
        else:
            return None
        try:
            return decide(apply=apply)
        except _Unreadable as exc:
            return _claim_result(claim_type, key, Outcome.FAILED, Reason.UNREADABLE, str(exc))
        except PersistenceError as exc:
            return _claim_result(claim_type, key, Outcome.FAILED, Reason.ERROR, exc.message)

    # --- rewriting ------------------------------------------------------------------------

    def _rewrite(self, item: Item, entity: PersistedEntity, *, apply: bool) -> ItemMigration:
        stored_as = _shape(item, entity)
        if is_legacy(entity):
            return _left(
                item,
                entity,
                Reason.LEGACY,
                f"reads as {type(entity).__name__}: its fields cannot make a current "
                f"{entity.ENTITY_TYPE} without losing or inventing a value",
            )
        current = ENTITIES[entity.ENTITY_TYPE].current.version
        if parse_version(_source_version(entity)) > parse_version(current):
            return _left(
                item,
                entity,
                Reason.NEWER_VERSION,
                f"stored as {stored_as}, newer than this writer's {current}",
            )
        new = encode(entity)
        old_key, new_key = item_key_of(item), item_key_of(new)
        moved = old_key != new_key and old_key not in stored_keys(entity)
        if moved and old_key not in _era_keys(entity):
            return _left(
                item,
                entity,
                Reason.KEY_MISMATCH,
                f"its fields give the key {new_key.pk} / {new_key.sk}, and no era it reads as "
                "was stored under this one: left where it is",
            )
        if not moved:
            new["PK"], new["SK"] = item["PK"], item["SK"]
        if new == item:
            return ItemMigration(
                Outcome.CURRENT, old_key.pk, old_key.sk, entity.ENTITY_TYPE, stored_as
            )
        written_as = new["schema_version"]["S"]
        migrated = ItemMigration(
            Outcome.MIGRATED,
            old_key.pk,
            old_key.sk,
            entity.ENTITY_TYPE,
            stored_as,
            written_as,
            new_key if moved else None,
        )
        expr = Expr()
        condition = unchanged(expr, item, absent=_attributes_to_find_absent(item, new, entity))
        too_large = expression_problem(condition)
        if too_large is not None:
            return _left(
                item,
                entity,
                Reason.TOO_WIDE,
                f"the condition that it is unchanged would be {too_large}: rewrite it by hand",
                Outcome.FAILED,
            )
        if not apply:
            return migrated
        try:
            if moved:
                self._move(item, new, expr, condition)
                self._written.add((new_key.pk, new_key.sk))
            else:
                self._db.put(new, expr=expr, condition=condition)
        except (ConditionRefused, _Changed):
            return _left(
                item, entity, Reason.CHANGED, "changed by another writer since it was read"
            )
        except _KeyTaken:
            return _left(
                item,
                entity,
                Reason.KEY_TAKEN,
                f"its current key {new_key.pk} / {new_key.sk} already holds an item",
            )
        return migrated

    def _move(self, item: Item, new: Item, expr: Expr, unchanged_item: str) -> None:
        """Create ``new`` where nothing is stored and delete ``item`` on condition
        ``unchanged_item`` (with its placeholders ``expr``), in one transaction; raise _Changed
        or _KeyTaken when refused."""
        put = Expr()
        actions = [
            self._db.put_action(new, put, item_absent(put)),
            self._db.delete_action(item_key_of(item), expr, unchanged_item),
        ]
        try:
            self._db.transact(actions, token=str(uuid4()))
        except TransactionRefused as refusal:
            if 1 in refusal.refused:
                raise _Changed from None
            raise _KeyTaken from None

    # --- claims ---------------------------------------------------------------------------

    def _name_claim(self, key: ItemKey, name: str, *, apply: bool) -> ItemMigration | None:
        if name in self._names_checked:
            return None
        self._names_checked.add(name)
        novae: set[str] = set()
        claim: NameClaim | None = None
        for stored in self._db.query(key.pk):
            entity = _read(stored)
            if isinstance(entity, NameMapping):
                novae.add(str(entity.nova_id))
            elif isinstance(entity, NameClaim):
                claim = entity
        if len(novae) > 1:
            return _claim_result(
                NameClaim,
                key,
                Outcome.SKIPPED,
                Reason.AMBIGUOUS_NAME,
                f"the name {name!r} maps to {len(novae)} novae ({', '.join(sorted(novae))})",
            )
        if claim is not None:
            if str(claim.nova_id) in novae:
                return None
            return _claim_result(
                NameClaim,
                key,
                Outcome.SKIPPED,
                Reason.CLAIM_CONFLICT,
                f"the claim names nova {claim.nova_id}, the name maps to {', '.join(novae)}",
            )
        if not novae:
            return None  # every mapping went away since the scan read one
        now = self._now()
        (nova_id,) = novae
        new = NameClaim(name_normalized=name, nova_id=nova_id, created_at=now, updated_at=now)
        return self._create_claim(key, new, apply=apply)

    def _job_run_claim(
        self, key: ItemKey, item: Item, run: JobRun, *, apply: bool
    ) -> ItemMigration | None:
        # The claim records where the run is filed: its correlation id's partition, or (the
        # 1.0.0 rule) its nova's.
        filed_under_nova = run.nova_id is not None and item["PK"]["S"] == str(run.nova_id)
        owner = (
            {"nova_id": run.nova_id} if filed_under_nova else {"correlation_id": run.correlation_id}
        )
        stored = self._db.get(key)
        claim = None if stored is None else _read(stored)
        if claim is not None and not isinstance(claim, JobRunClaim):
            raise _Unreadable(f"the claim's key holds a {type(claim).__name__}")
        fields = {
            "job_run_id": run.job_run_id,
            "workflow_name": run.workflow_name,
            "started_at": run.started_at,
            **owner,
        }
        if claim is not None:
            if all(getattr(claim, name) == value for name, value in fields.items()):
                return None
            return _claim_result(
                JobRunClaim,
                key,
                Outcome.SKIPPED,
                Reason.CLAIM_CONFLICT,
                f"the claim of run {run.job_run_id} names another item of it (started "
                f"{claim.started_at.isoformat()}): two items of one run id",
            )
        now = self._now()
        new = validated(JobRunClaim, {**fields, "created_at": now, "updated_at": now})
        return self._create_claim(key, new, apply=apply)

    def _create_claim(self, key: ItemKey, claim: PersistedEntity, *, apply: bool) -> ItemMigration:
        kind = type(claim)
        if apply:
            expr = Expr()
            try:
                self._db.put(encode(claim), expr=expr, condition=item_absent(expr))
            except ConditionRefused:
                detail = "claimed by another writer meanwhile"
                return _claim_result(kind, key, Outcome.SKIPPED, Reason.CHANGED, detail)
            self._written.add((key.pk, key.sk))
        return _claim_result(kind, key, Outcome.CLAIMED)


class _Changed(Exception):
    """The item changed since it was read (internal signal)."""


class _KeyTaken(Exception):
    """The current key of a moving item already holds one (internal signal)."""


class _Unreadable(Exception):
    """A stored item a claim decision needs cannot be read (internal signal)."""


def _era_keys(entity: PersistedEntity) -> tuple[ItemKey, ...]:
    """The keys an item of an era with a key shape of its own is stored under (its era's), or
    the keys the grammar gives; none when its fields give no key."""
    try:
        return eras.stored_keys(entity)
    except KeyShapeError:
        return ()


def _read(item: Item) -> PersistedEntity:
    try:
        return decode(item)
    except PersistenceError as exc:
        raise _Unreadable(f"{item['PK'].get('S')} / {item['SK'].get('S')}: {exc.message}") from None


def _key_texts(item: Item) -> tuple[str, str] | None:
    """The item's ``PK`` and ``SK`` texts; None unless both are strings."""
    pk, sk = _text(item, "PK"), _text(item, "SK")
    return None if pk is None or sk is None else (pk, sk)


def _keys_shown(item: Item) -> str:
    return ", ".join(f"{name} {item.get(name)!r:.60}" for name in ("PK", "SK"))


def _newer_than_current(item: Item) -> bool:
    """Whether an item is stamped with a version newer than its entity type's current one
    (not merely a text no model reads)."""
    spec = ENTITIES.get(_text(item, "entity_type") or "")
    stamped = stored_text(item, "schema_version")
    try:
        return (
            spec is not None
            and stamped is not None
            and (parse_version(stamped) > parse_version(spec.current.version))
        )
    except ValueError:  # no version at all
        return False


def _source_version(entity: PersistedEntity) -> str:
    provenance = entity.read_provenance
    return entity.SCHEMA_VERSION if provenance is None else provenance.source_version


def _shape(item: Item, entity: PersistedEntity | None) -> str | None:
    """How the item is stored: its ``schema_version`` as stamped (``1`` stays ``1``; none:
    the version it was read as), with the era it was read in."""
    stamped = stored_text(item, "schema_version")
    if entity is None:
        return stamped
    provenance = entity.read_provenance
    era = None if provenance is None else provenance.era
    return label_of(stamped or _source_version(entity), era)


def _attributes_to_find_absent(
    item: Mapping[str, AttributeValue], new: Mapping[str, AttributeValue], entity: PersistedEntity
) -> frozenset[str]:
    """The attributes a concurrent writer could add that the rewrite would otherwise drop or
    overwrite: every one the current model or the rewrite knows, absent from the item read."""
    known = {*type(entity).model_fields, *new, *INDEX_ATTRIBUTES}
    return frozenset(known - set(item))


def _left(
    item: Item,
    entity: PersistedEntity | None,
    reason: Reason,
    detail: str,
    outcome: Outcome = Outcome.SKIPPED,
) -> ItemMigration:
    return ItemMigration(
        outcome,
        item["PK"]["S"],
        item["SK"]["S"],
        entity.ENTITY_TYPE if entity is not None else _text(item, "entity_type"),
        _shape(item, entity),
        reason=reason,
        detail=detail,
    )


def _claim_result(
    claim_type: type[PersistedEntity],
    key: ItemKey,
    outcome: Outcome,
    reason: Reason | None = None,
    detail: str = "",
) -> ItemMigration:
    written = claim_type.SCHEMA_VERSION if outcome is Outcome.CLAIMED else None
    return ItemMigration(
        outcome, key.pk, key.sk, claim_type.ENTITY_TYPE, None, written, None, reason, detail
    )


def _text(item: Item, name: str) -> str | None:
    value = item.get(name)
    text = value.get("S") if isinstance(value, dict) else None
    return text if isinstance(text, str) else None
