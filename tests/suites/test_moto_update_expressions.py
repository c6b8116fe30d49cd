"""The suites' moto backend applies update expressions exactly as moto itself does (the oracle):
random sequences of UpdateItem calls (SET with arithmetic, functions, nested paths and list
indexes, REMOVE, ADD, DELETE, texts repeated, some invalid) on random items, run on plain moto
and with :mod:`moto_update_expressions` installed: the same answers, errors and items."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto.dynamodb.parsing import expressions
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

from novacat_persistence.suites.harness import moto_update_expressions

from .moto_oracle import moto_client, on_new_table, outcome

_ACTIONS = {
    "SET": [
        "a = :s",
        "#n = :n",
        "n = n + :n",
        "n = :n - n",
        "l = list_append(l, :l)",
        "l = list_append(:l, l)",
        "a = if_not_exists(a, :s)",
        "m.k = :s",
        "m.#n = :n",
        "l[0] = :s",
        "l[5] = :n",
        "z = :l",
        "m = :m",
        "PK = :s",
    ],
    "REMOVE": ["a", "l[1]", "m.k", "n", "zz", "l[0]"],
    "ADD": ["n :n", "s :ss", "a :n"],
    "DELETE": ["s :ss", "s :ss2"],
}
_VALUES = {
    ":s": {"S": "text"},
    ":n": {"N": "2.5"},
    ":l": {"L": [{"S": "x"}, {"N": "1"}]},
    ":m": {"M": {"k": {"S": "v"}}},
    ":ss": {"SS": ["p", "q"]},
    ":ss2": {"SS": ["q"]},
}

_clause = st.sampled_from(sorted(_ACTIONS)).flatmap(
    lambda verb: st.lists(st.sampled_from(_ACTIONS[verb]), min_size=1, max_size=3, unique=True).map(
        lambda actions: f"{verb} " + ", ".join(actions)
    )
)
_expressions = st.lists(_clause, min_size=1, max_size=3).map(" ".join)
_start = st.fixed_dictionaries(
    {},
    optional={
        "a": st.just({"S": "old"}),
        "n": st.sampled_from([{"N": "1"}, {"S": "not a number"}]),
        "l": st.just({"L": [{"S": "first"}, {"S": "second"}]}),
        "m": st.sampled_from([{"M": {}}, {"M": {"k": {"N": "3"}}}]),
        "s": st.just({"SS": ["p", "r"]}),
    },
)
_calls = st.lists(
    st.tuples(st.sampled_from(["P1", "P2"]), st.integers(0, 3)), min_size=1, max_size=8
)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with moto_client() as made:
        yield made


def _update(client: Any, table: str, pk: str, text: str) -> Any:
    """The item after one update (moto's answer)."""
    return client.update_item(
        TableName=table,
        Key={"PK": {"S": pk}, "SK": {"S": "S"}},
        UpdateExpression=text,
        ExpressionAttributeNames={"#n": "n"} if "#n" in text else {},
        ExpressionAttributeValues={name: _VALUES[name] for name in re.findall(r":[a-z0-9]+", text)},
        ReturnValues="ALL_NEW",
    )["Attributes"]


def _outcomes(
    client: Any, start: dict[str, Any], pool: list[str], calls: list[tuple[str, int]]
) -> tuple[list[Any], list[Any]]:
    """The answer (or error) of each call, then every item, on a new table."""
    return on_new_table(
        client,
        start,
        lambda table: [
            outcome(_update, client, table, pk, pool[pick % len(pool)]) for pk, pick in calls
        ],
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=_start, pool=st.lists(_expressions, min_size=1, max_size=4), calls=_calls)
def test_updates_end_as_on_moto_itself(
    client: Any, start: dict[str, Any], pool: list[str], calls: list[tuple[str, int]]
) -> None:
    """The same answers, errors and stored items, call after call."""
    own = _outcomes(client, start, pool, calls)
    with moto_update_expressions.installed():
        patched = _outcomes(client, start, pool, calls)
    assert patched == own


def test_installed_only_while_open() -> None:
    """Within the block moto walks with :func:`traverse`, searches with :func:`find_clauses` and
    remembers parses; after, its own."""
    own_traverse = vars(DepthFirstTraverser)["traverse"]
    own_make = vars(expressions.UpdateExpressionParser)["make"]
    own_find = vars(Node)["find_clauses"]
    with moto_update_expressions.installed():
        assert vars(DepthFirstTraverser)["traverse"] is moto_update_expressions.traverse
        assert vars(Node)["find_clauses"] is moto_update_expressions.find_clauses
        parser = expressions.UpdateExpressionParser
        assert parser.make("SET a = :v") is parser.make("SET a = :v")
    assert vars(DepthFirstTraverser)["traverse"] is own_traverse
    assert vars(expressions.UpdateExpressionParser)["make"] is own_make
    assert vars(Node)["find_clauses"] is own_find
