"""Rule broken: add_nova_aliases takes whatever it is given for names (one string is read as
its characters; an empty or non-text alias is sent)."""

from collections.abc import Sequence
from typing import Any

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request[aliases_not_names]"
)


def _as_given(aliases: Sequence[Any]) -> list[Any]:
    return list(aliases)


factory = patched_factory(novae_and_names, "_names", _as_given)
