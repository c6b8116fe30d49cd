"""Renderers of a :class:`DiffReport`: one line per change as text, or a stable JSON object."""

from __future__ import annotations

from novacat_persistence.schemadiff.catalogue import Verdict
from novacat_persistence.schemadiff.report import Change, DiffReport, Direction

JSON_FORMAT = "novacat-schemadiff/1"
"""The ``format`` member of the JSON rendering; bumped on any incompatible change of shape."""


def _mark(verdict: Verdict) -> str:
    return "ok" if verdict is Verdict.COMPATIBLE else "BREAKS"


def _line(change: Change) -> str:
    old = "(absent)" if change.old is None else change.old
    new = "(absent)" if change.new is None else change.new
    return (
        f"{change.rule_id}  {change.path or '(root)'}  "
        f"backward={_mark(change.backward)} forward={_mark(change.forward)}  {old} -> {new}"
    )


def render_text(report: DiffReport, direction: Direction) -> str:
    """Return one line per change, then a summary line judging ``direction``."""
    backward = "ok" if report.backward_compatible else "BREAKS"
    forward = "ok" if report.forward_compatible else "BREAKS"
    verdict = "compatible" if report.compatible(direction) else "INCOMPATIBLE"
    summary = (
        f"summary: {len(report.changes)} change(s)  backward={backward} forward={forward}  "
        f"{direction}: {verdict}  class={report.change_class(direction)} "
        f"bump={report.required_bump(direction)}"
    )
    return "\n".join([*map(_line, report.changes), summary])


def render_json(report: DiffReport, direction: Direction) -> dict[str, object]:
    """Return the report as the documented JSON object (see CATALOGUE.md, "JSON output")."""
    return {
        "format": JSON_FORMAT,
        "direction": direction,
        "compatible": report.compatible(direction),
        "backward_compatible": report.backward_compatible,
        "forward_compatible": report.forward_compatible,
        "change_class": report.change_class(direction),
        "required_bump": report.required_bump(direction),
        "changes": [
            {
                "rule": change.rule_id,
                "path": change.path,
                "old": change.old,
                "new": change.new,
                "backward": change.backward.value,
                "forward": change.forward.value,
                "annotation": change.rule.annotation,
            }
            for change in report.changes
        ],
    }
