"""Rule broken: a raw object's sha256 is recorded whatever text it is (not only 64 lowercase
hex digits)."""

import re

from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[raw_object_digest_not_sha256]"
)

factory = patched_factory(spectra, "_SHA256", re.compile(".*", re.DOTALL))
