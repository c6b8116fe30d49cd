"""Oracle broken: the model's create_nova writes no claim for the primary name."""

from typing import Any

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NameSource
from novacat_persistence.contracts.keys import NameClaimKey
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_operation_promises.py::test_create_nova_claims_its_primary_name"


class Oracle(Model):
    def create_nova(self, nova: Nova, *, name_source: NameSource = NameSource.USER_INPUT) -> Any:
        if self.get_nova(nova.nova_id) is not None:
            return super().create_nova(nova, name_source=name_source)
        self.store.delete(NameClaimKey(nova.primary_name_normalized))
        created = super().create_nova(nova, name_source=name_source)
        self.store.delete(NameClaimKey(nova.primary_name_normalized))
        return created
