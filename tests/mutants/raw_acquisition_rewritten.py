"""Rule broken: recording the raw object an ACQUIRED product already records writes it again
(IFC-030 1.x), so a retried task's acquisition moves ``updated_at``."""

from typing import Any

from novacat_persistence.contracts.bucket_layout import check_raw_spectra_key
from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.enums import AcquisitionStatus, ValidationStatus
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import RawObject
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing"
    "[record_raw_acquisition]"
)


class Rewritten(ReferenceWrapper):
    def record_raw_acquisition(self, key: SpectraProductKey, raw: RawObject) -> Any:
        check_raw_spectra_key(raw.key, key.nova_id, key.data_product_id)

        def record(expr: Expr, update: Update) -> str:
            update.set("acquisition_status", AcquisitionStatus.ACQUIRED)
            update.set("raw_s3_bucket", raw.bucket).set("raw_s3_key", raw.key)
            update.set("byte_length", raw.byte_length).set("etag", raw.etag)
            update.set("content_fingerprint", raw.sha256)
            return f"{expr.n('validation_status')} <> {expr.v(ValidationStatus.VALID)}"

        return self._update(key, SpectraProduct, self._now(), record, lambda s, _r: s)


factory = subclass_factory(Rewritten)
