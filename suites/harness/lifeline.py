"""A conformance run stops when the command that started it is gone.

The ``conformance`` verb hands its pytest the read end of a pipe whose write end it alone
holds, and names it in :data:`LIFELINE_ENV`. The verb stops pytest itself on any interrupt it
sees; should it end without doing so (killed outright: SIGKILL, a CI runner's timeout, which
no handler sees), the pipe ends, and pytest is interrupted as the verb would have interrupted
it: as on Ctrl-C, with its workers when it leads a process group of its own. Its fixtures and
backend then stop what they started; nothing is left running.
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING, Final

from novacat_persistence.interrupts import once_gone

if TYPE_CHECKING:
    import pytest

LIFELINE_ENV: Final = "NOVACAT_CONFORMANCE_LIFELINE"
"""The environment variable naming the lifeline's file descriptor (its read end), set by the
``conformance`` verb for its pytest alone: the plugin takes it out of the environment, so
that no process pytest starts sees it."""


def pytest_configure(config: pytest.Config) -> None:
    """Watch the lifeline the verb handed this pytest, if any."""
    named = os.environ.pop(LIFELINE_ENV, None)
    if named is not None and named.isdigit():
        once_gone(int(named), _interrupt)


def _interrupt() -> None:
    """Interrupt this pytest as the verb would: its whole group when it leads one (its workers
    with it), else itself alone (the terminal's group holds other commands, such as a
    ``| tee``)."""
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpid(), signal.SIGINT)
    else:
        os.kill(os.getpid(), signal.SIGINT)
