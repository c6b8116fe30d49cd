"""The historical corpus: stored items of every entity version and era, as DynamoDB holds them.

This package is data. ``items/<entity>/<version>[+<era>].jsonl`` holds items in the DynamoDB
export line format (one ``{"Item": {...}}`` per line), exactly as they are stored;
``golden/<entity>/<version>[+<era>].jsonl`` holds, line for line, what each item must read as
with the current contracts; ``manifest.json`` lists every file with its entity, version, era,
the workflows that wrote such items, and its item count.

The corpus files are the source of truth: historical items never change. ``generate.py`` is the
deterministic script that produced the first corpus (kept as a record of how); new versions are
added with ``novacat-persistence corpus add`` and everything is checked by
``novacat-persistence corpus verify`` (the rules live in
:mod:`novacat_persistence.corpus_tools`).
"""

from pathlib import Path
from typing import Final

CORPUS_DIR: Final = Path(__file__).parent
"""Where the installed corpus lives (the repository's ``corpus/`` in an editable install)."""
