"""The walker: compare two normalized schemas location by location and classify each change.

The walk follows the instance structure (``properties``, ``items``, ``additionalProperties``,
union variants, ``prefixItems``), through ``$ref``s, so ``$defs`` entries are compared where
they are used. A pair of locations already being compared higher up the walk is not entered
again: that is how recursive schemas terminate (and, coinductively, compare as equal there).
The verdict of each rule is documented in ``CATALOGUE.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from novacat_persistence.schemadiff import catalogue as rules
from novacat_persistence.schemadiff.catalogue import Rule, Verdict, Verdicts
from novacat_persistence.schemadiff.depth import MAX_DEPTH, check_nesting, on_deep_stack, too_deep
from novacat_persistence.schemadiff.normalize import (
    ANNOTATION_KEYWORDS,
    DEFINITION_KEYWORDS,
    Document,
    Node,
    accepts_type,
    canonical_json,
)
from novacat_persistence.schemadiff.report import Change, DiffReport

Path = tuple[str, ...]
_ABSENT = object()
_SHORT = 60
_OK = Verdict.COMPATIBLE
_BREAKS = Verdict.INCOMPATIBLE


@dataclass(frozen=True)
class _Bound:
    """A lower or upper bound, spelled by one or more keywords.

    ``keywords`` pairs each keyword with its strictness rank at equal value (an exclusive bound
    is stricter than an inclusive one).
    """

    keywords: tuple[tuple[str, int], ...]
    upper: bool


@dataclass(frozen=True)
class _Limit:
    """The strictest limit a node sets for one bound; a larger ``key`` is stricter."""

    key: tuple[float, int]
    keyword: str
    value: object


_BOUNDS = (
    _Bound((("minimum", 0), ("exclusiveMinimum", 1)), upper=False),
    _Bound((("maximum", 0), ("exclusiveMaximum", 1)), upper=True),
    _Bound((("minLength", 0),), upper=False),
    _Bound((("maxLength", 0),), upper=True),
    _Bound((("minItems", 0),), upper=False),
    _Bound((("maxItems", 0),), upper=True),
    _Bound((("minProperties", 0),), upper=False),
    _Bound((("maxProperties", 0),), upper=True),
    _Bound((("uniqueItems", 0),), upper=False),
)
_STRING_CONSTRAINTS = (
    ("pattern", rules.PATTERN_ADDED, rules.PATTERN_REMOVED, rules.PATTERN_CHANGED),
    ("format", rules.FORMAT_ADDED, rules.FORMAT_REMOVED, rules.FORMAT_CHANGED),
)
_HANDLED = (
    ANNOTATION_KEYWORDS
    | DEFINITION_KEYWORDS
    | {keyword for bound in _BOUNDS for keyword, _ in bound.keywords}
    | {keyword for keyword, *_ in _STRING_CONSTRAINTS}
    | {"properties", "required", "additionalProperties", "items", "prefixItems"}
)
"""Keywords with a dedicated comparison; any other differing keyword is ``keyword-changed``."""


def classify(old: Mapping[str, object], new: Mapping[str, object]) -> DiffReport:
    """Classify every difference between the ``old`` and ``new`` JSON Schemas.

    Raises :class:`~novacat_persistence.schemadiff.errors.SchemaError` when either document
    is not a schema object, has an unresolvable or non-local ``$ref``, a malformed keyword, or
    nests deeper than :data:`~novacat_persistence.schemadiff.depth.MAX_DEPTH` levels.
    """
    check_nesting(old, "old schema")
    check_nesting(new, "new schema")

    def walk() -> DiffReport:
        walker = _Walker(set())
        walker.compare(Document(old, "old").root(), Document(new, "new").root(), ())
        return DiffReport(tuple(walker.changes))

    return on_deep_stack(walk, "the schemas")


def _differs(before: object, after: object) -> bool:
    if before is _ABSENT or after is _ABSENT:
        return before is not after
    return canonical_json(before) != canonical_json(after)


def _short(value: object) -> str | None:
    if value is _ABSENT:
        return None
    text = canonical_json(value)
    return text if len(text) <= _SHORT else f"{text[: _SHORT - 3]}..."


def _types_text(node: Node) -> str:
    if node.types is None:
        return "any"
    names = sorted(node.types) + (["null"] if node.nullable else [])
    return "|".join(names) or "nothing"


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if narrow is None:
        return wide is None
    return all(accepts_type(wide, t) for t in narrow)


def _tag_property(node: Node) -> str | None:
    discriminator = node.keywords.get("discriminator")
    if isinstance(discriminator, Mapping):
        name = discriminator.get("propertyName")
        return name if isinstance(name, str) else None
    return None


def _variant_key(node: Node, tag_property: str | None) -> str:
    """Return what identifies a union variant across versions: its tag, $defs name or types."""
    if tag_property is not None and tag_property in node.entries("properties"):
        tag = node.child("properties", tag_property)
        if tag.enum is not None and len(tag.enum) == 1:
            return f"tag:{canonical_json(tag.enum[0])}"
    if node.ref is not None:
        return f"ref:{node.ref}"
    return f"types:{_types_text(node)}"


def _common_tag_property(old: Node, new: Node) -> str | None:
    """Return the discriminator property of the unions, unless they disagree about it."""
    old_tag, new_tag = _tag_property(old), _tag_property(new)
    if old_tag is None or new_tag is None:
        return old_tag or new_tag
    return old_tag if old_tag == new_tag else None


def _title(node: Node) -> str | None:
    """Return a variant's title, which names it across versions when its $defs name changed."""
    title = node.keywords.get("title")
    return f"title:{title}" if isinstance(title, str) else None


