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
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.interface import WRAPPER_OPERATIONS, PersistenceWrapper
from novacat_persistence.contracts.keys import JobRunKey


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
        (NovaStatus, [NovaStatus.ACTIVE, "ACTIVE", "BOGUS"], [5, None, ["ACTIVE"]]),
        (NovaStatus | None, [None, "HIDDEN"], [5, b"x"]),
        (typing.Literal[NovaStatus.ACTIVE, NovaStatus.HIDDEN], ["ACTIVE"], [None, 1]),
        (UUID | str, [uuid4(), "review #1"], [None, 5, b"x"]),
        (Sequence[str], [[], ("a", "b"), ["a"], {"a"}], ["a", b"a", ["a", 5], {"a": 1}, None]),
        (dict[str, Any] | None, [{}, {"n": 1}, None], [[], "x"]),
        (Nova, [Nova.model_construct()], [PhotometryRow.model_construct(), None, {}]),
    ],
)
def test_each_annotation_takes_its_types_only(
    annotation: Any, taken: list[Any], refused: list[Any]
) -> None:
    """A member of a string enumeration is taken as its text too (which member it must be is
    the operation's check); a collection is any sized one but a text or a mapping, each
    element of the element type."""
    accepts = expected(annotation).accepts
    assert [value for value in taken if not accepts(value)] == []
    assert [value for value in refused if accepts(value)] == []


def test_a_generator_is_refused_for_a_collection_unread() -> None:
    """A generator is no collection: refused without being read."""
    read: list[int] = []

    def rows() -> typing.Iterator[str]:
        read.append(1)
        yield "a"

    assert not expected(Sequence[str]).accepts(rows())
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
