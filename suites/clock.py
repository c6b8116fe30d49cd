"""Deprecated: :class:`ManualClock` and :data:`EPOCH` moved to
:mod:`novacat_persistence.contracts.clock` (the clock is part of the factory contract).
This alias warns on import and goes with the kit's next MAJOR version."""

import warnings

from novacat_persistence.contracts.clock import EPOCH, ManualClock

warnings.warn(
    "novacat_persistence.suites.clock moved to novacat_persistence.contracts.clock; "
    "import ManualClock and EPOCH from there",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["EPOCH", "ManualClock"]
