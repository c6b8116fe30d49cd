"""Oracle broken: the model writes a nova asked for the visibility it already has (``updated_at``
stamped) when ``expected`` is that status too, instead of answering with it unchanged."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.suites.model.core import changed
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = (
    "test_service_records.py::test_a_nova_already_in_the_asked_visibility_is_answered_as_it_is"
)


class Oracle(Model):
    def set_nova_visibility(self, nova_id: UUID, status: Any, *, expected: NovaStatus) -> Nova:
        answered = super().set_nova_visibility(nova_id, status, expected=expected)
        if status is expected and answered.status is status:
            rewritten = changed(answered, self.now())
            self.store.put(rewritten)
            return rewritten
        return answered
