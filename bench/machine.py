"""How busy this machine is while a benchmark runs: its load average, and the CPU time a fixed
pure-Python loop takes here (about 0.4 s on a quiet modern core; on a shared, overcommitted
machine CPU time itself grows, so figures scale by the ratio)."""

from __future__ import annotations

import os
import time

LOOP = 10_000_000


def loop_cpu_seconds() -> float:
    """CPU seconds of a fixed loop of ``LOOP`` additions."""
    started = time.process_time()
    total = 0
    for i in range(LOOP):
        total += i
    return time.process_time() - started


def describe() -> str:
    """One line: CPUs, load average, and the fixed loop's CPU time."""
    return (
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
        f"fixed loop {loop_cpu_seconds():.2f} s CPU"
    )
