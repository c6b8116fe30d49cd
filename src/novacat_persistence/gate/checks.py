"""The gate's checks, one function each, comparing the working tree with a base commit.

- ``snapshots``: every snapshot published at the base is byte-identical in the working tree;
  the working tree's snapshots are what its models generate.
- ``version-bumps``: each new entity version's number fits its change, judged by
  ``schemadiff.classify`` against the previous version's snapshot; every published version
  but the newest has an upcaster.
- ``corpus``: corpus items published at the base are unchanged, every snapshot (version or
  era) has corpus items, and every corpus item of every version still reads as its golden
  line says.
- ``ifc-030-api``: no breaking change of the IFC-030 Python API (griffe) unless the MAJOR of
  ``IFC_030_VERSION`` changed.
- ``conformance``: the conformance core passes for the reference implementation
  (``novacat-persistence conformance --impl reference``); SKIPPED while the verb is missing.

Checks of files (snapshots, corpus files, API source) read the base with ``git show``.
Checks of models and readers run the *installed* package, so they run only when it is this
working tree (an editable install); otherwise they are noted as not run.
"""

from __future__ import annotations

import ast
import copy
import difflib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import griffe

from novacat_persistence.contracts import snapshots
from novacat_persistence.contracts.versions import ENTITIES, EntitySpec, parse_version
from novacat_persistence.corpus_tools.store import Corpus, CorpusError
from novacat_persistence.corpus_tools.verify import verify
from novacat_persistence.gate.git import Base, file_at, files_at
from novacat_persistence.gate.report import CheckResult, Status, judged
from novacat_persistence.schemadiff import Bump, Direction, classify

SCHEMAS: Final = "contracts/schemas"
CORPUS: Final = "corpus"
IFC_030_SURFACE: Final = (
    "contracts/interface.py",
    "contracts/operations.py",
    "contracts/errors.py",
)
"""The modules whose public Python API is IFC-030: the Protocol, its values, its errors."""
IFC_030_VERSION_MODULE: Final = "contracts/interface.py"
_BUMP_RANK: Final[dict[Bump, int]] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_PARTS: Final[tuple[Bump, Bump, Bump]] = ("major", "minor", "patch")
_SEMVER: Final = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_SHOWN: Final = 30
"""Findings listed per check (the rest are counted)."""


@dataclass(frozen=True)
class Context:
    """The working tree, the base commit and the compatibility direction promised."""

    repo: Path
    base: Base
    direction: Direction = "backward"

    def at_base(self, path: str) -> bytes | None:
        """A file's content at the base commit, None if it did not exist."""
        return file_at(self.repo, self.base.commit, path)

    def files_at_base(self, folder: str) -> list[str]:
        """Repository-relative paths of the files under ``folder`` at the base commit."""
        return files_at(self.repo, self.base.commit, folder)

    @cached_property
    def installed_here(self) -> bool:
        """Whether the installed package is this working tree (its models can be judged)."""
        return snapshots.SCHEMAS_DIR.resolve() == (self.repo / SCHEMAS).resolve()

    def not_here(self) -> str:
        """The note of a model check that did not run."""
        return (
            f"not run: the installed novacat_persistence ({snapshots.SCHEMAS_DIR.parent}) "
            "is not this working tree; install it editable to judge its models"
        )


def _limited(findings: list[str]) -> list[str]:
    if len(findings) <= _SHOWN:
        return findings
    return [*findings[:_SHOWN], f"... and {len(findings) - _SHOWN} more"]


# --- (a) published snapshots ------------------------------------------------------------------


def _short_diff(old: bytes, new: bytes, path: str) -> str:
    lines = difflib.unified_diff(
        old.decode(errors="replace").splitlines(),
        new.decode(errors="replace").splitlines(),
        f"{path} (base)",
        f"{path} (working tree)",
        lineterm="",
        n=1,
    )
    return "\n".join(list(lines)[:12])


