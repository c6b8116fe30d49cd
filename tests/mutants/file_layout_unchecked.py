"""Rule broken: put_file_object records S3 keys outside the bucket layout."""

from typing import Any

from novacat_persistence.reference_impl import files
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_put_file_object_checks_the_layout_before_any_request"


def _unchecked(_file: Any) -> None:
    return None


factory = patched_factory(files, "check_file_layout", _unchecked)
