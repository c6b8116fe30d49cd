"""Every distribution the project's code imports is one ``pyproject.toml`` declares.

A module imported only because some declared dependency happens to bring it (botocore through
boto3, typing_extensions through pydantic) has no bound of the project's own: nothing says
which versions the code was written for, and ``tox -e lowest``, which pins each declared
dependency at its bound, never tests its oldest allowed version. So each import of the
installed package must come from the standard library, the package itself, a distribution of
``dependencies`` or of the ``kit`` extra (what ``pip install '.[kit]'`` gives), or one that
such a distribution pins to one exact version (pydantic-core by pydantic: its version is
pydantic's). The tests and benchmarks may also use the ``test`` and ``bench`` extras.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
OWN = canonicalize_name(PROJECT["name"])
INSTALLED_EXTRA = "kit"
"""The extra that installs the kit's tools beside the runtime dependencies."""


def _names(*groups: list[str]) -> frozenset[str]:
    names = {canonicalize_name(Requirement(text).name) for group in groups for text in group}
    return frozenset(names - {OWN})


RUNTIME_AND_KIT = _names(PROJECT["dependencies"], PROJECT["optional-dependencies"][INSTALLED_EXTRA])
EVERY_DECLARED = _names(PROJECT["dependencies"], *PROJECT["optional-dependencies"].values())


def package_folders() -> list[Path]:
    """The folder of each package the distribution installs, by its ``package-dir``."""
    setuptools = PYPROJECT["tool"]["setuptools"]
    mapping: dict[str, str] = setuptools["package-dir"]
    folders = []
    for package in setuptools["packages"]:
        mapped = max((name for name in mapping if f"{package}.".startswith(f"{name}.")), key=len)
        rest = package.removeprefix(mapped).lstrip(".").split(".")
        folders.append(ROOT.joinpath(mapping[mapped], *filter(None, rest)))
    return folders


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Each absolute import a file runs (those under ``if TYPE_CHECKING:`` only serve the type
    checker, whose stubs tox's ``type`` environment installs): its line and the top-level
    module it names."""
    nodes: list[ast.AST] = [ast.parse(path.read_bytes(), filename=str(path))]
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.partition(".")[0]
        if isinstance(node, ast.If) and _only_type_checking(node.test):
            nodes.extend(node.orelse)
        else:
            nodes.extend(ast.iter_child_nodes(node))


def _only_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@cache
def _providers() -> dict[str, frozenset[str]]:
    return {
        module: frozenset(map(canonicalize_name, names))
        for module, names in metadata.packages_distributions().items()
    }


@cache
def pinned_exactly_by(declared: frozenset[str]) -> frozenset[str]:
    """The distributions that one of ``declared`` (as installed) requires at one version."""
    pinned = set()
    for name in declared:
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # an extra not installed here (bench's pynamodb)
            continue
        for text in requirements:
            requirement = Requirement(text)
            if any(spec.operator in {"==", "==="} for spec in requirement.specifier):
                pinned.add(canonicalize_name(requirement.name))
    return frozenset(pinned)


def _is_local(module: str, path: Path, root: Path) -> bool:
    """Whether a module is a file or folder of the project itself beside the importer or at
    its root (a benchmark's helper, the tests' shared modules)."""
    return any(
        (folder / f"{module}.py").is_file() or (folder / module).is_dir()
        for folder in (path.parent, root)
    )


def undeclared_imports(paths: list[Path], declared: frozenset[str], root: Path = ROOT) -> list[str]:
    """Each import of ``paths`` (files under ``root``) that no declared distribution (nor one
    it pins exactly) provides, as ``file:line: module (distributions providing it)``."""
    allowed = declared | pinned_exactly_by(declared)
    found = []
    for path in paths:
        for line, module in sorted(imported_modules(path)):
            if module in sys.stdlib_module_names or module in {"__future__", "novacat_persistence"}:
                continue
            if _is_local(module, path, root):
                continue
            # a module of no installed distribution: the one of its name, if any (an extra not
            # installed here)
            providers = _providers().get(module, frozenset({canonicalize_name(module)}))
            if not providers & allowed:
                where = path.relative_to(root)
                found.append(f"{where}:{line}: {module} ({', '.join(sorted(providers))})")
    return found


def test_the_installed_package_imports_only_what_it_declares() -> None:
    folders = package_folders()
    assert all((folder / "__init__.py").is_file() for folder in folders), folders
    files = [path for folder in folders for path in sorted(folder.glob("*.py"))]
    assert undeclared_imports(files, RUNTIME_AND_KIT) == []


@pytest.mark.parametrize("folder", ["tests", "bench", ".ci"])
def test_tests_benchmarks_and_ci_import_only_what_the_project_declares(folder: str) -> None:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files
    assert undeclared_imports(files, EVERY_DECLARED) == []


def test_an_import_only_another_dependency_brings_is_found(tmp_path: Path) -> None:
    module = tmp_path / "uses_botocore.py"
    module.write_text(
        "import json\nimport helper\nfrom botocore.config import Config\nimport pydantic_core\n"
        "if TYPE_CHECKING:\n    import mypy_boto3_s3\nelse:\n    import s3transfer\n"
        "import no_such_distribution\n",
        encoding="utf-8",
    )
    (tmp_path / "helper.py").write_text("", encoding="utf-8")
    with_boto3 = frozenset({"boto3", "pydantic"})
    assert undeclared_imports([module], with_boto3, tmp_path) == [
        "uses_botocore.py:3: botocore (botocore)",
        "uses_botocore.py:8: s3transfer (s3transfer)",
        "uses_botocore.py:9: no_such_distribution (no-such-distribution)",
    ]
    declared = with_boto3 | {"botocore", "s3transfer", "no-such-distribution"}
    assert undeclared_imports([module], declared, tmp_path) == []
    assert undeclared_imports([module], declared - {"pydantic"}, tmp_path) == [
        "uses_botocore.py:4: pydantic_core (pydantic-core)"
    ]
