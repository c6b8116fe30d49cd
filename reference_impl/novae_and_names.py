"""Identity: novae, their names, and the name claims that keep a name on one nova.

A NameMapping's SK holds its nova id, so a conditional put cannot see a mapping of the same
name to another nova. Every write of a mapping therefore also writes the name's
:class:`~novacat_persistence.contracts.entities.NameClaim` (PK ``NAME#<name>``, SK ``CLAIM``)
in the same transaction, on condition that the claim is absent or names the same nova. Name
mappings written before claims existed are not seen by this guard; a one-off backfill of their
claims closes that gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

from pydantic import ConfigDict, TypeAdapter, ValidationError

from novacat_persistence.contracts.bucket_layout import check_file_layout
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import FileObject, NameClaim, NameMapping, Nova
from novacat_persistence.contracts.enums import FileRole, NameKind, NameSource, NovaStatus
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    EncodingError,
    EntityValidationError,
    InputValidationError,
    NotFoundError,
    StaleWriterError,
    TransactionConflictError,
)
from novacat_persistence.contracts.keys import (
    NameClaimKey,
    NameMappingKey,
    NovaKey,
    build,
    item_key,
)
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.contracts.types import DiscoveryDate, NonEmptyStr
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    all_of,
    any_of,
    attribute_absent,
    equals,
    item_absent,
    item_present,
    list_length_is,
    not_contains,
    version_guard,
)
from novacat_persistence.reference_impl.core import Core, same_content, validated
from novacat_persistence.reference_impl.gateway import Action
from novacat_persistence.reference_impl.logs import operation

_DISCOVERY_DATE: Final = TypeAdapter(DiscoveryDate, config=ConfigDict(defer_build=True))
_NAME: Final = TypeAdapter(NonEmptyStr, config=ConfigDict(defer_build=True))


class IdentityOps(Core):
    """IFC-030 identity operations: novae, name mappings, aliases, identity quarantine."""

    # --- actions shared by the transactions -----------------------------------------------

    def _claim(self, name_normalized: str, nova_id: UUID, now: datetime) -> Action:
        """Claim a name for a nova: absent, or already this nova's."""
        claim = NameClaim(
            name_normalized=name_normalized, nova_id=nova_id, created_at=now, updated_at=now
        )
        update = Update(Expr()).set_item(encode(claim), keep=("created_at",))
        expr = update.expr
        condition = any_of(
            item_absent(expr),
            all_of(equals(expr, "nova_id", nova_id), version_guard(expr, NameClaim.ENTITY_TYPE)),
        )
        return self._db.update_action(
            build(NameClaimKey(name_normalized)),
            update,
            condition,
            entity_type=NameClaim.ENTITY_TYPE,
        )

    def _upsert_mapping(self, mapping: NameMapping, *, keep: tuple[str, ...]) -> Action:
        update = Update(Expr()).set_item(encode(mapping), keep=("created_at", *keep))
        expr = update.expr
        condition = any_of(item_absent(expr), version_guard(expr, NameMapping.ENTITY_TYPE))
        return self._db.update_action(
            item_key(mapping), update, condition, entity_type=NameMapping.ENTITY_TYPE
        )

    @staticmethod
    def _name_taken(claim: NameClaim | None, name: str) -> ConflictError:
        return ConflictError(
            f"the name {name!r} already maps to another nova",
            existing=claim,
            hint="resolve the name; a name belongs to one nova",
        )

    # --- operations ---------------------------------------------------------------------

    @operation("Nova")
    def create_nova(
        self, nova: Nova, *, name_source: NameSource = NameSource.USER_INPUT
    ) -> Stored[Nova]:
        """See :meth:`PersistenceWrapper.create_nova`: Nova, PRIMARY NameMapping and the
        name's claim in one transaction."""
        now = self._now()
        nova = self._stamped(nova, now)
        mapping = _mapping(
            nova.primary_name,
            nova.primary_name_normalized,
            nova.nova_id,
            kind=NameKind.PRIMARY,
            source=name_source,
            now=now,
        )
        refusal = self._transact(
            lambda: [
                self._new(nova),
                self._new(mapping),
                self._claim(mapping.name_normalized, nova.nova_id, now),
            ]
        )
        if refusal is None:
            return Stored(nova, created=True)
        stored = self._refused(refusal, 0, Nova)
        if stored is not None:
            if same_content(stored, nova, refusal.retried):
                return Stored(stored, created=False)
            raise AlreadyExistsError(
                "another Nova with this nova_id is already stored", existing=stored
            )
        if 2 in refusal.refused:
            claim = self._refused(refusal, 2, NameClaim)
            raise self._name_taken(claim, mapping.name_normalized)
        raise ConflictError(
            "the primary name's mapping to this nova exists without the nova",
            existing=self._refused(refusal, 1, NameMapping),
        )

    @operation("Nova")
    def get_nova(self, nova_id: UUID) -> Nova | None:
        """See :meth:`PersistenceWrapper.get_nova`."""
        return self._read(NovaKey(nova_id), Nova)

    @operation("NameMapping")
    def resolve_name(self, name_normalized: str) -> list[NameMapping]:
        """See :meth:`PersistenceWrapper.resolve_name` (the claim item is not a mapping)."""
        pk = build(NameClaimKey(name_normalized)).pk
        return self._list(NameMapping, pk, "NOVA#")

    @operation("NameMapping")
    def attach_alias(
        self, nova_id: UUID, name_raw: str, name_normalized: str, source: NameSource
    ) -> Stored[NameMapping]:
        """See :meth:`PersistenceWrapper.attach_alias`: the nova's existence, the mapping
        (create-only) and the name's claim in one transaction."""
        now = self._now()
        mapping = _mapping(
            name_raw, name_normalized, nova_id, kind=NameKind.ALIAS, source=source, now=now
        )

        def actions() -> list[Action]:
            expr = Expr()
            exists = self._db.check_action(build(NovaKey(nova_id)), expr, item_present(expr))
            return [exists, self._new(mapping), self._claim(name_normalized, nova_id, now)]

        refusal = self._transact(actions)
        if refusal is None:
            return Stored(mapping, created=True)
        if 0 in refusal.refused:
            raise NotFoundError(f"nova {nova_id} does not exist")
        if 2 in refusal.refused:
            raise self._name_taken(self._refused(refusal, 2, NameClaim), name_normalized)
        stored = self._refused(refusal, 1, NameMapping)
        assert stored is not None  # refused by attribute_not_exists: the mapping is there
        return Stored(stored, created=False)

    @operation("Nova")
    def quarantine_identity(self, nova: Nova, context: FileObject) -> Stored[Nova]:
        """See :meth:`PersistenceWrapper.quarantine_identity`."""
        if nova.status is not NovaStatus.QUARANTINED or nova.quarantine_reason_code is None:
            raise InputValidationError(
                "quarantine_identity needs a QUARANTINED nova with a quarantine_reason_code"
            )
        if context.role is not FileRole.WORKFLOW_QUARANTINE_CONTEXT:
            raise InputValidationError(
                f"the quarantine context must be a WORKFLOW_QUARANTINE_CONTEXT file, "
                f"not {context.role.value}"
            )
        check_file_layout(context)
        now = self._now()
        nova, context = self._stamped(nova, now), self._stamped(context, now)
        refusal = self._transact(lambda: [self._new(nova), self._new(context)])
        if refusal is None:
            return Stored(nova, created=True)
        stored = self._refused(refusal, 0, Nova)
        stored_context = self._refused(refusal, 1, FileObject)
        replay = stored is not None and same_content(stored, nova, refusal.retried)
        if replay and (stored_context is None or same_content(stored_context, context, False)):
            assert stored is not None
            return Stored(stored, created=False)
        raise AlreadyExistsError(
            "another Nova or quarantine context is already stored under these keys",
            existing=stored if stored is not None else stored_context,
        )

    @operation("Nova")
    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Nova:
        """See :meth:`PersistenceWrapper.add_nova_aliases`: the new names in one conditional
        append, each on condition that the list does not contain it (``NOT contains``), so
        concurrent additions are all kept, none twice; refused, it is sent again with the
        names still missing. One append is whole or nothing, so names the item cannot hold
        are refused with nothing stored. More names than :data:`ALIASES_PER_APPEND` (more
        conditions than an expression holds) are appended as :meth:`_append_all_aliases`
        does: whole too."""
        key = NovaKey(nova_id)
        missing = list(dict.fromkeys(_names(aliases)))
        if len(missing) > ALIASES_PER_APPEND:
            return self._append_all_aliases(key, missing)
        now = self._now()
        stored = None
        for _round in range(len(missing)):  # each round adds its names or loses one to a racer
            if not missing:
                break

            def append(expr: Expr, update: Update, names: list[str] = missing) -> str:
                update.append_to_list("aliases", names)
                return all_of(*(not_contains(expr, "aliases", name) for name in names))

            stored = self._update(key, Nova, now, append, lambda stored, _r: stored)
            missing = _not_in(missing, stored)
        return stored if stored is not None else self._existing_nova(key)

    def _append_all_aliases(self, key: NovaKey, names: list[str]) -> Nova:
        """Append the ``names`` the nova lacks in one request, on condition that its aliases
        are still the ones read (as many: names are only ever appended): whole or nothing,
        however many. The nova is read first, and the names refused before any write when its
        item would not hold them (InputValidationError); a concurrent change of the aliases
        refuses the append, which is read and decided again. TransactionConflictError, with
        nothing of this call stored, when they keep changing for :data:`ALIAS_ROUNDS`."""
        stored = self._existing_nova(key)
        now = self._now()
        for _round in range(ALIAS_ROUNDS):
            missing = _not_in(names, stored)
            if not missing:
                return stored
            _check_fits(stored, missing)

            def append(
                expr: Expr,
                update: Update,
                missing: list[str] = missing,
                held: int = len(stored.aliases),
            ) -> str:
                update.append_to_list("aliases", missing)
                return list_length_is(expr, "aliases", held)

            stored = self._update(key, Nova, now, append, lambda stored, _r: stored)
        if not _not_in(names, stored):
            return stored
        raise TransactionConflictError(
            f"nova {key.nova_id}'s aliases kept changing under the addition of {len(names)} "
            "names; none of them was stored by this call: call again"
        )

    def _existing_nova(self, key: NovaKey) -> Nova:
        """The stored nova at ``key``; NotFoundError when there is none."""
        stored = self._read(key, Nova)
        if stored is None:
            raise NotFoundError(f"nova {key.nova_id} does not exist")
        return stored

    @operation("Nova")
    def set_discovery_date(
        self, nova_id: UUID, discovery_date: str, *, expected: str | None
    ) -> Nova:
        """See :meth:`PersistenceWrapper.set_discovery_date` (compare-and-set). A refusal
        whose stored date already is ``discovery_date`` answers with the stored nova."""
        try:
            discovery_date = _DISCOVERY_DATE.validate_python(discovery_date)
        except ValidationError:
            raise EntityValidationError(
                "Nova", f"discovery_date {discovery_date!r} is not YYYY-MM-DD"
            ) from None

        def change(expr: Expr, update: Update) -> str:
            update.set("discovery_date", discovery_date)
            if expected is None:
                return attribute_absent(expr, "discovery_date")
            return equals(expr, "discovery_date", expected)

        def decide(stored: Nova, _retried: bool) -> Nova:
            if stored.discovery_date == discovery_date:
                return stored
            raise ConflictError(
                f"discovery_date is {stored.discovery_date!r}, not the expected {expected!r}",
                existing=stored,
            )

        return self._update(NovaKey(nova_id), Nova, self._now(), change, decide)

    @operation("Nova")
    def rename_primary(
        self,
        nova_id: UUID,
        primary_name: str,
        primary_name_normalized: str,
        *,
        expected_primary_name_normalized: str,
    ) -> Nova:
        """See :meth:`PersistenceWrapper.rename_primary`: the nova (compare-and-set on its
        primary name), the new PRIMARY mapping, the old mapping turned ALIAS and the new
        name's claim, in one transaction."""
        now = self._now()
        new = _mapping(
            primary_name,
            primary_name_normalized,
            nova_id,
            kind=NameKind.PRIMARY,
            source=NameSource.USER_INPUT,
            now=now,
        )
        old_name = expected_primary_name_normalized

        def actions() -> list[Action]:
            update = Update(Expr())
            expr = update.expr
            update.set("primary_name", primary_name)
            update.set("primary_name_normalized", primary_name_normalized)
            update.set("schema_version", Nova.SCHEMA_VERSION).set("updated_at", now)
            condition = all_of(
                item_present(expr),
                version_guard(expr, Nova.ENTITY_TYPE),
                equals(expr, "primary_name_normalized", old_name),
            )
            nova_action = self._db.update_action(
                build(NovaKey(nova_id)), update, condition, entity_type=Nova.ENTITY_TYPE
            )
            listed = [nova_action, self._claim(primary_name_normalized, nova_id, now)]
            listed.append(self._upsert_mapping(new, keep=("source",)))
            if old_name != primary_name_normalized:
                old = _mapping(
                    old_name,
                    old_name,
                    nova_id,
                    kind=NameKind.ALIAS,
                    source=NameSource.OTHER,
                    now=now,
                )
                listed.append(self._upsert_mapping(old, keep=_KEEP_OLD))
            return listed

        refusal = self._transact(actions)
        if refusal is not None:
            if 0 in refusal.refused:
                stored = self._refused(refusal, 0, Nova)
                if stored is None:
                    raise NotFoundError(f"nova {nova_id} does not exist")
                if stored.primary_name_normalized == primary_name_normalized:
                    return stored
                raise ConflictError(
                    f"the primary name is {stored.primary_name_normalized!r}, not the "
                    f"expected {old_name!r}",
                    existing=stored,
                )
            if 1 in refusal.refused:
                claim = self._refused(refusal, 1, NameClaim)
                raise self._name_taken(claim, primary_name_normalized)
            raise StaleWriterError("a name mapping of this nova has a newer schema version")
        renamed = self._read(NovaKey(nova_id), Nova)
        if renamed is None:  # deleted right after the rename: nothing else deletes novae
            raise NotFoundError(f"nova {nova_id} does not exist")
        return renamed


