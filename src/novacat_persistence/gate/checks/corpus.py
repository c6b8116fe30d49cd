"""Check ``corpus``: published corpus items are unchanged, every snapshot (version or era) has
corpus items, and every item of every version still reads as its golden line says."""

from __future__ import annotations

from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus_tools.store import Corpus, CorpusError
from novacat_persistence.corpus_tools.verify import verify
from novacat_persistence.gate.checks.context import CORPUS, Context
from novacat_persistence.gate.checks.result import CheckResult, judged


def _uncovered(ctx: Context, corpus: Corpus) -> list[str]:
    covered = {f"{f.folder}/{f.label}" for f in corpus.files if f.entity in ENTITIES}
    findings = []
    for path in ctx.snapshot_paths():
        parts = path.split("/")
        shape = f"{parts[2]}/{parts[-1].removesuffix('.json')}"
        if shape not in covered:
            findings.append(
                f"no corpus items of {shape}: record stored items of it with "
                "`novacat-persistence corpus add`"
            )
    return findings


def corpus_reads(ctx: Context) -> CheckResult:
    """Corpus items published at the base are unchanged, every snapshot has corpus items, and
    every item of every version still reads as its golden line says."""
    count, findings = ctx.unchanged_files(f"{CORPUS}/items", "corpus file")
    notes = [f"{count} corpus item file(s) published at the base"]
    try:
        corpus = Corpus.load(ctx.repo / CORPUS)
    except CorpusError as exc:
        return judged("corpus", "every corpus item still reads", "", [*findings, str(exc)], notes)
    findings += _uncovered(ctx, corpus)
    summary = f"{sum(f.count for f in corpus.files)} corpus items listed"
    if ctx.installed_here:
        report = verify(corpus)
        findings += [problem.describe() for problem in report.problems]
        summary = f"{report.items} items in {report.files} files read as their goldens say"
    else:
        notes.append(f"reading the items: {ctx.not_here()}")
    return judged("corpus", "every corpus item still reads", summary, findings, notes)