def unchanged_files(ctx: Context, folder: str, kind: str) -> tuple[int, list[str]]:
    """Compare every file under ``folder`` at the base with the working tree: how many there
    were, and a finding for each one removed or changed."""
    findings = []
    published = [p for p in ctx.files_at_base(folder) if p.endswith((".json", ".jsonl"))]
    for path in published:
        old = ctx.at_base(path) or b""
        current = ctx.repo / path
        if not current.is_file():
            findings.append(f"{path}: published {kind} removed (published {kind}s are immutable)")
        elif (new := current.read_bytes()) != old:
            findings.append(
                f"{path}: published {kind} changed (published {kind}s are immutable; a shape "
                f"change needs a new version)\n{_short_diff(old, new, path)}"
            )
    return len(published), findings


def published_snapshots(ctx: Context) -> CheckResult:
    """(a) Every snapshot published at the base is byte-identical in the working tree, and
    the working tree's models generate exactly its snapshots."""
    count, findings = unchanged_files(ctx, SCHEMAS, "snapshot")
    notes = [f"{count} snapshot(s) published at the base"]
    if ctx.installed_here:
        findings += [drift.describe() for drift in snapshots.check(ctx.repo / SCHEMAS)]
    else:
        notes.append(f"models vs snapshots: {ctx.not_here()}")
    return judged(
        "snapshots",
        "published snapshots are immutable",
        f"{count} published snapshot(s) unchanged",
        _limited(findings),
        notes,
    )


# --- (b) version bumps ------------------------------------------------------------------------


def declared_bump(old: str, new: str) -> Bump:
    """The bump from version ``old`` to ``new`` (MAJOR.MINOR.PATCH)."""
    before, after = parse_version(old), parse_version(new)
    for part, bump in enumerate(_PARTS):
        if before[part] != after[part]:
            return bump
    return "none"


