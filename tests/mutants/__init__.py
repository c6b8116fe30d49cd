"""The zoo: the reference implementation with exactly one rule broken per module.

Each mutant module exposes ``factory`` (select it with ``--impl tests.mutants.<name>:factory``
from the repository root) and ``CAUGHT_BY``, the suite test that must fail against it.
``python -m pytest tests/mutants`` runs every mutant against its catching test and checks that
the reference passes those tests.
"""
