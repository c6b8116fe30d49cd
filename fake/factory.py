"""Building the fake wrapper (entry point ``fake`` of the group
``novacat_persistence.implementations``) and what it declares to the conformance suites.

The fake has no DynamoDB client: it declares the capability ``self_contained`` and is a
:class:`~novacat_persistence.contracts.factory.SelfContainedFactory`: called with
``client=None``, it shows what it stores through ``wrapper.table`` (a
:class:`~novacat_persistence.contracts.raw_view.RawView`), shares that store between wrappers
given ``table=``, and calls ``fault_hook=`` around every request
(:mod:`novacat_persistence.contracts.fault_hook`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from novacat_persistence.contracts.capabilities import Capabilities
from novacat_persistence.contracts.fault_hook import FaultHook
from novacat_persistence.contracts.operations import BackoffPolicy
from novacat_persistence.contracts.tables import DEFAULT_TABLE_NAME
from novacat_persistence.fake.raw_view import FakeRawView
from novacat_persistence.fake.wrapper import FakeWrapper

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

IMPLEMENTATION_NAME: Final = "fake"
"""The name of this implementation in the ``novacat_persistence.implementations`` group."""

FAKE_CAPABILITIES: Final = Capabilities(
    pointer_audit=True, request_count_logs=True, self_contained=True
)
"""What the fake declares: ``pointer_audit`` (with an ``s3_client``, the reference's audit),
``request_count_logs`` (each record counts the requests made to the table) and
``self_contained`` (no DynamoDB client: the suites serve it through ``wrapper.table`` and
``fault_hook``). Not ``consumed_capacity_logs``: the fake consumes no capacity, its records
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
    table: FakeRawView | None = None,
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

__all__ = [
    "FAKE_CAPABILITIES",
    "IMPLEMENTATION_NAME",
    "create_fake_wrapper",
]