def _pair_unique(
    old: Sequence[Node],
    new: Sequence[Node],
    free: tuple[list[int], list[int]],
    key: Callable[[Node], str | None],
) -> list[tuple[int, int]]:
    """Pair the free variants whose key is unique on both sides and equal; unfree them.

    Variants whose key is None are left free.
    """
    old_keys = {i: k for i in free[0] if (k := key(old[i])) is not None}
    new_keys = {j: k for j in free[1] if (k := key(new[j])) is not None}
    old_counts, new_counts = Counter(old_keys.values()), Counter(new_keys.values())
    unique_new = {k: j for j, k in new_keys.items() if new_counts[k] == 1}
    pairs = [
        (i, unique_new[k]) for i, k in old_keys.items() if old_counts[k] == 1 and k in unique_new
    ]
    for i, j in pairs:
        free[0].remove(i)
        free[1].remove(j)
    return pairs


class _Walker:
    """Collects the changes between two node trees; ``active`` is the shared recursion guard."""

    def __init__(self, active: set[tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.changes: list[Change] = []
        self._active = active

    def compare(self, old: Node, new: Node, path: Path) -> None:
        """Record every change from ``old`` to ``new`` found at ``path`` and below."""
        key = (old.identity, new.identity)
        if key in self._active:
            return
        if len(self._active) >= MAX_DEPTH:
            raise too_deep("the comparison of the schemas")
        self._active.add(key)
        try:
            self._compare(old, new, path)
        finally:
            self._active.discard(key)

    def verdicts(self, old: Node, new: Node) -> Verdicts:
        """Return whether ``new`` accepts all ``old`` accepts, and conversely, without recording."""
        probe = _Walker(self._active)
        probe.compare(old, new, ())
        report = DiffReport(tuple(probe.changes))
        return (
            _OK if report.backward_compatible else _BREAKS,
            _OK if report.forward_compatible else _BREAKS,
        )

    def _emit(
        self,
        rule: Rule,
        path: Path,
        old: str | None,
        new: str | None,
        computed: Verdicts | None = None,
    ) -> None:
        backward, forward = rule.verdicts(computed)
        self.changes.append(Change(rule, ".".join(path), old, new, backward, forward))

    def _compare(self, old: Node, new: Node, path: Path) -> None:
        if old.ref is not None and new.ref is not None and old.ref != new.ref:
            self._emit(rules.DEFS_RENAMED, path, old.ref, new.ref)
        if old.variants or new.variants:
            self._compare_unions(old, new, path)
            return
        self._compare_annotations(old, new, path)
        self._compare_nullability(old, new, path)
        if not self._compare_types(old, new, path):
            return
        self._compare_enum(old, new, path)
        self._compare_bounds(old, new, path)
        self._compare_string_constraints(old, new, path)
        self._compare_object(old, new, path)
        self._compare_array(old, new, path)
        for keyword in sorted((old.keywords.keys() | new.keywords.keys()) - _HANDLED):
            self._compare_keyword(old, new, path, keyword)

    def _compare_annotations(self, old: Node, new: Node, path: Path) -> None:
        for keyword in sorted((old.keywords.keys() | new.keywords.keys()) & ANNOTATION_KEYWORDS):
            before = old.keywords.get(keyword, _ABSENT)
            after = new.keywords.get(keyword, _ABSENT)
            if _differs(before, after):
                self._emit(
                    rules.ANNOTATION_CHANGED, (*path, keyword), _short(before), _short(after)
                )

    def _compare_nullability(self, old: Node, new: Node, path: Path) -> None:
        if old.constrained and new.constrained and old.nullable != new.nullable:
            rule = rules.NULLABILITY_ADDED if new.nullable else rules.NULLABILITY_REMOVED
            self._emit(rule, path, _types_text(old), _types_text(new))

    def _compare_types(self, old: Node, new: Node, path: Path) -> bool:
        """Record a type change; return whether the other keywords are still worth comparing."""
        grows, shrinks = _covers(new.types, old.types), _covers(old.types, new.types)
        if grows and shrinks:
            return True
        rule = (
            rules.TYPE_WIDENED if grows else rules.TYPE_NARROWED if shrinks else rules.TYPE_CHANGED
        )
        self._emit(rule, path, _types_text(old), _types_text(new))
        return rule is not rules.TYPE_CHANGED and frozenset() not in (old.types, new.types)

    def _compare_enum(self, old: Node, new: Node, path: Path) -> None:
        before = None if old.enum is None else {canonical_json(v) for v in old.enum}
        after = None if new.enum is None else {canonical_json(v) for v in new.enum}
        if before == after:
            return
        if before is None or (after is not None and after < before):
            rule = rules.ENUM_NARROWED
        elif after is None or before < after:
            rule = rules.ENUM_EXTENDED
        else:
            rule = rules.ENUM_CHANGED
        old_values = _ABSENT if old.enum is None else list(old.enum)
        new_values = _ABSENT if new.enum is None else list(new.enum)
        self._emit(rule, path, _short(old_values), _short(new_values))

    def _compare_bounds(self, old: Node, new: Node, path: Path) -> None:
        for bound in _BOUNDS:
            before, after = _limit(bound, old), _limit(bound, new)
            changed = after if after is not None else before
            if changed is None or (
                before is not None and after is not None and before.key == after.key
            ):
                continue
            tighter = before is None or (after is not None and after.key > before.key)
            rule = rules.BOUND_TIGHTENED if tighter else rules.BOUND_LOOSENED
            self._emit(rule, (*path, changed.keyword), _limit_text(before), _limit_text(after))

    def _compare_string_constraints(self, old: Node, new: Node, path: Path) -> None:
        for keyword, added, removed, changed in _STRING_CONSTRAINTS:
            before = old.keywords.get(keyword, _ABSENT)
            after = new.keywords.get(keyword, _ABSENT)
            if not _differs(before, after):
                continue
            rule = added if before is _ABSENT else removed if after is _ABSENT else changed
            self._emit(rule, (*path, keyword), _short(before), _short(after))

    def _compare_object(self, old: Node, new: Node, path: Path) -> None:
        old_props, new_props = old.entries("properties"), new.entries("properties")
        old_required, new_required = old.names("required"), new.names("required")
        for name in sorted(old_props.keys() | new_props.keys() | old_required | new_required):
            at = (*path, "properties", name)
            in_old, in_new = name in old_props, name in new_props
            if in_old and in_new:
                self.compare(old.child("properties", name), new.child("properties", name), at)
            if in_old == in_new:
                self._compare_required(name in old_required, name in new_required, at)
            elif in_new:
                self._property_added(old, new.child("properties", name), name in new_required, at)
            else:
                self._property_removed(old.child("properties", name), new, name in old_required, at)
        self._compare_additional_properties(old, new, path)

    def _compare_required(self, was: bool, now: bool, at: Path) -> None:
        if was != now:
            rule = rules.REQUIRED_ADDED if now else rules.REQUIRED_REMOVED
            self._emit(
                rule, at, "required" if was else "optional", "required" if now else "optional"
            )

    def _undeclared_verdicts(self, model: Node, declared: Node, *, adding: bool) -> Verdicts:
        """Verdicts of declaring (or undeclaring) a property where ``model`` does not have it.

        In an open content model an undeclared property is assumed absent from data (see
        CATALOGUE.md); otherwise its value was (or will be) checked by ``additionalProperties``.
        """
        undeclared = model.child("additionalProperties")
        if undeclared.accepts_anything:
            return _OK, _OK
        if adding:
            return self.verdicts(undeclared, declared)
        return self.verdicts(declared, undeclared)

    def _property_added(self, old: Node, added: Node, required: bool, at: Path) -> None:
        backward, forward = self._undeclared_verdicts(old, added, adding=True)
        if not required:
            rule = rules.PROPERTY_ADDED_OPTIONAL
        elif "default" in added.keywords:
            rule = rules.PROPERTY_ADDED_REQUIRED_WITH_DEFAULT
        else:
            rule = rules.PROPERTY_ADDED_REQUIRED
        self._emit(rule, at, None, _short(added.raw), (backward, forward))

    def _property_removed(self, removed: Node, new: Node, was_required: bool, at: Path) -> None:
        backward, forward = self._undeclared_verdicts(new, removed, adding=False)
        if was_required:
            forward = _BREAKS
        self._emit(rules.PROPERTY_REMOVED, at, _short(removed.raw), None, (backward, forward))

    def _compare_additional_properties(self, old: Node, new: Node, path: Path) -> None:
        before, after = old.child("additionalProperties"), new.child("additionalProperties")
        at = (*path, "additionalProperties")
        old_rank, new_rank = _openness(before), _openness(after)
        if old_rank == new_rank == 1:
            self.compare(before, after, at)
        elif old_rank != new_rank:
            rule = (
                rules.ADDITIONAL_PROPERTIES_OPENED
                if new_rank > old_rank
                else rules.ADDITIONAL_PROPERTIES_CLOSED
            )
            self._emit(
                rule,
                at,
                _short(old.keywords.get("additionalProperties", _ABSENT)),
                _short(new.keywords.get("additionalProperties", _ABSENT)),
            )

    def _compare_array(self, old: Node, new: Node, path: Path) -> None:
        in_old, in_new = "items" in old.keywords, "items" in new.keywords
        if in_old and in_new:
            self.compare(old.child("items"), new.child("items"), (*path, "items"))
        elif in_old or in_new:
            self._emit(
                rules.ITEMS_CHANGED,
                (*path, "items"),
                _short(old.keywords.get("items", _ABSENT)),
                _short(new.keywords.get("items", _ABSENT)),
                self.verdicts(old.child("items"), new.child("items")),
            )
        before, after = old.keywords.get("prefixItems"), new.keywords.get("prefixItems")
        if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
            for i in range(len(before)):
                at = (*path, "prefixItems", str(i))
                self.compare(old.child("prefixItems", i), new.child("prefixItems", i), at)
        else:
            self._compare_keyword(old, new, path, "prefixItems")

    def _compare_keyword(self, old: Node, new: Node, path: Path, keyword: str) -> None:
        """Record ``keyword-changed`` if a keyword without a dedicated rule differs."""
        before = old.canonical_keyword(keyword) if keyword in old.keywords else _ABSENT
        after = new.canonical_keyword(keyword) if keyword in new.keywords else _ABSENT
        if _differs(before, after):
            self._emit(
                rules.KEYWORD_CHANGED,
                (*path, keyword),
                _short(old.keywords.get(keyword, _ABSENT)),
                _short(new.keywords.get(keyword, _ABSENT)),
            )

    def _compare_unions(self, old: Node, new: Node, path: Path) -> None:
        """Compare when either side is a union; a non-union side acts as a one-variant union.

        Annotations are compared at the union level only when both sides are unions; otherwise
        they are compared with the variant the non-union side is paired with.
        """
        if old.variants and new.variants:
            self._compare_annotations(old, new, path)
        self._compare_nullability(old, new, path)
        olds = old.variants or (old.lifted(),)
        news = new.variants or (new.lifted(),)
        old_label = old.union_keyword or new.union_keyword or ""
        new_label = new.union_keyword or old_label
        tag = _common_tag_property(old, new)
        free = (list(range(len(olds))), list(range(len(news))))
        pairs = _pair_unique(olds, news, free, Node.fingerprint)
        pairs += _pair_unique(olds, news, free, lambda node: _variant_key(node, tag))
        pairs += _pair_unique(olds, news, free, _title)
        if len(free[0]) == len(free[1]):
            # As many variants left on each side: the same variants, changed (a new version of
            # each model under a new $defs name), paired in their order.
            pairs += zip(free[0], free[1], strict=True)
            free[0].clear()
            free[1].clear()
        for i, j in sorted(pairs, key=lambda pair: pair[1]):
            at = (*path, new_label, str(j)) if new.variants else (*path, old_label, str(i))
            self.compare(olds[i], news[j], at)
        for i in free[0]:
            self._emit(
                rules.UNION_VARIANT_REMOVED, (*path, old_label, str(i)), _short(olds[i].raw), None
            )
        for j in free[1]:
            self._emit(
                rules.UNION_VARIANT_ADDED, (*path, new_label, str(j)), None, _short(news[j].raw)
            )


def _limit(bound: _Bound, node: Node) -> _Limit | None:
    """Return the strictest limit a node sets for ``bound``, or ``None``.

    ``uniqueItems: true`` counts as a lower limit of 1, ``false`` as no limit.
    """
    found: list[_Limit] = []
    for keyword, rank in bound.keywords:
        value = node.keywords.get(keyword, False)
        if value is False:
            continue
        if not isinstance(value, int | float):
            raise node.document.error(node.origins[keyword], f"{keyword} must be a number")
        key = (-float(value) if bound.upper else float(value), rank)
        found.append(_Limit(key, keyword, value))
    return max(found, key=lambda limit: limit.key) if found else None


def _limit_text(limit: _Limit | None) -> str | None:
    return None if limit is None else f"{limit.keyword}={canonical_json(limit.value)}"


def _openness(undeclared: Node) -> int:
    """Rank an ``additionalProperties`` schema: 0 closed, 1 a schema, 2 open."""
    if undeclared.accepts_nothing:
        return 0
    return 2 if undeclared.accepts_anything else 1
