"""Check ``snapshots``: published snapshots are immutable, and the models still generate them."""

from __future__ import annotations

from novacat_persistence.gate.checks.context import SCHEMAS, Context
from novacat_persistence.gate.checks.result import CheckResult, judged


def published_snapshots(ctx: Context) -> CheckResult:
    """Every snapshot published at the base is byte-identical in the working tree, and the
    working tree's models (its own code, whatever is installed) generate exactly its
    snapshots."""
    count, findings = ctx.unchanged_files(SCHEMAS, "snapshot")
    notes = [f"{count} snapshot(s) published at the base"]
    drifts = ctx.tree.drifts
    findings += [ctx.tree.not_run("drifts")] if drifts is None else drifts
    return judged(
        "snapshots",
        "published snapshots are immutable",
        f"{count} published snapshot(s) unchanged",
        findings,
        notes,
    )
