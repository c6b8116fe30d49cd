"""Rule broken: a rewrite drops the attributes a newer minor version added."""

from typing import Any

from novacat_persistence.contracts.codec.core_schemas import field_names
from novacat_persistence.contracts.codec.wire import RESERVED_ATTRIBUTES
from novacat_persistence.reference_impl import core
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_unknown_attributes_of_a_newer_minor_survive_a_rewrite"

_encode = core.encode


def _known_only(entity: Any) -> Any:
    known = field_names(type(entity)) | RESERVED_ATTRIBUTES
    return {k: v for k, v in _encode(entity).items() if k in known}


factory = patched_factory(core, "encode", _known_only)
