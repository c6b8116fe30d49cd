"""The compatibility gate: may this working tree be published as the next version?

:func:`run_gate` compares the working tree with a base commit and runs every check of
:mod:`.checks` (snapshots immutable, version bumps fit their changes, the corpus still reads,
no breaking IFC-030 API change without a MAJOR bump, the conformance core passes). The gate
passes when every check passes; a check that cannot run is FAILED, never a pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from novacat_persistence.checkout import NotACheckout, checkout_at
from novacat_persistence.gate.checks import (
    CheckResult,
    Context,
    Status,
    api_compatible,
    conformance,
    corpus_reads,
    published_snapshots,
    version_bumps,
)
from novacat_persistence.gate.git import GitError, repo_root, resolve_base
from novacat_persistence.gate.report import GateReport
from novacat_persistence.schemadiff import Direction

CHECKS: Final[tuple[Callable[[Context], CheckResult], ...]] = (
    published_snapshots,
    version_bumps,
    corpus_reads,
    api_compatible,
    conformance,
)
"""The checks, in the order they run and are reported."""


def run_gate(
    path: Path,
    ref: str | None = None,
    direction: Direction = "backward",
    checks: Sequence[Callable[[Context], CheckResult]] | None = None,
) -> GateReport:
    """Judge the working tree holding ``path`` against ``ref`` (default: where HEAD forked
    from ``origin/main``, else HEAD) with ``checks`` (default: every one of :data:`CHECKS`).
    The working tree's own code is judged, whatever copy of the kit is installed. Raises
    GitError when there is no repository or ref, NotACheckout when the repository is not a
    checkout of this kit."""
    repo = repo_root(path)
    checkout = checkout_at(repo)
    base = resolve_base(repo, ref)
    context = Context(checkout, base, direction)
    results = tuple(check(context) for check in (CHECKS if checks is None else checks))
    return GateReport(str(repo), base.name, base.commit, base.how, results)


__all__ = ["CHECKS", "CheckResult", "GateReport", "GitError", "NotACheckout", "Status", "run_gate"]
