"""The rule catalogue as data: every rule id the classifier can emit and its fixed verdicts.

``CATALOGUE.md`` beside this module documents each rule (what changed, both verdicts, the
open/closed content-model notes); a test keeps that table and :data:`RULES` in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """Whether one change keeps a compatibility direction intact."""

    COMPATIBLE = "compatible"
    INCOMPATIBLE = "incompatible"


Verdicts = tuple[Verdict, Verdict]
"""A ``(backward, forward)`` pair of verdicts."""


@dataclass(frozen=True)
class Rule:
    """One kind of schema difference.

    ``backward``/``forward`` are the rule's fixed verdicts; ``None`` means the verdict depends on
    the content model (open, closed or partially open) or on the sub-schemas involved, and is
    computed for each change. ``annotation`` rules never affect validity (a patch-level change).
    """

    id: str
    summary: str
    backward: Verdict | None
    forward: Verdict | None
    annotation: bool = False

    def verdicts(self, computed: Verdicts | None = None) -> Verdicts:
        """Return the verdicts of one change: the fixed ones, else ``computed``.

        A rule with a computed verdict emitted without one is judged incompatible (the
        conservative answer).
        """
        fallback = computed or (Verdict.INCOMPATIBLE, Verdict.INCOMPATIBLE)
        backward = fallback[0] if self.backward is None else self.backward
        forward = fallback[1] if self.forward is None else self.forward
        return backward, forward


_OK = Verdict.COMPATIBLE
_BREAKS = Verdict.INCOMPATIBLE

PROPERTY_ADDED_OPTIONAL = Rule(
    "property-added-optional", "an optional property was declared", None, None
)
PROPERTY_ADDED_REQUIRED = Rule(
    "property-added-required", "a required property without default was declared", _BREAKS, None
)
PROPERTY_ADDED_REQUIRED_WITH_DEFAULT = Rule(
    "property-added-required-with-default",
    "a required property with a default was declared",
    _BREAKS,
    None,
)
PROPERTY_REMOVED = Rule("property-removed", "a declared property was removed", None, None)
REQUIRED_ADDED = Rule("required-added", "an existing property became required", _BREAKS, _OK)
REQUIRED_REMOVED = Rule("required-removed", "a required property became optional", _OK, _BREAKS)
NULLABILITY_ADDED = Rule("nullability-added", "null is now accepted", _OK, _BREAKS)
NULLABILITY_REMOVED = Rule("nullability-removed", "null is no longer accepted", _BREAKS, _OK)
TYPE_WIDENED = Rule("type-widened", "the accepted types grew", _OK, _BREAKS)
TYPE_NARROWED = Rule("type-narrowed", "the accepted types shrank", _BREAKS, _OK)
TYPE_CHANGED = Rule("type-changed", "the accepted types were replaced", _BREAKS, _BREAKS)
ENUM_EXTENDED = Rule("enum-extended", "the allowed values (enum/const) grew", _OK, _BREAKS)
ENUM_NARROWED = Rule("enum-narrowed", "the allowed values (enum/const) shrank", _BREAKS, _OK)
ENUM_CHANGED = Rule(
    "enum-changed", "the allowed values (enum/const) were replaced", _BREAKS, _BREAKS
)
BOUND_TIGHTENED = Rule("bound-tightened", "a bound was added or made stricter", _BREAKS, _OK)
BOUND_LOOSENED = Rule("bound-loosened", "a bound was removed or relaxed", _OK, _BREAKS)
PATTERN_ADDED = Rule("pattern-added", "a pattern was added", _BREAKS, _OK)
PATTERN_REMOVED = Rule("pattern-removed", "the pattern was removed", _OK, _BREAKS)
PATTERN_CHANGED = Rule("pattern-changed", "the pattern was replaced", _BREAKS, _BREAKS)
FORMAT_ADDED = Rule("format-added", "a format was added", _BREAKS, _OK)
FORMAT_REMOVED = Rule("format-removed", "the format was removed", _OK, _BREAKS)
FORMAT_CHANGED = Rule("format-changed", "the format was replaced", _BREAKS, _BREAKS)
ADDITIONAL_PROPERTIES_OPENED = Rule(
    "additional-properties-opened", "undeclared properties are accepted more widely", _OK, _BREAKS
)
ADDITIONAL_PROPERTIES_CLOSED = Rule(
    "additional-properties-closed", "undeclared properties are accepted more narrowly", _BREAKS, _OK
)
ITEMS_CHANGED = Rule("items-changed", "the item schema was added or removed", None, None)
UNION_VARIANT_ADDED = Rule("union-variant-added", "a union variant was added", _OK, _BREAKS)
UNION_VARIANT_REMOVED = Rule("union-variant-removed", "a union variant was removed", _BREAKS, _OK)
DEFS_RENAMED = Rule(
    "defs-renamed", "a reference now names another $defs entry", _OK, _OK, annotation=True
)
ANNOTATION_CHANGED = Rule(
    "annotation-changed", "an annotation keyword changed", _OK, _OK, annotation=True
)
KEYWORD_CHANGED = Rule(
    "keyword-changed",
    "a validation keyword the classifier does not model changed",
    _BREAKS,
    _BREAKS,
)

RULES: tuple[Rule, ...] = (
    PROPERTY_ADDED_OPTIONAL,
    PROPERTY_ADDED_REQUIRED,
    PROPERTY_ADDED_REQUIRED_WITH_DEFAULT,
    PROPERTY_REMOVED,
    REQUIRED_ADDED,
    REQUIRED_REMOVED,
    NULLABILITY_ADDED,
    NULLABILITY_REMOVED,
    TYPE_WIDENED,
    TYPE_NARROWED,
    TYPE_CHANGED,
    ENUM_EXTENDED,
    ENUM_NARROWED,
    ENUM_CHANGED,
    BOUND_TIGHTENED,
    BOUND_LOOSENED,
    PATTERN_ADDED,
    PATTERN_REMOVED,
    PATTERN_CHANGED,
    FORMAT_ADDED,
    FORMAT_REMOVED,
    FORMAT_CHANGED,
    ADDITIONAL_PROPERTIES_OPENED,
    ADDITIONAL_PROPERTIES_CLOSED,
    ITEMS_CHANGED,
    UNION_VARIANT_ADDED,
    UNION_VARIANT_REMOVED,
    DEFS_RENAMED,
    ANNOTATION_CHANGED,
    KEYWORD_CHANGED,
)
"""Every rule the classifier can emit, in catalogue order; ids are unique and stable."""
