"""Reading one stored item back through the candidate, whatever its entity: the key grammar
names the entity, and the matching IFC-030 read returns it (or None)."""

from __future__ import annotations

from typing import Any

from novacat_persistence.contracts import keys


def read_through(wrapper: Any, pk: str, sk: str) -> Any:
    """Return what the candidate reads for the item at ``pk``/``sk`` (None when its read
    finds nothing); raise LookupError for an entity IFC-030 has no read of."""
    key = keys.parse(pk, sk)
    if isinstance(key, keys.NovaKey):
        return wrapper.get_nova(key.nova_id)
    if isinstance(key, keys.SpectraProductKey):
        return wrapper.get_spectra_product(key)
    if isinstance(key, keys.PhotometryTableKey):
        return wrapper.get_photometry_table(key.nova_id)
    if isinstance(key, keys.JobRunKey):
        return wrapper.get_job_run(key)
    if isinstance(key, keys.ReferenceKey):
        return wrapper.get_reference(key.bibcode)
    if isinstance(key, keys.LocatorAliasKey):
        return wrapper.resolve_locator(key.provider, key.locator_identity)
    return _from_listing(wrapper, key)


def _from_listing(wrapper: Any, key: Any) -> Any:
    if isinstance(key, keys.CompositeSpectraKey):
        found = wrapper.list_data_products(key.nova_id)
        return next(
            (p for p in found if getattr(p, "composite_id", None) == key.composite_id), None
        )
    if isinstance(key, keys.NovaReferenceKey):
        links = wrapper.list_nova_references(key.nova_id)
        return next((link for link in links if link.bibcode == key.bibcode), None)
    if isinstance(key, keys.NameMappingKey):
        mappings = wrapper.resolve_name(key.name_normalized)
        return next((m for m in mappings if m.nova_id == key.nova_id), None)
    if isinstance(key, keys.AttemptKey):
        attempts = wrapper.list_attempts(key.nova_id, key.job_run_id)
        return next((a for a in attempts if keys.key_of(a) == key), None)
    if isinstance(key, keys.WorkItemKey):
        items = wrapper.list_work_items(key.nova_id)
        return next((w for w in items if keys.key_of(w) == key), None)
    if isinstance(key, keys.FileObjectKey) and key.nova_id is not None:
        files = wrapper.list_file_objects(key.nova_id)
        return next((f for f in files if f.file_id == key.file_id), None)
    raise LookupError(f"IFC-030 has no read of {type(key).__name__}")
