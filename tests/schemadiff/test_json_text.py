"""Schema documents' JSON text at every depth admitted, on every Python: json's C parser and
encoder refuse about 1,500 levels from Python 3.12 (whatever the recursion limit), and what
they refuse is done by json's pure-Python ones, with the same outcome."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.schemadiff import MAX_DEPTH, json_text
from novacat_persistence.schemadiff.depth import on_deep_stack
from novacat_persistence.schemadiff.json_text import (
    _CANONICAL,
    _PLAIN,
    _python_dumps,
    _python_loads,
)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
DEEPEST = "[" * MAX_DEPTH + "]" * MAX_DEPTH
"""The deepest document admitted: MAX_DEPTH arrays within one another."""


def nested(levels: int) -> object:
    value: object = {"é": 1.5}
    for _ in range(levels):
        value = {"b": [value], "a": None}
    return value


@given(JSON_VALUES)
def test_the_pure_python_texts_are_those_of_the_c_encoder(value: object) -> None:
    assert _python_dumps(_CANONICAL, value) == json_text.dumps(value, canonical=True)
    assert _python_dumps(_PLAIN, value) == json_text.dumps(value)
    assert json_text.dumps(value, canonical=True) == json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


@given(JSON_VALUES)
def test_the_pure_python_parser_reads_what_the_c_parser_reads(value: object) -> None:
    text = json.dumps(value)
    assert _python_loads(text) == json_text.loads(text) == json.loads(text)


@pytest.mark.parametrize("read", [json_text.loads, _python_loads], ids=["loads", "pure-python"])
def test_the_deepest_document_admitted_is_read_and_written_again(
    read: Callable[[str], object],
) -> None:
    def round_trip() -> tuple[str, str]:
        value = read(DEEPEST)
        return json_text.dumps(value), _python_dumps(_PLAIN, value)

    assert on_deep_stack(round_trip, "the document") == (DEEPEST, DEEPEST)


def test_a_deep_value_is_written_canonically() -> None:
    value = nested(MAX_DEPTH // 2)
    text = on_deep_stack(lambda: json_text.dumps(value, canonical=True), "the value")
    assert text.startswith('{"a":null,"b":[{"a":null,"b":[') and text.count("[") == MAX_DEPTH // 2
    again = on_deep_stack(
        lambda: json_text.dumps(json_text.loads(text), canonical=True), "the text"
    )  # compared as texts: from 3.12 even == refuses such depths
    assert again == text


@pytest.mark.parametrize("text", ["[" * (MAX_DEPTH + 1), DEEPEST + "]", '{"a": [1,]}'])
def test_bad_json_is_a_value_error_at_any_depth(text: str) -> None:
    with pytest.raises(ValueError):
        on_deep_stack(lambda: json_text.loads(text), "the text")
    with pytest.raises(ValueError):
        on_deep_stack(lambda: _python_loads(text), "the text")
