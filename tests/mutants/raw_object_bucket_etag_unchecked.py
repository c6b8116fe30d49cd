"""Rule broken: a raw object with no bucket or no ETag is recorded as acquired."""

from dataclasses import replace

from novacat_persistence.contracts.operations import RawObject
from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[raw_object_without_bucket_or_etag]"
)

_checked = spectra.check_raw_object


def _lenient(raw: RawObject) -> None:
    _checked(replace(raw, bucket=raw.bucket or "b", etag=raw.etag or "e"))


factory = patched_factory(spectra, "check_raw_object", _lenient)
