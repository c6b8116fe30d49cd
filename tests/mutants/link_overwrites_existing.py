"""Rule broken: link_nova_reference overwrites an existing link."""

from typing import Any

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import NovaReference
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_operation_promises.py::test_link_nova_reference_is_create_only_and_listed_by_bibcode"
)


class Overwriting(ReferenceWrapper):
    @operation("NovaReference")
    def link_nova_reference(self, link: NovaReference) -> Any:
        stamped = self._stamped(link, self._now())
        self._db.put(encode(stamped))
        return Stored(stamped, created=True)


factory = subclass_factory(Overwriting)
