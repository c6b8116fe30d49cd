"""What the working tree's own code says about its snapshots, versions and corpus.

Run as a script by :func:`novacat_persistence.gate.working_tree.probe_tree`, in a child
interpreter that imports ``novacat_persistence`` from the working tree
(:func:`novacat_persistence.checkout.run_python`)::

    python -P tree_probe.py SCHEMAS_DIR CORPUS_DIR OUTPUT.json

It writes one JSON object (``"format": "novacat-gate-probe/1"``) with three parts, each
``{"value": ...}`` or ``{"error": "<why it could not be found out>"}``: ``drifts`` (how the
snapshots differ from what the models generate), ``entities`` (each entity's versions and
which have an upcaster) and ``corpus`` (what the corpus holds, and how its items read). It
imports only the working tree's public modules, never the gate's, so the gate judges what it
reports with its own rules.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

PROBE_FORMAT: Final = "novacat-gate-probe/1"


def _from_the_tree(schemas: Path) -> None:
    """Raise unless ``novacat_persistence.contracts`` comes from the working tree (the folder
    holding ``schemas``): a probe of an installed copy would judge the wrong code."""
    from novacat_persistence import contracts

    found = Path(contracts.__file__).resolve().parent
    if found != schemas.resolve().parent:
        raise ImportError(f"novacat_persistence.contracts came from {found}, not the working tree")


def _drifts(schemas: Path) -> list[str]:
    from novacat_persistence.contracts import snapshots

    return [drift.describe() for drift in snapshots.check(schemas)]


def _entities() -> list[dict[str, Any]]:
    from novacat_persistence.contracts.versions import ENTITIES

    return [
        {
            "entity_type": spec.entity_type,
            "versions": [version.version for version in spec.versions],
            "upcasters": [version.upcast is not None for version in spec.versions],
        }
        for spec in ENTITIES.values()
    ]


def _corpus(root: Path) -> dict[str, Any]:
    from novacat_persistence.contracts.versions import ENTITIES
    from novacat_persistence.corpus_tools.store import Corpus, CorpusError
    from novacat_persistence.corpus_tools.verify import verify

    try:
        corpus = Corpus.load(root)
    except CorpusError as exc:
        return {"manifest_error": str(exc)}
    report = verify(corpus)
    return {
        # a file of composed eras (1.0.0+candidate-name.services) has items of each of them
        "shapes": sorted(
            {
                f"{f.folder}/{label}"
                for f in corpus.files
                if f.entity in ENTITIES
                for label in (
                    [f.label]
                    if f.era is None
                    else [f"{f.version}+{name}" for name in f.era.split(".")]
                )
            }
        ),
        "items": report.items,
        "files": report.files,
        "problems": [problem.describe() for problem in report.problems],
    }


def _part(find: Callable[[], object]) -> dict[str, object]:
    try:
        return {"value": find()}
    except Exception as exc:  # whatever the tree raises is this part's answer
        return {"error": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str]) -> int:
    """Probe the working tree and write the answer to ``argv[2]``; 2 on wrong arguments."""
    if len(argv) != 3:
        print("usage: tree_probe.py SCHEMAS_DIR CORPUS_DIR OUTPUT.json", file=sys.stderr)
        return 2
    schemas, corpus, output = (Path(arg) for arg in argv)
    origin = _part(lambda: _from_the_tree(schemas))
    answer = {
        "format": PROBE_FORMAT,
        **{
            part: origin if "error" in origin else _part(find)
            for part, find in (
                ("drifts", lambda: _drifts(schemas)),
                ("entities", _entities),
                ("corpus", lambda: _corpus(corpus)),
            )
        },
    }
    output.write_text(json.dumps(answer), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
