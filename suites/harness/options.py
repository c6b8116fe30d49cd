"""The conformance options and the capability mark (inert unless suite tests are collected)."""

# Loaded in every pytest run of an environment that installs the kit: the machinery (backends,
# moto, the reference) is imported lazily, only once suite tests are collected.
# ruff: noqa: PLC0415

from __future__ import annotations

import os

import pytest

from novacat_persistence.suites import SUITE_VERSION
from novacat_persistence.suites.harness.marks import CAPABILITY_MARK
from novacat_persistence.suites.harness.race_defaults import DEFAULT_ROUNDS, DEFAULT_THREADS
from novacat_persistence.suites.harness.reporting import DEFAULT_REPORT_DIR
from novacat_persistence.suites.harness.session import SUITES_DIR


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the conformance options (they do nothing unless suite tests are collected)."""
    group = parser.getgroup("novacat-conformance", "Nova Cat IFC-030 conformance suites")
    group.addoption(
        "--impl",
        dest="nc_impl",
        default=None,
        help="implementation under test: an installed name or module:factory "
        "(default: $NOVACAT_PERSISTENCE_IMPL)",
    )
    group.addoption(
        "--list-impls",
        dest="nc_list_impls",
        action="store_true",
        help="list the installed implementations and exit",
    )
    group.addoption(
        "--backend",
        dest="nc_backend",
        default="moto",
        choices=("moto", "dynamodb-local", "endpoint"),
        help="moto (in-process, default), dynamodb-local (real DynamoDB Local via "
        "Java) or endpoint (with --endpoint)",
    )
    group.addoption(
        "--endpoint",
        dest="nc_endpoint",
        default=None,
        help="a running DynamoDB-compatible endpoint URL (credentials from the "
        "standard environment)",
    )
    group.addoption(
        "--exceptions",
        dest="nc_exceptions",
        default=None,
        help="TOML file of excepted optional-capability tests (test id + reason)",
    )
    group.addoption(
        "--race-threads",
        dest="nc_race_threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"threads per race round (default {DEFAULT_THREADS})",
    )
    group.addoption(
        "--race-rounds",
        dest="nc_race_rounds",
        type=int,
        default=DEFAULT_ROUNDS,
        help=f"rounds per race (default {DEFAULT_ROUNDS})",
    )
    group.addoption(
        "--report-dir",
        dest="nc_report_dir",
        default=DEFAULT_REPORT_DIR,
        help=f"where the JSON report and race histories go ({DEFAULT_REPORT_DIR})",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the capability mark."""
    config.addinivalue_line(
        "markers", f"{CAPABILITY_MARK}(name): an optional conformance test needing a capability"
    )


def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """``--list-impls``: print the installed implementations and stop."""
    if not config.getoption("nc_list_impls", False):
        return None
    from novacat_persistence.suites.harness.implementations import GROUP, describe_installed

    print(f"installed implementations (entry-point group {GROUP}):\n{describe_installed()}")
    return 0


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    """Name the implementation when one is selected explicitly."""
    chosen = config.getoption("nc_impl") or os.environ.get("NOVACAT_PERSISTENCE_IMPL")
    if not chosen:
        return None
    from novacat_persistence.suites.harness.implementations import (
        ImplementationSelectionError,
        resolve,
    )

    try:
        implementation = resolve(chosen)
    except ImplementationSelectionError:
        return None
    backend = config.getoption("nc_endpoint") or config.getoption("nc_backend")
    if implementation.capabilities.self_contained:
        from novacat_persistence.suites.harness.backends import IN_PROCESS

        backend = f"{IN_PROCESS} (self-contained candidate: --backend does not apply)"
    return [
        f"conformance: implementation {implementation.name} {implementation.version}; "
        f"capabilities: {', '.join(implementation.capabilities.declared()) or 'none'}; "
        f"suites {SUITE_VERSION} in {SUITES_DIR}; backend {backend}"
    ]
