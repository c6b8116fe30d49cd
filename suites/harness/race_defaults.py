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
