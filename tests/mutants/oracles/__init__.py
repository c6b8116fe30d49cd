"""The oracle zoo: the suites' model of IFC-030 (``novacat_persistence.suites.model``) with
exactly one rule broken per module.

A suite whose oracle is wrong must fail against the reference implementation. Each module
exposes ``Oracle`` (a subclass of the model, selected with
``NOVACAT_PERSISTENCE_MODEL=tests.mutants.oracles.<name>:Oracle``) and ``CAUGHT_BY``, the suite
test that must fail with it; ``test_oracles.py`` runs them.
"""
