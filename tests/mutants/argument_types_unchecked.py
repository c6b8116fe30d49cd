"""Rule broken: an operation takes arguments of any type (no check against IFC-030's
annotations), so a wrong one fails deep inside it, as Python's own error, or reaches a
request."""

from typing import Any

from novacat_persistence.reference_impl import logs
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_an_argument_of_a_type_the_interface_does_not_name_is_refused"
    "[begin_job_run]"
)


def _no_check(_operation: Any) -> Any:
    return lambda args, kwargs: (args, kwargs)


factory = patched_factory(logs, "argument_check", _no_check)
