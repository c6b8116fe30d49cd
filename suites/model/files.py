"""The model of FileObjects: layout-checked, create-only, listed per nova (all or one role)
and per pre-nova workflow execution. The pointer audit (``audit_pointers``) reads S3 and is an
optional capability: it is outside the model (suite 10 checks it)."""

from __future__ import annotations

from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.bucket_layout import (
    check_file_layout,
    photometry_key,
    raw_spectra_key,
)
from novacat_persistence.contracts.entities import FileObject
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.keys import NovaKey, build, file_prefix, workflow_pk
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.suites.model.calls import (
    Vocabulary,
    any_nova,
    calls_of,
    fixed_id,
    one_of,
)
from novacat_persistence.suites.model.core import ModelCore


class FilesModel(ModelCore):
    """FileObjects."""

    def put_file_object(self, file: FileObject) -> Stored[FileObject]:
        """The file, create-only, its key checked against the layout first."""
        check_file_layout(file)
        return self.create_only(self.stamped_new(file, self.now()))

    def list_file_objects(self, nova_id: UUID, role: FileRole | None = None) -> list[FileObject]:
        """A nova's files, all or of one role, in SK order."""
        found = self.store.partition(build(NovaKey(nova_id)).pk, file_prefix(role))
        return [f for f in found if isinstance(f, FileObject)]

    def list_workflow_files(self, correlation_id: str) -> list[FileObject]:
        """The pre-nova files of a workflow execution."""
        found = self.store.partition(workflow_pk(correlation_id), file_prefix())
        return [f for f in found if isinstance(f, FileObject)]


def _files(v: Vocabulary, _m: object) -> st.SearchStrategy[FileObject]:
    def make(nova_id: UUID, file_id: UUID, role: FileRole, size: int) -> FileObject:
        product = fixed_id(f"product-of-{file_id}")
        key = {
            FileRole.PHOTOMETRY_TABLE: photometry_key(nova_id),
            FileRole.SPECTRA_RAW_FITS: raw_spectra_key(nova_id, product),
        }.get(role, f"bundles/{nova_id}/bundle.zip")
        return FileObject(
            file_id=file_id,
            role=role,
            nova_id=nova_id,
            data_product_id=product if role is FileRole.SPECTRA_RAW_FITS else None,
            bucket="novacat-private",
            key=key,
            byte_length=size,
            created_by=f"ingest_photometry:{fixed_id('run-files')}",
        )

    return st.builds(
        make,
        v.nova_ids(),
        st.sampled_from(v.files),
        st.sampled_from(
            [FileRole.PHOTOMETRY_TABLE, FileRole.SPECTRA_RAW_FITS, FileRole.BUNDLE_ZIP]
        ),
        st.sampled_from([1, 2]),
    )


def _correlation(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.correlations)


CALLS: Final = (
    calls_of("put_file_object", _files),
    calls_of(
        "list_file_objects", any_nova, one_of(None, FileRole.PHOTOMETRY_TABLE, FileRole.BUNDLE_ZIP)
    ),
    calls_of("list_workflow_files", _correlation),
)
"""How the state machine calls this area's operations (quarantine contexts are written by
``quarantine_identity``, in the names area)."""
