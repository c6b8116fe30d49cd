"""Building the fake wrapper (entry point ``fake`` of the group
``novacat_persistence.implementations``) and what it declares to the conformance suites.

The suites' factory contract is ``factory(client, table_name, *, clock, logger,
s3_client=None)``. The fake has no DynamoDB client: it is *self-contained* (it owns its
storage), so the suites call it with ``client=None``, read and seed what it stores through
``wrapper.table`` (the raw view, with the methods of
:class:`novacat_persistence.suites.raw.RawTable`) and inject faults and write gates through
``fault_hook=`` (:mod:`novacat_persistence.fake.faults`) instead of botocore event hooks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from novacat_persistence.contracts.capabilities import Capabilities
from novacat_persistence.contracts.operations import BackoffPolicy
from novacat_persistence.fake.faults import FaultHook
from novacat_persistence.fake.store import FakeTable
from novacat_persistence.fake.wrapper import FakeWrapper
from novacat_persistence.reference_impl.table import DEFAULT_TABLE_NAME

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

IMPLEMENTATION_NAME: Final = "fake"
"""The name of this implementation in the ``novacat_persistence.implementations`` group."""

SELF_CONTAINED: Final = "self_contained"
"""The capability flag the fake raises for the suites: no boto3 client; raw view
``wrapper.table``; faults through ``fault_hook``. Declared in :data:`FAKE_CAPABILITIES` as soon
as :class:`Capabilities` knows the field (until then :data:`REQUIRES_CLIENT` says it)."""

REQUIRES_CLIENT: Final = False
"""The fake's factory takes ``client=None`` (also ``create_fake_wrapper.requires_client``)."""


def _declared() -> Capabilities:
    wanted = {"pointer_audit": True, "request_count_logs": True, SELF_CONTAINED: True}
    known = set(Capabilities.names())
    return Capabilities(**{name: on for name, on in wanted.items() if name in known})


FAKE_CAPABILITIES: Final = _declared()
"""What the fake declares: ``pointer_audit`` (with an ``s3_client``, the reference's audit),
``request_count_logs`` (each record counts the requests made to the table) and
``self_contained``. Not ``consumed_capacity_logs``: the fake consumes no capacity, its records
carry ``consumed_capacity: None``."""


def create_fake_wrapper(
    client: Any = None,
    table_name: str = DEFAULT_TABLE_NAME,
    *,
    clock: Callable[[], datetime] | None = None,
    logger: logging.Logger | None = None,
    s3_client: S3Client | None = None,
    backoff: BackoffPolicy | None = None,
    fault_hook: FaultHook | None = None,
    table: FakeTable | None = None,
) -> FakeWrapper:
    """Return a fake wrapper over ``table`` (a fresh empty table by default).

    ``client`` must be None (the fake has no DynamoDB client; passing one is a mistake that
    would leave the caller reading a table the fake never writes: TypeError). The other
    arguments are :class:`FakeWrapper`'s.
    """
    if client is not None:
        raise TypeError(
            "the fake wrapper is self-contained and takes no DynamoDB client (client=None); "
            "read what it stores through wrapper.table"
        )
    return FakeWrapper(
        table,
        table_name=table_name,
        clock=clock,
        logger=logger,
        backoff=backoff,
        s3_client=s3_client,
        fault_hook=fault_hook,
    )


create_fake_wrapper.capabilities = FAKE_CAPABILITIES  # type: ignore[attr-defined]
create_fake_wrapper.requires_client = REQUIRES_CLIENT  # type: ignore[attr-defined]

__all__ = [
    "FAKE_CAPABILITIES",
    "IMPLEMENTATION_NAME",
    "REQUIRES_CLIENT",
    "SELF_CONTAINED",
    "create_fake_wrapper",
]
