"""Rule broken: audit_pointers passes over a FileObject it cannot read (its pointer unchecked,
the report ok) instead of reporting it UNREADABLE."""

from typing import Any

from novacat_persistence.reference_impl import files
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_pointer_rules.py::test_every_stored_pointer_is_audited_under_the_key_it_is_stored_under"
)


def _skipped(_item: Any, _exc: Any) -> None:
    return None


factory = patched_factory(files, "_unreadable", _skipped)
