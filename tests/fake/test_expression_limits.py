"""The fake refuses an expression longer than DynamoDB takes (4 KB, counted in bytes), and a
condition of more operators (300), as DynamoDB Local does
(``tests/suites/test_moto_expression_limits.py`` holds that oracle and its boundaries)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.expression_limits import EXPRESSION_MAX_BYTES
from novacat_persistence.fake.expressions import compile_condition, compile_update
from tests.suites.test_moto_expression_limits import TERMS


@pytest.mark.parametrize(
    ("compile_text", "text"),
    [(compile_condition, "attribute_not_exists(#p)"), (compile_update, "SET #a = :v")],
)
def test_an_expression_over_4_kb_is_refused(compile_text: Callable[[str], Any], text: str) -> None:
    """At 4,096 bytes the text compiles; one byte more (a two-byte character) is refused."""
    at_limit = text + " " * (EXPRESSION_MAX_BYTES - len(text))
    assert compile_text(at_limit) is not None
    with pytest.raises(InputValidationError, match="expression size: 4097"):
        compile_text(at_limit[:-1] + "é")


@pytest.mark.parametrize("term", sorted(TERMS))
def test_a_condition_of_more_than_300_operators_is_refused(term: str) -> None:
    """The largest condition of each kind of term DynamoDB Local takes compiles; one term more
    is refused, its count said."""
    assert compile_condition(" AND ".join([term] * TERMS[term])) is not None
    with pytest.raises(InputValidationError, match=r"too many operators; operator count: 30[12]"):
        compile_condition(" AND ".join([term] * (TERMS[term] + 1)))
