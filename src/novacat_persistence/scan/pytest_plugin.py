"""The pytest option ``--novacat-scan[=PATHS]``: fail the test session on INV-011 findings.

Registered under the ``pytest11`` entry point ``novacat_persistence_scan``, so any repo that
installs novacat-persistence can run ``pytest --novacat-scan`` (the rootdir) or
``pytest --novacat-scan=src,app`` (comma-separated paths, relative to the invocation
directory). The scan runs once at session start; its findings are printed in the terminal
summary, and error findings make the session fail (exit code 1) even if every test passed.
Without the option the plugin does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from novacat_persistence.scan.config import discover_config
from novacat_persistence.scan.engine import scan
from novacat_persistence.scan.errors import ScanUsageError
from novacat_persistence.scan.findings import ScanResult
from novacat_persistence.scan.formats import render_text

OPTION: Final = "--novacat-scan"
_PLUGIN_NAME: Final = "novacat-persistence-scan-session"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--novacat-scan[=PATHS]`` to pytest's command line."""
    group = parser.getgroup("novacat-persistence", "INV-011 database access scan")
    group.addoption(
        OPTION,
        dest="novacat_scan",
        nargs="?",
        const="",
        default=None,
        metavar="PATHS",
        help="scan PATHS (comma-separated; default: the rootdir) for DynamoDB access outside "
        "the persistence wrapper and fail the session on error findings",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Start the scan session plugin when the option is given (on the controller only)."""
    option: str | None = config.getoption("novacat_scan")
    if option is None or hasattr(config, "workerinput"):
        return
    base = config.invocation_params.dir
    names = [name.strip() for name in option.split(",") if name.strip()]
    paths = [base / name for name in names] or [config.rootpath]
    config.pluginmanager.register(_ScanSession(paths), _PLUGIN_NAME)


class _ScanSession:
    """Runs the scan at session start and turns error findings into a failed session."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths = paths
        self._result: ScanResult | None = None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Run the scan; a bad path or configuration is a pytest usage error."""
        try:
            self._result = scan(self._paths, discover_config(self._paths))
        except ScanUsageError as exc:
            raise pytest.UsageError(f"{OPTION}: {exc}") from None

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Make a session that would pass fail when the scan has error findings.

        Runs last: other plugins combine exit codes in this hook (syrupy ORs its own in).
        """
        if (
            self._result is not None
            and self._result.failed()
            and session.exitstatus
            in (
                pytest.ExitCode.OK,
                pytest.ExitCode.NO_TESTS_COLLECTED,
            )
        ):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Print the findings and the scan's summary line."""
        if self._result is None:
            return
        terminalreporter.section("novacat-persistence scan (INV-011)")
        for line in render_text(self._result).splitlines():
            terminalreporter.line(line, red=self._result.failed())
