"""contracts.argument_checks: what each IFC-030 annotation takes, and how a refusal reads."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts.argument_checks import argument_check, expected
from novacat_persistence.contracts.entities import Nova, PhotometryRow
from novacat_persistence.contracts.enums import (
    NovaStatus,
    SpectraQuarantineReason,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.interface import WRAPPER_OPERATIONS, PersistenceWrapper
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey
from novacat_persistence.contracts.operations import ValidationOutcome
from novacat_persistence.suites.harness.builders import new_nova


@pytest.mark.parametrize("operation", WRAPPER_OPERATIONS)
def test_every_annotation_of_the_interface_has_a_check(operation: str) -> None:
    """A new form of annotation in the interface fails here, not in a caller's call."""
    declared = getattr(PersistenceWrapper, operation)
    for name, annotation in typing.get_type_hints(declared).items():
        if name != "return":
            expected(annotation)


@pytest.mark.parametrize(
    ("annotation", "taken", "refused"),
    [
        (UUID, [uuid4()], [str(uuid4()), None, 5]),
        (str, ["", "V1500 Cyg"], [b"V1500 Cyg", None, 5]),
        (NovaStatus, [NovaStatus.ACTIVE, "ACTIVE"], ["BOGUS", "active", 5, None, ["ACTIVE"]]),
        (NovaStatus | None, [None, "HIDDEN"], [5, b"x", "BOGUS"]),
        (typing.Literal[NovaStatus.ACTIVE, NovaStatus.HIDDEN], ["ACTIVE"], ["PENDING", None, 1]),
        (typing.Literal["ICRS"], ["ICRS"], ["FK5", None]),
        (UUID | str, [uuid4(), "review #1"], [None, 5, b"x"]),
        (Sequence[str], [[], ("a", "b"), ["a"], {"a"}], ["a", b"a", ["a", 5], {"a": 1}, None]),
        (dict[str, Any] | None, [{}, {"n": 1}, None], [[], "x"]),
        (
            Nova,
            [new_nova(), new_nova().model_copy(update={"aliases": ["V1500 Cyg"]})],
            [
                PhotometryRow.model_construct(),
                None,
                {},
                Nova.model_construct(),  # built unvalidated: holds nothing its model takes
                new_nova().model_copy(update={"status": "EXPLODED"}),
            ],
        ),
    ],
)
def test_each_annotation_takes_its_types_only(
    annotation: Any, taken: list[Any], refused: list[Any]
) -> None:
    """A member of a string enumeration is taken as its text too, a text naming no member (of
    a Literal's members: none of them) is not; a collection is any sized one but a text or a
    mapping, each element of the element type."""
    wanted = expected(annotation)
    assert [value for value in taken if wanted.refusal(value) is not None] == []
    assert [value for value in refused if wanted.refusal(value) is None] == []


def test_a_generator_is_refused_for_a_collection_unread() -> None:
    """A generator is no collection: refused without being read."""
    read: list[int] = []

    def rows() -> typing.Iterator[str]:
        read.append(1)
        yield "a"

    assert expected(Sequence[str]).refusal(rows()) is not None
    assert read == []


def test_a_refusal_names_the_operation_the_argument_and_the_type_never_the_value() -> None:
    check = argument_check(PersistenceWrapper.add_nova_aliases)
    with pytest.raises(InputValidationError) as caught:
        check((uuid4(), "Nova Secret 2031"), {})
    message = str(caught.value)
    assert "add_nova_aliases: aliases must be a list or tuple of strings, not one str" in message
    assert "Secret" not in message
    assert caught.value.hint == "pass a list or tuple of strings as aliases"
    with pytest.raises(InputValidationError, match=r"add_nova_aliases: nova_id must be a UUID"):
        check((), {"nova_id": None, "aliases": ["a"]})


def test_arguments_are_found_where_python_binds_them() -> None:
    """Positional arguments by position, keyword arguments by name; a keyword-only parameter
    is never read from a surplus positional argument (Python refuses that call itself); an
    argument left out (its default) is not checked."""
    finalize = PersistenceWrapper.finalize_job_run
    parameters = list(inspect.signature(finalize).parameters)
    assert parameters[-1] == "error_fingerprint"  # keyword-only, ``str | None``
    check = argument_check(finalize)
    key, status = object(), "SUCCEEDED"
    with pytest.raises(InputValidationError, match="finalize_job_run: key must be a JobRunKey"):
        check((key, status), {})
    with pytest.raises(InputValidationError, match="error_fingerprint must be a string or None"):
        check((), {"error_fingerprint": 5})
    check((), {})  # nothing given: Python's own refusal of a missing argument, not this check
    check((), {"status": "SUCCEEDED"})  # the others left out
    run = JobRunKey("initialize_nova", datetime.now(UTC), uuid4(), nova_id=uuid4())
    check((run, status, 5), {})  # the surplus 5 is no error_classification


def test_texts_of_enumerations_are_given_back_as_members_in_records_too() -> None:
    """An operation runs with members, never a caller's text: at the top level, in a record
    (rebuilt), and in a union; a call with nothing to change is given back as it came."""
    visibility = argument_check(PersistenceWrapper.set_nova_visibility)
    nova_id = uuid4()
    args, kwargs = visibility((nova_id, "HIDDEN"), {"expected": "ACTIVE"})
    assert args == (nova_id, NovaStatus.HIDDEN) and type(args[1]) is NovaStatus
    assert kwargs == {"expected": NovaStatus.ACTIVE} and type(kwargs["expected"]) is NovaStatus
    called = ((nova_id, NovaStatus.HIDDEN), {"expected": NovaStatus.ACTIVE})
    assert all(a is b for a, b in zip(visibility(*called), called, strict=True))

    record = argument_check(PersistenceWrapper.record_validation_result)
    key = SpectraProductKey(uuid4(), "ESO", uuid4())
    outcome = ValidationOutcome(status="VALID", content_fingerprint="f" * 16)  # type: ignore[arg-type]
    (_, given), _ = record((key, outcome), {"execution": "run"})
    assert type(given.status) is ValidationStatus and given.status is ValidationStatus.VALID
    assert given == outcome and given.content_fingerprint == outcome.content_fingerprint
    with pytest.raises(InputValidationError) as caught:
        record((key, ValidationOutcome(status="UNVALIDATED", content_fingerprint="f")), {})  # type: ignore[arg-type]
    assert str(caught.value).startswith(
        "record_validation_result: outcome.status must be VALID or QUARANTINED or "
        "TERMINAL_INVALID, not a text naming none of them"
    )


def test_a_quarantined_outcome_given_as_text_is_built_as_the_member() -> None:
    """A ValidationOutcome's own check reads its status as a text too: QUARANTINED given as
    text (a new string, as read from an event) takes its reason code, and is refused without
    one, as the member is."""
    quarantined = "".join(list("QUARANTINED"))
    reason = SpectraQuarantineReason.CHECKSUM_MISMATCH
    built = ValidationOutcome(quarantined, "f" * 16, quarantine_reason_code=reason)  # type: ignore[arg-type]
    assert built.quarantine_reason_code is reason
    with pytest.raises(InputValidationError, match="quarantine_reason_code is required"):
        ValidationOutcome(quarantined, "f" * 16)  # type: ignore[arg-type]
