"""Run the scan: check one source, or every file of some paths, into findings."""

from __future__ import annotations

import ast
import codecs
import io
import os
import re
import tokenize
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Final

from novacat_persistence.collection import collection_paused
from novacat_persistence.scan.config import ScanConfig
from novacat_persistence.scan.discovery import iter_candidates
from novacat_persistence.scan.files import open_regular
from novacat_persistence.scan.findings import Finding, ScanResult
from novacat_persistence.scan.resolver import Hit, find_hits
from novacat_persistence.scan.rules import RULES
from novacat_persistence.scan.suppressions import MARKER, find_suppressions
from novacat_persistence.scan.surface import TRIGGERS
from novacat_persistence.workers import end_with_the_command, safe_start


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome of checking one file."""

    findings: tuple[Finding, ...]
    """Its findings, sorted."""
    suppressed: int
    """How many of its findings a suppression with a reason silenced."""


PARALLEL_MINIMUM: Final = 400
"""Below this many files, starting worker processes costs more than it saves."""


def default_jobs() -> int:
    """How many processes a scan uses by default: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        return os.cpu_count() or 1


def scan(paths: Sequence[Path], config: ScanConfig, *, jobs: int | None = None) -> ScanResult:
    """Check every Python file of ``paths`` that ``config`` selects and does not allow.

    A file that cannot be read or parsed is a ``parse-error`` finding, never skipped. A path
    that does not exist is a :class:`~novacat_persistence.scan.errors.ScanUsageError`. With
    many files, ``jobs`` worker processes (default :func:`default_jobs`) share the checking;
    the result does not depend on ``jobs``.
    """
    candidates = list(iter_candidates(paths, config))
    cwd = os.getcwd()
    files = [(c.path, _display(c.path, cwd)) for c in candidates if not c.allowed]
    reports = _check_files(files, config, default_jobs() if jobs is None else jobs)
    return ScanResult(
        findings=tuple(sorted(finding for report in reports for finding in report.findings)),
        files_checked=len(files),
        files_allowed=len(candidates) - len(files),
        suppressed=sum(report.suppressed for report in reports),
    )


def check_file(path: str, display: str, config: ScanConfig) -> FileReport:
    """Read and check the file at ``path``; findings name it ``display``."""
    try:
        with open_regular(path) as stream:
            data = stream.read()
    except OSError as exc:
        finding = _finding(
            config, display, "parse-error", f"cannot read: {exc.strerror}", line=1, column=1
        )
        return FileReport((finding,), 0)
    return check_source(data, display, config)


def _check_batch(files: Sequence[tuple[str, str]], config: ScanConfig) -> list[FileReport]:
    return [check_file(path, display, config) for path, display in files]


