"""FileObjects (create-only, layout-checked) and the audit of every recorded S3 pointer."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Final
from uuid import UUID

from novacat_persistence.contracts.bucket_layout import (
    check_file_layout,
    check_raw_spectra_key,
    photometry_key,
)
from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import (
    FileObject,
    LegacyFileObject,
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
    workflow_pk,
)
from novacat_persistence.contracts.operations import (
    PointerAuditReport,
    PointerFinding,
    PointerProblem,
    Stored,
)
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
        """See :meth:`PersistenceWrapper.audit_pointers`: FileObjects (legacy ones
        included), raw spectra pointers and photometry table pointers, of one nova (its
        partition) or of the whole table (a scan), each found under the key it is stored
        under; an item of these types that cannot be read is an UNREADABLE finding. With
        ``bucket`` (an extension of this implementation), the bucket must exist and a pointer
        recorded in another bucket is a LAYOUT finding."""
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
            types = ", ".join(expr.v(t) for t in POINTER_TYPES)
            items = self._db.scan(expr, f"{expr.n('entity_type')} IN ({types})")
        checked = 0
        findings = []
        for item in items:
            try:
                pointer = _pointer(item, decode(item))
            except PersistenceError as exc:
                unread = _unreadable(item, exc)
                if unread is not None:
                    findings.append(unread)
                continue
            if pointer is None:
                continue
            checked += 1
            finding = auditor.check(pointer, bucket)
            if finding is not None:
                findings.append(finding)
        return PointerAuditReport(checked, tuple(findings))


POINTER_TYPES: Final = ("FileObject", "DataProduct")
"""The entity types whose items record S3 pointers."""

_POINTER_ATTRIBUTES: Final = (
    ("bucket", "key"),
    ("raw_s3_bucket", "raw_s3_key"),
    ("s3_bucket", "s3_key"),
)
"""Where a stored FileObject, spectra product or photometry table records its pointer."""


def _pointer(item: Item, entity: PersistedEntity) -> Pointer | None:
    """The pointer a read item records, under the key the item is stored under; None when it
    records none."""
    pk, sk = item["PK"]["S"], item["SK"]["S"]
    match entity:
        case FileObject() | LegacyFileObject():
            # a legacy item's era laid its keys out otherwise than the bucket does today
            layout = partial(check_file_layout, entity) if isinstance(entity, FileObject) else None
            return Pointer(
                pk,
                sk,
                entity.bucket,
                entity.key,
                entity.byte_length,
                entity.etag,
                entity.sha256,
                layout,
            )
        case SpectraProduct(raw_s3_bucket=str(bucket), raw_s3_key=str(raw)):
            layout = partial(check_raw_spectra_key, raw, entity.nova_id, entity.data_product_id)
            return Pointer(pk, sk, bucket, raw, entity.byte_length, entity.etag, None, layout)
        case PhotometryTable(s3_bucket=str(bucket), s3_key=str(table)):
            layout = partial(_require_canonical, table, entity.nova_id)
            return Pointer(pk, sk, bucket, table, check_layout=layout)
        case _:
            return None


def _unreadable(item: Item, exc: PersistenceError) -> PointerFinding | None:
    """The UNREADABLE finding of an item that cannot be read: a FileObject, or a data product
    recording a pointer; None for any other item."""
    texts = {name: value["S"] for name, value in item.items() if isinstance(value.get("S"), str)}
    entity_type = texts.get("entity_type")
    recorded = [(b, k) for b, k in _POINTER_ATTRIBUTES if k in item]
    if entity_type != "FileObject" and not (entity_type == "DataProduct" and recorded):
        return None
    bucket, key = recorded[0] if recorded else ("bucket", "key")
    return PointerFinding(
        texts.get("PK", ""),
        texts.get("SK", ""),
        texts.get(bucket, ""),
        texts.get(key, ""),
        PointerProblem.UNREADABLE,
        f"the item cannot be read, so its pointer is unchecked: {exc.message}",
    )


def _require_canonical(key: str, nova_id: UUID) -> None:
    if key != photometry_key(nova_id):
        raise PointerLayoutError(f"photometry key {key!r} is not the canonical one")
