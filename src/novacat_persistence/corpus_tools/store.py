"""The corpus format: where each file lives, what the manifest says, what a golden line holds.

A corpus directory holds ``manifest.json``, ``items/<entity>/<label>[@<source>].jsonl`` (export
lines) and ``golden/<entity>/<label>[@<source>].jsonl`` (one golden line per item, in the same
order), where ``<entity>`` is the entity's snapshot folder name and ``<label>`` its version,
with ``+<era>`` for a historical era (``1.0.0+initiated-at``). A file recorded from a named
source of evidence (``@nova-cat-bf28f13``: items captured from Nova Cat's services at a commit)
says so in its name and lists its ``evidence`` in the manifest (repository, commit, the
writing ``file:line`` of its items); files of one label from several sources sit side by side.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from novacat_persistence.contracts.entities import PersistedEntity, is_legacy
from novacat_persistence.contracts.eras import label_of
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus_tools.exports import (
    MAX_LINE_BYTES,
    OVERSIZED,
    bounded_lines,
    open_regular,
)

MANIFEST: Final = "manifest.json"
CORPUS_FORMAT: Final = "novacat-corpus/1"
"""The ``format`` of a manifest this code reads and writes."""
_SOURCE: Final = re.compile(r"[a-z0-9][a-z0-9.-]*")
_UNSET: Final = frozenset({"source", "evidence"})
"""Manifest members written only when set (manifests of the kit's own files keep their form)."""
_MAX_MANIFEST_BYTES: Final = 16 * 1024 * 1024
"""A manifest lists files, a few hundred bytes each: a larger one is no manifest."""


class CorpusError(Exception):
    """The corpus cannot be used as asked: a missing or malformed manifest, an unknown entity,
    version or era, a file that would be overwritten. Nothing was written."""


class CorpusAccessError(CorpusError):
    """A file the command needs could not be read or written (a missing or corrupt input, an
    unwritable corpus folder). Nothing was written."""


@dataclass(frozen=True)
class CorpusFile:
    """One corpus file, as the manifest lists it."""

    entity: str
    """The stored ``entity_type``."""
    version: str
    """The published version its items are stamped with (MAJOR.MINOR.PATCH)."""
    era: str | None
    """The historical era of its items, or None for the version's own shape."""
    workflows: tuple[str, ...]
    """The workflows that wrote such items."""
    count: int
    """How many items the file holds."""
    description: str = ""
    """What the items show (edge cases included)."""
    source: str | None = None
    """Where the items were observed (``nova-cat-bf28f13``), or None for the kit's own."""
    evidence: tuple[str, ...] = ()
    """What shows the items were written so: the repository and commit, the writers'
    ``file:line``, how they were captured."""

    def __post_init__(self) -> None:
        if self.source is not None and not _SOURCE.fullmatch(self.source):
            raise CorpusError(
                f"source {self.source!r} is not lowercase words, digits, '.' and '-' "
                "(e.g. nova-cat-bf28f13)"
            )

    @property
    def label(self) -> str:
        """``<version>[+<era>]``."""
        return label_of(self.version, self.era)

    @property
    def stem(self) -> str:
        """``<label>[@<source>]``: the file name without its suffix."""
        return self.label if self.source is None else f"{self.label}@{self.source}"

    @property
    def folder(self) -> str:
        """The entity's folder name (its snapshot folder); CorpusError for an unknown entity."""
        spec = ENTITIES.get(self.entity)
        if spec is None:
            raise CorpusError(f"the manifest lists an unknown entity type {self.entity!r}")
        return spec.snapshot_name

    @property
    def items_path(self) -> str:
        """The items file, relative to the corpus directory."""
        return f"items/{self.folder}/{self.stem}.jsonl"

    @property
    def golden_path(self) -> str:
        """The golden file, relative to the corpus directory."""
        return f"golden/{self.folder}/{self.stem}.jsonl"


@dataclass
class Corpus:
    """A corpus directory and its manifest."""

    root: Path
    files: list[CorpusFile]

    @classmethod
    def load(cls, root: Path) -> Corpus:
        """Read the manifest of the corpus at ``root``; raise CorpusError if it is unusable."""
        path = root / MANIFEST
        try:
            with open_regular(path) as stream:
                text = stream.read(_MAX_MANIFEST_BYTES + 1)
            if len(text) > _MAX_MANIFEST_BYTES:
                raise CorpusError(f"{path}: larger than {_MAX_MANIFEST_BYTES:,} bytes")
            document = json.loads(text.decode("utf-8"))
        except FileNotFoundError:
            raise CorpusError(f"{path}: no corpus manifest") from None
        except RecursionError:
            raise CorpusError(f"{path}: unreadable manifest: nested too deeply") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorpusError(f"{path}: unreadable manifest: {exc}") from None
        if not isinstance(document, dict) or document.get("format") != CORPUS_FORMAT:
            raise CorpusError(f"{path}: not a {CORPUS_FORMAT} manifest")
        try:
            files = [_file(entry) for entry in document["files"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(f"{path}: malformed file entry ({exc})") from None
        listed: set[str] = set()
        for file in files:
            if file.items_path in listed:
                raise CorpusError(f"{path}: {file.items_path} is listed twice")
            listed.add(file.items_path)
        return cls(root, files)

    @classmethod
    def empty(cls, root: Path) -> Corpus:
        """A corpus with no files yet (``save`` creates its manifest)."""
        return cls(root, [])

    @property
    def manifest_path(self) -> Path:
        """Where the manifest is."""
        return self.root / MANIFEST

    def manifest_text(self) -> str:
        """The manifest of the listed files (sorted by entity folder and label)."""
        document = {
            "format": CORPUS_FORMAT,
            "files": [
                {
                    "path": f.items_path,
                    "golden": f.golden_path,
                    **{
                        k: list(v) if isinstance(v, tuple) else v
                        for k, v in asdict(f).items()
                        if k not in _UNSET or v not in (None, ())
                    },
                }
                for f in sorted(self.files, key=lambda f: (f.folder, f.label, f.source or ""))
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def save(self) -> None:
        """Write the manifest."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(self.manifest_text(), encoding="utf-8")

    def find(self, entity: str, label: str, source: str | None = None) -> CorpusFile | None:
        """The file of one entity, label and source, if the manifest lists it."""
        return next(
            (
                f
                for f in self.files
                if f.entity == entity and f.label == label and f.source == source
            ),
            None,
        )

    def item_lines(self, file: CorpusFile) -> Iterator[tuple[int, bytes]]:
        """The (line number, line) of each item of a file; OSError if it cannot be read,
        ValueError for a line longer than any item's."""
        return _lines(self.root / file.items_path)

    def golden_lines(self, file: CorpusFile) -> list[dict[str, Any]]:
        """The golden readings of a file; OSError or ValueError if it cannot be read."""
        try:
            return [json.loads(line) for _, line in _lines(self.root / file.golden_path)]
        except RecursionError:
            raise ValueError("a golden line is nested too deeply to be read") from None


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The (line number, line) of each non-blank line of a file; OSError if it cannot be
    read, ValueError for a line longer than any item's."""
    with open_regular(path) as stream:
        for number, line in enumerate(bounded_lines(stream), start=1):
            if line is OVERSIZED:
                raise ValueError(f"{path.name}:{number}: longer than {MAX_LINE_BYTES:,} bytes")
            if line.strip():
                yield number, line


_MEMBERS: Final = frozenset(
    {"path", "golden", "entity", "version", "era", "workflows", "count", "description"}
    | {"source", "evidence"}
)
"""The members of a manifest's file entry (a manifest is rewritten from them: any other would
be lost)."""


def _file(entry: dict[str, Any]) -> CorpusFile:
    if not isinstance(entry, dict):
        raise TypeError(f"an entry is {entry!r:.40}, not an object")
    unknown = sorted(set(entry) - _MEMBERS)
    if unknown:
        raise ValueError(f"unknown member(s) {', '.join(map(repr, unknown))} of an entry")
    corpus_file = CorpusFile(
        entity=_text(entry, "entity"),
        version=_text(entry, "version"),
        era=_text(entry, "era", optional=True),
        workflows=_texts(entry, "workflows"),
        count=_count(entry),
        description=_text(entry, "description", optional=True) or "",
        source=_text(entry, "source", optional=True),
        evidence=_texts(entry, "evidence", optional=True),
    )
    for member, expected in (("path", corpus_file.items_path), ("golden", corpus_file.golden_path)):
        if entry.get(member, expected) != expected:
            raise ValueError(f"{member} {entry[member]!r} should be {expected!r}")
    return corpus_file


def _text(entry: dict[str, Any], name: str, *, optional: bool = False) -> Any:
    value = entry.get(name) if optional else entry[name]
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} is {value!r:.40}, not a text")
    return value


def _texts(entry: dict[str, Any], name: str, *, optional: bool = False) -> tuple[str, ...]:
    value = entry.get(name, []) if optional else entry[name]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{name} is {value!r:.40}, not a list of texts")
    return tuple(value)


def _count(entry: dict[str, Any]) -> int:
    value = entry["count"]
    if type(value) is not int or value < 0:
        raise TypeError(f"count is {value!r:.40}, not a number of items")
    return value


def golden(entity: PersistedEntity) -> dict[str, Any]:
    """What a golden line records of a decoded entity: its model class, whether it is a legacy
    reading, how it was read (stored version, era, unknown attribute names) and its fields."""
    provenance = entity.read_provenance
    return {
        "model": type(entity).__name__,
        "legacy": is_legacy(entity),
        "source_version": None if provenance is None else provenance.source_version,
        "era": None if provenance is None else provenance.era,
        "unknown_attributes": [] if provenance is None else sorted(provenance.unknown_attributes),
        "fields": entity.model_dump(mode="json"),
    }


def golden_text(readings: Sequence[dict[str, Any]]) -> str:
    """The text of a golden file (one sorted-key JSON object per line)."""
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in readings)
