"""JSON Schema difference classifier: every change between two schemas, with its verdicts.

:func:`classify` compares an old and a new schema (draft 2020-12 as pydantic v2 generates it)
and returns a :class:`DiffReport`: each :class:`Change` names a rule of the catalogue
(``CATALOGUE.md`` beside this module, :data:`RULES` as data), where it happened, and whether
it keeps backward compatibility (the new schema accepts all old data) and forward
compatibility (the old schema accepts all new data).
"""

from novacat_persistence.schemadiff.catalogue import RULES, Rule, Verdict
from novacat_persistence.schemadiff.compare import classify
from novacat_persistence.schemadiff.depth import MAX_DEPTH, nesting
from novacat_persistence.schemadiff.errors import SchemaError
from novacat_persistence.schemadiff.loading import parse_schema
from novacat_persistence.schemadiff.render import JSON_FORMAT, render_json, render_text
from novacat_persistence.schemadiff.report import (
    DIRECTIONS,
    Bump,
    Change,
    ChangeClass,
    DiffReport,
    Direction,
)

__all__ = [
    "DIRECTIONS",
    "JSON_FORMAT",
    "MAX_DEPTH",
    "RULES",
    "Bump",
    "Change",
    "ChangeClass",
    "DiffReport",
    "Direction",
    "Rule",
    "SchemaError",
    "Verdict",
    "classify",
    "nesting",
    "parse_schema",
    "render_json",
    "render_text",
]
