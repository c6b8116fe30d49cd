"""Normalization: see each schema location through its references, as one canonical node.

A :class:`Node` is what a location of a schema document means, independent of how it is
spelled: local ``$ref``s (and single-element ``allOf`` wrappers) are followed and merged with
their sibling keywords, ``const`` reads as a one-value ``enum``, ``"null"`` in a type list or a
``{"type": "null"}`` union variant reads as *nullable*, a union of bare types reads as a type
set, and a union with a single non-null variant collapses onto that variant. Two schemas that
differ only in ``$defs`` names therefore normalize to nodes with equal :meth:`Node.fingerprint`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from novacat_persistence.schemadiff import json_text
from novacat_persistence.schemadiff.depth import MAX_DEPTH, too_deep
from novacat_persistence.schemadiff.errors import SchemaError

ANNOTATION_KEYWORDS = frozenset(
    {
        "$comment",
        "$id",
        "$schema",
        "default",
        "deprecated",
        "description",
        "discriminator",
        "examples",
        "readOnly",
        "title",
        "writeOnly",
    }
)
"""Keywords that never affect which instances validate (``discriminator`` is OpenAPI's hint)."""

DEFINITION_KEYWORDS = frozenset({"$defs", "definitions"})
"""Keywords holding reusable sub-schemas: compared only where a ``$ref`` reaches them."""

_SCHEMA_KEYWORDS = frozenset(
    {
        "additionalItems",
        "additionalProperties",
        "contains",
        "else",
        "if",
        "items",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SCHEMA_LIST_KEYWORDS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP_KEYWORDS = frozenset({"dependentSchemas", "patternProperties", "properties"})
_UNION_KEYWORDS = ("anyOf", "oneOf")
_NEVER = object()
"""Internal ``type`` value of the ``false`` schema: a type set that accepts nothing."""


def accepts_type(types: frozenset[str] | None, json_type: str) -> bool:
    """Whether a type set (``None``: any type) accepts instances of ``json_type``."""
    if types is None:
        return True
    return json_type in types or (json_type == "integer" and "number" in types)


def _intersect(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return frozenset(t for t in a | b if accepts_type(a, t) and accepts_type(b, t))


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return unquote(token).replace("~1", "/").replace("~0", "~")


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


@dataclass(frozen=True)
class _Flat:
    keywords: dict[str, object]
    origins: dict[str, str]
    identity: tuple[str, ...]
    ref: str | None
    followed: frozenset[str]


@dataclass(frozen=True)
class Node:
    """One schema location, references followed and unions normalized.

    ``types`` is the accepted JSON types without ``"null"`` (``None``: unconstrained, the empty
    set: nothing); ``nullable`` says whether ``null`` is accepted besides them. ``enum`` holds
    the allowed values (``const`` included). ``variants`` are the union's non-null alternatives
    when the union is not just a type set. ``keywords`` are the remaining keywords, merged over
    the ``$ref`` chain, with ``origins`` giving the document pointer each came from.
    ``identity`` names the document locations the node was built from: equal identities mean
    equal content, which is what the walker's recursion guard relies on. ``ref`` is the name of
    the first ``$defs`` entry the location refers to.
    """

    document: Document = field(compare=False, repr=False)
    raw: object = field(compare=False, repr=False)
    identity: tuple[str, ...]
    keywords: Mapping[str, object]
    origins: Mapping[str, str]
    types: frozenset[str] | None
    nullable: bool
    enum: tuple[object, ...] | None
    variants: tuple[Node, ...]
    union_keyword: str | None
    ref: str | None

    @property
    def constrained(self) -> bool:
        """Whether the node restricts the JSON type of its instances at all."""
        return self.types is not None or bool(self.variants)

    @property
    def accepts_anything(self) -> bool:
        """Whether every instance validates (``true``, ``{}``, or annotations only)."""
        return (
            self.types is None
            and self.enum is None
            and not self.variants
            and ANNOTATION_KEYWORDS.issuperset(self.keywords)
        )

    @property
    def accepts_nothing(self) -> bool:
        """Whether no instance validates (the ``false`` schema)."""
        return self.types == frozenset() and not self.nullable and not self.variants

    def lifted(self) -> Node:
        """Return this node as the single variant of a union: its nullability moves out."""
        return dataclasses.replace(self, nullable=False)

    def entries(self, keyword: str) -> Mapping[str, object]:
        """Return a name-to-value keyword (``properties``) as a mapping; absent: empty."""
        value = self.keywords.get(keyword, {})
        if not isinstance(value, Mapping):
            raise self.document.error(self.origins[keyword], f"{keyword} must be an object")
        return value

    def names(self, keyword: str) -> frozenset[str]:
        """Return a list-of-names keyword (``required``) as a set; absent: empty."""
        value = self.keywords.get(keyword, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.document.error(self.origins[keyword], f"{keyword} must list strings")
        return frozenset(value)

    def child(self, keyword: str, key: str | int | None = None) -> Node:
        """Return the sub-schema under ``keyword`` (and ``key``); absent reads as ``true``."""
        if keyword not in self.keywords:
            return self.document.node(True, f"{self.identity[-1]}/{_escape(keyword)}")
        value = self.keywords[keyword]
        pointer = f"{self.origins[keyword]}/{_escape(keyword)}"
        if key is None:
            return self.document.node(value, pointer)
        if isinstance(key, int) and isinstance(value, list) and 0 <= key < len(value):
            return self.document.node(value[key], f"{pointer}/{key}")
        if isinstance(key, str) and isinstance(value, Mapping) and key in value:
            return self.document.node(value[key], f"{pointer}/{_escape(key)}")
        raise self.document.error(pointer, f"no sub-schema {key!r} under {keyword}")

    def canonical_keyword(self, keyword: str, stack: tuple[tuple[str, ...], ...] = ()) -> object:
        """Return a keyword's value with its sub-schemas replaced by their digests
        (:meth:`canonical`)."""
        return self._canonical_keyword(keyword, stack)[0]

    def _canonical_keyword(
        self, keyword: str, stack: tuple[tuple[str, ...], ...]
    ) -> tuple[object, bool]:
        """The keyword's canonical value, and whether a recursion marker is in it."""
        value = self.keywords[keyword]
        if keyword in _SCHEMA_KEYWORDS:
            return self.child(keyword)._canonical(stack)
        if keyword in _SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            digests = [self.child(keyword, i)._canonical(stack) for i in range(len(value))]
            return [d for d, _ in digests], any(marked for _, marked in digests)
        if keyword in _SCHEMA_MAP_KEYWORDS:
            named = {
                name: self.child(keyword, name)._canonical(stack) for name in self.entries(keyword)
            }
            return {n: d for n, (d, _) in named.items()}, any(m for _, m in named.values())
        if keyword == "required":
            return sorted(self.names(keyword)), False
        return value, False

    def canonical(self, stack: tuple[tuple[str, ...], ...] = ()) -> str:
        """Return a digest of what the node accepts, names and annotations left out: equal
        for two nodes exactly when they accept the same (sha-256 of a canonical form whose
        sub-schemas are digests, so each level costs the same however deep it sits).

        A reference back into a node being expanded digests as ``{"$recursive": depth}``, so
        recursive schemas have finite canonical forms.
        """
        return self._canonical(stack)[0]

    def _canonical(self, stack: tuple[tuple[str, ...], ...]) -> tuple[str, bool]:
        """The digest, and whether a recursion marker is in it. A digest without one does
        not depend on ``stack`` (its sub-schemas hold no cycle): it is computed once per
        document location."""
        if self.identity in stack:
            return _digest({"$recursive": len(stack) - stack.index(self.identity)}), True
        key = (self.identity, self.nullable)  # a lifted node shares its identity
        known = self.document.digests.get(key)
        if known is not None:
            return known, False
        if len(stack) >= MAX_DEPTH:
            raise too_deep(f"{self.document.label} schema at {self.identity[-1]}")
        inner = (*stack, self.identity)
        variants = [v._canonical(inner) for v in self.variants]
        keywords = {
            k: self._canonical_keyword(k, inner)
            for k in self.keywords
            if k not in ANNOTATION_KEYWORDS and k not in DEFINITION_KEYWORDS
        }
        digest = _digest(
            {
                "types": None if self.types is None else sorted(self.types),
                "nullable": self.nullable,
                "enum": None if self.enum is None else sorted(map(canonical_json, self.enum)),
                "variants": sorted(d for d, _ in variants),
                "keywords": {k: value for k, (value, _) in keywords.items()},
            }
        )
        marked = any(m for _, m in variants) or any(m for _, m in keywords.values())
        if not marked:
            self.document.digests[key] = digest
        return digest, marked

    def fingerprint(self) -> str:
        """Return a string equal for two nodes exactly when they accept the same."""
        return self.canonical()


def _digest(form: object) -> str:
    text = canonical_json(form).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()


def canonical_json(value: object) -> str:
    """Serialize JSON data deterministically (sorted keys, no whitespace)."""
    return json_text.dumps(value, canonical=True)


class Document:
    """One schema document: resolves its local ``$ref``s and builds its :class:`Node`s."""

    def __init__(self, schema: object, label: str) -> None:
        """Wrap ``schema`` (the parsed JSON); ``label`` names it in error messages."""
        if not isinstance(schema, Mapping):
            raise SchemaError(f"{label} schema: not a JSON Schema object (found {_kind(schema)})")
        self._schema: Mapping[str, object] = schema
        self.label = label
        """Which schema this is (``old`` or ``new``), in error messages."""
        self._nodes: dict[str, Node] = {}
        self.digests: dict[tuple[tuple[str, ...], bool], str] = {}
        """:meth:`Node.canonical` digests that hold no recursion marker, by node identity and
        nullability."""

    def error(self, pointer: str, message: str) -> SchemaError:
        """Return the error to raise for a problem at ``pointer``."""
        return SchemaError(f"{self.label} schema at {pointer}: {message}")

    def root(self) -> Node:
        """Return the node of the whole document."""
        return self.node(self._schema, "#")

    def node(self, raw: object, pointer: str, following: frozenset[str] = frozenset()) -> Node:
        """Return the node of ``raw``, found at ``pointer``.

        ``following`` holds the references being followed to reach it: a reference back into
        one of them without structure in between cannot be normalized. Without any, a
        location's node is built once (a pointer names one location of the document).
        """
        if not following and pointer in self._nodes:
            return self._nodes[pointer]
        node = self._build(raw, pointer, following)
        if not following:
            self._nodes[pointer] = node
        return node

    def _build(self, raw: object, pointer: str, following: frozenset[str]) -> Node:
        flat = self._flatten(raw, pointer, following)
        keywords = dict(flat.keywords)
        types, nullable = self._types(keywords.pop("type", None), flat)
        enum = self._enum(keywords, flat)
        union_keyword = next((k for k in _UNION_KEYWORDS if k in keywords), None)
        node = Node(
            document=self,
            raw=raw,
            identity=flat.identity,
            keywords=keywords,
            origins=flat.origins,
            types=types,
            nullable=nullable,
            enum=enum,
            variants=(),
            union_keyword=None,
            ref=flat.ref,
        )
        if union_keyword is None:
            return node
        return self._union(node, union_keyword, following | flat.followed)

    def _union(self, node: Node, union_keyword: str, following: frozenset[str]) -> Node:
        keywords = dict(node.keywords)
        raw_variants = keywords.pop(union_keyword)
        base = f"{node.origins[union_keyword]}/{union_keyword}"
        if not isinstance(raw_variants, list):
            raise self.error(base, f"{union_keyword} must be an array")
        variants = [self.node(v, f"{base}/{i}", following) for i, v in enumerate(raw_variants)]
        nullable = node.nullable or any(_is_bare(v) and v.nullable for v in variants)
        rest = [v for v in variants if not (_is_bare(v) and v.types == frozenset())]
        wrapper = dataclasses.replace(node, keywords=keywords, nullable=nullable)
        if all(_is_bare(v) for v in rest):
            union_types = frozenset[str]().union(*(v.types for v in rest if v.types is not None))
            return dataclasses.replace(wrapper, types=_intersect(node.types, union_types))
        if len(rest) == 1:
            (only,) = rest
            return dataclasses.replace(
                only,
                raw=node.raw,
                identity=(*node.identity, *only.identity),
                keywords={**only.keywords, **keywords},
                origins={**only.origins, **{k: node.origins[k] for k in keywords}},
                types=_intersect(node.types, only.types),
                nullable=nullable or only.nullable,
                enum=only.enum if node.enum is None else node.enum,
                ref=node.ref or only.ref,
            )
        return dataclasses.replace(wrapper, variants=tuple(rest), union_keyword=union_keyword)

    def _flatten(self, raw: object, pointer: str, following: frozenset[str]) -> _Flat:
        if isinstance(raw, bool):
            keywords: dict[str, object] = {} if raw else {"type": _NEVER}
            return _Flat(keywords, {k: pointer for k in keywords}, (pointer,), None, frozenset())
        if not isinstance(raw, Mapping):
            raise self.error(pointer, f"expected a schema (object or boolean), found {_kind(raw)}")
        own = dict(raw)
        ref = own.pop("$ref", None)
        single_all_of = own.get("allOf")
        if ref is not None:
            target = self._target(ref, pointer)
            if target in following:
                raise self.error(pointer, f"$ref {ref!r} refers to itself without structure")
            if len(following) >= MAX_DEPTH:
                raise too_deep(f"{self.label} schema's $ref chain at {pointer}")
            inner = self._flatten(self._lookup(target), target, following | {target})
            name: str | None = _unescape(target.rsplit("/", 1)[-1]) if "/" in target else target
            followed = inner.followed | {target}
        elif isinstance(single_all_of, list) and len(single_all_of) == 1:
            del own["allOf"]
            inner = self._flatten(single_all_of[0], f"{pointer}/allOf/0", following)
            name = None
            followed = inner.followed
        else:
            return _Flat(own, {k: pointer for k in own}, (pointer,), None, frozenset())
        return _Flat(
            keywords={**inner.keywords, **own},
            origins={**inner.origins, **{k: pointer for k in own}},
            identity=((pointer,) if own else ()) + inner.identity,
            ref=name or inner.ref,
            followed=followed,
        )

    def _target(self, ref: object, pointer: str) -> str:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise self.error(pointer, f"only local references ('#/...') are supported: {ref!r}")
        return ref

    def _lookup(self, target: str) -> object:
        value: object = self._schema
        tokens = target[1:].split("/")[1:] if target != "#" else []
        for token in tokens:
            key = _unescape(token)
            if isinstance(value, Mapping) and key in value:
                value = value[key]
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            else:
                raise self.error(target, "unresolvable $ref")
        return value

    def _types(self, raw: object, flat: _Flat) -> tuple[frozenset[str] | None, bool]:
        if raw is None:
            return None, False
        if raw is _NEVER:
            return frozenset(), False
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise self.error(flat.origins["type"], "type must be a string or a list of strings")
        return frozenset(names) - {"null"}, "null" in names

    def _enum(self, keywords: dict[str, object], flat: _Flat) -> tuple[object, ...] | None:
        if "const" in keywords:
            keywords.pop("enum", None)
            return (keywords.pop("const"),)
        if "enum" not in keywords:
            return None
        values = keywords.pop("enum")
        if not isinstance(values, list):
            raise self.error(flat.origins["enum"], "enum must be an array")
        return tuple(values)


def _is_bare(node: Node) -> bool:
    """Whether a union variant only names types (it then merges into the union's type set)."""
    return (
        node.types is not None
        and node.enum is None
        and not node.variants
        and ANNOTATION_KEYWORDS.issuperset(node.keywords)
    )
