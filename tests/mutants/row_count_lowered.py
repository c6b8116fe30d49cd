"""Rule broken: ``row_count`` is set to whatever a call counted, so an older, concurrent count
lowers it."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_photometry_rows.py::test_a_lower_count_never_lowers_row_count"


class Lowers(ReferenceWrapper):
    """The row count's update (``raise_count``) sent without its condition."""

    def _update(self, key: Any, model: Any, now: Any, build: Any, decide: Any, **kw: Any) -> Any:
        def unconditional(expr: conditions.Expr, update: conditions.Update) -> None:
            build(expr, update)  # the operation's clauses, without its condition

        if getattr(build, "__name__", "") == "raise_count":
            return super()._update(key, model, now, unconditional, decide, **kw)
        return super()._update(key, model, now, build, decide, **kw)


factory = subclass_factory(Lowers)
