"""Rule broken: list_file_objects returns files of every role when asked for one."""

from typing import Any

from novacat_persistence.reference_impl import files
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_list_file_objects_filters_by_role_in_sk_order"


def _every_role(_role: Any = None) -> str:
    return "FILE#"


factory = patched_factory(files, "file_prefix", _every_role)
