"""The IFC-030 Python API as griffe sees it: breaking changes of a module, and the MAJOR of
``IFC_030_VERSION``."""

from __future__ import annotations

import ast
from pathlib import Path

import griffe

from novacat_persistence.contracts.versions import parse_version


def _module(path: str, code: bytes) -> griffe.Module:
    return griffe.visit(Path(path).stem, filepath=Path(path), code=code.decode())


def _explain(breakage: griffe.Breakage) -> str:
    value = breakage.old_value if breakage.old_value is not None else breakage.new_value
    where = f"({value.name})" if isinstance(value, griffe.Parameter) else ""
    return f"{breakage.obj.path}{where}: {breakage.kind.value}"


def api_breakages(path: str, old_code: bytes, new_code: bytes) -> list[str]:
    """The breaking changes of one module's public API (griffe's detection), constant values
    aside: a module constant's value (``IFC_030_VERSION``, the operation list) is data, not
    API shape. Raises SyntaxError or UnicodeDecodeError when a version does not parse."""
    old, new = _module(path, old_code), _module(path, new_code)
    return [
        _explain(b)
        for b in griffe.find_breaking_changes(old, new)
        if b.kind is not griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE
    ]


def version_major(path: str, code: bytes) -> int | None:
    """The MAJOR of the module's ``IFC_030_VERSION`` literal, None when it has none. Raises
    SyntaxError or UnicodeDecodeError when the module does not parse."""
    module = _module(path, code)
    try:
        value = module["IFC_030_VERSION"].value
        return parse_version(ast.literal_eval(str(value)))[0]
    except (KeyError, ValueError, SyntaxError, TypeError):
        return None
