"""The pytest option ``--novacat-capture=DIR``: write every item the session writes to DynamoDB.

Registered under the ``pytest11`` entry point ``novacat_persistence_capture``, so any repository
that installs novacat-persistence can run ``pytest --novacat-capture=DIR``. DIR (relative to the
invocation directory) must be a new or empty folder; a file, a non-empty folder or a folder that
cannot be written is a usage error (exit 4) before any test runs, and so is a session split
over pytest-xdist workers. At the end of the session
each table written gets ``DIR/<table>.jsonl`` (see :mod:`novacat_persistence.capture.files`)
and the terminal summary says what was written and what could not be captured. Without the
option the plugin imports nothing and changes nothing.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pytest

if TYPE_CHECKING:
    from novacat_persistence.capture.recorder import Recorder

OPTION: Final = "--novacat-capture"
_PLUGIN_NAME: Final = "novacat-persistence-capture-session"
SECTION: Final = "novacat-persistence capture"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--novacat-capture=DIR`` to pytest's command line."""
    group = parser.getgroup("novacat-persistence-capture", "DynamoDB item capture")
    group.addoption(
        OPTION,
        dest="novacat_capture",
        default=None,
        metavar="DIR",
        help="write every item the session writes to a DynamoDB table (moto or an endpoint; "
        "final state per key) to DIR/<table>.jsonl as export lines with their writers",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Check the folder and start watching when the option is given."""
    option: str | None = config.getoption("novacat_capture")
    if option is None:
        return
    # The machinery (botocore, the fake's expression evaluator) loads only when asked for.
    from novacat_persistence.capture.files import CaptureDirError, prepare  # noqa: PLC0415
    from novacat_persistence.capture.recorder import Recorder  # noqa: PLC0415

    if getattr(config.option, "numprocesses", None):
        raise pytest.UsageError(
            f"{OPTION} runs in one process: drop -n/--numprocesses (pytest-xdist workers would "
            "each write the same files)"
        )
    directory = config.invocation_params.dir / option
    try:
        prepare(directory)
    except CaptureDirError as exc:
        raise pytest.UsageError(f"{OPTION}: {exc}") from None
    recorder = Recorder(config.rootpath)
    recorder.install()
    config.pluginmanager.register(_CaptureSession(recorder, directory), _PLUGIN_NAME)


class _CaptureSession:
    """Names the running test, writes the files at the end, reports in the summary."""

    def __init__(self, recorder: Recorder, directory: Path) -> None:
        self._recorder = recorder
        self._directory = directory
        self._written: dict[Path, int] = {}
        self._problems: list[str] = []
        self._error: str | None = None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        """Writes of the setup phase (fixtures) belong to the test."""
        with self._recorder.running(item.nodeid, "setup"):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        """Writes of the test's body."""
        with self._recorder.running(item.nodeid, "call"):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, None, None]:
        """Writes of the teardown phase (fixture finalizers)."""
        with self._recorder.running(item.nodeid, "teardown"):
            return (yield)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the captured items (the session's outcome is left as it is)."""
        from novacat_persistence.capture.files import write_tables  # noqa: PLC0415

        self._recorder.uninstall()
        tables, problems = self._recorder.history.final_items()
        self._problems = [*self._recorder.problems, *problems]
        try:
            self._written = write_tables(self._directory, tables)
        except OSError as exc:
            self._error = f"the capture could not be written to {self._directory}: {exc}"

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Stop watching, whatever ended the session."""
        self._recorder.uninstall()

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Say what was written, and what could not be captured."""
        terminalreporter.section(SECTION)
        if self._error is not None:
            terminalreporter.line(self._error, red=True)
            return
        total = sum(self._written.values())
        if not self._written:
            terminalreporter.line(f"no item was written to a DynamoDB table ({self._directory})")
        else:
            terminalreporter.line(
                f"{total} item(s) of {len(self._written)} table(s) written to {self._directory}"
            )
        for path, count in self._written.items():
            terminalreporter.line(f"  {path.name}: {count}")
        for problem in self._problems:
            terminalreporter.line(f"capture problem: {problem}", yellow=True)
