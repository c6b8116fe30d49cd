"""Rule broken: quarantine_identity writes the QUARANTINED nova without its context file."""

from typing import Any

from novacat_persistence.contracts.entities import FileObject, Nova, PersistedEntity
from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.reference_impl.conditions import Expr, item_absent
from novacat_persistence.reference_impl.gateway import Action
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_quarantine_identity_writes_the_nova_and_its_context"


class ContextLost(ReferenceWrapper):
    quarantining = False

    def quarantine_identity(self, nova: Nova, context: FileObject) -> Any:
        self.quarantining = True
        try:
            return super().quarantine_identity(nova, context)
        finally:
            self.quarantining = False

    def _new(self, entity: PersistedEntity) -> Action:
        if not (self.quarantining and isinstance(entity, FileObject)):
            return super()._new(entity)
        expr = Expr()
        return self._db.check_action(ItemKey("MUTANT#nowhere", "NONE"), expr, item_absent(expr))


factory = subclass_factory(ContextLost)
