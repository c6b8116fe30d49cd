"""Resolve what the expressions of one module may be, and report the DynamoDB access among them.

The resolution is flow-insensitive and per module: every binding of a name anywhere in the
module (assignment, import, loop target, parameter, ...) contributes to the set of values the
name may hold. Values are symbolic: a dotted library path (``boto3.client``), a string
constant, a session, a client or resource factory, a client or resource with its possible
service names. Whatever cannot be resolved is :data:`UNKNOWN`, which never produces a finding
by itself but makes a service name unresolved.

Findings are reported where the code names the access: the call that creates a client or
resource, the ``.Table`` of a ``.Table(...)`` call, the import (or attribute, or dynamic import)
that names a helper or ORM module.

Some access is recognized by its shape alone, on any receiver that is not known to be another
service's client or resource, because the receiver may come from anywhere (a parameter, another
module): a DynamoDB item operation called with DynamoDB request keywords
(``table.put_item(Item=...)``, also through a ``**`` dict the resolver knows the keys of),
``.batch_writer()``, and ``.meta.client``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, NamedTuple, TypeAlias

from novacat_persistence.scan.surface import (
    BATCH_WRITER,
    DYNAMIC_IMPORTERS,
    DYNAMODB_KEYWORDS,
    DYNAMODB_OPERATIONS,
    DYNAMODB_SERVICES,
    FACTORY_FUNCTIONS,
    META_CLIENT,
    MODULE_RULES,
    SERVICE_NAME_KEYWORD,
    SESSION_CONSTRUCTORS,
    SESSION_FACTORIES,
    SESSION_INNER,
    SESSION_OBJECTS,
    TABLE_METHOD,
    module_rule,
)
from novacat_persistence.scan.values import (
    UNKNOWN_SET,
    Factory,
    Part,
    Record,
    Service,
    Session,
    Sym,
    TableMethod,
    Text,
    Value,
    known_strings,
    other_service,
    strings_of,
    texts,
)


class Hit(NamedTuple):
    """A raw finding of the resolver: rule, position in the syntax tree and what was found."""

    rule: str
    """The rule id."""
    line: int
    """1-based line."""
    col_offset: int
    """0-based, in UTF-8 bytes, as :mod:`ast` counts."""
    detail: str
    """What was found, in words (the rule's fix is added later)."""


@dataclass(frozen=True, slots=True)
class _Elements:
    """A binding to an element of an iterable (loop and comprehension targets)."""

    iterable: ast.expr


_Binding: TypeAlias = ast.expr | _Elements | frozenset[Value]
"""How a name is bound: to an expression, to an element of one, or to known values."""

_HELPER_ATTRIBUTES: Final = frozenset(path.rpartition(".")[2] for path in MODULE_RULES)
"""Attribute names that may step into a helper or ORM module (``boto3.dynamodb.conditions``)."""

_CREATING_ATTRIBUTES: Final = frozenset(
    {
        *(path.rpartition(".")[2] for path in (*FACTORY_FUNCTIONS, *DYNAMIC_IMPORTERS)),
        "partial",
        *(name for methods in SESSION_FACTORIES.values() for name in methods),
        TABLE_METHOD,
    }
)
"""The only attribute names whose call, on a receiver, may create a client or resource, open a
table or import a module dynamically (what :func:`_member` can make of them)."""


def find_hits(tree: ast.Module) -> list[Hit]:
    """Return every DynamoDB access of the module, in no particular order, without duplicates."""
    return _Module(tree).hits()


_LEAF_FIELDS: Final[Mapping[type[ast.AST], frozenset[str]]] = MappingProxyType(
    {
        ast.FunctionDef: frozenset({"name", "type_comment"}),
        ast.AsyncFunctionDef: frozenset({"name", "type_comment"}),
        ast.ClassDef: frozenset({"name"}),
        ast.ImportFrom: frozenset({"module", "level"}),
        ast.Global: frozenset({"names"}),
        ast.Nonlocal: frozenset({"names"}),
        ast.Attribute: frozenset({"attr"}),
        ast.Name: frozenset({"id"}),
        ast.ExceptHandler: frozenset({"name"}),
        ast.arg: frozenset({"arg", "type_comment"}),
        ast.keyword: frozenset({"arg"}),
        ast.alias: frozenset({"name", "asname"}),
        ast.FormattedValue: frozenset({"conversion"}),
        ast.comprehension: frozenset({"is_async"}),
        ast.MatchAs: frozenset({"name"}),
        ast.MatchStar: frozenset({"name"}),
        ast.MatchMapping: frozenset({"rest"}),
        ast.MatchClass: frozenset({"kwd_attrs"}),
        ast.Constant: frozenset({"value", "kind"}),
    }
)
"""Per node type, the fields that hold identifiers, numbers or constants in Python's grammar,
never a node. A node type not named here has all its fields walked."""

_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}
"""Per node type met so far, the fields that may hold child nodes (``ctx`` never matters)."""


