"""Rule broken: the codec's one-step read of a plain item forgets the attributes a newer minor
version added (unknown to this reader), so a rewrite of the item drops them."""

from typing import Any

from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.entities.base import Provenance
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_unknown_attributes_of_a_newer_minor_survive_a_rewrite"


def _forgetful(item: Any) -> Any:
    entity = items._decode(item, alike=True).entity
    read = entity.read_provenance
    entity.attach_read_provenance(
        Provenance(read.source_version, era=read.era, key_fields_as_read=read.key_fields_as_read)
    )
    return entity


factory = patched_factory(items, "decode_plain", _forgetful)