def _check_files(
    files: Sequence[tuple[str, str]], config: ScanConfig, jobs: int
) -> list[FileReport]:
    """Check ``files`` (path, display) in order, in ``jobs`` processes when worth it."""
    if jobs <= 1 or len(files) < PARALLEL_MINIMUM:
        return _check_batch(files, config)
    size = -(-len(files) // (jobs * 8))
    batches = [files[start : start + size] for start in range(0, len(files), size)]
    try:
        workers = min(jobs, len(batches))
        with ProcessPoolExecutor(
            workers, safe_start(__name__), initializer=end_with_the_command
        ) as pool:
            done = pool.map(_check_batch, batches, repeat(config))
            return [report for reports in done for report in reports]
    except (OSError, BrokenProcessPool):
        # No worker processes here (process limits, sandbox): check in this process.
        return _check_batch(files, config)


def check_source(
    source: bytes | str, path: str = "<source>", config: ScanConfig | None = None
) -> FileReport:
    """Check one module's source (bytes are decoded as Python does: PEP 263, BOM).

    ``path`` is only used in the findings; ``config`` only for severity overrides (allow,
    include and exclude are about files, not sources).

    A source no rule can reach (plain ASCII, :func:`spelled_plainly`, naming none of
    :data:`~.surface.TRIGGERS` and holding no suppression comment) cannot access the database
    whatever it holds: it is not parsed, and a syntax error in it is not reported.
    """
    data = source.encode() if isinstance(source, str) else source
    plain = spelled_plainly(data)
    reachable = not plain or any(trigger in data for trigger in TRIGGERS)
    if not reachable and MARKER not in data:
        return NOTHING_TO_CHECK
    config = config if config is not None else ScanConfig(root=Path.cwd())
    with collection_paused():
        return _check_reachable(data, path, config, plain=plain, reachable=reachable)


def _check_reachable(
    data: bytes, path: str, config: ScanConfig, *, plain: bool, reachable: bool
) -> FileReport:
    """:func:`check_source` of a source that may reach a rule or holds a suppression."""
    try:
        tree = ast.parse(data, filename=path)
    except SyntaxError as exc:
        return _parse_error(config, path, exc.lineno or 1, exc.offset or 1, exc.msg)
    except (ValueError, RecursionError, MemoryError) as exc:
        return _parse_error(config, path, 1, 1, str(exc) or type(exc).__name__)
    hits: list[Hit] = []
    try:
        if reachable:
            hits = find_hits(tree)
        suppressions = find_suppressions(data)
    except RecursionError:
        return _parse_error(config, path, 1, 1, "too deeply nested to analyse")
    except (tokenize.TokenError, SyntaxError) as exc:
        return _parse_error(config, path, 1, 1, f"cannot tokenize: {exc}")
    reasoned = {suppression.line for suppression in suppressions if suppression.reason}
    columns = _Columns(data, plain)
    findings = [
        _finding(
            config,
            path,
            "suppression-without-reason",
            "the suppression has no reason, so it suppresses nothing",
            line=suppression.line,
            column=suppression.column,
        )
        for suppression in suppressions
        if not suppression.reason
    ]
    silenced = 0
    for hit in hits:
        if hit.line in reasoned:
            silenced += 1
        else:
            column = columns.column(hit.line, hit.col_offset)
            findings.append(
                _finding(config, path, hit.rule, hit.detail, line=hit.line, column=column)
            )
    return FileReport(tuple(sorted(findings)), silenced)


NOTHING_TO_CHECK: Final = FileReport((), 0)
"""The report of a file no rule can reach."""

_CODING: Final = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
"""PEP 263's encoding declaration (on one of the first two lines)."""

_TEXT_IS_BYTES: Final = frozenset({"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"})
"""Encodings that read ASCII bytes as the same characters."""


def spelled_plainly(data: bytes) -> bool:
    """True when a module's names are its bytes: ASCII source read as ASCII. Not so for
    non-ASCII source (Python reads identifiers in NFKC form: ``boto3`` spelled with a
    fullwidth ``b`` imports ``boto3``) or a declared encoding such as UTF-7 (``+AGI-oto3``
    is ``boto3``)."""
    if not data.isascii():
        return False
    for line in data.split(b"\n", 2)[:2]:
        declared = _CODING.match(line)
        if declared is not None:
            try:
                name = codecs.lookup(declared[1].decode()).name
            except LookupError:
                return False
            return name in _TEXT_IS_BYTES
    return True


def _finding(
    config: ScanConfig, path: str, rule: str, detail: str, *, line: int, column: int
) -> Finding:
    return Finding(
        path, line, column, rule, config.severity_of(rule), f"{detail}; {RULES[rule].fix}"
    )


def _parse_error(config: ScanConfig, path: str, line: int, column: int, why: str) -> FileReport:
    finding = _finding(
        config, path, "parse-error", f"cannot parse: {why}", line=line, column=column
    )
    return FileReport((finding,), 0)


def _display(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` when below it, in POSIX form."""
    if path.startswith(cwd + os.sep):
        path = path[len(cwd) + 1 :]
    return Path(path).as_posix()


class _Columns:
    """Turns :mod:`ast` byte offsets into 1-based character columns, decoding only if needed."""

    def __init__(self, data: bytes, plain: bool) -> None:
        self._data = data
        self._plain = plain
        """The source's text is its bytes (:func:`spelled_plainly`)."""
        self._lines: list[str] | None = None

    def column(self, line: int, byte_offset: int) -> int:
        if self._plain:
            return byte_offset + 1
        if self._lines is None:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(self._data).readline)
            text = self._data.decode(encoding)
            self._lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        prefix = self._lines[line - 1].encode("utf-8")[:byte_offset]
        return len(prefix.decode("utf-8", errors="replace")) + 1
