"""Oracle broken: the model's complete_lock records no completion time (the fault suite's
end state comes from the model: it must fail against the reference)."""

from typing import Any

from novacat_persistence.contracts.operations import LockToken
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_faults.py::test_faults_converge_on_the_fault_free_state[complete_lock]"


class Oracle(Model):
    def complete_lock(self, token: LockToken) -> Any:
        completed = super().complete_lock(token)
        untimed = completed.model_copy(update={"completed_at": None})
        self.store.put(untimed)
        return untimed
