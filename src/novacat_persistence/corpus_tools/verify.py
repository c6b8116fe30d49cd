"""``corpus verify`` and ``corpus add``: the corpus is read by today's readers as expected.

Each corpus item must: parse as an export line; decode (eras and upcasters included) into the
file's entity, at the file's version and era; validate against the JSON Schema snapshot of that
version or era; be stored under the keys its fields produce (its era's key shape for an era
item); and read as its golden line says. A file's item and golden counts must match the
manifest, and every items file must be listed in it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import orjson

from novacat_persistence.contracts.codec.export_lines import full_export_line, parse_export_line
from novacat_persistence.contracts.eras import era_named
from novacat_persistence.contracts.errors import UnreadableItemError
from novacat_persistence.contracts.versions import ENTITIES, normalize_version
from novacat_persistence.corpus_tools.exports import (
    MAX_LINE_BYTES,
    OVERSIZED,
    READ_ERRORS,
    ExportPathError,
    discover,
    open_lines,
    open_regular,
)
from novacat_persistence.corpus_tools.reading import (
    DELETION_RECORD,
    Reading,
    read_line,
    schema_errors,
)
from novacat_persistence.corpus_tools.staging import write_all
from novacat_persistence.corpus_tools.store import (
    Corpus,
    CorpusAccessError,
    CorpusError,
    CorpusFile,
    golden,
    golden_text,
)

_SHOWN: Final = 20
"""Problems listed in a refusal of ``corpus add``."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the corpus."""

    file: str
    line: int | None
    message: str

    def describe(self) -> str:
        """``file[:line]: message``."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class VerifyReport:
    """What ``corpus verify`` checked and found."""

    files: int = 0
    items: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.problems


def check_line(file: CorpusFile, line: bytes) -> tuple[Reading, list[str]]:
    """Read one item line of ``file`` and return the reading and what is wrong with it
    (golden lines aside)."""
    reading = read_line(line)
    if reading.problem is not None:
        return reading, [f"{reading.problem.value}: {reading.message}"]
    if reading is DELETION_RECORD:
        return reading, [reading.message]
    problems = []
    if reading.entity_type != file.entity:
        problems.append(f"is a {reading.entity_type} item in a {file.entity} file")
    if reading.version != file.label:
        problems.append(f"reads as {reading.version}, but the file holds {file.label} items")
    problems += [
        f"breaks the {file.label} snapshot at {e}" for e in schema_errors(reading, file.label)
    ]
    return reading, problems


def _differences(actual: Any, expected: Any, path: str = "") -> list[str]:
    if isinstance(actual, dict) and isinstance(expected, dict):
        return [
            difference
            for name in sorted(actual.keys() | expected.keys())
            for difference in _differences(
                actual.get(name, "<absent>"), expected.get(name, "<absent>"), f"{path}.{name}"
            )
        ]
    return [] if actual == expected else [f"{path.lstrip('.')}: {expected!r:.60} -> {actual!r:.60}"]


def _file_problems(corpus: Corpus, file: CorpusFile) -> tuple[int, list[Problem]]:
    problems: list[Problem] = []
    try:
        lines = list(corpus.item_lines(file))
        goldens = corpus.golden_lines(file)
    except (OSError, ValueError) as exc:
        return 0, [Problem(file.items_path, None, f"cannot read the file or its goldens: {exc}")]
    if not lines:  # a listed shape with no item shows nothing of it
        problems.append(Problem(file.items_path, None, "holds no item: list a shape with items"))
    if len(lines) != file.count:
        problems.append(
            Problem(
                file.items_path, None, f"holds {len(lines)} items, the manifest says {file.count}"
            )
        )
    if len(goldens) != len(lines):
        problems.append(
            Problem(file.golden_path, None, f"holds {len(goldens)} lines for {len(lines)} items")
        )
    for index, (number, line) in enumerate(lines):  # every item, golden line or not
        reading, messages = check_line(file, line)
        expected = goldens[index] if index < len(goldens) else None
        if reading.entity is not None and expected is not None:
            changed = _differences(golden(reading.entity), expected)
            if changed:
                messages.append("does not read as its golden line: " + "; ".join(changed[:5]))
        problems += [Problem(file.items_path, number, message) for message in messages]
    return len(lines), problems


def _manifest_problems(corpus: Corpus) -> list[Problem]:
    problems: list[Problem] = []
    for file in corpus.files:
        try:
            _known_shape(file.entity, file.version, file.era)
        except CorpusError as exc:
            problems.append(Problem("manifest.json", None, str(exc)))
    listed = {f.items_path for f in corpus.files if f.entity in ENTITIES}
    goldens = {f.golden_path for f in corpus.files if f.entity in ENTITIES}
    for relative in _stored_files(corpus.root):
        folder, *inside = relative.split("/")
        name = inside[-1]
        if len(inside) == 2 and name.startswith(".") and name.endswith(".tmp"):
            problem = "was staged by a corpus add that was killed: remove it"
        elif len(inside) != 2 or not name.endswith(".jsonl"):
            problem = f"is no corpus file ({folder}/<entity>/<file>.jsonl): move or remove it"
        elif relative in (listed if folder == "items" else goldens):
            continue
        elif folder == "items":
            problem = "is not listed in the manifest"
        else:
            problem = "is the golden of no file the manifest lists"
        problems.append(Problem(relative, None, problem))
    return problems


def _stored_files(root: Path) -> list[str]:
    """Every entry but folders under ``items/`` and ``golden/`` (links not followed), as
    paths relative to ``root``."""
    found = []
    for folder in ("items", "golden"):
        for parent, _folders, files in os.walk(root / folder):
            found += [Path(parent, name).relative_to(root).as_posix() for name in files]
    return sorted(found)


def verify(corpus: Corpus) -> VerifyReport:
    """Check every file and item of the corpus."""
    report = VerifyReport(problems=_manifest_problems(corpus))
    for file in corpus.files:
        if file.entity not in ENTITIES:
            continue
        count, problems = _file_problems(corpus, file)
        report.files += 1
        report.items += count
        report.problems += problems
    return report


def update_goldens(corpus: Corpus) -> tuple[list[str], list[Problem]]:
    """Rewrite every golden file with today's readings of its items; return the golden files
    that changed and the items that could not be read, or files whose item count is not the
    manifest's (nothing is written if any)."""
    rewritten: dict[str, str] = {}
    problems: list[Problem] = []
    for file in corpus.files:
        if file.entity not in ENTITIES:  # reported by verify()
            continue
        readings = []
        try:
            lines = list(corpus.item_lines(file))
        except (OSError, ValueError) as exc:
            problems.append(Problem(file.items_path, None, f"cannot read the file: {exc}"))
            continue
        if len(lines) != file.count:
            message = f"holds {len(lines)} items, the manifest says {file.count}"
            problems.append(Problem(file.items_path, None, message))
        for number, line in lines:
            reading, messages = check_line(file, line)
            problems += [Problem(file.items_path, number, m) for m in messages]
            if reading.entity is not None:
                readings.append(golden(reading.entity))
        rewritten[file.golden_path] = golden_text(readings)
    if problems:
        return [], problems
    changed = [
        relative
        for relative, text in rewritten.items()
        if _content(corpus.root / relative) != text.encode()
    ]
    try:
        write_all([(corpus.root / relative, rewritten[relative].encode()) for relative in changed])
    except OSError as exc:
        raise CorpusAccessError(f"cannot write the goldens, none was rewritten: {exc}") from None
    return changed, []


