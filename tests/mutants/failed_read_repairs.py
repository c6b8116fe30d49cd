"""Rule broken: a read writes nothing, under faults too. This get_nova "repairs" the nova it
failed to read (it counts the failure in ``spectral_visits``) before raising the retryable
error: each fault case of a read shares one prepared state, so the case that faulted must
find that state changed."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_faults.py::test_faults_converge_on_the_fault_free_state[get_nova]"


class RepairingReads(ReferenceWrapper):
    def get_nova(self, nova_id: UUID) -> Any:
        try:
            return super().get_nova(nova_id)
        except PersistenceError as exc:
            if exc.retryable:

                def count(_expr: Expr, update: Update) -> None:
                    update.set("spectral_visits", 1)

                self._update(NovaKey(nova_id), Nova, self._now(), count, lambda s, _r: s)
            raise


factory = subclass_factory(RepairingReads)
