"""Pip constraints that hold every direct dependency of the project at its lower bound.

Run: python .ci/lowest_pins.py PYPROJECT OUT

Writes ``name==version`` for each requirement of ``PYPROJECT``'s ``dependencies`` and
optional dependencies (the project's own extras, such as ``novacat-persistence[kit]``, left
out), ``version`` being the lowest the requirement allows (its ``>=``, ``~=`` or ``==``
bound; the highest of them when several requirements name one distribution). The tox
environment ``lowest`` installs the project under these constraints: what pyproject.toml
promises to work with is what it tests. A requirement with no lower bound is refused (exit 2):
nothing would say which version to test.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

_LOWER_BOUNDS = frozenset({">=", "~=", "=="})


class UnboundedRequirementError(ValueError):
    """A direct dependency whose requirement names no lowest version."""


def lowest_pins(pyproject: dict[str, object]) -> dict[str, Version]:
    """The lowest version each direct dependency of a parsed pyproject.toml allows, by
    canonical distribution name."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    own = canonicalize_name(project["name"])
    texts = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        texts += extra
    pins: dict[str, Version] = {}
    for text in texts:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name == own:
            continue
        bounds = [
            Version(s.version)
            for s in requirement.specifier
            if s.operator in _LOWER_BOUNDS and not s.version.endswith("*")
        ]
        if not bounds:
            raise UnboundedRequirementError(
                f"{text!r} has no lower bound: give it one (>=X.Y) in pyproject.toml, "
                "the lowest version the project works with"
            )
        pins[name] = max([*bounds, pins.get(name, bounds[0])])
    return pins


def main(argv: list[str]) -> int:
    """Write the constraints of ``argv[0]`` (a pyproject.toml) to ``argv[1]``."""
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source, target = map(Path, argv)
    try:
        pins = lowest_pins(tomllib.loads(source.read_text(encoding="utf-8")))
    except UnboundedRequirementError as exc:
        print(f"lowest_pins: {exc}", file=sys.stderr)
        return 2
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    target.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print("lowest versions tested: " + ", ".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
