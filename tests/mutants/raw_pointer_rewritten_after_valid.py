"""Rule broken: the raw pointer of a VALID product can be rewritten."""

from typing import Any

from novacat_persistence.contracts.bucket_layout import check_raw_spectra_key
from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import RawObject
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_pointer_rules.py::test_the_raw_pointer_is_immutable_once_valid"


class Rewritable(ReferenceWrapper):
    def record_raw_acquisition(self, key: SpectraProductKey, raw: RawObject) -> Any:
        check_raw_spectra_key(raw.key, key.nova_id, key.data_product_id)

        def record(_expr: Expr, update: Update) -> None:
            update.set("raw_s3_bucket", raw.bucket).set("raw_s3_key", raw.key)
            update.set("byte_length", raw.byte_length).set("etag", raw.etag)

        return self._update(key, SpectraProduct, self._now(), record, lambda s, _r: s)


factory = subclass_factory(Rewritable)
