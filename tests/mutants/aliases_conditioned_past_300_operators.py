"""Rule broken: add_nova_aliases conditions up to 110 names one by one in one append: a
condition of 330 operators, under 4 KB, which DynamoDB refuses (at most 300) and moto took."""

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_add_nova_aliases_takes_many_names_in_one_call"

factory = patched_factory(novae_and_names, "ALIASES_PER_APPEND", 110)
