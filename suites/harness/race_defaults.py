"""How hard a race runs unless told otherwise (``--race-threads``, ``--race-rounds``): read by
the command line and the pytest options alike, so this module imports nothing of the kit."""

from __future__ import annotations

from typing import Final

DEFAULT_THREADS: Final = 8
"""Racers per round: enough for every race's mix of callers (two workflows, three start
times, four ingestion runs each asked by two racers)."""

DEFAULT_ROUNDS: Final = 3
"""Rounds per race. The race harness holds every write until each racer has done its reads,
so the check-then-act window is open in every round: a candidate that reads before it writes
loses the first round (every race mutant of the zoo is caught at 4 threads and one round)."""

MAX_THREADS: Final = 128
"""Racers per round at most: one pooled connection each (the suites' clients pool this many)."""


def race_settings_problem(threads: int, rounds: int) -> str | None:
    """What makes ``--race-threads`` and ``--race-rounds`` unusable, or None when races can
    run with them."""
    if not 2 <= threads <= MAX_THREADS:
        return f"--race-threads must be 2 to {MAX_THREADS} (racers per round), not {threads}"
    if rounds < 1:
        return f"--race-rounds must be at least 1, not {rounds}"
    return None
