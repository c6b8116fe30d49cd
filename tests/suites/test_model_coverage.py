"""The model of IFC-030 (``suites/model/``) specifies every operation of
``contracts/interface.py`` but those it leaves to other suites, and the model suite's state
machine calls each: an operation added to the interface without its model fails here, before
any suite runs."""

from __future__ import annotations

import inspect
from typing import Any

from novacat_persistence.contracts.interface import WRAPPER_OPERATIONS, PersistenceWrapper
from novacat_persistence.suites.model.model import CALLS, OUTSIDE_THE_MODEL, Model


def _parameters(function: Any) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_every_operation_has_a_model_method_with_its_parameters() -> None:
    problems = []
    for operation in WRAPPER_OPERATIONS:
        if operation in OUTSIDE_THE_MODEL:
            continue
        modelled = getattr(Model, operation, None)
        if modelled is None:
            problems.append(f"the model has no {operation}")
        elif _parameters(modelled) != _parameters(getattr(PersistenceWrapper, operation)):
            problems.append(f"the model's {operation} takes other parameters")
    assert not problems, "\n".join(problems)


def test_the_state_machine_calls_every_modelled_operation() -> None:
    drawn = [spec.operation for spec in CALLS]
    modelled = [op for op in WRAPPER_OPERATIONS if op not in OUTSIDE_THE_MODEL]
    assert sorted(set(modelled) - set(drawn)) == [], "operations the state machine never calls"
    assert sorted(set(drawn) - set(WRAPPER_OPERATIONS)) == [], "calls of no IFC-030 operation"
    assert len(drawn) == len(set(drawn)), "an operation with two call specs"


def test_only_the_pointer_audit_is_left_to_other_suites() -> None:
    assert {"audit_pointers"} == OUTSIDE_THE_MODEL
