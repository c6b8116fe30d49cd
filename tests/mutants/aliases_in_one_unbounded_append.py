"""Rule broken: add_nova_aliases appends every new name in one request however many there
are, so a long list makes an expression DynamoDB refuses (over 4 KB, over 300 operators)."""

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_add_nova_aliases_takes_many_names_in_one_call"

factory = patched_factory(novae_and_names, "ALIASES_PER_APPEND", 1_000_000)
