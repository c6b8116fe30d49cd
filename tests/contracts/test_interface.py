"""IFC-030: the Protocol is complete, documented and versioned; errors map onto the taxonomy."""

from __future__ import annotations

import inspect

import pytest

from novacat_persistence.contracts import errors
from novacat_persistence.contracts.interface import (
    IFC_030_VERSION,
    WRAPPER_OPERATIONS,
    PersistenceWrapper,
)

ACCESS_PATTERNS = {
    # docs/domain.md, Access patterns, pattern by pattern.
    "initialize_nova": {"resolve_name", "create_nova", "attach_alias", "quarantine_identity"},
    "ingest_new_nova": {"get_nova", "ensure_photometry_table"},
    "refresh_references": {"upsert_reference", "link_nova_reference", "set_discovery_date"},
    "discover_spectra_products": {"resolve_locator", "register_spectra_product"},
    "acquire_and_validate_spectra": {
        "get_spectra_product",
        "decide_acquisition",
        "record_retryable_failure",
        "record_raw_acquisition",
        "record_validation_result",
        "clear_quarantine",
    },
    "ingest_photometry": {"record_photometry_ingestion"},
    "listing": {
        "list_data_products",
        "list_eligible_spectra",
        "list_job_runs",
        "list_attempts",
        "list_nova_references",
        "list_file_objects",
    },
    "work_queue": {"enqueue_work_item", "list_work_items", "delete_work_items"},
    "idempotency": {
        "acquire_lock",
        "release_lock",
        "complete_lock",
        "record_step",
        "begin_job_run",
        "finalize_job_run",
    },
}


def test_every_access_pattern_has_its_operations() -> None:
    missing = {
        p: ops - set(WRAPPER_OPERATIONS)
        for p, ops in ACCESS_PATTERNS.items()
        if ops - set(WRAPPER_OPERATIONS)
    }
    assert not missing


@pytest.mark.parametrize("name", WRAPPER_OPERATIONS)
def test_every_operation_is_documented_and_fully_annotated(name: str) -> None:
    method = getattr(PersistenceWrapper, name)
    doc = inspect.getdoc(method) or ""
    assert len(doc) > 20, f"{name} needs a docstring stating its semantics"
    signature = inspect.signature(method)
    assert signature.return_annotation is not inspect.Signature.empty
    for parameter in list(signature.parameters.values())[1:]:
        assert parameter.annotation is not inspect.Parameter.empty, f"{name}.{parameter.name}"


def test_interface_version_is_semver_major_two() -> None:
    assert IFC_030_VERSION.split(".")[0] == "2"


def test_protocol_is_runtime_checkable_against_a_complete_object() -> None:
    complete = type("Complete", (), {n: lambda *a, **k: None for n in WRAPPER_OPERATIONS})()
    incomplete = type("Incomplete", (), {n: lambda *a, **k: None for n in WRAPPER_OPERATIONS[1:]})()
    assert isinstance(complete, PersistenceWrapper)
    assert not isinstance(incomplete, PersistenceWrapper)


def all_error_classes() -> list[type[errors.PersistenceError]]:
    found: list[type[errors.PersistenceError]] = []
    pending = [errors.PersistenceError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize("cls", all_error_classes(), ids=lambda c: c.__name__)
def test_every_error_maps_onto_the_taxonomy(cls: type[errors.PersistenceError]) -> None:
    assert cls.classification in errors.ErrorClassification
    assert cls.__doc__, f"{cls.__name__} needs a docstring"
    expected_retryable = issubclass(cls, errors.RetryableError)
    assert (cls.classification is errors.ErrorClassification.RETRYABLE) == expected_retryable


@pytest.mark.parametrize(
    ("error", "retryable", "classification"),
    [
        (errors.ThrottledError("slow down"), True, "RETRYABLE"),
        (errors.LockHeldError("held", holder={"job_run_id": "x"}), True, "RETRYABLE"),
        (errors.KeyShapeError("provider", "a#b", "has #"), False, "TERMINAL"),
        (errors.UnsupportedSchemaVersionError("Nova", "9.0.0", ["1.0.0"]), False, "TERMINAL"),
        (errors.LockLostError("lost"), False, "TERMINAL"),
        (errors.AmbiguousIdentityError("two novae"), False, "QUARANTINE"),
    ],
)
def test_error_instances_say_whether_to_retry(
    error: errors.PersistenceError, retryable: bool, classification: str
) -> None:
    assert error.retryable is retryable
    assert error.classification == classification
    assert str(error)
