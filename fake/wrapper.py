"""The fake wrapper: the reference implementation's operations over an in-memory table.

:class:`FakeWrapper` is a
:class:`~novacat_persistence.contracts.interface.PersistenceWrapper` whose every operation is
the reference implementation's own (same conditions, transactions, replay rules, typed errors
and structured log records), served by a :class:`~novacat_persistence.fake.table.FakeTable`
through :class:`~novacat_persistence.fake.gateway.FakeGateway` instead of boto3. What it
stores is byte-for-byte what the reference stores.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Final

from novacat_persistence.contracts.errors import BackendConfigurationError
from novacat_persistence.contracts.fault_hook import FaultHook
from novacat_persistence.contracts.operations import BackoffPolicy
from novacat_persistence.contracts.tables import DEFAULT_TABLE_NAME, resolve_table_names
from novacat_persistence.fake.gateway import FakeGateway
from novacat_persistence.fake.raw_view import FakeRawView
from novacat_persistence.reference_impl.factory import utc_clock
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

FAKE_LOGGER_NAME: Final = "novacat_persistence.fake"
"""The logger the fake's records go to unless it is given another one."""


class FakeWrapper(ReferenceWrapper):
    """IFC-030 in memory, thread-safe, for fast workflow tests.

    ``table`` shows the storage (a :class:`~.raw_view.FakeRawView` of fresh empty tables by
    default, the main table and the photometry table beside it; pass one wrapper's ``table``
    to others to share its stores, like Lambdas sharing the tables); ``clock`` returns aware
    UTC instants (every timestamp, lock expiry and cooldown reads it); ``logger`` receives one
    structured record per operation, shaped as the reference's; ``fault_hook`` is called
    around every request to the table (:mod:`novacat_persistence.contracts.fault_hook`);
    ``s3_client`` serves only ``audit_pointers``; ``backoff`` is the retryable-failure
    cooldown policy.
    """

    def __init__(
        self,
        table: FakeRawView | None = None,
        *,
        table_name: str = DEFAULT_TABLE_NAME,
        clock: Callable[[], datetime] | None = None,
        logger: logging.Logger | None = None,
        backoff: BackoffPolicy | None = None,
        s3_client: S3Client | None = None,
        fault_hook: FaultHook | None = None,
    ) -> None:
        if table is not None and not isinstance(table, FakeRawView):
            raise BackendConfigurationError(
                f"table must be another fake wrapper's table, not {type(table).__name__}",
                hint="pass table=other.table to share its store, or leave it out",
            )
        if fault_hook is not None and not callable(fault_hook):
            raise BackendConfigurationError(
                f"fault_hook must be callable, not {type(fault_hook).__name__}"
            )
        names = resolve_table_names(table_name)
        self.table: FakeRawView = table if table is not None else FakeRawView()
        """The raw view of what is stored (wire-form items; ``table.photometry``: the
        photometry table's)."""
        super().__init__(
            FakeGateway(self.table.store, names.main, fault_hook),
            photometry=FakeGateway(self.table.photometry.store, names.photometry, fault_hook),
            eligibility_index=names.eligibility_index,
            clock=clock or utc_clock,
            logger=logger or logging.getLogger(FAKE_LOGGER_NAME),
            backoff=backoff or BackoffPolicy(),
            s3_client=s3_client,
        )

    def sweep_expired(self) -> int:
        """Run DynamoDB's TTL sweeper now, by this wrapper's clock: delete every item whose
        ``ttl`` has passed (see :meth:`.FakeTable.sweep_expired`); return how many. Without a
        sweep, expired items stay (as on DynamoDB, where deletion lags by hours or days)."""
        return self.table.store.sweep_expired(self._now())


__all__ = ["FAKE_LOGGER_NAME", "FakeWrapper"]
