"""The suites' moto refuses the attribute values DynamoDB Local refuses (the oracle: each
case's outcome as DynamoDB Local gives it), in its words, nothing of the request applied;
moto 5 stored them all. The kit's rules (:mod:`~novacat_persistence.suites.harness.moto_values`)
say the same of each value."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.codec.attribute_values import significant_digits
from novacat_persistence.suites.harness.moto_values import (
    EMPTY_NAME,
    INDEX_KEY_TYPE,
    NOT_A_NUMBER,
    NUMBERS_TWICE,
    OVERFLOW,
    TOO_PRECISE,
    UNDERFLOW,
    number_problem,
    value_problem,
)

KEY = {"PK": {"S": "p"}, "SK": {"S": "s"}}
NUMBERS: dict[str, str | None] = {
    "1" * 38: None,
    "1" * 39: TOO_PRECISE,
    "1" * 38 + "0": None,
    "-" + "9" * 38: None,
    "0." + "0" * 40 + "1" * 38: None,
    "0." + "0" * 40 + "1" * 39: TOO_PRECISE,
    "1E+125": None,
    "9.9999999999999999999999999999999999999E+125": None,
    "1E+126": OVERFLOW,
    "-1E+126": OVERFLOW,
    "1E-130": None,
    "1E-131": UNDERFLOW,
    "0E-200": None,
    "+1": None,
    ".5": None,
    "5.": None,
    "007": None,
    "-0": None,
    "1e2": None,
    "1_0": NOT_A_NUMBER,
    " 1": NOT_A_NUMBER,
    "1 ": NOT_A_NUMBER,
    "Infinity": NOT_A_NUMBER,
    "NaN": NOT_A_NUMBER,
    "0x10": NOT_A_NUMBER,
    "": NOT_A_NUMBER,
    "1e": NOT_A_NUMBER,
    "\u0661": None,  # an Arabic-Indic digit one: read as 1, as Java's BigDecimal reads it
    "1\u00a0": NOT_A_NUMBER,  # a no-break space
}
"""Number texts and what DynamoDB Local says of each, stored in an item."""

VALUES: dict[str, tuple[dict[str, Any], str | None]] = {
    "a number set of 1 and 1.0": ({"NS": ["1", "1.0"]}, NUMBERS_TWICE),
    "a number set of 01 and 1": ({"NS": ["01", "1"]}, NUMBERS_TWICE),
    "a number set of 1 and 2": ({"NS": ["1", "2"]}, None),
    "a number set holding 39 digits": ({"NS": ["1" * 39]}, TOO_PRECISE),
    "a string set naming a twice": ({"SS": ["a", "a"]}, "Input collection [a, a] contains"),
    "a binary set naming a twice": ({"BS": [b"a", b"a"]}, "Input collection of type BS"),
    "a map entry named ''": ({"M": {"": {"S": "a"}}}, EMPTY_NAME),
    "39 digits in a list in a map": ({"M": {"a": {"L": [{"N": "1" * 39}]}}}, TOO_PRECISE),
    "a set of 1 and 1.0 in a list": ({"L": [{"NS": ["1", "1.0"]}]}, NUMBERS_TWICE),
    "a list and a map of fine values": (
        {"M": {"a": {"L": [{"N": "1e2"}, {"SS": ["a", "b"]}, {"NULL": True}]}}},
        None,
    ),
}
"""Other values and what DynamoDB Local says of each, stored in an item."""


def _outcome(action: Callable[[], object]) -> str | None:
    """The message of the ValidationException ``action`` raised; None when it raised none."""
    try:
        action()
    except ClientError as exc:
        error = exc.response["Error"]
        assert error["Code"] == "ValidationException", error
        return str(error["Message"])
    return None


def _held(client: Any, table: str) -> list[dict[str, Any]]:
    return sorted(client.scan(TableName=table)["Items"], key=str)


def _holds_to(client: Any, table: str, action: Callable[[], object], refused: str | None) -> None:
    """``action`` is applied, or refused saying ``refused`` with nothing of it applied."""
    before = _held(client, table)
    message = _outcome(action)
    if refused is None:
        assert message is None
    else:
        assert message is not None and refused in message, message
        assert _held(client, table) == before


@pytest.mark.parametrize("text", sorted(NUMBERS))
def test_a_number_dynamodb_cannot_store_is_refused(client: Any, table_name: str, text: str) -> None:
    """Stored in an item, alone and in a batch, or refused saying why (the kit's rule too)."""
    refused = NUMBERS[text]
    assert number_problem(text) == refused
    item = {**KEY, "n": {"N": text}}
    _holds_to(client, table_name, lambda: client.put_item(TableName=table_name, Item=item), refused)
    batch = {table_name: [{"PutRequest": {"Item": {**item, "SK": {"S": "t"}}}}]}
    _holds_to(client, table_name, lambda: client.batch_write_item(RequestItems=batch), refused)


@pytest.mark.parametrize("name", sorted(VALUES))
def test_a_value_dynamodb_cannot_store_is_refused(client: Any, table_name: str, name: str) -> None:
    """Stored in an item, alone and in a transaction, or refused saying why."""
    value, refused = VALUES[name]
    assert (value_problem(value) is None) == (refused is None)
    item = {**KEY, "v": value}
    _holds_to(client, table_name, lambda: client.put_item(TableName=table_name, Item=item), refused)
    put = {"Put": {"TableName": table_name, "Item": {**item, "SK": {"S": "t"}}}}
    _holds_to(client, table_name, lambda: client.transact_write_items(TransactItems=[put]), refused)


def test_an_empty_attribute_name_is_refused(client: Any, table_name: str) -> None:
    item = {**KEY, "": {"S": "a"}}
    put = lambda: client.put_item(TableName=table_name, Item=item)  # noqa: E731
    _holds_to(client, table_name, put, EMPTY_NAME)


def test_an_index_key_of_another_type_is_refused(client: Any, table_name: str) -> None:
    """Put as a number, or set to one by an update; a string of it is stored."""
    fine = {**KEY, "GSI1PK": {"S": "1"}, "GSI1SK": {"S": "a"}}
    wrong = {**fine, "GSI1PK": {"N": "1"}}
    for item, refused in ((wrong, INDEX_KEY_TYPE), (fine, None)):
        put = lambda item=item: client.put_item(TableName=table_name, Item=item)  # noqa: E731
        _holds_to(client, table_name, put, refused)
    update = lambda: client.update_item(  # noqa: E731
        TableName=table_name,
        Key=KEY,
        UpdateExpression="SET GSI1PK = :n",
        ExpressionAttributeValues={":n": {"N": "1"}},
    )
    # moto 5 refused this update itself, naming the key and the types ("Type mismatch for key
    # GSI1PK expected: S actual: N"); refused either way, nothing applied
    _holds_to(client, table_name, update, "Type mismatch for")


EXPRESSION_VALUES: dict[str, tuple[dict[str, Any], str]] = {
    "39 digits": ({"N": "1" * 39}, TOO_PRECISE),
    "1E+126": ({"N": "1E+126"}, OVERFLOW),
    "1_0": ({"N": "1_0"}, NOT_A_NUMBER),
    "a number set of 1 and 1.0": ({"NS": ["1", "1.0"]}, NUMBERS_TWICE),
    "a map entry named ''": ({"M": {"": {"S": "a"}}}, EMPTY_NAME),
}


@pytest.mark.parametrize("name", sorted(EXPRESSION_VALUES))
def test_an_expression_value_dynamodb_cannot_store_is_refused(
    client: Any, table_name: str, name: str
) -> None:
    """In a put's condition, an update's value, a query's filter: refused whatever the
    expression does with it, nothing applied."""
    value, problem = EXPRESSION_VALUES[name]
    refused = f"ExpressionAttributeValues contains invalid value: {problem}"
    values = {":v": value}
    actions = [
        lambda: client.put_item(
            TableName=table_name,
            Item=KEY,
            ConditionExpression="attribute_not_exists(PK) OR x <> :v",
            ExpressionAttributeValues=values,
        ),
        lambda: client.update_item(
            TableName=table_name,
            Key=KEY,
            UpdateExpression="SET x = :v",
            ExpressionAttributeValues=values,
        ),
        lambda: client.query(
            TableName=table_name,
            KeyConditionExpression="PK = :p",
            FilterExpression="x <> :v",
            ExpressionAttributeValues={**values, ":p": {"S": "p"}},
        ),
    ]
    for action in actions:
        _holds_to(client, table_name, action, refused)


@pytest.mark.parametrize("expression", ["ADD c :v", "SET c = :v + :v"], ids=["add", "plus"])
def test_arithmetic_needing_more_than_38_digits_is_refused(
    client: Any, table_name: str, expression: str
) -> None:
    """38 nines added to 38 nines need 39 digits: refused, the item as it was."""
    nines = {":v": {"N": "9" * 38}}
    client.put_item(TableName=table_name, Item={**KEY, "c": {"N": "9" * 38}})
    update = lambda: client.update_item(  # noqa: E731
        TableName=table_name, Key=KEY, UpdateExpression=expression, ExpressionAttributeValues=nines
    )
    _holds_to(client, table_name, update, TOO_PRECISE)


_DECIMALS = st.tuples(
    st.integers(0, 1), st.lists(st.integers(0, 9), max_size=60), st.integers(-200, 200)
).map(lambda parts: Decimal((parts[0], tuple(parts[1]) or (0,), parts[2])))


@given(_DECIMALS)
def test_significant_digits_count_from_the_first_non_zero_digit_to_the_last(
    value: Decimal,
) -> None:
    """The count against a plain reading of the number's text (written out in full: a
    context of 28 digits would round it)."""
    with localcontext() as context:
        context.prec = 500
        digits = format(abs(value), "f").replace(".", "").strip("0")
    assert significant_digits(value) == len(digits)
