"""The suites' strategies draw without hypothesis's table of UTF-8-encodable characters, which
hypothesis builds by encoding every code point (seconds of CPU time in each process of a run
whose storage folder is new)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_DRAW_EVERY_STRATEGY = """
import inspect, warnings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning
from novacat_persistence.suites.harness import strategies as hs

warnings.simplefilter("ignore", NonInteractiveExampleWarning)
drawn = 0
for name, value in vars(hs).items():
    if callable(value) and not isinstance(value, st.SearchStrategy):
        if getattr(value, "__module__", None) != hs.__name__ or name.startswith("_"):
            continue
        try:
            value = value()
        except TypeError:
            continue
    if isinstance(value, st.SearchStrategy):
        for _ in range(3):
            value.example()
        drawn += 1
print(drawn)
"""


def test_no_strategy_needs_the_utf8_codec_table(tmp_path: Path) -> None:
    """Every strategy of the suites' harness draws in a fresh process whose hypothesis storage
    folder ends up holding no codec table (each one it builds is stored there)."""
    storage = tmp_path / "hypothesis"
    done = subprocess.run(
        [sys.executable, "-c", _DRAW_EVERY_STRATEGY],
        env={"HYPOTHESIS_STORAGE_DIRECTORY": str(storage), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 30
    built = sorted(path.name for path in storage.rglob("*.json.gz"))
    assert "charmap.json.gz" in built
    assert not [name for name in built if name.startswith("codec")], built
