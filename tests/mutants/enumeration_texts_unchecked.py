"""Rule broken: any text is taken for a member of a string enumeration (the argument checks
test only that it is a text), so a validation outcome's status naming no member reaches the
operation, which fails on it with Python's own KeyError."""

from typing import Any

from novacat_persistence.contracts import argument_checks
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[enumeration_text_naming_no_member]"
)


def _any_text(_members: Any, described: str) -> argument_checks.Expected:
    return argument_checks.Expected((str,), described)


factory = patched_factory(argument_checks, "_of_members", _any_text)
