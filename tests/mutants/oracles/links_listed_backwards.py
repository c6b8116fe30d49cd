"""Oracle broken: the model lists a nova's reference links in reverse bibcode order."""

from typing import Any
from uuid import UUID

from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_pagination.py::test_listings_read_every_page[list_nova_references]"


class Oracle(Model):
    def list_nova_references(self, nova_id: UUID) -> Any:
        return list(reversed(super().list_nova_references(nova_id)))
