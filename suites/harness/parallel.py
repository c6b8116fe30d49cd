"""Running the suites in several processes with pytest-xdist (``-n N``: what
``novacat-persistence conformance --jobs N`` passes).

Every worker process is a conformance session of its own: it selects the implementation,
starts its backend and records the tests it runs (:mod:`.selection`, :mod:`.recording`). The
controller runs no test. Before the workers start it checks the selection (a usage error stops
the run once, not in every worker), draws the session's one hypothesis seed, and starts
DynamoDB Local once for all of them; it hands both to each worker, and at the end joins the
workers' reports into the session's report (written by :mod:`.recording`).
"""

# Loaded in every pytest run of an environment that installs the kit: inert unless the run is
# a parallel run of the suites; the machinery is imported lazily.
# ruff: noqa: PLC0415

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

from novacat_persistence.suites.harness.session import SUITES_DIR, selected_implementation

if TYPE_CHECKING:
    from novacat_persistence.suites.harness.ddblocal import DynamoDBLocal
    from novacat_persistence.suites.harness.reporting import Report

SEED_INPUT: Final = "novacat_hypothesis_seed"
SERVER_INPUT: Final = "novacat_dynamodb_local"
REPORT_OUTPUT: Final = "novacat_conformance_report"
SUITES_PACKAGE: Final = "novacat_persistence.suites"


def handed(config: pytest.Config, key: str) -> Any:
    """What the controller handed this worker process under ``key`` (None outside a worker)."""
    return (getattr(config, "workerinput", None) or {}).get(key)


def is_worker(config: pytest.Config) -> bool:
    """True in an xdist worker process."""
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    """True in the xdist controller of a parallel run (it runs no test itself)."""
    return config.pluginmanager.hasplugin("dsession")


def runs_suites(config: pytest.Config) -> bool:
    """True when the command line names the suites (``--pyargs novacat_persistence.suites``
    or one of its modules, or their files)."""
    for arg in config.args:
        target = arg.split("::", 1)[0]
        if target == SUITES_PACKAGE or target.startswith(f"{SUITES_PACKAGE}."):
            return True
        path = Path(target).resolve()
        if path == SUITES_DIR or SUITES_DIR in path.parents:
            return True
    return False


@dataclass
class Controller:
    """What the controller of a parallel run of the suites holds."""

    seed: str
    server: DynamoDBLocal | None = None
    reports: list[Report] = field(default_factory=list)
    workers: int = 0


CONTROLLER: Final = pytest.StashKey[Controller]()


def _wants_shared_server(config: pytest.Config) -> bool:
    """True when the workers would each start DynamoDB Local: the candidate takes a client
    (raises a usage error when no implementation can be selected)."""
    implementation = selected_implementation(config)
    backend = config.getoption("nc_backend")
    return (
        backend == "dynamodb-local"
        and not config.getoption("nc_endpoint")
        and not implementation.capabilities.self_contained
    )


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """In the controller of a parallel run of the suites: check the selection, draw the seed
    and start the shared DynamoDB Local (before the workers start)."""
    config = session.config
    if not is_controller(config) or not runs_suites(config):
        return
    given = config.getoption("hypothesis_seed", None)
    controller = Controller(str(given) if given is not None else str(secrets.randbits(64)))
    config.stash[CONTROLLER] = controller
    if _wants_shared_server(config) and not config.option.collectonly:
        from novacat_persistence.suites.harness.ddblocal import (
            DynamoDBLocal,
            DynamoDBLocalUnavailable,
            locate,
        )

        try:
            server = DynamoDBLocal(locate())
            server.start()
        except DynamoDBLocalUnavailable as exc:
            raise pytest.UsageError(f"backend dynamodb-local: {exc}") from None
        controller.server = server


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Hand a worker the session's seed and the shared server."""
    controller = node.config.stash.get(CONTROLLER, None)
    if controller is None:
        return
    from novacat_persistence.suites.harness.backends import RunningServer

    controller.workers += 1
    node.workerinput[SEED_INPUT] = controller.seed
    if controller.server is not None:
        node.workerinput[SERVER_INPUT] = RunningServer.started(controller.server).as_input()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    """Keep the report a worker sent back (a worker that died sent none: its tests stay
    "not run", and the core fails)."""
    controller = node.config.stash.get(CONTROLLER, None)
    body = (getattr(node, "workeroutput", None) or {}).get(REPORT_OUTPUT)
    if controller is None or body is None:
        return
    from novacat_persistence.suites.harness.reporting import Report

    controller.reports.append(Report.from_json(body))


RACE_FIXTURE: Final = "race_config"
"""The fixture every race test takes (:mod:`.races`): its rounds make it a long test."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a worker: the race tests first (the same order in every worker), so that the
    controller hands them out first and the quick tests fill each process's last minutes."""
    if is_worker(config):
        items.sort(key=lambda item: RACE_FIXTURE not in getattr(item, "fixturenames", ()))


def joined_report(config: pytest.Config) -> Report | None:
    """The session's report in the controller: the workers' reports joined (None outside a
    controller, or when no worker sent one)."""
    controller = config.stash.get(CONTROLLER, None)
    if controller is None or not controller.reports:
        return None
    first, *others = controller.reports
    for other in others:
        first.join(other)
    controller.reports = [first]
    first.header["processes"] = controller.workers
    return first


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the shared server."""
    controller = config.stash.get(CONTROLLER, None)
    if controller is not None and controller.server is not None:
        controller.server.stop()
        controller.server = None
