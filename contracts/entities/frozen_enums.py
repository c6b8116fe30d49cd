"""Enumerations exactly as earlier published versions had them.

A published version's snapshot never changes, so a version whose enumeration a later version
widened keeps its own copy here, under the same name (snapshots name an enumeration by it).
"""

from __future__ import annotations

from enum import StrEnum


class NovaStatus(StrEnum):
    """Lifecycle of a Nova record."""

    ACTIVE = "ACTIVE"
    QUARANTINED = "QUARANTINED"
    MERGED = "MERGED"
    DEPRECATED = "DEPRECATED"


class StepKind(StrEnum):
    """The side-effecting steps that carry a dedupe key (execution governance)."""

    DATA_PRODUCT_IDENTITY = "DATA_PRODUCT_IDENTITY"
    ACQUISITION = "ACQUISITION"
    VALIDATION_RESULT = "VALIDATION_RESULT"
    LINK = "LINK"
