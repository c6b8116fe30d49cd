"""LocatorAlias: maps a provider's locator identity to the data product minted for it."""

from typing import ClassVar
from uuid import UUID

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.types import NonEmptyStr


class LocatorAlias(PersistedEntity):
    """PK ``LOCATOR#<provider>#<locator_identity>``, SK ``DATA_PRODUCT#<data_product_id>``."""

    ENTITY_TYPE: ClassVar[str] = "LocatorAlias"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    provider: NonEmptyStr
    locator_identity: NonEmptyStr
    data_product_id: UUID
    nova_id: UUID
