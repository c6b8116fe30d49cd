"""Rule broken: set_nova_visibility takes an expected status that is no Nova status for
ACTIVE, instead of refusing it."""

from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.contracts.operations import VisibleStatus
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[expected_status_not_a_status]"
)


class AnyExpected(ReferenceWrapper):
    def set_nova_visibility(
        self, nova_id: UUID, status: VisibleStatus, *, expected: NovaStatus
    ) -> Nova:
        if expected not in {member.value for member in NovaStatus}:
            expected = NovaStatus.ACTIVE
        return super().set_nova_visibility(nova_id, status, expected=expected)


factory = subclass_factory(AnyExpected)
