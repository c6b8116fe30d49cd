"""Oracle broken: the model's upsert keeps stored values of fields the new version leaves
unset."""

from typing import Any

from novacat_persistence.contracts.entities import Reference
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = (
    "test_operation_promises.py::test_upsert_reference_clears_fields_the_new_version_leaves_unset"
)


class Oracle(Model):
    def upsert_reference(self, reference: Reference) -> Any:
        stored = self.get_reference(reference.bibcode)
        if stored is not None:
            kept = {k: v for k, v in stored.__dict__.items() if v not in (None, [], {})}
            given = {k: v for k, v in reference.__dict__.items() if v not in (None, [], {})}
            reference = Reference.model_validate({**kept, **given})
        return super().upsert_reference(reference)
