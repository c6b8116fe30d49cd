"""Rule broken: a write over an item whose schema_version is no version takes it for a newer
one (StaleWriterError, "deploy the newer writer"), not for an item it cannot read."""

from novacat_persistence.contracts.codec.items import stored_text
from novacat_persistence.contracts.errors import StaleWriterError
from novacat_persistence.contracts.versions import parse_version
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_evolution.py::test_a_writer_changes_nothing_it_cannot_read[a-word]"


class UnreadableIsNewer(ReferenceWrapper):
    def _carry_forward(self, old: Item, entity_type: str) -> bool:
        text = stored_text(old, "schema_version")
        try:
            parse_version(text or "")
        except ValueError:
            raise StaleWriterError(f"{entity_type} schema_version {text!r} is newer") from None
        return super()._carry_forward(old, entity_type)


factory = subclass_factory(UnreadableIsNewer)
