"""The one error the scan raises: it cannot start (bad path or bad configuration)."""

from __future__ import annotations


class ScanUsageError(Exception):
    """The scan cannot run as asked: a path does not exist or the configuration is invalid.

    The message says what is wrong and where, in words meant for the person who ran the scan;
    the CLI turns it into exit code 2 and the pytest plugin into a pytest usage error.
    """
