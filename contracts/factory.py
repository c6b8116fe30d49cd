"""How an implementation is built: the factory every IFC-030 candidate provides.

An implementation registers a factory in the entry-point group
:data:`IMPLEMENTATIONS_GROUP` (or is named as ``module:factory``). The conformance suites, and
any caller, build wrappers with it in one of two ways, chosen by what the factory declares in
its ``capabilities`` attribute (:class:`~.capabilities.Capabilities`):

- a candidate on DynamoDB (:class:`ClientFactory`) gets a boto3 low-level DynamoDB client; the
  suites hand in one with botocore retries off and their own event hooks (faults, request
  counts, the write gate of races);
- a self-contained candidate (``Capabilities(self_contained=True)``,
  :class:`SelfContainedFactory`) owns its storage and gets ``client=None``. The first wrapper
  of a test starts from an empty store; every further wrapper of the test gets ``table=`` the
  first one's ``table`` and must share that store. Its wrappers expose ``table``, the
  :class:`~.raw_view.RawView` of what they store, and call ``fault_hook`` before and after
  every request to their store (:mod:`.fault_hook`).

In both, ``clock`` returns aware UTC instants (:mod:`.clock`) and ``logger`` receives the one
structured record per operation; ``s3_client`` is given for the pointer audit.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Final, Protocol

from novacat_persistence.contracts.clock import Clock
from novacat_persistence.contracts.fault_hook import FaultHook
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.raw_view import RawView

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

IMPLEMENTATIONS_GROUP: Final = "novacat_persistence.implementations"
"""The entry-point group implementations register their factory in."""


class ClientFactory(Protocol):
    """The factory of a candidate on DynamoDB."""

    def __call__(
        self,
        client: Any,
        table_name: str,
        *,
        clock: Clock,
        logger: logging.Logger,
        s3_client: S3Client | None = None,
    ) -> PersistenceWrapper:
        """A wrapper over ``table_name`` reached through the boto3 DynamoDB ``client``."""
        ...


class SelfContainedWrapper(PersistenceWrapper, Protocol):
    """A wrapper that owns its storage, and shows it (see the module)."""

    table: RawView
    """What it stores, in wire form: pass it as ``table=`` to share the store."""


class SelfContainedFactory(Protocol):
    """The factory of a candidate that owns its storage (capability ``self_contained``)."""

    def __call__(
        self,
        client: None,
        table_name: str,
        *,
        clock: Clock,
        logger: logging.Logger,
        fault_hook: FaultHook,
        table: RawView | None = None,
        s3_client: S3Client | None = None,
    ) -> SelfContainedWrapper:
        """A wrapper over a fresh empty store, or over the store behind ``table``."""
        ...


WrapperFactory = ClientFactory | SelfContainedFactory
"""Either kind of factory."""
