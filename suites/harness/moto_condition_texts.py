"""moto's condition expressions: each text split into tokens once.

moto 5 parses every condition, filter and key condition expression of every request from its
text, and the first step, splitting the text into tokens, tries up to seven regular expressions
at each token: 3% of a profiled conformance run's function time, for a few dozen distinct texts.
The tokens depend on the text alone (each is a literal carrying its own text, with no children
yet), so :func:`installed` keeps each text's tokens and hands every parse fresh token nodes
built from them; every later step of the parse (names, values, operators, the error checks)
runs as before. A text that does not split raises each time, as before. The kit's tests run
random condition expressions on moto with and without it: the same answers, errors and items
(``tests/suites/test_moto_condition_texts.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

KEPT_TEXTS = 4096
"""Condition texts whose tokens are kept (a run sends a few dozen distinct ones)."""


def token_lexer(parser_class: type, own: Callable[[Any], Any]) -> Callable[[Any], deque[Any]]:
    """A ``_lex_condition_expression`` of ``parser_class`` giving what ``own`` gives: new token
    nodes each call, made from the (nonterminal, text) of each token ``own`` found in the text
    the first time."""

    @lru_cache(maxsize=KEPT_TEXTS)
    def tokens(text: str) -> tuple[tuple[str, str], ...]:
        found = own(parser_class(text, None, None))
        return tuple((node.nonterminal, node.text) for node in found)

    def lex(parser: Any) -> deque[Any]:
        node, literal = parser.Node, parser.Kind.LITERAL
        return deque(
            node(nonterminal=nonterminal, kind=literal, text=text, value=text, children=[])
            for nonterminal, text in tokens(parser.condition_expression)
        )

    return lex


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto splits each condition expression text into tokens once."""
    from moto.dynamodb.comparisons import ConditionExpressionParser  # noqa: PLC0415 - moto only

    own = vars(ConditionExpressionParser).get("_lex_condition_expression")
    if own is None:
        yield  # a moto that parses conditions another way
        return
    lexer = token_lexer(ConditionExpressionParser, own)
    ConditionExpressionParser._lex_condition_expression = lexer  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        ConditionExpressionParser._lex_condition_expression = own  # type: ignore[method-assign]
