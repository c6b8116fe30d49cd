"""Check ``corpus``: published corpus items are unchanged, every snapshot (version or era) has
corpus items, and every item of every version still reads as its golden line says."""

from __future__ import annotations

from collections.abc import Set

from novacat_persistence.gate.checks.context import CORPUS, Context
from novacat_persistence.gate.checks.result import CheckResult, judged


def _uncovered(ctx: Context, shapes: Set[str]) -> list[str]:
    findings = []
    for path in ctx.snapshot_paths():
        parts = path.split("/")
        shape = f"{parts[2]}/{parts[-1].removesuffix('.json')}"
        if shape not in shapes:
            findings.append(
                f"no corpus items of {shape}: record stored items of it with "
                "`novacat-persistence corpus add`"
            )
    return findings


def corpus_reads(ctx: Context) -> CheckResult:
    """Corpus items published at the base are unchanged, every snapshot has corpus items, and
    every item of every version still reads as its golden line says (with the working tree's
    own code)."""
    title = "every corpus item still reads"
    count, findings = ctx.unchanged_files(f"{CORPUS}/items", "corpus file")
    notes = [f"{count} corpus item file(s) published at the base"]
    reading = ctx.tree.corpus
    if reading is None:
        return judged("corpus", title, "", [*findings, ctx.tree.not_run("corpus")], notes)
    if reading.manifest_error is not None:
        return judged("corpus", title, "", [*findings, reading.manifest_error], notes)
    findings += _uncovered(ctx, reading.shapes)
    findings += reading.problems
    summary = f"{reading.items} items in {reading.files} files read as their goldens say"
    return judged("corpus", title, summary, findings, notes)
