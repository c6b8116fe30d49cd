"""The state of a conformance session, and which collected tests are suite tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pytest

from novacat_persistence.suites.harness.marks import CAPABILITY_MARK

if TYPE_CHECKING:
    from novacat_persistence.suites.harness.backends import Backend
    from novacat_persistence.suites.harness.implementations import Implementation
    from novacat_persistence.suites.harness.reporting import HypothesisSeed, Report

SUITES_DIR: Final = Path(__file__).resolve().parent.parent
SUITE_MODULES: Final = frozenset(p.name for p in SUITES_DIR.glob("test_*.py"))
"""Every suite module: the whole core is collected only when each of them is."""


@dataclass
class Conformance:
    """The state of one conformance session (in ``config.stash``)."""

    implementation: Implementation
    backend: Backend
    report: Report
    race_threads: int
    race_rounds: int
    report_dir: Path
    started: bool = False
    hypothesis_seed: HypothesisSeed | None = None
    """The session's hypothesis seed (installed while the session runs)."""
    collector_threshold: tuple[int, int, int] | None = None
    """The garbage collector's thresholds before the session set its own (restored at its end)."""

    @property
    def self_contained(self) -> bool:
        """True when the candidate owns its store and takes no client."""
        return bool(self.implementation.capabilities.self_contained)


STATE: Final = pytest.StashKey[Conformance]()

YOUNG_COLLECTION_THRESHOLD: Final = (10_000, 20, 20)
"""The garbage collector's thresholds while suite tests run (:func:`gc.set_threshold`)."""


def selected_implementation(config: pytest.Config) -> Implementation:
    """The implementation ``--impl`` (or the environment) selects; a usage error otherwise."""
    from novacat_persistence.suites.harness.implementations import (  # noqa: PLC0415
        ImplementationSelectionError,
        resolve,
    )

    try:
        return resolve(config.getoption("nc_impl"))
    except ImplementationSelectionError as exc:
        raise pytest.UsageError(str(exc)) from None


def is_suite_item(item: pytest.Item) -> bool:
    """True for a test collected from the conformance suites."""
    return SUITES_DIR in Path(str(item.path)).resolve().parents


def suite_name(item: pytest.Item) -> str:
    """The suite of a test: its module name without ``test_``."""
    return Path(str(item.path)).stem.removeprefix("test_")


def capability_of(item: pytest.Item) -> str | None:
    """The capability an optional test needs, or None for a core test."""
    mark = item.get_closest_marker(CAPABILITY_MARK)
    return str(mark.args[0]) if mark is not None else None
