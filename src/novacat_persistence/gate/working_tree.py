"""The working tree's models, versions and corpus as its own code sees them.

The gate judges the working tree, whatever copy of the kit is installed: :func:`probe_tree`
runs :mod:`.tree_probe` in a child interpreter that imports ``novacat_persistence`` from the
working tree (:func:`~novacat_persistence.checkout.run_python`), and returns what it
found as :class:`TreeFacts`. A part the probe could not find out (the tree's modules do not
import, its code raised) is None, with the reason, and the checks that need it fail.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from novacat_persistence.checkout import Checkout, run_python
from novacat_persistence.gate import tree_probe

PARTS: Final = ("drifts", "entities", "corpus")
"""The parts of the probe's answer."""


@dataclass(frozen=True)
class EntityVersions:
    """One entity's published versions, oldest first, and which of them have an upcaster."""

    entity_type: str
    versions: tuple[str, ...]
    upcasters: tuple[bool, ...]


@dataclass(frozen=True)
class CorpusReading:
    """What the working tree's corpus holds and how its items read with the tree's code."""

    manifest_error: str | None = None
    """Why the corpus could not be loaded (the other fields are then empty)."""
    shapes: frozenset[str] = frozenset()
    """``<entity folder>/<version>[+<era>]`` of every corpus file of a known entity."""
    items: int = 0
    """Items read."""
    files: int = 0
    """Files read."""
    problems: tuple[str, ...] = ()
    """Each item or file that does not read as its golden line says."""


@dataclass(frozen=True)
class TreeFacts:
    """The probe's answer: each part, or None with the reason in ``errors``."""

    drifts: tuple[str, ...] | None
    """How the working tree's snapshots differ from what its models generate."""
    entities: tuple[EntityVersions, ...] | None
    corpus: CorpusReading | None
    errors: Mapping[str, str] = field(default_factory=dict)

    def not_run(self, part: str) -> str:
        """The finding of a check that could not use ``part``."""
        return f"not run on the working tree's code ({part}): {self.errors.get(part, '?')}"


def probe_tree(checkout: Checkout, schemas: Path, corpus: Path) -> TreeFacts:
    """Ask the working tree's own code about ``schemas`` and ``corpus`` (folders of
    ``checkout``), in a child interpreter; never raises for what the tree does."""
    with tempfile.TemporaryDirectory(prefix="novacat-gate-") as scratch:
        output = Path(scratch, "probe.json")
        try:
            probe = (tree_probe.__file__, str(schemas), str(corpus), str(output))
            done = run_python(checkout, *probe, cwd=Path(scratch))
        except OSError as exc:
            return unprobed(f"cannot start the probe: {exc}")
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return unprobed(f"the probe exited {done.returncode}: {last}")
        try:
            return _facts(json.loads(output.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return unprobed(f"the probe gave no readable answer: {exc}")


def unprobed(reason: str) -> TreeFacts:
    """The facts of a working tree its code could not be asked about, and why."""
    return TreeFacts(None, None, None, {part: reason for part in PARTS})


def _facts(answer: dict[str, Any]) -> TreeFacts:
    """The typed facts of the probe's JSON answer; KeyError or TypeError if it is malformed."""
    if answer["format"] != tree_probe.PROBE_FORMAT:
        raise TypeError(f"format {answer['format']!r}, expected {tree_probe.PROBE_FORMAT}")
    errors = {part: str(answer[part]["error"]) for part in PARTS if "error" in answer[part]}
    values = {part: answer[part]["value"] for part in PARTS if part not in errors}
    drifts = values.get("drifts")
    entities = values.get("entities")
    corpus = values.get("corpus")
    return TreeFacts(
        None if drifts is None else tuple(str(d) for d in drifts),
        None
        if entities is None
        else tuple(
            EntityVersions(
                str(e["entity_type"]),
                tuple(str(v) for v in e["versions"]),
                tuple(bool(u) for u in e["upcasters"]),
            )
            for e in entities
        ),
        None if corpus is None else _corpus(corpus),
        errors,
    )


def _corpus(value: dict[str, Any]) -> CorpusReading:
    if "manifest_error" in value:
        return CorpusReading(manifest_error=str(value["manifest_error"]))
    return CorpusReading(
        shapes=frozenset(str(s) for s in value["shapes"]),
        items=int(value["items"]),
        files=int(value["files"]),
        problems=tuple(str(p) for p in value["problems"]),
    )