_KEEP_OLD: Final = ("name_raw", "source")
"""An old primary mapping turned ALIAS keeps its raw name and source."""


def _mapping(
    name_raw: str,
    name_normalized: str,
    nova_id: UUID,
    *,
    kind: NameKind,
    source: NameSource,
    now: datetime,
) -> NameMapping:
    """A NameMapping created and updated at ``now``, validated once (EntityValidationError;
    the key grammar checks the name: KeyShapeError)."""
    mapping = validated(
        NameMapping,
        {
            "name_raw": name_raw,
            "name_normalized": name_normalized,
            "name_kind": kind,
            "nova_id": nova_id,
            "source": source,
            "created_at": now,
            "updated_at": now,
        },
    )
    build(NameMappingKey(name_normalized, nova_id))  # the key grammar checks the name
    return mapping


ALIASES_PER_APPEND: Final = 50
"""The most names an append conditions one by one (a DynamoDB condition holds at most 300
operators and 4 KB); more go in one append conditioned on the list as read."""
ALIAS_ROUNDS: Final = 8
"""How often an append of more names than :data:`ALIASES_PER_APPEND` is decided again after a
concurrent change of the nova's aliases refused it."""


def _not_in(names: list[str], nova: Nova) -> list[str]:
    """The ``names`` the nova's aliases do not hold, in their order."""
    held = set(nova.aliases)
    return [name for name in names if name not in held]


def _check_fits(nova: Nova, added: list[str]) -> None:
    """InputValidationError when the nova's item, with ``added`` appended to its aliases,
    would be over DynamoDB's item size."""
    try:
        encode(nova.model_copy(update={"aliases": [*nova.aliases, *added]}))
    except EncodingError as exc:
        raise InputValidationError(
            f"the {len(added)} new aliases would take nova {nova.nova_id}'s item past "
            f"DynamoDB's item size ({exc.message}); nothing was written",
            hint="add fewer or shorter names: a nova's aliases share its one item",
        ) from None


def _names(aliases: Sequence[str]) -> list[str]:
    try:
        return [_NAME.validate_python(alias, strict=True) for alias in aliases]
    except ValidationError:
        raise EntityValidationError("Nova", "aliases must be non-empty strings") from None
