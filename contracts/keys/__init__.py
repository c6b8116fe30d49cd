"""The key grammar of the Nova Cat table: every PK, SK and GSI1 key, built and parsed.

Each item type has a typed key (:mod:`.types`); its shape is declared once in
:mod:`.templates`, from which :func:`build` turns a typed key into the stored ``(PK, SK)``,
:func:`parse` turns a stored pair back into the typed key (refusing anything ``build`` would
not have produced), :mod:`.prefixes` gives the ``begins_with`` prefixes of the access
patterns, and :mod:`.layouts` checks an item's keys against its own attribute texts. The rules
of each component are in :mod:`.components`; every refusal is a
:class:`~novacat_persistence.contracts.errors.KeyShapeError` naming the component.

Historical key shapes read through :func:`parse_legacy`, and are rebuilt by
:func:`build_legacy`; nothing writes them.
"""

from novacat_persistence.contracts.keys.build import (
    ENTITY_KEY_TYPES,
    PK_MAX_BYTES,
    SK_MAX_BYTES,
    build,
    build_legacy,
    eligibility_keys,
    entity_template,
    gsi1_of,
    item_key,
    key_of,
)
from novacat_persistence.contracts.keys.components import DELIMITER
from novacat_persistence.contracts.keys.parse import parse, parse_eligibility_keys, parse_legacy
from novacat_persistence.contracts.keys.prefixes import (
    attempt_prefix,
    file_prefix,
    jobrun_prefix,
    workflow_pk,
    workqueue_prefix,
)
from novacat_persistence.contracts.keys.templates import (
    ATTEMPT_PREFIX,
    CLAIM_SK,
    ELIGIBLE_SPECTRA_PREFIX,
    FILE_PREFIX,
    JOBRUN_PREFIX,
    LOCK_SK,
    NOVA_SK,
    NOVAREF_PREFIX,
    PHOTOMETRY_SK,
    PRODUCT_PREFIX,
    REFERENCE_SK,
    SPECTRA_PREFIX,
    WORKQUEUE_PK,
)
from novacat_persistence.contracts.keys.types import (
    AttemptKey,
    CompositeSpectraKey,
    EntityKey,
    FileObjectKey,
    IdempotencyLockKey,
    ItemKey,
    JobRunClaimKey,
    JobRunKey,
    LegacyFileObjectKey,
    LegacyKey,
    LegacyNovaReferenceKey,
    LegacyReferenceKey,
    LocatorAliasKey,
    NameClaimKey,
    NameMappingKey,
    NovaKey,
    NovaReferenceKey,
    PhotometryTableKey,
    ReferenceKey,
    SpectraProductKey,
    StepDedupeKey,
    WorkItemKey,
)

__all__ = [
    "ATTEMPT_PREFIX",
    "CLAIM_SK",
    "DELIMITER",
    "ELIGIBLE_SPECTRA_PREFIX",
    "ENTITY_KEY_TYPES",
    "FILE_PREFIX",
    "JOBRUN_PREFIX",
    "LOCK_SK",
    "NOVAREF_PREFIX",
    "NOVA_SK",
    "PHOTOMETRY_SK",
    "PK_MAX_BYTES",
    "PRODUCT_PREFIX",
    "REFERENCE_SK",
    "SK_MAX_BYTES",
    "SPECTRA_PREFIX",
    "WORKQUEUE_PK",
    "AttemptKey",
    "CompositeSpectraKey",
    "EntityKey",
    "FileObjectKey",
    "IdempotencyLockKey",
    "ItemKey",
    "JobRunClaimKey",
    "JobRunKey",
    "LegacyFileObjectKey",
    "LegacyKey",
    "LegacyNovaReferenceKey",
    "LegacyReferenceKey",
    "LocatorAliasKey",
    "NameClaimKey",
    "NameMappingKey",
    "NovaKey",
    "NovaReferenceKey",
    "PhotometryTableKey",
    "ReferenceKey",
    "SpectraProductKey",
    "StepDedupeKey",
    "WorkItemKey",
    "attempt_prefix",
    "build",
    "build_legacy",
    "eligibility_keys",
    "entity_template",
    "file_prefix",
    "gsi1_of",
    "item_key",
    "jobrun_prefix",
    "key_of",
    "parse",
    "parse_eligibility_keys",
    "parse_legacy",
    "workflow_pk",
    "workqueue_prefix",
]
