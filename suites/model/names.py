"""The model of identity and names: novae, name mappings and the claims that keep a name on
one nova (:class:`~novacat_persistence.contracts.entities.NameClaim`: written with every
mapping, and refusing a second nova).

Readings where the interface is silent: a name mapping written again for its own nova (an
alias attached twice, a rename) leaves ``created_at`` and rewrites the claim's
``updated_at``; a renamed-to name that was an alias becomes PRIMARY keeping its source, and
the old primary mapping becomes an ALIAS keeping its raw name and source (absent, it is
created with ``source`` OTHER and the normalized name as raw name); a ``set_discovery_date``
whose stored date already is the new one answers with the stored nova (a retry converges).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from novacat_persistence.contracts.bucket_layout import check_file_layout
from novacat_persistence.contracts.entities import FileObject, NameClaim, NameMapping, Nova
from novacat_persistence.contracts.enums import (
    FileRole,
    NameKind,
    NameSource,
    NovaQuarantineReason,
    NovaStatus,
)
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    EntityValidationError,
    InputValidationError,
    NotFoundError,
)
from novacat_persistence.contracts.keys import (
    NameClaimKey,
    NameMappingKey,
    NovaKey,
    build,
    key_of,
)
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.contracts.types import DiscoveryDate, NonEmptyStr
from novacat_persistence.suites.model.calls import (
    MARKER,
    Call,
    CallSpec,
    Vocabulary,
    any_nova,
    any_text,
    call,
    calls_of,
    fixed_id,
    one_of,
)
from novacat_persistence.suites.model.core import (
    UNCHECKED,
    ModelCore,
    built,
    changed,
    same_content,
)

_DISCOVERY_DATE: Final = TypeAdapter(DiscoveryDate)
_NAME: Final = TypeAdapter(NonEmptyStr)


class NamesModel(ModelCore):
    """Novae and their names."""

    def _nova(self, nova_id: UUID) -> Nova | None:
        return self.store.get(NovaKey(nova_id), Nova)

    def _owner(self, name_normalized: str) -> UUID | None:
        claim = self.store.get(NameClaimKey(name_normalized), NameClaim)
        return None if claim is None else claim.nova_id

    def _claim(self, name_normalized: str, nova_id: UUID, now: datetime) -> None:
        claim = self.store.get(NameClaimKey(name_normalized), NameClaim)
        if claim is None:
            claim = NameClaim(
                name_normalized=name_normalized, nova_id=nova_id, created_at=now, updated_at=now
            )
        self.store.put(changed(claim, now))

    def _name_taken(self, name_normalized: str, nova_id: UUID) -> None:
        owner = self._owner(name_normalized)
        if owner is not None and owner != nova_id:
            raise ConflictError(f"{name_normalized!r} names another nova", existing=UNCHECKED)

    @staticmethod
    def _mapping(
        raw: str,
        normalized: str,
        nova_id: UUID,
        *,
        kind: NameKind,
        source: NameSource,
        now: datetime,
    ) -> NameMapping:
        mapping = built(
            NameMapping,
            {
                "name_raw": raw,
                "name_normalized": normalized,
                "name_kind": kind,
                "nova_id": nova_id,
                "source": source,
                "created_at": now,
                "updated_at": now,
            },
        )
        build(NameMappingKey(normalized, nova_id))
        return mapping

    def create_nova(
        self, nova: Nova, *, name_source: NameSource = NameSource.USER_INPUT
    ) -> Stored[Nova]:
        """The nova, its PRIMARY mapping and the name's claim; a replay, AlreadyExistsError
        (another nova under the id) or ConflictError (the name is another nova's)."""
        now = self.now()
        stamped = self.stamped_new(nova, now)
        name = stamped.primary_name_normalized
        mapping = self._mapping(
            stamped.primary_name,
            name,
            stamped.nova_id,
            kind=NameKind.PRIMARY,
            source=name_source,
            now=now,
        )
        stored = self._nova(stamped.nova_id)
        if stored is not None:
            if same_content(stored, stamped):
                return Stored(stored, created=False)
            raise AlreadyExistsError("another nova has this id", existing=stored)
        self._name_taken(name, stamped.nova_id)
        if self.store.get(NameMappingKey(name, stamped.nova_id), NameMapping) is not None:
            raise ConflictError("the primary mapping exists without its nova", existing=UNCHECKED)
        self.store.put(stamped)
        self.store.put(mapping)
        self._claim(name, stamped.nova_id, now)
        return Stored(stamped, created=True)

    def get_nova(self, nova_id: UUID) -> Nova | None:
        """The nova, or None."""
        return self._nova(nova_id)

    def resolve_name(self, name_normalized: str) -> list[NameMapping]:
        """The mappings of a name, by nova id."""
        pk = build(NameClaimKey(name_normalized)).pk
        found = self.store.partition(pk, "NOVA#")
        return [m for m in found if isinstance(m, NameMapping)]

    def attach_alias(
        self, nova_id: UUID, name_raw: str, name_normalized: str, source: NameSource
    ) -> Stored[NameMapping]:
        """An ALIAS mapping and the name's claim; the name's mapping to this nova already
        stored is the answer (``created=False``)."""
        now = self.now()
        mapping = self._mapping(
            name_raw, name_normalized, nova_id, kind=NameKind.ALIAS, source=source, now=now
        )
        if self._nova(nova_id) is None:
            raise NotFoundError(f"nova {nova_id} does not exist", existing=None)
        self._name_taken(name_normalized, nova_id)
        stored = self.store.get(NameMappingKey(name_normalized, nova_id), NameMapping)
        if stored is not None:
            return Stored(stored, created=False)
        self.store.put(mapping)
        self._claim(name_normalized, nova_id, now)
        return Stored(mapping, created=True)

    def quarantine_identity(self, nova: Nova, context: FileObject) -> Stored[Nova]:
        """A QUARANTINED nova and its pre-nova context file, both or neither."""
        if nova.status is not NovaStatus.QUARANTINED or nova.quarantine_reason_code is None:
            raise InputValidationError("a QUARANTINED nova with a reason code is needed")
        if context.role is not FileRole.WORKFLOW_QUARANTINE_CONTEXT:
            raise InputValidationError("the context must be a WORKFLOW_QUARANTINE_CONTEXT file")
        check_file_layout(context)
        now = self.now()
        stamped, file = self.stamped_new(nova, now), self.stamped_new(context, now)
        stored = self._nova(stamped.nova_id)
        stored_file = self.store.get(key_of(file), FileObject)
        if stored is None and stored_file is None:
            self.store.put(stamped)
            self.store.put(file)
            return Stored(stamped, created=True)
        if (
            stored is not None
            and same_content(stored, stamped)
            and (stored_file is None or same_content(stored_file, file))
        ):
            return Stored(stored, created=False)
        raise AlreadyExistsError(
            "another nova or context is stored", existing=stored or stored_file
        )

    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Nova:
        """Append the names not yet in ``aliases`` (first addition's order)."""
        if isinstance(aliases, str):
            raise InputValidationError("aliases must be a sequence of names")
        try:
            wanted = list(dict.fromkeys(_NAME.validate_python(a, strict=True) for a in aliases))
        except ValidationError:
            raise EntityValidationError("Nova", "aliases must be non-empty strings") from None
        now = self.now()
        stored = self._nova(nova_id)
        if stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist", existing=None)
        new = [a for a in wanted if a not in stored.aliases]
        if not new:
            return stored
        updated = changed(stored, now, aliases=[*stored.aliases, *new])
        self.store.put(updated)
        return updated

    def set_discovery_date(
        self, nova_id: UUID, discovery_date: str, *, expected: str | None
    ) -> Nova:
        """Compare-and-set of the discovery date."""
        try:
            date = _DISCOVERY_DATE.validate_python(discovery_date)
        except ValidationError:
            raise EntityValidationError("Nova", "discovery_date is not YYYY-MM-DD") from None
        now = self.now()
        stored = self._nova(nova_id)
        if stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist", existing=None)
        if stored.discovery_date == expected:
            updated = changed(stored, now, discovery_date=date)
            self.store.put(updated)
            return updated
        if stored.discovery_date == date:
            return stored
        raise ConflictError("another discovery date is stored", existing=stored)

    def rename_primary(
        self,
        nova_id: UUID,
        primary_name: str,
        primary_name_normalized: str,
        *,
        expected_primary_name_normalized: str,
    ) -> Nova:
        """Compare-and-set of the primary name, with its mappings and claim."""
        now = self.now()
        new, old = primary_name_normalized, expected_primary_name_normalized
        fresh = self._mapping(
            primary_name, new, nova_id, kind=NameKind.PRIMARY, source=NameSource.USER_INPUT, now=now
        )
        stored = self._nova(nova_id)
        if stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist", existing=None)
        if stored.primary_name_normalized != old:
            if stored.primary_name_normalized == new:
                return stored
            raise ConflictError("the primary name changed meanwhile", existing=stored)
        self._name_taken(new, nova_id)
        updated = changed(stored, now, primary_name=primary_name, primary_name_normalized=new)
        self.store.put(updated)
        self._claim(new, nova_id, now)
        existing = self.store.get(NameMappingKey(new, nova_id), NameMapping)
        self.store.put(
            fresh
            if existing is None
            else changed(existing, now, name_raw=primary_name, name_kind=NameKind.PRIMARY)
        )
        if old != new:
            before = self.store.get(NameMappingKey(old, nova_id), NameMapping)
            self.store.put(
                self._mapping(
                    old, old, nova_id, kind=NameKind.ALIAS, source=NameSource.OTHER, now=now
                )
                if before is None
                else changed(before, now, name_kind=NameKind.ALIAS)
            )
        return updated


# --- calls ---------------------------------------------------------------------------------


def _novae(v: Vocabulary, _m: object, *, quarantined: bool = False) -> st.SearchStrategy[Nova]:
    def make(nova_id: UUID, name: str, variant: int) -> Nova:
        fields: dict[str, Any] = {}
        if quarantined:
            fields = {
                "status": NovaStatus.QUARANTINED,
                "quarantine_reason_code": NovaQuarantineReason.COORDINATE_AMBIGUITY,
            }
        return Nova(
            nova_id=nova_id,
            primary_name=f"{MARKER} {name.upper()}",
            primary_name_normalized=name,
            ra_deg=[None, 10.5][variant],
            **fields,
        )

    return st.builds(make, v.nova_ids(), st.sampled_from(v.names), st.integers(0, 1))


def _name(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.names)


def quarantine_context(nova_id: UUID, correlation_id: str) -> FileObject:
    """The pre-nova context file of a quarantined nova (its id follows the nova's)."""
    return FileObject(
        file_id=fixed_id(f"context-{nova_id}"),
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id=correlation_id,
        bucket="novacat-private",
        key=f"quarantine/identity/{correlation_id}/context.json",
        created_by=f"initialize_nova:{fixed_id('run-q')}",
    )


def _quarantine(v: Vocabulary, m: object) -> st.SearchStrategy[Call]:
    return st.builds(
        lambda nova, corr: call(
            "quarantine_identity", nova, quarantine_context(nova.nova_id, corr)
        ),
        _novae(v, m, quarantined=True),
        st.sampled_from(v.correlations),
    )


def _current_name(v: Vocabulary, m: NamesModel, nova_id: UUID) -> st.SearchStrategy[str]:
    nova = m.get_nova(nova_id)
    if nova is None:
        return st.sampled_from(v.names)
    return st.one_of(st.just(nova.primary_name_normalized), st.sampled_from(v.names))


def _rename(v: Vocabulary, m: NamesModel) -> st.SearchStrategy[Call]:
    def renamed(nova_id: UUID, name: str, expected: str) -> Call:
        return call(
            "rename_primary",
            nova_id,
            f"{MARKER} {name.title()}",
            name,
            expected_primary_name_normalized=expected,
        )

    return v.nova_ids().flatmap(
        lambda nova_id: st.builds(
            renamed, st.just(nova_id), st.sampled_from(v.names), _current_name(v, m, nova_id)
        )
    )


def _discovery(v: Vocabulary, m: NamesModel) -> st.SearchStrategy[Call]:
    dates = st.sampled_from(["2013-12-02", "2013-12-03"])

    def expected(nova_id: UUID) -> st.SearchStrategy[str | None]:
        nova = m.get_nova(nova_id)
        stored = None if nova is None else nova.discovery_date
        return st.one_of(st.just(stored), st.none(), dates)

    return v.nova_ids().flatmap(
        lambda nova_id: st.builds(
            lambda date, exp: call("set_discovery_date", nova_id, date, expected=exp),
            dates,
            expected(nova_id),
        )
    )


CALLS: Final = (
    calls_of("create_nova", _novae, name_source=one_of(NameSource.USER_INPUT, NameSource.TNS)),
    calls_of("get_nova", any_nova),
    calls_of("resolve_name", _name),
    calls_of(
        "attach_alias", any_nova, any_text, _name, one_of(NameSource.SIMBAD, NameSource.INGESTION)
    ),
    CallSpec("quarantine_identity", _quarantine),
    calls_of("add_nova_aliases", any_nova, lambda v, _m: st.lists(v.texts(), max_size=3)),
    CallSpec("set_discovery_date", _discovery, stateful=True),
    CallSpec("rename_primary", _rename, stateful=True),
)
"""How the state machine calls this area's operations."""
