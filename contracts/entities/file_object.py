"""FileObject: a pointer to one S3 object, filed under its nova or its pre-nova workflow."""

from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field, model_validator

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.enums import PRODUCT_SCOPED_FILE_ROLES, FileRole
from novacat_persistence.contracts.types import NonEmptyStr, NonNegativeInt, Sha256Hex

CreatedBy = Annotated[str, Field(pattern=r"^[^:#\s]+:[^:\s]+$")]
"""``<workflow_name>:<job_run_id>`` of the execution that recorded the object."""


class FileObject(PersistedEntity):
    """A recorded S3 object. Its SK is role-scoped:

    - ``FILE#WORKFLOW_QUARANTINE_CONTEXT#ID#<file_id>`` under PK ``WORKFLOW#<correlation_id>``;
    - ``FILE#<ROLE>#NOVA#<nova_id>#ID#<file_id>`` for nova-scoped roles;
    - ``FILE#<ROLE>#NOVA#<nova_id>#PRODUCT#<data_product_id>#ID#<file_id>`` for
      product-scoped roles, both under PK ``<nova_id>``.
    """

    ENTITY_TYPE: ClassVar[str] = "FileObject"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    file_id: UUID
    role: FileRole
    nova_id: UUID | None = None
    data_product_id: UUID | None = None
    correlation_id: NonEmptyStr | None = None
    bucket: NonEmptyStr
    key: NonEmptyStr
    content_type: NonEmptyStr | None = None
    byte_length: NonNegativeInt | None = None
    etag: NonEmptyStr | None = None
    sha256: Sha256Hex | None = None
    created_by: CreatedBy

    @model_validator(mode="after")
    def _ids_fit_role(self) -> Any:
        if self.role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
            if self.correlation_id is None:
                raise ValueError("a WORKFLOW_QUARANTINE_CONTEXT file needs correlation_id")
            return self
        if self.nova_id is None:
            raise ValueError(f"a {self.role.value} file needs nova_id")
        if self.role in PRODUCT_SCOPED_FILE_ROLES and self.data_product_id is None:
            raise ValueError(f"a {self.role.value} file needs data_product_id")
        return self
