"""A child interpreter on a checkout's code imports that checkout's packages and nothing else,
even when it is itself started from such a child (the gate run inside a gate's run), and never
falls back on the installed copy silently."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from novacat_persistence.checkout import checkout_at, finder, run_python

from ..kit_copies import copy_kit

WHERE = "import novacat_persistence.contracts as c; print(c.__file__)"


@pytest.fixture(scope="module")
def two_checkouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = copy_kit(tmp_path_factory.mktemp("first") / "kit")
    second = Path(shutil.copytree(first, tmp_path_factory.mktemp("second") / "kit"))
    return first, second


def test_a_child_imports_its_checkout(two_checkouts: tuple[Path, Path], tmp_path: Path) -> None:
    first, _ = two_checkouts
    done = run_python(checkout_at(first), "-c", WHERE, cwd=tmp_path)
    assert done.stdout.strip() == str(first / "contracts" / "__init__.py"), done.stderr


def test_a_child_of_a_child_imports_its_own_checkout(
    two_checkouts: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = two_checkouts
    nested = (
        "from pathlib import Path\n"
        "from novacat_persistence.checkout import checkout_at, finder, run_python\n"
        f"done = run_python(checkout_at(Path({str(second)!r})), '-c', {WHERE!r}, cwd=Path.cwd())\n"
        "print(done.stdout.strip() or done.stderr.strip())\n"
    )
    done = run_python(checkout_at(first), "-c", nested, cwd=tmp_path)
    assert done.stdout.strip() == str(second / "contracts" / "__init__.py"), done.stderr


def test_a_failing_sitecustomize_it_hides_still_runs_and_is_reported(
    two_checkouts: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = two_checkouts
    (tmp_path / "sitecustomize.py").write_text("raise RuntimeError('foreign hook')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    done = run_python(checkout_at(first), "-c", WHERE, cwd=tmp_path)
    assert done.stdout.strip() == str(first / "contracts" / "__init__.py"), done.stderr
    assert "RuntimeError: foreign hook" in done.stderr


def test_a_hook_that_cannot_install_stops_the_child(tmp_path: Path) -> None:
    # Never a silent fallback on the installed copy: one line, exit 2.
    shutil.copyfile(finder.__file__, tmp_path / "sitecustomize.py")
    environment = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        finder.PACKAGE_DIRS_VARIABLE: "not JSON",
    }
    done = subprocess.run(
        [sys.executable, "-P", "-c", WHERE],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("novacat-persistence: cannot import from the checkout: ")


_PARENT = """
import signal, sys
from pathlib import Path
from novacat_persistence.checkout import checkout_at, run_python
from novacat_persistence.interrupts import raise_terminated

signal.signal(signal.SIGTERM, raise_terminated)
child = '''
import os, signal, sys, time
from pathlib import Path
here = Path(sys.argv[1])
def stop(signum, _frame):
    (here / "child-stopped").write_text(signal.Signals(signum).name)
    sys.exit(130)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
(here / "child-pid").write_text(str(os.getpid()))
time.sleep(60)
'''
kit, here = Path(sys.argv[1]), Path(sys.argv[2])
try:
    run_python(checkout_at(kit), "-c", child, str(here), cwd=here, capture=False)
except KeyboardInterrupt as stopped:
    print(type(stopped).__name__)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_the_waiting_parent_stops_its_child_as_the_child_would_stop(
    two_checkouts: tuple[Path, Path], tmp_path: Path, signum: signal.Signals
) -> None:
    """SIGTERM or SIGINT sent to the command alone (not to a terminal's whole group) while it
    waits for its child on a checkout's code: the child is passed the signal, stops in its
    own way (its handler runs: what it writes is cleaned up), and is never left running."""
    first, _ = two_checkouts
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(first), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    pid_file = tmp_path / "child-pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pid_file.exists(), "the child never started"
    parent.send_signal(signum)
    out, _ = parent.communicate(timeout=30)
    assert (tmp_path / "child-stopped").read_text() == signum.name
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
    assert out.strip() == ("Terminated" if signum is signal.SIGTERM else "KeyboardInterrupt")
