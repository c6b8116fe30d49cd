"""The runtime install (no extra): the contracts, the reference wrapper and the fake import and
run without the kit's tools; a verb that needs them names the ``kit`` extra in one line; the
pytest plugins the kit registers stay inert where pytest runs without moto and hypothesis.

Each check runs in a fresh interpreter whose import system cannot find the kit's modules (every
finder on ``sys.meta_path`` answers None for them, as for a module that is not installed).
``tox -e runtime`` runs this module where they are really absent.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from novacat_persistence.cli.extras import INSTALL_KIT, kit_requirements

WITHOUT = """
import sys

BLOCKED_MODULES = {modules!r}
BLOCKED_DISTRIBUTIONS = {distributions!r}

def _normalized(name):
    return name.lower().replace("-", "_").replace(".", "_")

class _Without:
    def __init__(self, finder):
        self.finder = finder

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED_MODULES:
            return None
        find = getattr(self.finder, "find_spec", None)
        return find(name, path, target) if find else None

    def find_distributions(self, *args, **kwargs):
        find = getattr(self.finder, "find_distributions", None)
        for found in find(*args, **kwargs) if find else ():
            if _normalized(found.metadata["Name"]) not in BLOCKED_DISTRIBUTIONS:
                yield found

    def __getattr__(self, attribute):
        return getattr(self.finder, attribute)

sys.meta_path[:] = [_Without(finder) for finder in sys.meta_path]
"""
"""Makes modules unfindable and distributions unlisted, as when they are not installed."""

KIT: dict[str, str] = {
    "moto": "moto",
    "pytest": "pytest",
    "pytest_xdist": "xdist",
    "hypothesis": "hypothesis",
    "jsonschema": "jsonschema",
    "isal": "isal",
    "griffe": "griffe",
    "packaging": "packaging",
}
"""The kit extra's distributions (normalized) and the module each provides."""


def run_without(kit: dict[str, str], code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter where the ``kit`` distributions (name -> module)
    are not installed."""
    program = WITHOUT.format(modules=sorted(kit.values()), distributions=sorted(kit))
    program += textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_the_kit_extra_holds_the_tools_dependencies() -> None:
    assert {n.lower().replace("-", "_") for n in kit_requirements()} == set(KIT)


RUNTIME_USE = """
import importlib, pkgutil, uuid
import boto3
import novacat_persistence
for root in ("contracts", "reference_impl", "fake"):
    package = importlib.import_module(f"novacat_persistence.{root}")
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.fake import create_fake_wrapper
from novacat_persistence.reference_impl import create_reference_wrapper
client = boto3.client(
    "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
)
create_reference_wrapper(client, "NovaCat")
product = SpectraProduct(
    nova_id=uuid.uuid4(), data_product_id=uuid.uuid4(), provider="ESO", locator_identity="p:1"
)
fake = create_fake_wrapper(None, "NovaCat")
assert fake.register_spectra_product is not None
assert decode(encode(product)) == product
print(novacat_persistence.__version__)
print(sorted({name.partition(".")[0] for name in sys.modules} & set(KIT)))
"""


def test_the_contracts_wrapper_and_fake_import_none_of_the_kit(tmp_path: Path) -> None:
    # Nothing blocked: a kit module imported anywhere (even guarded) shows in sys.modules.
    done = run_without({}, f"KIT = {sorted(KIT.values())!r}\n" + RUNTIME_USE, tmp_path)
    assert done.returncode == 0, done.stderr
    version, imported = done.stdout.splitlines()
    assert version and version != "0+unknown"
    assert imported == "[]"


ALL_KIT = "griffe, hypothesis, isal, jsonschema, moto, packaging, pytest, pytest-xdist"


@pytest.mark.parametrize(
    ("argv", "verb", "missing"),
    [
        (["conformance", "--impl", "reference"], "conformance", ALL_KIT),
        (["corpus", "verify", "--corpus", "corpus"], "corpus", "isal"),
        (["corpus", "--help"], "corpus", "isal"),
        (["gate", "--against", "HEAD"], "gate", "griffe"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_a_verb_without_the_kit_names_the_extra_in_one_line(
    tmp_path: Path, argv: list[str], verb: str, missing: str
) -> None:
    done = run_without(
        KIT, f"from novacat_persistence.cli.main import main\nsys.exit(main({argv!r}))", tmp_path
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines == [
        f"novacat-persistence: error: {verb} needs the kit extra (not installed: {missing}): "
        f"{INSTALL_KIT}"
    ]
    assert done.stdout == ""


def test_the_runtime_verbs_work_without_the_kit(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import boto3\nboto3.client('dynamodb')\n")
    done = run_without(
        KIT,
        """
        from novacat_persistence.cli.main import main
        for argv in (["schemas", "check"], ["scan", "."]):
            print(argv[0], "exit", main(argv))
        try:
            main(["--version"])
        except SystemExit as exited:
            print("version exit", exited.code)
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "schemas exit 0" in done.stdout
    assert "scan exit 1" in done.stdout  # the scan ran and found the bypass
    assert "db-client" in done.stdout
    assert "(IFC-030 " in done.stdout and "version exit 0" in done.stdout


def test_the_pytest_plugins_stay_inert_without_moto_and_hypothesis(tmp_path: Path) -> None:
    (tmp_path / "test_service.py").write_text(
        "def test_the_kit_plugins_are_loaded(pytestconfig):\n"
        "    plugins = pytestconfig.pluginmanager\n"
        "    assert plugins.has_plugin('novacat_persistence_conformance')\n"
        "    assert plugins.has_plugin('novacat_persistence_scan')\n"
    )
    done = run_without(
        {name: module for name, module in KIT.items() if name != "pytest"},
        """
        import pytest
        # hypothesis's own plugin comes with hypothesis: absent with it.
        sys.exit(pytest.main(["-p", "no:hypothesispytest", "-p", "no:cacheprovider", "-q"]))
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert "novacat_persistence" not in done.stdout + done.stderr
