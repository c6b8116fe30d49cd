"""A service repo with its own top-level ``contracts`` package still imports the kit's modules."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_kit_modules_win_over_a_local_contracts_package(tmp_path: Path) -> None:
    service = tmp_path / "service"
    (service / "contracts").mkdir(parents=True)
    (service / "contracts" / "__init__.py").write_text("SERVICE_CONTRACTS = True\n")
    (service / "contracts" / "entities.py").write_text(
        "raise ImportError('the service module was imported')\n"
    )
    probe = textwrap.dedent(
        """
        import contracts
        assert contracts.SERVICE_CONTRACTS  # the service's own package is importable...
        from novacat_persistence.contracts.entities import Nova  # ...and so is the kit's
        from novacat_persistence.contracts.codec.items import encode
        import novacat_persistence.contracts as kit
        assert kit.__file__ != contracts.__file__
        print("kit", kit.__name__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=service, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "kit novacat_persistence.contracts" in done.stdout
    cli = subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", "schemas", "check"],
        cwd=service,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
