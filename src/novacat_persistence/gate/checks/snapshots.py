"""Check ``snapshots``: published snapshots are immutable, and the models still generate them."""

from __future__ import annotations

from novacat_persistence.contracts import snapshots
from novacat_persistence.gate.checks.context import SCHEMAS, Context
from novacat_persistence.gate.checks.result import CheckResult, judged


def published_snapshots(ctx: Context) -> CheckResult:
    """Every snapshot published at the base is byte-identical in the working tree, and the
    working tree's models generate exactly its snapshots."""
    count, findings = ctx.unchanged_files(SCHEMAS, "snapshot")
    notes = [f"{count} snapshot(s) published at the base"]
    if ctx.installed_here:
        findings += [drift.describe() for drift in snapshots.check(ctx.repo / SCHEMAS)]
    else:
        notes.append(f"models vs snapshots: {ctx.not_here()}")
    return judged(
        "snapshots",
        "published snapshots are immutable",
        f"{count} published snapshot(s) unchanged",
        findings,
        notes,
    )
