"""Rules 8 and 9: the work queue and the read access patterns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

from novacat_persistence.contracts.entities import PhotometryTable, SpectraProduct, WorkItem
from novacat_persistence.contracts.enums import DirtyType
from novacat_persistence.contracts.keys import key_of
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import T0, registration


def capture(client: Any, operation: str) -> list[dict[str, Any]]:
    """Record the parameters of every request of ``operation``, and force one-item pages."""
    seen: list[dict[str, Any]] = []

    def hook(params: dict[str, Any], **_kwargs: Any) -> None:
        params["Limit"] = 1
        seen.append(dict(params))

    client.meta.events.register(f"provide-client-params.dynamodb.{operation}", hook)
    return seen


def test_products_come_back_type_first_across_every_page(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id = uuid4()
    for product, provider in (("b", "MAST"), ("a", "ESO"), ("c", "ESO")):
        wrapper.register_spectra_product(registration(nova_id, product, provider))
    wrapper.ensure_photometry_table(nova_id)
    seen = capture(client, "Query")
    products = wrapper.list_data_products(nova_id)
    assert isinstance(products[0], PhotometryTable)
    spectra = [p for p in products if isinstance(p, SpectraProduct)]
    assert [p.provider for p in spectra] == ["ESO", "ESO", "MAST"]
    eso = [str(p.data_product_id) for p in spectra[:2]]
    assert eso == sorted(eso)
    assert len(seen) >= 4 and all(p["ConsistentRead"] for p in seen)


def test_eligible_spectra_come_from_gsi1_without_consistent_read(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id = uuid4()
    for product in ("a", "b", "c"):
        wrapper.register_spectra_product(registration(nova_id, product))
    seen = capture(client, "Query")
    eligible = wrapper.list_eligible_spectra(nova_id)
    assert len(eligible) == 3
    assert seen and all(
        p["IndexName"] == "EligibilityIndex" and "ConsistentRead" not in p for p in seen
    )


def test_work_queue_deletes_exactly_the_consumed_items(wrapper: ReferenceWrapper) -> None:
    novae = [uuid4(), uuid4()]
    items = [
        WorkItem(
            nova_id=novae[i % 2],
            dirty_type=DirtyType.SPECTRA,
            source_workflow="acquire_and_validate_spectra",
            job_run_id=uuid4(),
            correlation_id="corr-1",
            ttl=1_800_000_000,
            created_at=T0 + timedelta(seconds=i),
        )
        for i in range(4)
    ]
    assert all(wrapper.enqueue_work_item(item).created for item in items)
    assert not wrapper.enqueue_work_item(items[0]).created
    assert len(wrapper.list_work_items()) == 4
    consumed = wrapper.list_work_items(novae[0])
    assert {i.nova_id for i in consumed} == {novae[0]} and len(consumed) == 2
    late = items[0].model_copy(update={"created_at": T0 + timedelta(minutes=5)})
    wrapper.enqueue_work_item(late)
    assert wrapper.delete_work_items([key_of(i) for i in consumed] * 2) == 2
    assert {key_of(i) for i in wrapper.list_work_items()} == {
        key_of(items[1]),
        key_of(items[3]),
        key_of(late),
    }
