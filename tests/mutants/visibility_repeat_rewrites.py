"""Rule broken: a nova already in the asked visibility is written again when ``expected`` is
that status too (the condition does not require a change): its ``updated_at`` moves on a
repeat that should change nothing."""

from novacat_persistence.reference_impl import novae
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_service_records.py::test_a_nova_already_in_the_asked_visibility_is_answered_as_it_is"
)


def _always(expr: novae.Expr, attribute: str, _value: object) -> str:
    return f"attribute_exists({expr.n(attribute)})"


factory = patched_factory(novae, "absent_or_differs", _always)
