"""moto's update expressions: each text parsed once, each validation pass set up once.

moto 5 parses an UpdateItem's expression twice per request (once to check its names and values,
once to apply it) and validates a deep copy of the tree in ten passes; each pass asks for its
map of node types to handlers again at every node of the tree, and tests every node against
abstract classes. Under a profiler that was a tenth of a conformance run's function time.

:func:`installed` keeps every step and its order, changing only what is recomputed:

- ``UpdateExpressionParser.make`` remembers the tree of each expression text (moto never
  changes a parsed tree: its validator works on a deep copy, its other readers only search
  it); a text that does not parse raises each time, as before;
- :func:`traverse` walks a tree exactly as moto's ``DepthFirstTraverser.traverse`` does (the
  same children, the same hook before each child, the same handler for each node, nodes
  replaced in place), with the pass's handler map taken once per walk and each node type's
  answers cached;
- :func:`find_clauses` searches a tree for clauses as ``Node.find_clauses`` does (two passes
  search every subtree of the expression again, so it runs a million times a run), each node
  type's abstract-class test answered once.

The kit's tests apply random update expressions to random items on moto with and without them:
the same items, the same errors (``tests/suites/test_moto_update_expressions.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import cache, lru_cache
from typing import Any

PARSED_TEXTS = 4096
"""Expression texts whose trees are kept (a run writes a few hundred distinct ones)."""


_DESCENDS: dict[type, bool] = {}
"""Node types whose children ``find_clauses`` searches (expressions and functions)."""


def find_clauses(node: Any, clause_types: Any) -> list[Any]:
    """``Node.find_clauses``: the descendants of exactly one of ``clause_types``, depth first,
    searching below expressions and functions only, not below a node found."""
    found: list[Any] = []
    for child in node.children or ():
        child_type = type(child)
        if child_type in clause_types:
            found.append(child)
        else:
            descends = _DESCENDS.get(child_type)
            if descends is None:
                descends = _DESCENDS[child_type] = issubclass(child_type, _node_classes()[1:])
            if descends:
                found += find_clauses(child, clause_types)
    return found


@cache
def _node_classes() -> tuple[type, ...]:
    """The ``Node`` class of moto, then the nodes whose children ``find_clauses`` searches."""
    from moto.dynamodb.parsing.ast_nodes import (  # type: ignore[attr-defined]  # noqa: PLC0415
        Expression,  # untyped in moto; imported with moto only
        Node,
        UpdateExpressionFunction,
    )

    return Node, Expression, UpdateExpressionFunction


def traverse(traverser: Any, root: Any) -> Any:
    """``DepthFirstTraverser.traverse``: every node depth first, children before their parent,
    each node of a handled type replaced by what its handler returns."""
    node_class = _node_classes()[0]
    handlers = list(traverser._processing_map().items())
    handled = traverser.nodes_to_be_processed()
    before_child = traverser.pre_processing_of_child
    kinds: dict[type, tuple[bool, Callable[[Any], Any] | None]] = {}

    def kind(node_type: type) -> tuple[bool, Callable[[Any], Any] | None]:
        known = kinds.get(node_type)
        if known is None:
            is_node = issubclass(node_type, node_class)
            handler = None
            if is_node and issubclass(node_type, handled):
                handler = next(h for cls, h in handlers if issubclass(node_type, cls))
            known = kinds[node_type] = (is_node, handler)
        return known

    def visit(node: Any, child_id: int) -> Any:
        is_node, handler = kind(type(node))
        if not is_node:
            return node
        parent = node.parent
        if node.children is not None:
            for index, child in enumerate(node.children):
                before_child(node, index)
                visit(child, index)
        if handler is not None:
            node = handler(node)
            node.parent = parent
            if parent:
                parent.children[child_id] = node
        return node

    return visit(root, -1)


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto parses each update expression text once, walks its validation
    passes with :func:`traverse` and searches clauses with :func:`find_clauses`."""
    from moto.dynamodb.parsing import expressions  # noqa: PLC0415 - moto only
    from moto.dynamodb.parsing.ast_nodes import (  # type: ignore[attr-defined]  # noqa: PLC0415
        DepthFirstTraverser,
        Node,
    )

    parser = expressions.UpdateExpressionParser  # type: ignore[attr-defined]
    own_make = vars(parser).get("make")
    own_traverse = vars(DepthFirstTraverser).get("traverse")
    own_find = vars(Node).get("find_clauses")
    if own_make is None or own_traverse is None or own_find is None:
        yield  # a moto that parses or validates another way
        return
    with ExitStack() as undo:
        parser.make = classmethod(lru_cache(maxsize=PARSED_TEXTS)(own_make.__func__))  # type: ignore[arg-type]
        undo.callback(setattr, parser, "make", own_make)
        DepthFirstTraverser.traverse = traverse
        undo.callback(setattr, DepthFirstTraverser, "traverse", own_traverse)
        Node.find_clauses = find_clauses
        undo.callback(setattr, Node, "find_clauses", own_find)
        yield
