"""Rules 5 and 6: reference upserts and links; file objects, layout and pointer immutability."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.entities import FileObject, NovaReference, Reference
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.errors import AlreadyExistsError, PointerLayoutError
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import BUCKET, TickingClock

BIBCODE = "2013ATel.4934....1W"


def test_upsert_reference_changes_mutable_fields_and_keeps_created_at(
    wrapper: ReferenceWrapper, clock: TickingClock
) -> None:
    first = wrapper.upsert_reference(
        Reference(bibcode=BIBCODE, reference_type="atel", title="Old", doi="10.1/x")
    )
    clock.advance(timedelta(days=1))
    second = wrapper.upsert_reference(
        Reference(bibcode=BIBCODE, reference_type="journal_article", title="New", year=2013)
    )
    assert second.created_at == first.created_at and second.updated_at > first.updated_at
    assert (second.title, second.year, second.doi) == ("New", 2013, None)
    assert wrapper.get_reference(BIBCODE) == second


def test_link_is_create_only_and_returns_the_existing_link(wrapper: ReferenceWrapper) -> None:
    nova_id = uuid4()
    link = NovaReference(nova_id=nova_id, bibcode=BIBCODE, role="DISCOVERY")
    first = wrapper.link_nova_reference(link)
    other = wrapper.link_nova_reference(link.model_copy(update={"role": "OTHER"}))
    assert first.created and not other.created and other.item == first.item
    assert wrapper.list_nova_references(nova_id) == [first.item]


def file_object(nova_id: object, product_id: object, key: str) -> FileObject:
    return FileObject(
        file_id=uuid4(),
        role=FileRole.SPECTRA_RAW_FITS,
        nova_id=nova_id,
        data_product_id=product_id,
        bucket=BUCKET,
        key=key,
        created_by="acquire_and_validate_spectra:run-1",
    )


def test_file_objects_are_create_only_and_layout_checked(wrapper: ReferenceWrapper) -> None:
    nova_id, product_id = uuid4(), uuid4()
    file = file_object(nova_id, product_id, raw_spectra_key(nova_id, product_id))
    assert wrapper.put_file_object(file).created
    assert not wrapper.put_file_object(file).created
    with pytest.raises(AlreadyExistsError):
        wrapper.put_file_object(file.model_copy(update={"byte_length": 5}))
    for foreign in (raw_spectra_key(uuid4(), product_id), raw_spectra_key(nova_id, uuid4())):
        with pytest.raises(PointerLayoutError):
            wrapper.put_file_object(file_object(nova_id, product_id, foreign))
    assert [f.file_id for f in wrapper.list_file_objects(nova_id, FileRole.SPECTRA_RAW_FITS)] == [
        file.file_id
    ]
    assert wrapper.list_file_objects(nova_id, FileRole.SPECTRA_PLOT) == []
