"""Running pytest in a subprocess the way a user would, in a folder of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from novacat_persistence.suites.harness.implementations import ENV_VAR


def run_pytest(
    tmp_path: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m pytest ARGS`` in ``tmp_path`` (its root directory, with an empty ini file),
    without the caller's implementation variable and with ``env`` added."""
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n")
    environment = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    environment.update(env or {})
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ini),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "--import-mode=importlib",
            *args,
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
