"""Compiled item checks say what their documented meaning says, on any item, never raising.

The oracle is an interpretation of each kind of check written here from the module's
documentation, one step at a time; the compiled function must agree with it on hypothesis
items whose values are anything an export could hold (malformed ones included), with names
that need quoting.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts import item_checks as checks
from novacat_persistence.contracts.item_checks import Check, compiled

NAMES = ["a", "b", "SK", "schema_version", "it's", 'q"uote', "x\ny", "{item}"]
PATTERNS = [r"^REF#", r"[0-9]{4}-00-[0-9]{2}", r"^PRODUCT#SPECTRA#[^#]+#COMPOSITE#", r"a*", r"x"]

values = st.one_of(
    st.builds(lambda t: {"S": t}, st.sampled_from(["", "x", "REF#1", "2024-00-01", "J2000"])),
    st.builds(lambda t: {"S": t}, st.text(max_size=8)),
    st.just({"NULL": True}),
    st.just({"NULL": False}),
    st.just({"N": "1"}),
    st.just({"S": 5}),
    st.just({"S": ["x"]}),
    st.just({"S": "x", "N": "1"}),
    st.just({}),
    st.just("bare"),
    st.just(["S", "x"]),
    st.none(),
)
items = st.dictionaries(st.sampled_from(NAMES), values, max_size=6)
names = st.sampled_from(NAMES)
texts = st.frozensets(st.sampled_from(["", "x", "J2000", "REF#1"]), max_size=3)

leaves = st.one_of(
    st.builds(checks.present, names),
    st.builds(checks.lacks, names),
    st.builds(checks.holds_any, st.frozensets(names, max_size=3)),
    st.builds(checks.text_in, names, texts),
    st.builds(checks.text_matches, names, st.sampled_from(PATTERNS)),
    st.builds(checks.sk_matches, st.sampled_from(PATTERNS)),
    st.builds(checks.has_old_names, st.dictionaries(names, names, max_size=3)),
)
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(lambda cs: checks.any_of(*cs), st.lists(inner, max_size=3)),
        st.builds(lambda cs: checks.all_of(*cs), st.lists(inner, max_size=3)),
        st.builds(checks.negated, inner),
    ),
    max_leaves=6,
)


def _text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    text = value.get("S") if isinstance(value, dict) else None
    return text if isinstance(text, str) else None


def holds(check: Check, item: dict[str, Any]) -> bool:
    """What ``check`` says of ``item``, by the module's documentation."""
    kind, args = check
    if kind == "present":
        value = item.get(args[0])
        return value is not None and value != {"NULL": True}
    if kind == "holds_any":
        return any(name in item for name in args[0])
    if kind == "text_in":
        return _text(item, args[0]) in args[1]
    if kind == "text_matches":
        text = _text(item, args[0])
        return text is not None and re.fullmatch(args[1], text) is not None
    if kind == "sk_matches":
        return re.match(args[0], _text(item, "SK") or "") is not None
    if kind == "has_old_names":
        return any(old in item and new not in item for old, new in args[0])
    if kind == "any_of":
        return any(holds(c, item) for c in args)
    if kind == "all_of":
        return all(holds(c, item) for c in args)
    assert kind == "not"
    return not holds(args[0], item)


@settings(max_examples=400, deadline=None)
@given(trees, st.lists(items, min_size=1, max_size=5))
def test_a_compiled_check_says_what_the_check_means(
    check: Check, tried: list[dict[str, Any]]
) -> None:
    function = compiled(check)
    for item in tried:
        answer = function(item)
        assert type(answer) is bool
        assert answer == holds(check, item), (check, item)


@pytest.mark.parametrize(
    ("check", "item", "expected"),
    [
        (checks.present("a"), {"a": {"NULL": True}}, False),
        (checks.present("a"), {"a": {"NULL": False}}, True),
        (checks.lacks("a"), {}, True),
        (checks.holds_any(frozenset({"a"})), {"a": {"NULL": True}}, True),
        (checks.text_in("a", frozenset({"x"})), {"a": {"S": "x", "N": "1"}}, True),
        (checks.text_in("a", frozenset({"x"})), {"a": "x"}, False),
        (checks.text_matches("a", "x"), {"a": {"S": "xx"}}, False),  # in full
        (checks.sk_matches("x"), {"SK": {"S": "xx"}}, True),  # at the start
        (checks.sk_matches("a*"), {}, True),  # of the empty text without an SK
        (checks.sk_matches("x"), {"SK": {"N": "1"}}, False),
        (checks.has_old_names({"old": "new"}), {"old": {"S": "x"}, "new": {"S": "x"}}, False),
        (checks.any_of(), {}, False),
        (checks.all_of(), {}, True),
    ],
)
def test_boundaries_of_each_kind(check: Check, item: dict[str, Any], expected: bool) -> None:
    assert compiled(check)(item) is expected


def test_an_unknown_kind_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no item check of kind 'nearly'.*'present'"):
        compiled(Check("nearly", ("a",)))
