"""Pluggable conformance suites for IFC-030 implementations, and the strategies they draw from.

Run them with ``pytest --pyargs novacat_persistence.suites --impl NAME`` or
``novacat-persistence conformance --impl NAME``; :mod:`.plugin` documents the options.
"""

from typing import Final

SUITE_VERSION: Final = "2.0.0"
"""The version of the conformance suites: MAJOR changes when a passing candidate may fail."""