def _visit(tree: ast.AST, visitors: Mapping[type[ast.AST], Callable[[ast.AST], None]]) -> None:
    """Call, for every node of ``tree`` but expression contexts, the visitor of its type (if
    any), in no particular order.

    A leaner :func:`ast.walk`: the scan's cost after parsing is mostly walking, and this makes
    no generator, and steps into no field that holds an identifier or a constant.
    """
    stack: list[Any] = [tree]  # nodes, and None or identifiers from lists of them
    pop, push, extend = stack.pop, stack.append, stack.extend
    child_fields, visitor_of = _CHILD_FIELDS.get, visitors.get
    while stack:
        node = pop()
        kind = type(node)
        fields = child_fields(kind)
        if fields is None:
            if not isinstance(node, ast.AST):
                continue
            leaves = _LEAF_FIELDS.get(kind, frozenset())
            fields = tuple(f for f in node._fields if f != "ctx" and f not in leaves)
            _CHILD_FIELDS[kind] = fields
        visitor = visitor_of(kind)
        if visitor is not None:
            visitor(node)
        for field in fields:
            child = getattr(node, field, None)
            if type(child) is list:
                extend(child)
            elif child is not None:
                push(child)


def _chain(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _attribute_position(node: ast.expr) -> tuple[int, int]:
    """Where the attribute name of ``x.attr`` starts (the call's start otherwise)."""
    if isinstance(node, ast.Attribute) and node.end_lineno is not None:
        assert node.end_col_offset is not None
        return node.end_lineno, node.end_col_offset - len(node.attr)
    return node.lineno, node.col_offset


class _Module:
    """The bindings of one module and the resolution of its expressions."""

    def __init__(self, tree: ast.Module) -> None:
        self._names: dict[str, list[_Binding]] = {}
        self._attributes: dict[str, list[_Binding]] = {}
        self._star_modules: list[str] = []
        self._calls: list[ast.Call] = []
        self._imports: list[ast.Import | ast.ImportFrom] = []
        self._helper_attributes: list[ast.Attribute] = []
        self._meta_clients: list[ast.Attribute] = []
        self._values: dict[ast.expr, frozenset[Value]] = {}
        self._bound_values: dict[str, frozenset[Value]] = {}
        self._resolving: set[str] = set()
        """Names and attribute chains being resolved: met again, they are a cycle."""
        _visit(tree, self._collectors())

    # --- collecting bindings -------------------------------------------------------------

    def _collectors(self) -> dict[type[ast.AST], Callable[[ast.AST], None]]:
        unknown_name: Callable[[ast.AST], None] = self._bind_unknown_name
        collectors: dict[type[ast.AST], Callable[[ast.AST], None]] = {
            ast.Call: self._collect_call,
            ast.Attribute: self._collect_attribute,
            ast.Import: self._collect_import,
            ast.ImportFrom: self._collect_import,
            ast.Assign: self._collect_assign,
            ast.AnnAssign: self._collect_ann_assign,
            ast.AugAssign: self._collect_aug_assign,
            ast.NamedExpr: self._collect_named_expr,
            ast.For: self._collect_loop,
            ast.AsyncFor: self._collect_loop,
            ast.comprehension: self._collect_loop,
            ast.withitem: self._collect_withitem,
            ast.arg: self._collect_arg,
            ast.MatchMapping: self._collect_match_mapping,
        }
        for named in (
            ast.FunctionDef,
            ast.AsyncFunctionDef,
            ast.ClassDef,
            ast.ExceptHandler,
            ast.MatchAs,
            ast.MatchStar,
        ):
            collectors[named] = unknown_name
        return collectors

    def _collect_call(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Call)
        self._calls.append(node)

    def _collect_attribute(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Attribute)
        if node.attr in _HELPER_ATTRIBUTES:
            self._helper_attributes.append(node)
        elif (
            node.attr == META_CLIENT[1]
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == META_CLIENT[0]
        ):
            self._meta_clients.append(node.value)

    def _collect_import(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Import | ast.ImportFrom)
        self._imports.append(node)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname is None:
                    head = alias.name.partition(".")[0]
                    self._bind_name(head, frozenset({Sym(head)}))
                else:
                    self._bind_name(alias.asname, frozenset({Sym(alias.name)}))
            return
        if node.level or node.module is None:
            for alias in node.names:
                self._bind_name(alias.asname or alias.name, UNKNOWN_SET)
            return
        for alias in node.names:
            if alias.name == "*":
                self._star_modules.append(node.module)
            else:
                self._bind_name(
                    alias.asname or alias.name, frozenset({Sym(f"{node.module}.{alias.name}")})
                )

    def _collect_assign(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Assign)
        for target in node.targets:
            self._bind_target(target, node.value)

    def _collect_ann_assign(self, node: ast.AST) -> None:
        assert isinstance(node, ast.AnnAssign)
        if node.value is not None:
            self._bind_target(node.target, node.value)

    def _collect_aug_assign(self, node: ast.AST) -> None:
        assert isinstance(node, ast.AugAssign)
        self._bind_target(node.target, UNKNOWN_SET)

    def _collect_named_expr(self, node: ast.AST) -> None:
        assert isinstance(node, ast.NamedExpr)
        self._bind_target(node.target, node.value)

    def _collect_loop(self, node: ast.AST) -> None:
        assert isinstance(node, ast.For | ast.AsyncFor | ast.comprehension)
        self._bind_target(node.target, _Elements(node.iter))

    def _collect_withitem(self, node: ast.AST) -> None:
        assert isinstance(node, ast.withitem)
        if node.optional_vars is not None:
            self._bind_target(node.optional_vars, node.context_expr)

    def _collect_arg(self, node: ast.AST) -> None:
        assert isinstance(node, ast.arg)
        self._bind_name(node.arg, UNKNOWN_SET)

    def _collect_match_mapping(self, node: ast.AST) -> None:
        assert isinstance(node, ast.MatchMapping)
        if node.rest is not None:
            self._bind_name(node.rest, UNKNOWN_SET)

    def _bind_unknown_name(self, node: ast.AST) -> None:
        name = getattr(node, "name", None)
        if isinstance(name, str):
            self._bind_name(name, UNKNOWN_SET)

    def _bind_name(self, name: str, binding: _Binding) -> None:
        self._names.setdefault(name, []).append(binding)

    def _bind_target(self, target: ast.expr, binding: _Binding) -> None:
        if isinstance(target, ast.Name):
            self._bind_name(target.id, binding)
        elif isinstance(target, ast.Attribute):
            chain = _chain(target)
            if chain is not None:
                self._attributes.setdefault(chain, []).append(binding)
        elif isinstance(target, ast.Tuple | ast.List):
            pairs = (
                isinstance(binding, ast.Tuple | ast.List)
                and len(binding.elts) == len(target.elts)
                and not any(isinstance(elt, ast.Starred) for elt in binding.elts)
            )
            for index, element in enumerate(target.elts):
                if pairs:
                    assert isinstance(binding, ast.Tuple | ast.List)
                    self._bind_target(element, binding.elts[index])
                else:
                    self._bind_target(element, UNKNOWN_SET)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, UNKNOWN_SET)

    # --- resolving values ----------------------------------------------------------------

    def value(self, node: ast.expr) -> frozenset[Value]:
        """What ``node`` may evaluate to."""
        values = self._values.get(node)
        if values is None:
            values = self._values[node] = self._evaluate(node)
        return values

    def _evaluate(self, node: ast.expr) -> frozenset[Value]:
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Constant):
            return frozenset({Text(node.value)}) if isinstance(node.value, str) else UNKNOWN_SET
        if isinstance(node, ast.Await | ast.NamedExpr):
            return self.value(node.value)
        if isinstance(node, ast.IfExp):
            return self.value(node.body) | self.value(node.orelse)
        if isinstance(node, ast.BoolOp):
            return frozenset().union(*(self.value(operand) for operand in node.values))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return strings_of(known_strings(self.value(side)) for side in (node.left, node.right))
        if isinstance(node, ast.JoinedStr):
            return strings_of(self._format_part(part) for part in node.values)
        if isinstance(node, ast.Dict):
            return self._dict(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        return UNKNOWN_SET

    def _format_part(self, part: ast.expr) -> frozenset[str] | None:
        if isinstance(part, ast.FormattedValue):
            if part.format_spec is not None or part.conversion not in (-1, ord("s")):
                return None
            part = part.value
        return known_strings(self.value(part))

    def _dict(self, node: ast.Dict) -> frozenset[Value]:
        items: list[tuple[str, frozenset[Value]]] = []
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return UNKNOWN_SET
            items.append((key.value, self.value(value)))
        return frozenset({Record(tuple(items))})

    def _subscript(self, node: ast.Subscript) -> frozenset[Value]:
        keys = known_strings(self.value(node.slice))
        containers = self.value(node.value)
        if keys is None or not all(isinstance(value, Record) for value in containers):
            return UNKNOWN_SET
        return frozenset().union(
            *(
                record.get(key)
                for record in containers
                if isinstance(record, Record)
                for key in keys
            )
        )

    def _name(self, name: str) -> frozenset[Value]:
        bindings = self._names.get(name)
        values = (
            frozenset({Sym(f"builtins.{name}")})
            if bindings is None
            else self._bound(name, bindings)
        )
        return values.union(Sym(f"{module}.{name}") for module in self._star_modules)

    def _bound(self, key: str, bindings: list[_Binding]) -> frozenset[Value]:
        """The union of ``bindings`` of a name or attribute chain, cycles cut as UNKNOWN."""
        values = self._bound_values.get(key)
        if values is not None:
            return values
        if key in self._resolving:
            return UNKNOWN_SET
        self._resolving.add(key)
        try:
            values = frozenset().union(*(self._binding(binding) for binding in bindings))
        finally:
            self._resolving.discard(key)
        self._bound_values[key] = values
        return values

    def _binding(self, binding: _Binding) -> frozenset[Value]:
        if isinstance(binding, frozenset):
            return binding
        if isinstance(binding, _Elements):
            iterable = binding.iterable
            if isinstance(iterable, ast.Tuple | ast.List | ast.Set) and not any(
                isinstance(elt, ast.Starred) for elt in iterable.elts
            ):
                return frozenset().union(*(self.value(elt) for elt in iterable.elts))
            return UNKNOWN_SET
        return self.value(binding)

    def _attribute(self, node: ast.Attribute) -> frozenset[Value]:
        chain = _chain(node)
        if chain is not None:
            bindings = self._attributes.get(chain)
            if bindings is not None:
                return self._bound(chain, bindings)
            attr = self._class_attribute(chain)
            if attr is not None:
                return self._name(attr)
        return frozenset().union(*(_member(value, node.attr) for value in self.value(node.value)))

    def _call(self, node: ast.Call) -> frozenset[Value]:
        results: set[Value] = set()
        for function in self.value(node.func):
            results |= self._apply(function, node)
        for factory, skip in self._factories(node):
            if skip is None:
                results.add(factory)
            else:
                names, resolved = self._service(node, skip)
                results.add(Service(factory.kind, names, resolved))
        return frozenset(results) or UNKNOWN_SET

    def _apply(self, function: Value, call: ast.Call) -> frozenset[Value]:
        """What calling ``function`` returns, factories aside (see :meth:`_factories`)."""
        if isinstance(function, TableMethod):
            return frozenset({Part(function.resource)})
        if isinstance(function, Part):
            return frozenset({function})
        if not isinstance(function, Sym):
            return frozenset() if isinstance(function, Factory) else UNKNOWN_SET
        path = function.path
        if path in SESSION_CONSTRUCTORS:
            return frozenset({Session(SESSION_CONSTRUCTORS[path])})
        if path in FACTORY_FUNCTIONS or path == "functools.partial":
            return frozenset()
        if path == "builtins.getattr" and len(call.args) in (2, 3):
            names = known_strings(self.value(call.args[1]))
            if names is None:
                return UNKNOWN_SET
            found = frozenset().union(
                *(_member(owner, name) for owner in self.value(call.args[0]) for name in names)
            )
            return found | self.value(call.args[2]) if len(call.args) == 3 else found
        if path in DYNAMIC_IMPORTERS:
            modules = self._imported(call)
            if path == "builtins.__import__" and not (
                len(call.args) >= 4 or any(kw.arg == "fromlist" for kw in call.keywords)
            ):
                # Without a fromlist, __import__ returns the top-level package.
                modules = frozenset(module.partition(".")[0] for module in modules)
            return frozenset(Sym(module) for module in modules) or UNKNOWN_SET
        if path == "builtins.dict" and not call.args:
            return self._record(call.keywords)
        return UNKNOWN_SET

    def _record(self, keywords: list[ast.keyword]) -> frozenset[Value]:
        if any(keyword.arg is None for keyword in keywords):
            return UNKNOWN_SET
        return frozenset({Record(tuple((str(kw.arg), self.value(kw.value)) for kw in keywords))})

    def _imported(self, call: ast.Call) -> frozenset[str]:
        """The absolute modules a dynamic import call may import, when they are known."""
        if not call.args:
            return frozenset()
        names = known_strings(self.value(call.args[0])) or frozenset()
        return frozenset(name for name in names if name and not name.startswith("."))

    def _factories(self, call: ast.Call) -> Iterator[tuple[Factory, int | None]]:
        """The factories ``call`` calls, each with the index of its first argument.

        The index is None for ``functools.partial(factory)`` given no service name: the
        partial is still a factory, to be resolved where it is called.
        """
        for function in self.value(call.func):
            factory = _as_factory(function)
            if factory is not None:
                yield factory, 0
            elif isinstance(function, Sym) and function.path == "functools.partial" and call.args:
                names_service = len(call.args) > 1 or any(
                    kw.arg in (SERVICE_NAME_KEYWORD, None) for kw in call.keywords
                )
                for wrapped in self.value(call.args[0]):
                    partial_of = _as_factory(wrapped)
                    if partial_of is not None:
                        yield partial_of, 1 if names_service else None

    def _service(self, call: ast.Call, skip: int) -> tuple[frozenset[str], bool]:
        """The service names a factory call may pass, and whether they are all known."""
        args = call.args[skip:]
        if args:
            first = args[0]
            values = UNKNOWN_SET if isinstance(first, ast.Starred) else self.value(first)
            return texts(values)
        values = frozenset()
        for keyword in call.keywords:
            if keyword.arg == SERVICE_NAME_KEYWORD:
                values |= self.value(keyword.value)
            elif keyword.arg is None:
                for mapping in self.value(keyword.value):
                    values |= (
                        mapping.get(SERVICE_NAME_KEYWORD)
                        if isinstance(mapping, Record)
                        else UNKNOWN_SET
                    )
        return texts(values)

    # --- reporting -----------------------------------------------------------------------

    def hits(self) -> list[Hit]:
        """Every DynamoDB access of the module, without duplicates."""
        found: set[Hit] = set()
        for node in self._imports:
            found.update(_import_hits(node))
        for attribute in self._helper_attributes:
            found.update(self._attribute_hits(attribute))
        for call in self._calls:
            found.update(self._call_hits(call))
        for meta in self._meta_clients:
            if not other_service(self.value(meta.value)):
                line, column = _attribute_position(meta)
                detail = ".meta.client takes the raw client of a resource that may be DynamoDB's"
                found.add(Hit("db-meta-client", line, column, detail))
        return list(found)

    def _attribute_hits(self, node: ast.Attribute) -> Iterator[Hit]:
        for owner in self.value(node.value):
            if isinstance(owner, Sym) and module_rule(owner.path) is None:
                target = f"{owner.path}.{node.attr}"
                rule = module_rule(target)
                if rule is not None:
                    line, column = _attribute_position(node)
                    yield Hit(rule, line, column, f"{target} is used")

    def _call_hits(self, call: ast.Call) -> Iterator[Hit]:
        if isinstance(call.func, ast.Attribute):
            yield from self._method_hits(call, call.func)
            if not self._may_create(call.func):
                return
        for factory, skip in self._factories(call):
            if skip is None:
                continue
            names, resolved = self._service(call, skip)
            dynamodb = sorted(names & DYNAMODB_SERVICES)
            if dynamodb:
                services = " or ".join(repr(name) for name in dynamodb)
                yield Hit(
                    f"db-{factory.kind}",
                    call.lineno,
                    call.col_offset,
                    f"{factory.spelling}({services}) creates a DynamoDB {factory.kind}",
                )
            elif not resolved:
                yield Hit(
                    "unresolved-client",
                    call.lineno,
                    call.col_offset,
                    f"{factory.spelling}(...) creates a {factory.kind} whose service name "
                    "cannot be resolved statically",
                )
        for function in self.value(call.func):
            if isinstance(function, TableMethod):
                resource = function.resource
                if resource.dynamodb or not resource.resolved:
                    line, column = _attribute_position(call.func)
                    yield Hit("db-table", line, column, ".Table(...) opens a DynamoDB table")
            elif isinstance(function, Sym) and function.path in DYNAMIC_IMPORTERS:
                for module in self._imported(call):
                    rule = module_rule(module)
                    if rule is not None:
                        yield Hit(
                            rule, call.lineno, call.col_offset, f"{module} is imported dynamically"
                        )

    def _may_create(self, method: ast.Attribute) -> bool:
        """False when calling ``method`` cannot create a client or resource, open a table or
        import a module: its name is none of :data:`_CREATING_ATTRIBUTES` and it is read
        through no attribute chain (``self.factory``) or class attribute that the module
        binds (the values :meth:`_attribute` gives it are then :func:`_member`'s)."""
        if method.attr in _CREATING_ATTRIBUTES:
            return True
        chain = _chain(method)
        if chain is None:
            return False
        return chain in self._attributes or self._class_attribute(chain) is not None

    def _class_attribute(self, chain: str) -> str | None:
        """The name of the module-level or class attribute that ``self.name`` or ``cls.name``
        reads, when the module binds that name."""
        owner, _, attr = chain.partition(".")
        if owner in ("self", "cls") and "." not in attr and attr in self._names:
            return attr
        return None

    def _method_hits(self, call: ast.Call, method: ast.Attribute) -> Iterator[Hit]:
        """A DynamoDB operation or ``batch_writer()`` called on a receiver that may be DynamoDB."""
        name = method.attr
        if name == BATCH_WRITER:
            rule, detail = "db-batch-writer", ".batch_writer() writes to a DynamoDB table"
        elif name in DYNAMODB_OPERATIONS:
            keywords = self._request_keywords(call)
            if not keywords:
                return
            detail = f".{name}(...) with {', '.join(keywords)} is a DynamoDB request"
            rule = "db-operation"
        else:
            return
        if not other_service(self.value(method.value)):
            line, column = _attribute_position(method)
            yield Hit(rule, line, column, detail)

    def _request_keywords(self, call: ast.Call) -> list[str]:
        """The DynamoDB request keywords ``call`` passes, by name or in a known ``**`` dict."""
        found: set[str] = set()
        for keyword in call.keywords:
            if keyword.arg is not None:
                if keyword.arg in DYNAMODB_KEYWORDS:
                    found.add(keyword.arg)
                continue
            for mapping in self.value(keyword.value):
                if isinstance(mapping, Record):
                    found.update(key for key, _ in mapping.items if key in DYNAMODB_KEYWORDS)
        return sorted(found)


def _as_factory(value: Value) -> Factory | None:
    """``value`` as a client or resource factory, when it is one."""
    if isinstance(value, Factory):
        return value
    if isinstance(value, Sym) and value.path in FACTORY_FUNCTIONS:
        return Factory(FACTORY_FUNCTIONS[value.path], value.path)
    return None


def _member(owner: Value, attr: str) -> frozenset[Value]:
    """What ``owner.attr`` may be."""
    if isinstance(owner, Sym):
        path = f"{owner.path}.{attr}"
        library = SESSION_OBJECTS.get(path)
        return frozenset({Session(library) if library is not None else Sym(path)})
    if isinstance(owner, Session):
        kind = SESSION_FACTORIES[owner.library].get(attr)
        if kind is not None:
            return frozenset({Factory(kind, f"{owner.library} session.{attr}")})
        inner = SESSION_INNER.get(owner.library, {}).get(attr)
        return frozenset({Session(inner)}) if inner is not None else UNKNOWN_SET
    if isinstance(owner, Service):
        if owner.kind == "resource" and attr == TABLE_METHOD:
            return frozenset({TableMethod(owner)})
        return frozenset({Part(owner)})
    if isinstance(owner, Part):
        return frozenset({owner})
    return UNKNOWN_SET


def _import_hits(node: ast.Import | ast.ImportFrom) -> Iterator[Hit]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            rule = module_rule(alias.name)
            if rule is not None:
                yield Hit(rule, alias.lineno, alias.col_offset, f"{alias.name} is imported")
        return
    if node.level or node.module is None:
        return
    rule = module_rule(node.module)
    if rule is not None:
        yield Hit(rule, node.lineno, node.col_offset, f"{node.module} is imported")
        return
    for alias in node.names:
        target = f"{node.module}.{alias.name}"
        rule = module_rule(target)
        if rule is not None:
            yield Hit(rule, alias.lineno, alias.col_offset, f"{target} is imported")
