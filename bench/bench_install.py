"""Install size: the runtime install (``pip install .``: what a Lambda calling the wrapper
needs) beside the full one (``pip install '.[kit]'``: the conformance suites, corpus tools,
gate and scan), each in a fresh virtual environment.

Run: python bench/bench_install.py [--keep DIR]

Printed per install: the distributions installed and the MB of their files (bytecode
included; pip, setuptools and wheel, which every fresh venv may hold, left out), the whole
environment's MB, and the largest distributions. Needs the package index (or pip's cache).
Never asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SEED = {"pip", "setuptools", "wheel"}

SIZES = """
import json, sys
from importlib.metadata import distributions
from pathlib import Path
sizes = {}
for dist in distributions():
    total = 0
    for file in dist.files or ():
        path = Path(file.locate())
        if path.is_file():
            total += path.stat().st_size
    sizes[dist.metadata["Name"]] = total
print(json.dumps(sizes))
"""


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def install(target: Path, requirement: str) -> dict[str, int]:
    """Create a venv in ``target``, install ``requirement``; return bytes per distribution."""
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
        check=True,
    )
    done = subprocess.run([str(python), "-c", SIZES], capture_output=True, text=True, check=True)
    sizes: dict[str, int] = json.loads(done.stdout)
    return sizes


def report(name: str, target: Path, sizes: dict[str, int]) -> tuple[int, float]:
    """Print one install's figures; return (distributions, their MB)."""
    installed = {n: b for n, b in sizes.items() if n.lower() not in SEED}
    installed_mb = sum(installed.values()) / 1e6
    largest = sorted(installed.items(), key=lambda p: -p[1])[:6]
    print(
        f"  {name:<8} {len(installed):3d} distributions, {installed_mb:6.1f} MB "
        f"(whole venv, pip and setuptools included: {folder_bytes(target) / 1e6:.1f} MB)"
    )
    print("           largest: " + ", ".join(f"{n} {b / 1e6:.1f} MB" for n, b in largest))
    return len(installed), installed_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="build the venvs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-install-") as scratch:
        root = args.keep or Path(scratch)
        print(f"install size, fresh venvs under {root} ({sys.version.split()[0]}):")
        figures = {}
        for name, requirement in (("runtime", str(REPOSITORY)), ("kit", f"{REPOSITORY}[kit]")):
            target = root / name
            figures[name] = report(name, target, install(target, requirement))
    (runtime_n, runtime_mb), (kit_n, kit_mb) = figures["runtime"], figures["kit"]
    print(
        f"  runtime / kit: {runtime_n}/{kit_n} distributions, "
        f"{runtime_mb:.1f}/{kit_mb:.1f} MB ({runtime_mb / kit_mb:.2f}x)"
    )


if __name__ == "__main__":
    main()
