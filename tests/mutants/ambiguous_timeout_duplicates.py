"""Rule broken: a counted write goes without its execution's marker, so a photometry ingestion
retried after an ambiguous timeout (applied, answer lost) counts twice."""

from typing import Any

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_faults.py::test_faults_converge_on_the_fault_free_state[record_photometry_ingestion]"
)


class Unmarked(ReferenceWrapper):
    def _update_once(
        self, key: Any, model: Any, now: Any, build_update: Any, decide: Any, **options: Any
    ) -> Any:
        return self._update(key, model, now, build_update, decide, upsert=options["upsert"])


factory = subclass_factory(Unmarked)
