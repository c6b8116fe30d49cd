"""Rule broken: an operation runs with a caller's enumeration text as it came, not as its
member (the checks still refuse a text naming no member), so an identity test of a member
misses it: a retry approval given as text clears the product as terminal."""

from typing import Any

from novacat_persistence.contracts.argument_checks import argument_check
from novacat_persistence.reference_impl import logs
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_an_enumeration_given_as_its_text_acts_as_its_member"


def _checked_only(operation: Any) -> Any:
    check = argument_check(operation)

    def run(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        check(args, kwargs)
        return args, kwargs

    return run


factory = patched_factory(logs, "argument_check", _checked_only)
