"""Which files a scan reads: walking the paths, include/exclude, and the allowlist."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from novacat_persistence.scan.config import ScanConfig
from novacat_persistence.scan.errors import ScanUsageError
from novacat_persistence.scan.files import NotARegularFile, open_regular
from novacat_persistence.scan.globs import PathPatterns

EXCLUDED_DIRECTORIES: Final = frozenset(
    {
        ".direnv",
        ".eggs",
        ".git",
        ".hg",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)
"""Directories never walked into (as are ``*.egg-info``); naming a file inside one still works."""

_DOTTED: Final = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Python file found for the scan."""

    path: str
    """Absolute path (not resolved: symbolic links are kept as named)."""
    allowed: bool
    """True when the allowlist lets the file access the database: it is not checked."""


def iter_candidates(paths: Sequence[Path], config: ScanConfig) -> Iterator[Candidate]:
    """Yield each Python file of ``paths`` once, directories walked in name order.

    Files named directly are taken whatever their suffix, unless ``exclude`` matches them;
    files found by walking must end in ``.py``, match ``include`` (when given) and not
    ``exclude``. A named path that is not a readable file or directory (missing, a broken
    link, a link loop, a FIFO, no permission) is a :class:`ScanUsageError` that says which.
    A file met while walking is yielded even when it cannot be read, so that its check
    reports why; only dangling links are passed over (there is nothing there to check).
    """
    selection = _Selection(config)
    seen: set[str] = set()
    for path in paths:
        absolute = os.path.abspath(path)
        files = (
            selection.walk(absolute)
            if _named_directory(path, absolute)
            else iter(() if selection.excluded(absolute) else (absolute,))
        )
        for file in files:
            if file not in seen:
                seen.add(file)
                yield Candidate(file, selection.allowed(file))


class _Selection:
    """The configuration's patterns, compiled, and the module names of files."""

    def __init__(self, config: ScanConfig) -> None:
        self._root = os.path.abspath(config.root)
        self._allow = PathPatterns(config.allow)
        self._allowed_modules = tuple(e for e in config.allow if _DOTTED.fullmatch(e))
        self._include = PathPatterns(config.include)
        self._exclude = PathPatterns(config.exclude)
        self._package_dirs = tuple(
            (package, os.path.normpath(os.path.join(self._root, directory)))
            for package, directory in config.package_dirs.items()
        )
        self._packages: dict[str, bool] = {}

    def _relative(self, path: str) -> str | None:
        """``path`` relative to the root, in POSIX form; None when it lies outside."""
        if not path.startswith(self._root + os.sep):
            return None
        return path[len(self._root) + 1 :].replace(os.sep, "/")

    def excluded(self, path: str) -> bool:
        """True when the configuration's ``exclude`` matches ``path``."""
        relative = self._relative(path)
        return relative is not None and self._exclude.matches(relative)

    def allowed(self, path: str) -> bool:
        """True when ``allow`` matches ``path`` or one of its module names."""
        relative = self._relative(path)
        if relative is not None and self._allow.matches(relative):
            return True
        return any(
            module == allowed or module.startswith(f"{allowed}.")
            for module in self._module_names(path)
            for allowed in self._allowed_modules
        )

    def walk(self, directory: str) -> Iterator[str]:
        """The Python files below ``directory`` that the configuration selects."""
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as exc:
            raise ScanUsageError(f"cannot list {directory}: {exc.strerror or exc}") from None
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not (
                    entry.name in EXCLUDED_DIRECTORIES
                    or entry.name.endswith(".egg-info")
                    or self.excluded(entry.path)
                ):
                    yield from self.walk(entry.path)
            elif entry.name.endswith(".py") and _to_check(entry) and self._selected(entry.path):
                yield entry.path

    def _selected(self, path: str) -> bool:
        relative = self._relative(path)
        if relative is None:
            return True
        if self._include and not self._include.matches(relative):
            return False
        return not self._exclude.matches(relative)

    def _module_names(self, path: str) -> Iterator[str]:
        """The dotted names ``path`` is importable as: by package-dir, and by ``__init__.py``."""
        if not self._allowed_modules:
            return
        stem = os.path.splitext(os.path.basename(path))[0]
        for package, directory in self._package_dirs:
            if path.startswith(directory + os.sep):
                parts = path[len(directory) + 1 :].split(os.sep)
                yield _dotted([package, *parts[:-1], stem])
        parts = [stem]
        directory = os.path.dirname(path)
        while self._is_package(directory):
            parts.append(os.path.basename(directory))
            directory = os.path.dirname(directory)
        yield _dotted(reversed(parts))

    def _is_package(self, directory: str) -> bool:
        known = self._packages.get(directory)
        if known is None:
            known = self._packages[directory] = os.path.isfile(
                os.path.join(directory, "__init__.py")
            )
        return known


def _named_directory(path: Path, absolute: str) -> bool:
    """True when the named ``path`` is a directory, False when it is a readable regular file.

    Anything else is a :class:`ScanUsageError` saying what the path is.
    """
    try:
        if os.path.isdir(absolute):
            return True
        with open_regular(absolute):
            return False
    except NotARegularFile as exc:
        raise ScanUsageError(f"cannot scan {path}: {exc.strerror}") from None
    except OSError as exc:
        raise ScanUsageError(_unreachable(path, absolute, exc)) from None


def _unreachable(path: Path, absolute: str, exc: OSError) -> str:
    """Why the named ``path`` cannot be opened, in words."""
    if exc.errno == errno.ELOOP:
        return f"symbolic link loop: {path}"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(absolute):
            return f"broken symbolic link: {path} (what it points to does not exist)"
        return f"no such file or directory: {path}"
    return f"cannot read {path}: {exc.strerror or exc}"


def _to_check(entry: os.DirEntry[str]) -> bool:
    """Whether a ``*.py`` entry met while walking is checked: anything but a directory or a
    dangling link. What cannot be read (a link loop, a link into a folder without permission,
    a FIFO) is checked, so that the check reports it as a ``parse-error``.
    """
    if entry.is_file(follow_symlinks=False):
        return True
    try:
        return not stat.S_ISDIR(os.stat(entry.path).st_mode)
    except FileNotFoundError:
        return False
    except OSError:
        return True


def _dotted(parts: Iterable[str]) -> str:
    """Join module name parts, dropping empty ones (root package) and a final ``__init__``."""
    names = [part for part in parts if part]
    if names and names[-1] == "__init__":
        names.pop()
    return ".".join(names)
