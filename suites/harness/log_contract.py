"""The observability contract every candidate's log records follow (suite 9): one record per
operation on the factory's logger, whose ``persistence`` mapping holds at least these fields,
and never an item value."""

from __future__ import annotations

from typing import Final

REQUIRED_FIELDS: Final = (
    "operation",
    "entity_type",
    "pk",
    "sk",
    "condition",
    "outcome",
    "latency_ms",
    "retries",
    "correlation_id",
)
"""The fields of every record's ``persistence`` mapping."""
