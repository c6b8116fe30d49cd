"""Rule broken: a raw object's size is recorded whatever it is (negative, a bool, no int)."""

from dataclasses import replace

from novacat_persistence.contracts.operations import RawObject
from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[raw_object_size_not_a_count]"
)

_checked = spectra.check_raw_object


def _lenient(raw: RawObject) -> None:
    _checked(replace(raw, byte_length=2880))


factory = patched_factory(spectra, "check_raw_object", _lenient)
