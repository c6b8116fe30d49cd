"""Rule broken: the reference's requests carry an expression attribute value none of their
expressions uses (a placeholder left over, as when a condition is built and then dropped).
DynamoDB refuses every such request (ValidationException); moto 5 took them but for updates."""

from typing import Any

from novacat_persistence.reference_impl.conditions import Expr
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_create_nova_claims_its_primary_name"

_params = Expr.params


def _with_a_spare_value(expr: Expr) -> dict[str, Any]:
    params = _params(expr)
    if "ExpressionAttributeValues" in params:
        params["ExpressionAttributeValues"][":spare"] = {"S": "spare"}
    return params


factory = patched_factory(Expr, "params", _with_a_spare_value)
