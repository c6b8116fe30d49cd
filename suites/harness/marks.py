"""How suite tests name the optional capability they need.

Every suite test is **core** (no flag or exceptions file can skip it) unless it is marked
``@pytest.mark.conformance_capability("<name>")`` with a field name of
:class:`~novacat_persistence.contracts.capabilities.Capabilities`; such a test runs only when
the implementation declares that capability, and is reported "not declared" otherwise.
"""

from __future__ import annotations

from typing import Final

CAPABILITY_MARK: Final = "conformance_capability"
"""The pytest mark naming the capability an optional test needs."""
