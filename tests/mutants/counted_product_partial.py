"""Rule broken: the photometry table product a counted ingestion run creates lacks what the
count does not set (``snapshot_s3_keys``): the stored item is not the codec's item of the
product."""

from novacat_persistence.reference_impl import photometry_rows
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_photometry_rows.py::test_rows_and_runs_are_stored_as_the_model_has_them"

factory = patched_factory(
    photometry_rows,
    "_CREATION_FIELDS",
    ("data_product_id", "nova_id", "product_type", "created_at"),
)
