"""The hostile-input strategies draw no value a contract accepts."""

from __future__ import annotations

from enum import StrEnum

from hypothesis import given

from novacat_persistence.contracts import enums
from novacat_persistence.contracts.entities import frozen_enums
from novacat_persistence.suites.harness import strategies as hs


def test_every_enumeration_value_is_excluded_from_the_wrong_ones() -> None:
    """Values added to any enumeration (HIDDEN, PENDING, COMPLETED) count as right ones."""
    kinds = [
        kind
        for module in (enums, frozen_enums)
        for kind in vars(module).values()
        if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum
    ]
    assert enums.NovaStatus in kinds and enums.JobRunStatus in kinds
    for kind in kinds:
        assert {member.value for member in kind} <= hs.ENUM_VALUES, kind.__name__
    assert {"HIDDEN", "PENDING", "COMPLETED", "FAILED"} <= hs.ENUM_VALUES


@given(hs.wrong_enum_values)
def test_wrong_enum_values_are_no_enumeration_value(value: str) -> None:
    """Whatever hypothesis draws, including words it finds in the code, is no enum value."""
    for kind in (enums.NovaStatus, enums.JobRunStatus, enums.RegenPlanStatus):
        assert value not in {member.value for member in kind}
