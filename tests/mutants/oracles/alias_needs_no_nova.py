"""Oracle broken: the model attaches an alias to a nova that does not exist."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NameSource
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_operation_promises.py::test_attach_alias_needs_an_existing_nova"


class Oracle(Model):
    def attach_alias(
        self, nova_id: UUID, name_raw: str, name_normalized: str, source: NameSource
    ) -> Any:
        if self.get_nova(nova_id) is not None:
            return super().attach_alias(nova_id, name_raw, name_normalized, source)
        self.store.put(Nova(nova_id=nova_id, primary_name="x", primary_name_normalized="x"))
        attached = super().attach_alias(nova_id, name_raw, name_normalized, source)
        self.store.delete(NovaKey(nova_id))
        return attached
