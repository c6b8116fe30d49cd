"""``novacat-persistence migrate``: carry a table's stored items to the current version.

:func:`~.run.run_migration` drives a
:class:`~novacat_persistence.reference_impl.migration.TableMigrator` over every stored item and
gathers a :class:`~.report.MigrationReport` (text, or JSON ``novacat-migrate/1.1``).
"""
