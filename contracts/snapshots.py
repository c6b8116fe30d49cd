"""JSON Schema snapshots of every published entity version (``contracts/schemas/``).

A snapshot describes a stored item of one version as DynamoDB holds it once the type tags are
removed: the model's fields plus ``PK``, ``SK``, ``entity_type``, ``schema_version`` and, for
spectra, the optional ``GSI1PK``/``GSI1SK``. Content models are closed (an unknown attribute
is not part of the version), which is what makes a rename visible as a breaking change.

Published snapshots are immutable: :func:`check` reports any drift between a model and its
committed snapshot, so a shape change needs a new version.

Each historical era of an entity (``contracts/eras.py``) has a snapshot too, at
``<entity>/eras/<version>+<era>.json``: generated from the era's legacy model, or, for an era
that only renamed attributes, from its version's snapshot with those attributes under their
stored names.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, TypeAdapter

from novacat_persistence.contracts.entities import SpectraProduct, SpectraProductV1
from novacat_persistence.contracts.entities.data_product import SpectraProductV1Services
from novacat_persistence.contracts.eras import Era
from novacat_persistence.contracts.keys import PK_MAX_BYTES, SK_MAX_BYTES
from novacat_persistence.contracts.keys.build import TEMPLATES_BY_ENTITY_TYPE
from novacat_persistence.contracts.versions import (
    ENTITIES,
    EntitySpec,
    EntityVersion,
    parse_version,
)

SCHEMAS_DIR: Final = Path(__file__).parent / "schemas"
"""Where the committed snapshots live: ``<entity>/<MAJOR.MINOR.PATCH>.json``, and the era
snapshots ``<entity>/eras/<MAJOR.MINOR.PATCH>+<era>.json``."""

ERAS_DIRNAME: Final = "eras"
"""Folder of an entity's era snapshots, beside its version snapshots."""

_INDEXED_MODELS: Final = frozenset(
    {SpectraProduct.__name__, SpectraProductV1.__name__, SpectraProductV1Services.__name__}
)

"""Titles of the models whose items carry the eligibility index keys."""


def title_of(model: type[BaseModel]) -> str:
    """The name a model has in snapshots: its configured title, else its class name. A
    published version's model keeps its title when a newer version takes its class name."""
    return str(model.model_config.get("title") or model.__name__)


