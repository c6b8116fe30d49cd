"""The gate's checks, one module each, comparing the working tree with a base commit.

- ``snapshots`` (:mod:`.snapshots`): every snapshot published at the base is byte-identical in
  the working tree; the working tree's models generate exactly its snapshots.
- ``version-bumps`` (:mod:`.version_bumps`): each new entity version's number fits its change,
  judged by ``schemadiff.classify`` against the previous version's snapshot; every published
  version but the newest has an upcaster.
- ``corpus`` (:mod:`.corpus`): corpus items published at the base are unchanged, every snapshot
  (version or era) has corpus items, and every corpus item of every version still reads as its
  golden line says.
- ``ifc-030-api`` (:mod:`.api`): no breaking change of the IFC-030 Python API (griffe) unless
  the MAJOR of ``IFC_030_VERSION`` changed.
- ``conformance`` (:mod:`.conformance`): the conformance core passes for the reference
  implementation (``novacat-persistence conformance --impl reference``).

Each check takes a :class:`~.context.Context` and returns a :class:`~.result.CheckResult`.
"""

from novacat_persistence.gate.checks.api import api_compatible
from novacat_persistence.gate.checks.conformance import conformance
from novacat_persistence.gate.checks.context import Context
from novacat_persistence.gate.checks.corpus import corpus_reads
from novacat_persistence.gate.checks.result import CheckResult, Status
from novacat_persistence.gate.checks.snapshots import published_snapshots
from novacat_persistence.gate.checks.version_bumps import version_bumps

__all__ = [
    "CheckResult",
    "Context",
    "Status",
    "api_compatible",
    "conformance",
    "corpus_reads",
    "published_snapshots",
    "version_bumps",
]
