"""Oracle broken: the model records every primary name mapping with source OTHER, whatever
create_nova was told (a rule of the busiest operation: the state machine meets it at once)."""

from typing import Any

from novacat_persistence.contracts.entities import NameMapping, Nova
from novacat_persistence.contracts.enums import NameSource
from novacat_persistence.contracts.keys import NameMappingKey
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_model.py::test_random_sequences_agree_with_the_model"


class Oracle(Model):
    def create_nova(self, nova: Nova, *, name_source: NameSource = NameSource.USER_INPUT) -> Any:
        created = super().create_nova(nova, name_source=name_source)
        key = NameMappingKey(nova.primary_name_normalized, nova.nova_id)
        mapping = self.store.get(key, NameMapping)
        if created.created and mapping is not None:
            self.store.put(mapping.model_copy(update={"source": NameSource.OTHER}))
        return created
