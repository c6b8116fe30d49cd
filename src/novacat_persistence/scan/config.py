"""The scan's configuration: ``[tool.novacat-persistence.scan]`` in a ``pyproject.toml``."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from novacat_persistence.scan.errors import ScanUsageError
from novacat_persistence.scan.files import open_regular
from novacat_persistence.scan.globs import PathPatterns
from novacat_persistence.scan.rules import RULES, Severity

TABLE: Final = "[tool.novacat-persistence.scan]"
"""The table the configuration lives in, as written in TOML."""

_PATH_KEYS: Final = ("allow", "include", "exclude")
_KEYS: Final = (*_PATH_KEYS, "severity")


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """What to scan and what is allowed; patterns are relative to :attr:`root`.

    Construction validates every pattern and severity and raises :class:`ScanUsageError`
    naming the bad entry.
    """

    root: Path
    """The directory patterns and package directories are relative to."""
    source: Path | None = None
    """The file the configuration was read from; None for the defaults."""
    allow: tuple[str, ...] = ()
    """Paths or globs, or dotted module names, allowed to access the database."""
    include: tuple[str, ...] = ()
    """Globs of the files to check when walking directories; empty means every ``*.py``."""
    exclude: tuple[str, ...] = ()
    """Globs never checked, on top of the built-in excludes (``.git``, ``.venv``, ...)."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Severity overrides by rule id."""
    package_dirs: Mapping[str, str] = field(default_factory=dict)
    """``[tool.setuptools] package-dir`` of the same file: package name -> directory."""

    def __post_init__(self) -> None:
        for key in _PATH_KEYS:
            try:
                PathPatterns(getattr(self, key))
            except ScanUsageError as exc:
                raise ScanUsageError(f"{self._where()}: {key}: {exc}") from None
        unknown = sorted(set(self.severity) - set(RULES))
        if unknown:
            raise ScanUsageError(
                f"{self._where()}: severity: unknown rule {', '.join(unknown)}; "
                f"known rules: {', '.join(RULES)}"
            )

    def severity_of(self, rule: str) -> Severity:
        """The severity of ``rule``'s findings under this configuration."""
        return self.severity.get(rule, RULES[rule].severity)

    def _where(self) -> str:
        return f"{self.source} {TABLE}" if self.source is not None else TABLE


def load_config(file: Path) -> ScanConfig:
    """Read the configuration from ``file``, which must hold the ``scan`` table.

    A missing or unreadable file, invalid TOML, a missing table or a bad value is a
    :class:`ScanUsageError` that names the file and the key.
    """
    config = _read(file)
    if config is None:
        raise ScanUsageError(f"{file}: no {TABLE} table")
    return config


def discover_config(paths: Sequence[Path]) -> ScanConfig:
    """Find the configuration of the scanned ``paths``.

    Walks up from the directory holding all of them (the working directory when there are
    none) and reads the first ``pyproject.toml`` that has the ``scan`` table. Without one,
    returns the defaults, rooted at that starting directory.
    """
    absolute = [os.path.abspath(path) for path in paths] or [os.getcwd()]
    start = Path(os.path.commonpath(absolute))
    if not os.path.isdir(start):
        start = start.parent
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if os.path.isfile(candidate):
            config = _read(candidate)
            if config is not None:
                return config
    return ScanConfig(root=start)


def _read(file: Path) -> ScanConfig | None:
    """The configuration in ``file``, or None when it has no ``scan`` table."""
    try:
        with open_regular(str(file)) as stream:
            document = tomllib.loads(stream.read().decode("utf-8"))
    except OSError as exc:
        raise ScanUsageError(f"cannot read configuration {file}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScanUsageError(f"{file}: invalid TOML: {exc}") from None
    table = _lookup(document, "tool", "novacat-persistence", "scan")
    if table is None:
        return None
    where = f"{file} {TABLE}"
    if not isinstance(table, dict):
        raise ScanUsageError(f"{file}: tool.novacat-persistence.scan must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ScanUsageError(
            f"{where}: unknown key {', '.join(unknown)}; known keys: {', '.join(_KEYS)}"
        )
    paths = {key: _strings(table.get(key, []), f"{where}: {key}") for key in _PATH_KEYS}
    return ScanConfig(
        root=Path(os.path.abspath(file)).parent,
        source=file,
        allow=paths["allow"],
        include=paths["include"],
        exclude=paths["exclude"],
        severity=_severities(table.get("severity", {}), f"{where}: severity"),
        package_dirs=_package_dirs(document),
    )


def _lookup(document: Mapping[str, Any], *keys: str) -> Any:
    """The value at ``keys`` in nested tables, or None when a step is missing or not a table."""
    value: Any = document
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ScanUsageError(f"{where} must be a list of strings")
    return tuple(value)


def _severities(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ScanUsageError(f'{where} must be a table such as {{ unresolved-client = "error" }}')
    levels = {str(severity) for severity in Severity}
    for rule, level in value.items():
        if not isinstance(level, str) or level not in levels:
            raise ScanUsageError(
                f"{where}: {rule} = {level!r}; the severity must be one of {sorted(levels)}"
            )
    return {rule: Severity(level) for rule, level in value.items()}


def _package_dirs(document: Mapping[str, Any]) -> dict[str, str]:
    """``[tool.setuptools] package-dir`` when it is a table of strings, else nothing."""
    package_dir = _lookup(document, "tool", "setuptools", "package-dir")
    if not isinstance(package_dir, dict):
        return {}
    return {
        package: directory
        for package, directory in package_dir.items()
        if isinstance(directory, str)
    }
