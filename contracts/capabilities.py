"""What an IFC-030 implementation declares it supports beyond the mandatory core.

A candidate declares its optional capabilities in one :class:`Capabilities` object, the
``capabilities`` attribute of its factory (``create_wrapper.capabilities = Capabilities(...)``,
see :mod:`.factory`). When absent, the default :class:`Capabilities` (nothing optional)
applies. The conformance suites run every core test whatever is declared, and the tests of a
capability only when it is declared.

One field is not a feature but a declaration of how the suites reach the candidate:
``self_contained``. A candidate that owns its storage (an in-memory fake, say) declares
``Capabilities(self_contained=True)`` and the suites then bind it without any boto3 client, as
:class:`~.factory.SelfContainedFactory` describes: through its raw view (:mod:`.raw_view`) and
its fault hook (:mod:`.fault_hook`). The core is the same for every candidate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from novacat_persistence.contracts.records import frozen_record


@frozen_record
class Capabilities:
    """The optional IFC-030 capabilities of an implementation (all off by default).

    - ``pointer_audit``: ``audit_pointers`` works when the factory is given ``s3_client``
      (a wrapper without it raises InputValidationError);
    - ``consumed_capacity_logs``: each operation's log record reports ``consumed_capacity``
      (the capacity units DynamoDB returned, or None when it returned none);
    - ``request_count_logs``: each record reports ``requests`` (requests sent);
    - ``self_contained``: the candidate owns its storage and takes no boto3 client; the suites
      bind it through ``wrapper.table`` and ``fault_hook`` (see the module).
    """

    pointer_audit: bool = False
    consumed_capacity_logs: bool = False
    request_count_logs: bool = False
    self_contained: bool = False

    def declared(self) -> tuple[str, ...]:
        """The names of the capabilities switched on, in declaration order."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every capability name this suite version knows."""
        return tuple(f.name for f in fields(cls))


def capabilities_of(factory: Callable[..., Any]) -> Capabilities:
    """Return the capabilities a factory declares (its ``capabilities`` attribute), or the
    default when it declares none. Raises TypeError when the attribute is not a
    :class:`Capabilities`."""
    declared = getattr(factory, "capabilities", None)
    if declared is None:
        return Capabilities()
    if not isinstance(declared, Capabilities):
        raise TypeError(
            f"{factory!r}.capabilities is a {type(declared).__name__}, not a "
            "novacat_persistence.contracts.capabilities.Capabilities"
        )
    return declared
