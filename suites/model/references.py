"""The model of references (global, by bibcode) and their links to novae.

An upsert makes the stored Reference the given one: every mutable field takes the new value,
a field the new version leaves unset is cleared, and ``created_at`` is kept. A link is
create-only; whatever link is stored under its key is the answer. A batch read answers with the
stored references of the bibcodes asked (each once, whatever the repeats).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.entities import NovaReference, Reference
from novacat_persistence.contracts.enums import NovaReferenceRole, ReferenceType
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.keys import NOVAREF_PREFIX, NovaKey, ReferenceKey, build
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.suites.model.calls import MARKER, Vocabulary, any_nova, calls_of
from novacat_persistence.suites.model.core import ModelCore


class ReferencesModel(ModelCore):
    """References and their links."""

    def upsert_reference(self, reference: Reference) -> Reference:
        """The reference as given, ``created_at`` kept."""
        now = self.now()
        stamped = self.stamped_new(reference, now)
        stored = self.get_reference(stamped.bibcode)
        if stored is not None:
            stamped = stamped.model_copy(update={"created_at": stored.created_at})
        self.store.put(stamped)
        return stamped

    def get_reference(self, bibcode: str) -> Reference | None:
        """The reference, or None."""
        return self.store.get(ReferenceKey(bibcode), Reference)

    def get_references(self, bibcodes: Sequence[str]) -> dict[str, Reference]:
        """The stored references of these bibcodes, by bibcode."""
        if isinstance(bibcodes, str):
            raise InputValidationError("bibcodes are a sequence of bibcodes")
        keys = [ReferenceKey(bibcode) for bibcode in dict.fromkeys(bibcodes)]
        for key in keys:
            build(key)  # every bibcode checked before anything is read
        found = (self.store.get(key, Reference) for key in keys)
        return {reference.bibcode: reference for reference in found if reference is not None}

    def link_nova_reference(self, link: NovaReference) -> Stored[NovaReference]:
        """The link, create-only; a stored link is the answer."""
        return self.create_if_missing(self.stamped_new(link, self.now()))

    def list_nova_references(self, nova_id: UUID) -> list[NovaReference]:
        """A nova's links, by bibcode."""
        found = self.store.partition(build(NovaKey(nova_id)).pk, NOVAREF_PREFIX)
        return [link for link in found if isinstance(link, NovaReference)]


def _references(v: Vocabulary, _m: object) -> st.SearchStrategy[Reference]:
    return st.builds(
        lambda bibcode, title, year, authors: Reference(
            bibcode=bibcode,
            reference_type=ReferenceType.JOURNAL_ARTICLE,
            title=title,
            year=year,
            authors=authors,
        ),
        st.sampled_from(v.bibcodes),
        st.none() | v.texts(),
        st.none() | st.just(2013),
        st.lists(v.texts(), max_size=2),
    )


def _links(v: Vocabulary, _m: object) -> st.SearchStrategy[NovaReference]:
    return st.builds(
        lambda nova_id, bibcode, role, notes: NovaReference(
            nova_id=nova_id, bibcode=bibcode, role=role, notes=notes
        ),
        v.nova_ids(),
        st.sampled_from(v.bibcodes),
        st.sampled_from([NovaReferenceRole.DISCOVERY, NovaReferenceRole.OTHER]),
        st.none() | st.just(f"{MARKER} seen"),
    )


def _bibcode(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.bibcodes)


CALLS: Final = (
    calls_of("upsert_reference", _references),
    calls_of("get_reference", _bibcode),
    calls_of("get_references", lambda v, _m: st.lists(st.sampled_from(v.bibcodes), max_size=3)),
    calls_of("link_nova_reference", _links),
    calls_of("list_nova_references", any_nova),
)
"""How the state machine calls this area's operations."""