def _content(path: Path) -> bytes | None:
    """A file's bytes, or None when it cannot be read (it is then rewritten)."""
    try:
        with open_regular(path) as stream:
            return stream.read()
    except OSError:
        return None


def _known_shape(entity: str, version: str, era: str | None) -> str:
    """Return ``version`` normalized; CorpusError unless the entity publishes it (and the era)."""
    spec = ENTITIES.get(entity)
    if spec is None:
        raise CorpusError(f"unknown entity type {entity!r} (known: {', '.join(ENTITIES)})")
    try:
        normalized = normalize_version(version)
        spec.version(normalized)
    except (ValueError, KeyError):
        published = ", ".join(v.version for v in spec.versions)
        raise CorpusError(f"{entity} publishes no version {version!r} ({published})") from None
    if era is not None:
        try:
            if era_named(entity, era).version != normalized:
                raise CorpusError(f"{entity} era {era!r} is not of version {normalized}")
        except KeyError as exc:
            raise CorpusError(str(exc.args[0])) from None
    return normalized


class ItemsRefused(CorpusError):
    """Items offered to ``corpus add`` fail their checks; nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(f"{len(problems)} problem(s), nothing was added")
        self.problems = list(problems)
        """What is wrong, one line per problem (``item N: ...``)."""

    def __str__(self) -> str:
        shown = "\n  ".join(self.problems[:_SHOWN])
        more = (
            f"\n  ... and {len(self.problems) - _SHOWN} more" if len(self.problems) > _SHOWN else ""
        )
        return f"{self.args[0]}:\n  {shown}{more}"


def add_lines(
    corpus: Corpus,
    entity: str,
    version: str,
    era: str | None,
    lines: Sequence[bytes],
    *,
    workflows: Sequence[str],
    description: str = "",
    source: str | None = None,
    evidence: Sequence[str] = (),
    places: Sequence[str] | None = None,
) -> CorpusFile:
    """Record ``lines`` (export lines) as the corpus file of one entity version or era: check
    every item, then write the items file, its goldens and its manifest entry, all or nothing.
    A refused item is named by its place in ``places`` (``file:line``, one per line), else by
    its number among ``lines``.

    Raises, writing nothing: CorpusError when the shape is unknown, the file exists already
    (corpus files are never overwritten) or no workflow is named (or one is blank);
    :class:`ItemsRefused` when any item fails a check or is given twice, or is in the corpus
    already (the same stored item, as data: key order and spacing aside); CorpusAccessError
    when the corpus cannot be read or written. A workflow named twice is recorded once.
    """
    normalized = _known_shape(entity, version, era)
    if not workflows or any(not name.strip() for name in workflows):
        raise CorpusError("name the workflow(s) that write such items (a blank name says none)")
    file = CorpusFile(
        entity,
        normalized,
        era,
        tuple(dict.fromkeys(workflows)),
        len(lines),
        description,
        source,
        tuple(evidence),
    )
    if corpus.find(entity, file.label, source) is not None:
        raise CorpusError(
            f"{file.items_path} exists: corpus files are never overwritten (historical items "
            "must not change); add items of a new version or era instead"
        )
    for relative in (file.items_path, file.golden_path):
        if (corpus.root / relative).exists():
            raise CorpusError(
                f"{relative} exists but the manifest does not list it (left by hand, or by an "
                "add that was killed): remove it, or list it, and add again"
            )
    if not lines:
        raise CorpusError("no items to add")
    readings, problems = [], []
    recorded = recorded_items(corpus)
    for number, line in enumerate(lines, start=1):
        reading, messages = check_line(file, line)
        place = places[number - 1] if places is not None else f"item {number}"
        problems += [f"{place}: {message}" for message in messages]
        readings.append(reading)
        stored = stored_item(line)
        earlier = None if stored is None else recorded.get(stored)
        if earlier is not None:
            problems.append(f"{place}: the same item as {earlier} (a corpus holds each once)")
        elif stored is not None:
            recorded[stored] = place
    if problems:
        raise ItemsRefused(problems)
    items = b"".join(full_export_line(line.rstrip(b"\r\n")) + b"\n" for line in lines)
    goldens = golden_text([golden(r.entity) for r in readings if r.entity is not None])
    grown = Corpus(corpus.root, [*corpus.files, file])
    try:
        write_all(
            [
                (corpus.root / file.items_path, items),
                (corpus.root / file.golden_path, goldens.encode()),
                (grown.manifest_path, grown.manifest_text().encode()),
            ]
        )
    except OSError as exc:
        raise CorpusAccessError(f"cannot write the corpus, nothing was added: {exc}") from None
    corpus.files.append(file)
    return file


def stored_item(line: bytes) -> bytes | None:
    """The item of an export line as comparable bytes (its attributes and map keys in name
    order: two lines hold the same item exactly when these are equal, whatever else they
    carry); None for a line that is not an export record (``parse_export_line``)."""
    try:
        item = parse_export_line(line)
    except UnreadableItemError:
        return None
    return orjson.dumps(item, option=orjson.OPT_SORT_KEYS)


def recorded_items(corpus: Corpus) -> dict[bytes, str]:
    """Each item the corpus holds (:func:`stored_item`) and its place (``file:line``);
    CorpusAccessError for a corpus file that cannot be read."""
    recorded: dict[bytes, str] = {}
    for file in corpus.files:
        try:
            lines = (corpus.root / file.items_path).read_bytes().splitlines()
        except OSError as exc:
            raise CorpusAccessError(
                f"cannot read the corpus file {file.items_path}, nothing was added: {exc}"
            ) from None
        for number, line in enumerate(lines, start=1):
            stored = stored_item(line)
            if stored is not None:
                recorded.setdefault(stored, f"{file.items_path}:{number}")
    return recorded


def read_sources(sources: Iterable[Path]) -> list[tuple[str, bytes]]:
    """The non-blank lines of export files (plain or gzip'd; directories searched as
    ``corpus replay`` does), each with its place (``file:line``). Raises CorpusAccessError
    naming what cannot be read: a path, an entry under a directory, a corrupt stream, or a
    line longer than any item's."""
    lines: list[tuple[str, bytes]] = []
    try:
        found = discover(list(sources))
    except ExportPathError as exc:
        raise CorpusAccessError(f"cannot read the items: {exc}") from None
    if found.unreadable:
        entry = found.unreadable[0]
        raise CorpusAccessError(f"cannot read the items: {entry.path}: {entry.reason}")
    for path in found.files:
        number = 0
        try:
            with open_lines(path) as source:
                for number, line in enumerate(source.lines, start=1):
                    if line is OVERSIZED:
                        raise CorpusAccessError(
                            f"cannot read the items: {path}:{number}: longer than "
                            f"{MAX_LINE_BYTES:,} bytes, more than any DynamoDB item's line"
                        )
                    if line and not line.isspace():
                        lines.append((f"{path}:{number}", line))
        except READ_ERRORS as exc:
            raise CorpusAccessError(
                f"cannot read the items: {path}:{number + 1}: {type(exc).__name__}: {exc}"
            ) from None
    return lines


def add(
    corpus: Corpus,
    entity: str,
    version: str,
    era: str | None,
    sources: Sequence[Path],
    *,
    workflows: Sequence[str],
    description: str = "",
    source: str | None = None,
    evidence: Sequence[str] = (),
) -> CorpusFile:
    """:func:`add_lines` with the lines of export files (see :func:`read_sources`), a refused
    item named by its file and line."""
    found = read_sources(sources)
    return add_lines(
        corpus,
        entity,
        version,
        era,
        [line for _, line in found],
        workflows=workflows,
        description=description,
        source=source,
        evidence=evidence,
        places=[place for place, _ in found],
    )


__all__ = [
    "ItemsRefused",
    "Problem",
    "VerifyReport",
    "add",
    "add_lines",
    "check_line",
    "read_sources",
    "recorded_items",
    "stored_item",
    "update_goldens",
    "verify",
]