def _defs_by_title(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each ``$defs`` entry of a titled model under its title (pydantic names
    them by class), every ``$ref`` to it following."""
    renames = {
        name: definition["title"]
        for name, definition in schema.get("$defs", {}).items()
        if isinstance(definition, dict) and definition.get("title", name) != name
    }
    if not renames:
        return schema
    text = json.dumps(schema)
    for old, new in renames.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    renamed["$defs"] = {renames.get(k, k): v for k, v in renamed["$defs"].items()}
    return renamed


def _stored_version_pattern(version: str) -> str:
    major, minor, patch = parse_version(version)
    if minor == patch == 0:
        return rf"^{major}(\.0(\.0)?)?$"
    return rf"^{major}\.{minor}\.{patch}$"


def _item_properties(version: EntityVersion, model_name: str) -> dict[str, Any]:
    key = {"type": "string", "minLength": 1}
    properties: dict[str, Any] = {
        "PK": {**key, "maxLength": PK_MAX_BYTES, "description": "partition key (key grammar)"},
        "SK": {**key, "maxLength": SK_MAX_BYTES, "description": "sort key (key grammar)"},
        "entity_type": {"const": version.entity_type},
        "schema_version": {"type": "string", "pattern": _stored_version_pattern(version.version)},
    }
    if model_name in _INDEXED_MODELS:
        properties["GSI1PK"] = {**key, "description": "present exactly while eligible"}
        properties["GSI1SK"] = {**key, "description": "present exactly while eligible"}
    return properties


def _decorate(schema: dict[str, Any], version: EntityVersion, model_name: str) -> None:
    extra = _item_properties(version, model_name)
    schema["properties"] = {**extra, **schema.get("properties", {})}
    required = ["PK", "SK", "entity_type", "schema_version", "created_at", "updated_at"]
    schema["required"] = sorted(set(schema.get("required", [])) | set(required))
    schema["additionalProperties"] = False


def _model_schemas(schema: dict[str, Any], model_names: set[str]) -> Iterator[tuple[str, Any]]:
    """The object schemas of the item models in a generated schema, with their model names."""
    if schema.get("title") in model_names:
        yield schema["title"], schema
    for name, definition in schema.get("$defs", {}).items():
        if name in model_names:
            yield name, definition


def _item_schema(
    adapter: TypeAdapter[Any], models: set[str], version: EntityVersion, label: str
) -> dict[str, Any]:
    schema = _defs_by_title(adapter.json_schema(mode="validation"))
    for name, definition in _model_schemas(schema, models):
        _decorate(definition, version, name)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"{version.entity_type} {label}: {GENERATED_BY}"
    return schema


GENERATED_BY: Final = "generated by novacat-persistence"
"""How the ``$comment`` of every snapshot ends."""


def is_snapshot(schema: dict[str, Any]) -> bool:
    """Whether a JSON Schema document is a snapshot this kit generated (by its comment)."""
    return str(schema.get("$comment", "")).endswith(f": {GENERATED_BY}")


def snapshot_entity(schema: dict[str, Any]) -> str | None:
    """The entity type a snapshot this kit generated describes (its comment's first word);
    None for any other document."""
    return str(schema["$comment"]).split(" ", 1)[0] if is_snapshot(schema) else None


def comparable(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a snapshot without what encodes the version number itself: every
    ``schema_version`` property reads as any string (each version pins its own number, which
    is not a shape change), and the generated ``$comment`` is dropped. Any nesting depth."""
    copied = dict(schema)
    copied.pop("$comment", None)
    pending: list[dict[str, Any] | list[Any]] = [copied]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            node[:] = [_copied(value, pending) for value in node]
            continue
        for key, value in node.items():
            node[key] = _copied(value, pending)
        properties = node.get("properties")
        if isinstance(properties, dict) and "schema_version" in properties:
            properties["schema_version"] = {"type": "string"}
    return copied


def _copied(value: Any, pending: list[dict[str, Any] | list[Any]]) -> Any:
    """``value``, a shallow copy if it is an object or array (queued to be copied within)."""
    if isinstance(value, dict):
        pending.append(copy := dict(value))
        return copy
    if isinstance(value, list):
        pending.append(items := list(value))
        return items
    return value


def generate(version: EntityVersion) -> dict[str, Any]:
    """Return the JSON Schema of a stored item of ``version``, generated from its model(s)."""
    return _item_schema(version.adapter, _names(version), version, version.version)


def _names(version: EntityVersion) -> set[str]:
    return {title_of(model) for model in version.models}


def generate_era(spec: EntitySpec, era: Era) -> dict[str, Any]:
    """Return the JSON Schema of a stored item of one era of ``spec``: its legacy model's, or
    its own model's (else its version's), with the renamed attributes under their stored names,
    what the era fills (from other attributes or from the key) optional, and no
    ``schema_version`` (or ``entity_type``) where its items carry none."""
    version = spec.version(era.version)
    if era.legacy is not None:
        return _item_schema(TypeAdapter(era.legacy), {title_of(era.legacy)}, version, era.label)
    reading = (
        version
        if era.model is None
        else EntityVersion(version.entity_type, version.version, era.model)
    )
    schema = _item_schema(reading.adapter, _names(reading), version, era.label)
    stored_names = {new: old for old, new in era.renames.items()}
    optional = set(era.fills)
    if era.from_key:
        optional |= {n for t in TEMPLATES_BY_ENTITY_TYPE[spec.entity_type] for n in t.names}
    absent = {"schema_version"} if era.unversioned else set()
    if spec.identified_by_key:
        absent.add("entity_type")
    for _name, definition in _model_schemas(schema, _names(reading)):
        definition["properties"] = {
            stored_names.get(name, name): value
            for name, value in definition["properties"].items()
            if name not in absent
        }
        definition["required"] = sorted(
            stored_names.get(n, n) for n in definition["required"] if n not in optional | absent
        )
    return schema


def render(schema: dict[str, Any]) -> str:
    """Return the committed text form of a schema (stable: sorted keys, two-space indent)."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def snapshot_path(version: EntityVersion, root: Path = SCHEMAS_DIR) -> Path:
    """Return where the snapshot of ``version`` is committed."""
    spec = ENTITIES[version.entity_type]
    return root / spec.snapshot_name / f"{version.version}.json"


def era_snapshot_path(spec: EntitySpec, era: Era, root: Path = SCHEMAS_DIR) -> Path:
    """Return where the snapshot of one era of ``spec`` is committed."""
    return root / spec.snapshot_name / ERAS_DIRNAME / f"{era.label}.json"


def published(root: Path = SCHEMAS_DIR) -> Mapping[Path, Callable[[], dict[str, Any]]]:
    """Every snapshot the models define, versions and eras: its path and how to generate it."""
    found: dict[Path, Callable[[], dict[str, Any]]] = {}
    for spec in ENTITIES.values():
        for version in spec.versions:
            found[snapshot_path(version, root)] = functools.partial(generate, version)
        for era in spec.eras:
            found[era_snapshot_path(spec, era, root)] = functools.partial(generate_era, spec, era)
    return found


@dataclass(frozen=True)
class Drift:
    """One difference between the models and the committed snapshots."""

    path: Path
    kind: str
    """``missing`` (no snapshot for a version), ``changed`` (the model now generates another
    schema) or ``orphan`` (a snapshot whose version no model declares)."""
    diff: str = ""

    def describe(self) -> str:
        """A readable account of the drift and what to do about it."""
        if self.kind == "missing":
            return f"{self.path}: no snapshot; run `novacat-persistence schemas export`"
        if self.kind == "orphan":
            return (
                f"{self.path}: snapshot of a version no model declares (a published version "
                "must stay readable: restore its model)"
            )
        return (
            f"{self.path}: the model no longer generates its published snapshot; a shape change "
            f"needs a new version (published snapshots are immutable)\n{self.diff}"
        )


def check(root: Path = SCHEMAS_DIR) -> list[Drift]:
    """Regenerate every snapshot in memory and return how the committed ones differ."""
    drifts: list[Drift] = []
    expected = published(root)
    for path, make in expected.items():
        generated = render(make())
        if not path.exists():
            drifts.append(Drift(path, "missing"))
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != generated:
            diff = difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                fromfile=f"{path} (committed)",
                tofile=f"{path} (generated)",
            )
            drifts.append(Drift(path, "changed", _bounded(diff)))
    if root.exists():
        files = [*root.glob("*/*.json"), *root.glob(f"*/{ERAS_DIRNAME}/*.json")]
        for path in sorted(files):
            if path not in expected:
                drifts.append(Drift(path, "orphan"))
    return drifts


DIFF_LINES: Final = 200
"""The most lines of a snapshot's diff that :func:`check` shows."""
DIFF_LINE_CHARS: Final = 240
"""The most characters of one line of a diff that :func:`check` shows."""


def _bounded(diff: Iterator[str]) -> str:
    """The first :data:`DIFF_LINES` lines of a diff, each cut to :data:`DIFF_LINE_CHARS`
    characters, each cut said (a snapshot edited by hand may hold a line of any length)."""
    shown: list[str] = []
    for line in diff:
        if len(shown) == DIFF_LINES:
            left = 1 + sum(1 for _ in diff)
            shown.append(f"... {left:,} more line(s) of the diff\n")
            break
        body = line.rstrip("\n")
        if len(body) > DIFF_LINE_CHARS:
            body = f"{body[:DIFF_LINE_CHARS]}... ({len(body) - DIFF_LINE_CHARS:,} more characters)"
        shown.append(body + "\n")
    return "".join(shown)


def export_plan(
    root: Path = SCHEMAS_DIR, *, force: bool = False
) -> tuple[list[tuple[Path, str]], list[Drift]]:
    """The snapshots to write (those that are missing) with their text, and the refused
    drifts; writing them is the caller's (all or nothing: ``corpus_tools.staging``).

    A snapshot that exists with other content is a published version whose shape changed: it
    is not to be overwritten (and is returned as a refused drift) unless ``force`` is set,
    which is only right for a version that was never released.
    """
    planned: list[tuple[Path, str]] = []
    refused: list[Drift] = []
    expected = published(root)
    for drift in check(root):
        if drift.kind == "orphan" or (drift.kind == "changed" and not force):
            refused.append(drift)
        else:
            planned.append((drift.path, render(expected[drift.path]())))
    return planned, refused