def comparable(schema: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without what encodes the version number itself: every ``schema_version``
    property reads as any string (each version pins its own number, which is not a shape
    change), and the generated ``$comment`` is dropped."""
    copied = copy.deepcopy(schema)
    copied.pop("$comment", None)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict) and "schema_version" in properties:
                properties["schema_version"] = {"type": "string"}
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(copied)
    return copied


@dataclass(frozen=True)
class BumpVerdict:
    """How one new version's number compares with the bump its change requires."""

    entity: str
    old: str
    new: str
    declared: Bump
    required: Bump
    breaking: tuple[str, ...]
    """The changes that break the promised direction."""

    @property
    def ok(self) -> bool:
        """Whether the declared bump is at least the required one."""
        return _BUMP_RANK[self.declared] >= _BUMP_RANK[self.required]

    def describe(self) -> str:
        """One line (and the breaking changes) for the report."""
        head = (
            f"{self.entity} {self.old} -> {self.new}: declared {self.declared.upper()}, "
            f"the change needs {self.required.upper()}"
        )
        return "\n".join([head, *self.breaking[:10]])


def judge_bump(
    entity: str,
    old_version: str,
    old_schema: dict[str, Any],
    new_version: str,
    new_schema: dict[str, Any],
    *,
    direction: Direction = "backward",
) -> BumpVerdict:
    """Judge a new version against the previous one's snapshot: the bump the change requires
    in ``direction`` (breaking: MAJOR, additive: MINOR, annotations: PATCH) and the one the
    version numbers declare."""
    report = classify(comparable(old_schema), comparable(new_schema))
    breaking = tuple(
        f"{c.rule_id} {c.path or '(root)'}: {c.old} -> {c.new}"
        for c in report.changes
        if c.breaks(direction)
    )
    return BumpVerdict(
        entity,
        old_version,
        new_version,
        declared_bump(old_version, new_version),
        report.required_bump(direction),
        breaking,
    )


def _versions(paths: list[str]) -> dict[str, list[str]]:
    """Entity folder -> published versions (not eras), oldest first, from snapshot paths."""
    found: dict[str, list[str]] = {}
    for path in paths:
        parts = path.split("/")
        name = parts[-1].removesuffix(".json")
        if len(parts) == 4 and _SEMVER.match(name):  # other names: orphans, see (a)
            found.setdefault(parts[2], []).append(name)
    for versions in found.values():
        versions.sort(key=parse_version)
    return found


def _working_snapshots(ctx: Context) -> list[str]:
    root = ctx.repo / SCHEMAS
    if not root.is_dir():
        return []
    return sorted(p.relative_to(ctx.repo).as_posix() for p in root.rglob("*.json"))


def _schema(ctx: Context, path: str) -> dict[str, Any]:
    text = ctx.at_base(path) or (ctx.repo / path).read_bytes()
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not a JSON Schema object")
    return document


def missing_upcasters(specs: Iterable[EntitySpec]) -> Iterator[str]:
    """A finding for each published version, but the newest, that has no upcaster (its stored
    items could not be carried to the current model)."""
    for spec in specs:
        for version, following in zip(spec.versions, spec.versions[1:], strict=False):
            if version.upcast is None:
                yield (
                    f"{spec.entity_type} {version.version} has no upcaster to "
                    f"{following.version}: its stored items could not be read"
                )


def version_bumps(ctx: Context) -> CheckResult:
    """(b) Each new version's number fits its change, and old versions can be upcast."""
    base = _versions(ctx.files_at_base(SCHEMAS))
    working_paths = _working_snapshots(ctx)
    working = _versions(working_paths)
    findings, notes = [], []
    judged_count = 0
    for folder, versions in sorted(working.items()):
        for index, version in enumerate(versions):
            if version in base.get(folder, []):
                continue
            if index == 0:
                notes.append(f"{folder} {version}: first version, nothing to compare")
                continue
            previous = versions[index - 1]
            prefix = f"{SCHEMAS}/{folder}"
            try:
                verdict = judge_bump(
                    folder,
                    previous,
                    _schema(ctx, f"{prefix}/{previous}.json"),
                    version,
                    _schema(ctx, f"{prefix}/{version}.json"),
                    direction=ctx.direction,
                )
            except (OSError, ValueError) as exc:  # unreadable snapshot or schema error
                findings.append(f"{folder} {previous} -> {version}: cannot compare: {exc}")
                continue
            judged_count += 1
            (notes if verdict.ok else findings).append(verdict.describe())
    added_eras = sorted(
        p for p in working_paths if "/eras/" in p and p not in set(ctx.files_at_base(SCHEMAS))
    )
    notes += [f"{p}: historical era added (a stored shape: no bump to judge)" for p in added_eras]
    if ctx.installed_here:
        findings += list(missing_upcasters(ENTITIES.values()))
    else:
        notes.append(f"upcasters: {ctx.not_here()}")
    return judged(
        "version-bumps",
        "each new version's number fits its change",
        f"{judged_count} new version(s), each bump fits its change",
        _limited(findings),
        notes,
    )


# --- (c) corpus -------------------------------------------------------------------------------


def _uncovered(ctx: Context, corpus: Corpus) -> list[str]:
    covered = {f"{f.folder}/{f.label}" for f in corpus.files if f.entity in ENTITIES}
    findings = []
    for path in _working_snapshots(ctx):
        parts = path.split("/")
        shape = f"{parts[2]}/{parts[-1].removesuffix('.json')}"
        if shape not in covered:
            findings.append(
                f"no corpus items of {shape}: record stored items of it with "
                "`novacat-persistence corpus add`"
            )
    return findings


def corpus_reads(ctx: Context) -> CheckResult:
    """(c) Corpus items published at the base are unchanged, every snapshot has corpus items,
    and every item of every version still reads as its golden line says."""
    count, findings = unchanged_files(ctx, f"{CORPUS}/items", "corpus file")
    notes = [f"{count} corpus item file(s) published at the base"]
    try:
        corpus = Corpus.load(ctx.repo / CORPUS)
    except CorpusError as exc:
        return judged("corpus", "the corpus still reads", "", [str(exc)], notes)
    findings += _uncovered(ctx, corpus)
    summary = f"{sum(f.count for f in corpus.files)} corpus items listed"
    if ctx.installed_here:
        report = verify(corpus)
        findings += [problem.describe() for problem in report.problems]
        summary = f"{report.items} items in {report.files} files read as their goldens say"
    else:
        notes.append(f"reading the items: {ctx.not_here()}")
    return judged("corpus", "every corpus item still reads", summary, _limited(findings), notes)


# --- (d) IFC-030 API --------------------------------------------------------------------------


def _module(path: str, code: bytes) -> griffe.Module:
    return griffe.visit(Path(path).stem, filepath=Path(path), code=code.decode())


def _version_major(module: griffe.Module) -> int | None:
    try:
        value = module["IFC_030_VERSION"].value
        return parse_version(ast.literal_eval(str(value)))[0]
    except (KeyError, ValueError, SyntaxError, TypeError):
        return None


def _explain(breakage: griffe.Breakage) -> str:
    value = breakage.old_value if breakage.old_value is not None else breakage.new_value
    where = f"({value.name})" if isinstance(value, griffe.Parameter) else ""
    return f"{breakage.obj.path}{where}: {breakage.kind.value}"


def api_breakages(path: str, old_code: bytes, new_code: bytes) -> list[str]:
    """The breaking changes of one module's public API (griffe's detection), constant values
    aside: a module constant's value (``IFC_030_VERSION``, the operation list) is data, not
    API shape."""
    old, new = _module(path, old_code), _module(path, new_code)
    return [
        _explain(b)
        for b in griffe.find_breaking_changes(old, new)
        if b.kind is not griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE
    ]


def api_compatible(ctx: Context) -> CheckResult:
    """(d) No breaking change of the IFC-030 Python API, unless its MAJOR version changed."""
    findings: list[str] = []
    notes: list[str] = []
    majors: list[int | None] = [None, None]
    for path in IFC_030_SURFACE:
        old_code, current = ctx.at_base(path), ctx.repo / path
        if old_code is None:
            notes.append(f"{path}: new module")
            continue
        if not current.is_file():
            findings.append(f"{path}: module removed")
            continue
        new_code = current.read_bytes()
        try:
            findings += [f"{path}: {b}" for b in api_breakages(path, old_code, new_code)]
            if path == IFC_030_VERSION_MODULE:
                majors = [
                    _version_major(_module(path, old_code)),
                    _version_major(_module(path, new_code)),
                ]
        except (SyntaxError, UnicodeDecodeError) as exc:
            findings.append(f"{path}: cannot be parsed: {exc}")
    old_major, new_major = majors
    if findings and old_major is not None and new_major is not None and new_major > old_major:
        notes += [f"accepted with the MAJOR bump: {f}" for f in findings]
        notes.append(f"IFC-030 MAJOR {old_major} -> {new_major}: breaking changes need an ADR")
        findings = []
    elif findings:
        findings.append(
            f"IFC-030 MAJOR unchanged ({old_major}): a breaking change needs a MAJOR bump of "
            "IFC_030_VERSION (and an ADR), or keep the old signature"
        )
    return judged(
        "ifc-030-api",
        "the IFC-030 API has no breaking change",
        f"no breaking change in {', '.join(IFC_030_SURFACE)}",
        _limited(findings),
        notes,
    )


# --- (e) conformance --------------------------------------------------------------------------


CONFORMANCE: Final = ("conformance", "--impl", "reference")
"""The conformance run the gate requires: the core suites against the reference wrapper."""


def _cli(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def conformance(ctx: Context, command: Sequence[str] = CONFORMANCE) -> CheckResult:
    """(e) Run ``novacat-persistence conformance --impl reference`` (``command``) when the
    verb exists, in a scratch folder that receives its reports; SKIPPED otherwise."""
    title = "the conformance core passes for the reference implementation"
    with tempfile.TemporaryDirectory(prefix="novacat-gate-") as scratch:
        if _cli([command[0], "--help"], Path(scratch)).returncode != 0:
            return CheckResult(
                "conformance", title, Status.SKIPPED, f"{command[0]}: not available yet"
            )
        done = _cli(command, Path(scratch))
    tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
    shown = " ".join(command)
    return judged(
        "conformance",
        title,
        f"novacat-persistence {shown} passed",
        []
        if done.returncode == 0
        else [f"novacat-persistence {shown}: exit {done.returncode}", *tail],
        tail if done.returncode == 0 else [],
    )
