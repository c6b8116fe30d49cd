"""Suite tests and racing threads run with room on the frame stack: deep calls made within do
not map and unmap memory each time (:mod:`novacat_persistence.suites.harness.frame_room`)."""

from __future__ import annotations

import json
import os
import resource
import threading
from pathlib import Path

import pytest

from novacat_persistence.suites.harness.frame_room import roomy
from novacat_persistence.suites.harness.races import release_together

from .pytest_runs import run_pytest
from .stack_probe import REPEATS, worst_faults

pytestmark = pytest.mark.skipif(
    not hasattr(resource, "RUSAGE_THREAD"), reason="per-thread page faults are read on Linux"
)

QUIET = REPEATS // 10
"""At most this many faults where there is room (the probe's own first touches)."""


def test_without_room_a_call_chain_across_a_chunk_end_faults_at_every_call() -> None:
    """The probe's control: it finds the cost that room removes."""
    assert worst_faults() >= REPEATS


def test_with_room_the_same_chains_do_not_fault() -> None:
    assert roomy(worst_faults)() <= QUIET


def test_roomy_returns_and_raises_what_the_function_does() -> None:
    def divide(a: int, b: int = 1) -> float:
        """Divides."""
        return a / b

    wrapped = roomy(divide)
    assert wrapped(6, b=3) == 2.0
    with pytest.raises(ZeroDivisionError):
        wrapped(1, 0)
    assert wrapped.__name__ == "divide" and wrapped.__doc__ == "Divides."


def test_racing_threads_have_room() -> None:
    assert max(release_together(4, lambda _: worst_faults())) <= QUIET


def test_plain_threads_have_none() -> None:
    """Control of the race harness's test: a thread started plainly pays the faults."""
    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(worst_faults()))
    thread.start()
    thread.join()
    assert found[0] >= REPEATS


_PLUGIN = """
import json, os
import pytest
from stack_probe import worst_faults

seen = {}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    test = pyfuncitem.obj

    def probed(*args, **kwargs):
        seen[pyfuncitem.name] = worst_faults()
        return test(*args, **kwargs)

    pyfuncitem.obj = probed
    try:
        return (yield)
    finally:
        pyfuncitem.obj = test


def pytest_unconfigure(config):
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump(seen, out)
"""


def test_suite_tests_run_with_room_and_other_tests_without(tmp_path: Path) -> None:
    """A probe called where each test is called: inside the room for a suite test, plainly
    for a test of the same session that is not a suite's."""
    (tmp_path / "probe_plugin.py").write_text(_PLUGIN)
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    pass\n")
    out = tmp_path / "seen.json"
    here = str(Path(__file__).parent)
    done = run_pytest(
        tmp_path,
        "-p",
        "probe_plugin",
        "--impl=reference",
        f"--report-dir={tmp_path / 'reports'}",
        str(tmp_path / "test_plain.py"),
        "--pyargs",
        "novacat_persistence.suites.test_time_rules",
        "-k",
        "test_plain or records_its_expiry",
        env={"PROBE_OUT": str(out), "PYTHONPATH": os.pathsep.join([here, str(tmp_path)])},
    )
    seen = json.loads(out.read_text())
    assert seen.pop("test_plain") >= REPEATS, done.stdout[-2000:]
    assert seen, f"no suite test ran: {done.stdout[-2000:]}"
    assert max(seen.values()) <= QUIET, seen
