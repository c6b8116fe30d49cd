"""Rule broken: rename_primary leaves the old name's mapping PRIMARY (two primary names)."""

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_rename_primary_moves_the_primary_mapping"

factory = patched_factory(novae_and_names, "_KEEP_OLD", ("name_raw", "source", "name_kind"))
