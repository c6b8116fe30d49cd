"""Rule broken: visibility is set whatever the stored status (no compare-and-set): a nova of
another status is shown or hidden."""

from novacat_persistence.reference_impl import novae
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_service_records.py::"
    "test_visibility_moves_between_active_and_hidden_over_the_expected_status"
)


def _always(expr: novae.Expr, attribute: str, _value: object) -> str:
    return f"attribute_exists({expr.n(attribute)})"


factory = patched_factory(novae, "equals", _always)
