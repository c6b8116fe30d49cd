"""Rule broken: a lock records its expiry (ttl) in epoch milliseconds, not seconds."""

from collections.abc import Mapping
from typing import Any

from novacat_persistence.contracts.entities import IdempotencyLock
from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_time_rules.py::test_a_lock_records_its_expiry_in_epoch_seconds"

_validated = idempotency.validated


def _milliseconds(model: Any, fields: Mapping[str, Any]) -> Any:
    if model is IdempotencyLock:
        fields = {**fields, "ttl": fields["ttl"] * 1000}
    return _validated(model, fields)


factory = patched_factory(idempotency, "validated", _milliseconds)
