"""Rule broken: a nova's position is set whatever is stored (no compare-and-set on the position
read): a resolver's stale answer replaces a newer one."""

from novacat_persistence.reference_impl import novae
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_service_records.py::test_a_position_is_set_once_then_only_over_the_expected_one"


def _always(expr: novae.Expr, _attribute: str) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(novae, "attribute_absent", _always)
