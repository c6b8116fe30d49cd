"""Pluggable conformance suites for IFC-030 implementations, and the strategies they draw from.

Run them with ``pytest --pyargs novacat_persistence.suites --impl NAME`` or
``novacat-persistence conformance --impl NAME``; :mod:`.plugin` documents the options.
"""

from typing import Final

SUITE_VERSION: Final = "11.0.3"
"""The version of the conformance suites: MAJOR changes when a passing candidate may fail."""

SUITES: Final = (
    "eligibility_index",
    "evolution",
    "faults",
    "hostile_input",
    "idempotency_jobrun",
    "keys_ordering",
    "model",
    "observability",
    "operation_promises",
    "pagination",
    "photometry_rows",
    "photometry_singleton",
    "pointer_rules",
    "races",
    "regeneration",
    "retried_executions",
    "service_records",
    "time_rules",
)
"""The suites, as their modules are named (``races``: ``test_races.py``)."""
