"""IFC-020 and IFC-030: the persisted entity contracts and the wrapper interface of Nova Cat."""
