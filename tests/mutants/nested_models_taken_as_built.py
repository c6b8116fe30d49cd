"""Rule broken: a nested model inside an entity's field (a Locator in a product's locators) is
taken as it was built, never validated again with the entity, so one built unvalidated is
stored."""

from typing import Any

from novacat_persistence.contracts.entities.base import NestedModel, PersistedEntity
from novacat_persistence.reference_impl.factory import create_reference_wrapper
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import Factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[entity_built_unvalidated]"
)


def _subclasses(cls: type) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]


def _nested_taken_as_built() -> None:
    for nested in _subclasses(NestedModel):
        nested.model_config["revalidate_instances"] = "never"  # type: ignore[attr-defined]
        nested.model_rebuild(force=True)  # type: ignore[attr-defined]
    for entity in _subclasses(PersistedEntity):
        entity.model_rebuild(force=True)  # type: ignore[attr-defined]


def _factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
    _nested_taken_as_built()
    return create_reference_wrapper(client, table_name, **kwargs)


_factory.capabilities = create_reference_wrapper.capabilities  # type: ignore[attr-defined]
factory: Factory = _factory
