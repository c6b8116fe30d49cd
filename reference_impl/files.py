"""FileObjects (create-only, layout-checked) and the audit of every recorded S3 pointer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from uuid import UUID

from novacat_persistence.contracts.bucket_layout import (
    check_file_layout,
    check_raw_spectra_key,
    photometry_key,
)
from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import (
    FileObject,
    PersistedEntity,
    PhotometryTable,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.errors import (
    InputValidationError,
    PersistenceError,
    PointerLayoutError,
)
from novacat_persistence.contracts.keys import (
    NovaKey,
    build,
    file_prefix,
    item_key,
    workflow_pk,
)
from novacat_persistence.contracts.operations import PointerAuditReport, Stored
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.audit import Pointer, S3Auditor
from novacat_persistence.reference_impl.conditions import Expr
from novacat_persistence.reference_impl.core import Core
from novacat_persistence.reference_impl.logs import operation


class FileOps(Core):
    """IFC-030 FileObject operations and the pointer audit."""

    @operation("FileObject")
    def put_file_object(self, file: FileObject) -> Stored[FileObject]:
        """See :meth:`PersistenceWrapper.put_file_object` (layout-checked, create-only)."""
        check_file_layout(file)
        return self._create(self._stamped(file, self._now()))

    @operation("FileObject")
    def list_file_objects(self, nova_id: UUID, role: FileRole | None = None) -> list[FileObject]:
        """See :meth:`PersistenceWrapper.list_file_objects` (SK order)."""
        return self._list(FileObject, build(NovaKey(nova_id)).pk, file_prefix(role))

    @operation("FileObject")
    def list_workflow_files(self, correlation_id: str) -> list[FileObject]:
        """See :meth:`PersistenceWrapper.list_workflow_files`."""
        return self._list(FileObject, workflow_pk(correlation_id), file_prefix())

    @operation("FileObject")
    def audit_pointers(
        self, *, nova_id: UUID | None = None, bucket: str | None = None
    ) -> PointerAuditReport:
        """See :meth:`PersistenceWrapper.audit_pointers`: FileObjects, raw spectra pointers
        and photometry table pointers, of one nova (its partition) or of the whole table (a
        scan). With ``bucket`` (an extension of this implementation), the bucket must exist
        and a pointer recorded in another bucket is a LAYOUT finding. Items that cannot be
        decoded are skipped with a warning."""
        if self._s3 is None:
            raise InputValidationError(
                "audit_pointers needs an S3 client", hint="pass s3_client= to the factory"
            )
        auditor = S3Auditor(self._s3)
        if bucket is not None:
            auditor.require_bucket(bucket)
        if nova_id is not None:
            items: Iterable[Item] = self._db.query(build(NovaKey(nova_id)).pk)
        else:
            expr = Expr()
            types = ", ".join(expr.v(t) for t in ("FileObject", "DataProduct"))
            items = self._db.scan(expr, f"{expr.n('entity_type')} IN ({types})")
        checked = 0
        findings = []
        for pointer in _pointers(self._decoded(items)):
            checked += 1
            finding = auditor.check(pointer, bucket)
            if finding is not None:
                findings.append(finding)
        return PointerAuditReport(checked, tuple(findings))

    def _decoded(self, items: Iterable[Item]) -> Iterator[PersistedEntity]:
        for item in items:
            try:
                yield decode(item)
            except PersistenceError as exc:
                self.logger.warning(
                    "audit skipped an unreadable item: %s",
                    exc.message,
                    extra={"persistence": {"operation": "audit_pointers"}},
                )


def _pointers(entities: Iterable[PersistedEntity]) -> Iterator[Pointer]:
    for entity in entities:
        match entity:
            case FileObject():
                key = item_key(entity)
                layout = partial(check_file_layout, entity)
                yield Pointer(
                    key.pk,
                    key.sk,
                    entity.bucket,
                    entity.key,
                    entity.byte_length,
                    entity.etag,
                    entity.sha256,
                    layout,
                )
            case SpectraProduct(raw_s3_bucket=str(bucket), raw_s3_key=str(raw)):
                key = item_key(entity)
                layout = partial(check_raw_spectra_key, raw, entity.nova_id, entity.data_product_id)
                yield Pointer(
                    key.pk, key.sk, bucket, raw, entity.byte_length, entity.etag, None, layout
                )
            case PhotometryTable(s3_bucket=str(bucket), s3_key=str(table)):
                key = item_key(entity)
                layout = partial(_require_canonical, table, entity.nova_id)
                yield Pointer(key.pk, key.sk, bucket, table, check_layout=layout)
            case _:
                continue


def _require_canonical(key: str, nova_id: UUID) -> None:
    if key != photometry_key(nova_id):
        raise PointerLayoutError(f"photometry key {key!r} is not the canonical one")
