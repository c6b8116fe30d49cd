"""Check ``ifc-030-api``: no breaking change of the IFC-030 Python API (griffe's detection)
unless the MAJOR of ``IFC_030_VERSION`` changed."""

from __future__ import annotations

from typing import Final

from novacat_persistence.gate.api_surface import api_breakages, version_major
from novacat_persistence.gate.checks.context import Context
from novacat_persistence.gate.checks.result import CheckResult, judged

IFC_030_SURFACE: Final = (
    "contracts/interface.py",
    "contracts/operations.py",
    "contracts/errors.py",
)
"""The modules whose public Python API is IFC-030: the Protocol, its values, its errors."""
IFC_030_VERSION_MODULE: Final = "contracts/interface.py"
"""The module that declares ``IFC_030_VERSION``."""


def api_compatible(ctx: Context) -> CheckResult:
    """No breaking change of the IFC-030 Python API, unless its MAJOR version changed."""
    findings: list[str] = []
    notes: list[str] = []
    majors: tuple[int | None, int | None] = (None, None)
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
                majors = (version_major(path, old_code), version_major(path, new_code))
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
        findings,
        notes,
    )
