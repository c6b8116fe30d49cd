"""Rule broken: set_discovery_date takes any text as a date (not only ``YYYY-MM-DD``)."""

from pydantic import TypeAdapter

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[discovery_date_not_a_date]"
)

factory = patched_factory(novae_and_names, "_DISCOVERY_DATE", TypeAdapter(str))
