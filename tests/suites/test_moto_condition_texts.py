"""The suites' moto backend reads condition expressions exactly as moto itself does (the
oracle): random conditions (comparisons, functions, BETWEEN, IN, NOT, AND, OR, parentheses,
nested paths, names, and malformed texts) on conditional puts, updates, deletes and filtered
scans, texts repeated, run on plain moto and with :mod:`moto_condition_texts` installed: the
same answers, errors and items."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto.dynamodb.comparisons import ConditionExpressionParser

from novacat_persistence.suites.harness import moto_condition_texts

from .moto_oracle import moto_client, on_new_table, outcome

_VALUES = {
    ":s": {"S": "old"},
    ":n": {"N": "1"},
    ":n2": {"N": "5"},
    ":t": {"S": "N"},
    ":one": {"N": "1"},
}
_paths = st.sampled_from(["a", "n", "m.k", "l[0]", "#n", "s", "PK", "missing"])
_operands = _paths | st.sampled_from([":s", ":n"])
_comparisons = st.builds(
    "{} {} {}".format, _operands, st.sampled_from(["=", "<>", "<", "<=", ">", ">="]), _operands
)
_functions = st.one_of(
    _paths.map("attribute_exists({})".format),
    _paths.map("attribute_not_exists({})".format),
    _paths.map("begins_with({}, :s)".format),
    _paths.map("contains({}, :s)".format),
    _paths.map("attribute_type({}, :t)".format),
    _paths.map("size({}) > :n".format),
)
_leaves = st.one_of(
    _comparisons,
    _functions,
    _paths.map("{} BETWEEN :n AND :n2".format),
    _paths.map("{} IN (:s, :n)".format),
    st.sampled_from(["a = = :s", "((a = :s)", "a ? :s", "AND a = :s", "size(a)", "a = :s,"]),
)
_conditions = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        inner.map("NOT {}".format),
        inner.map("({})".format),
        st.builds("{} AND {}".format, inner, inner),
        st.builds("{} OR {}".format, inner, inner),
    ),
    max_leaves=5,
)
_start = st.fixed_dictionaries(
    {},
    optional={
        "a": st.sampled_from([{"S": "old"}, {"S": "older"}, {"N": "3"}]),
        "n": st.sampled_from([{"N": "1"}, {"N": "7"}]),
        "l": st.just({"L": [{"S": "old"}]}),
        "m": st.just({"M": {"k": {"N": "1"}}}),
        "s": st.just({"SS": ["old", "new"]}),
    },
)
_OPERATIONS = ("put", "update", "delete", "scan")
_calls = st.lists(
    st.tuples(st.sampled_from(_OPERATIONS), st.sampled_from(["P1", "P2"]), st.integers(0, 3)),
    min_size=1,
    max_size=8,
)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with moto_client() as made:
        yield made


def _call(client: Any, table: str, operation: str, pk: str, *, text: str, start: Any) -> Any:
    used = set(re.findall(r":[a-z0-9]+", text))
    extra: dict[str, Any] = {"ExpressionAttributeNames": {"#n": "n"}} if "#n" in text else {}
    key = {"PK": {"S": pk}, "SK": {"S": "S"}}
    if operation == "scan":
        values = {name: _VALUES[name] for name in sorted(used)}
        if values:
            extra["ExpressionAttributeValues"] = values
        return client.scan(TableName=table, FilterExpression=text, **extra)["Items"]
    if operation == "update":
        used.add(":one")
    values = {name: _VALUES[name] for name in sorted(used)}
    if values:
        extra["ExpressionAttributeValues"] = values
    if operation == "put":
        client.put_item(TableName=table, Item={**key, **start}, ConditionExpression=text, **extra)
        return "put"
    if operation == "update":
        return client.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="SET touched = :one",
            ConditionExpression=text,
            ReturnValues="ALL_NEW",
            **extra,
        )["Attributes"]
    client.delete_item(TableName=table, Key=key, ConditionExpression=text, **extra)
    return "deleted"


def _outcomes(
    client: Any, start: dict[str, Any], pool: list[str], calls: list[tuple[str, str, int]]
) -> tuple[list[Any], list[Any]]:
    """The answer (or error) of each call, then every item, on a new table."""
    return on_new_table(
        client,
        start,
        lambda table: [
            outcome(_call, client, table, operation, pk, text=pool[pick % len(pool)], start=start)
            for operation, pk, pick in calls
        ],
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=_start, pool=st.lists(_conditions, min_size=1, max_size=4), calls=_calls)
def test_conditions_end_as_on_moto_itself(
    client: Any, start: dict[str, Any], pool: list[str], calls: list[tuple[str, str, int]]
) -> None:
    """The same answers, errors and stored items, call after call."""
    own = _outcomes(client, start, pool, calls)
    with moto_condition_texts.installed():
        patched = _outcomes(client, start, pool, calls)
    assert patched == own


def test_installed_only_while_open() -> None:
    """Within the block moto splits texts through the kit's lexer; after, its own."""
    own = vars(ConditionExpressionParser)["_lex_condition_expression"]
    with moto_condition_texts.installed():
        assert vars(ConditionExpressionParser)["_lex_condition_expression"] is not own
    assert vars(ConditionExpressionParser)["_lex_condition_expression"] is own
