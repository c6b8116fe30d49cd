"""Rule broken: an era tells its items apart by what they hold, and an attribute stored NULL is
not held; here the era tests take a NULL-typed attribute as present (a Nova Cat work item or
regeneration plan stored with ``updated_at`` NULL is no longer of its services' era)."""

from novacat_persistence.contracts import eras
from novacat_persistence.reference_impl.factory import create_reference_wrapper

CAUGHT_BY = "test_evolution.py::test_an_attribute_stored_null_is_one_an_era_lacks"

for _era in (era for of_type in eras.ERAS.values() for era in of_type):
    _era.identify.__globals__["NULL"] = object()  # each compiled test's own NULL: never equal

factory = create_reference_wrapper
