"""Rule broken: quarantine_identity takes a context file of any role, storing it as the
identity's WORKFLOW_QUARANTINE_CONTEXT."""

from novacat_persistence.contracts.entities import FileObject, Nova
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.interface import Stored
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[quarantine_context_of_another_role]"
)


class AnyRole(ReferenceWrapper):
    def quarantine_identity(self, nova: Nova, context: FileObject) -> Stored[Nova]:
        as_context = context.model_copy(update={"role": FileRole.WORKFLOW_QUARANTINE_CONTEXT})
        return super().quarantine_identity(nova, as_context)


factory = subclass_factory(AnyRole)
