"""The reference implementation of IFC-030 over boto3's low-level DynamoDB client.

Build it with :func:`create_reference_wrapper`; create its tables with :func:`create_tables`
(parameters from :func:`table_definition` and :func:`photometry_table_definition`); tag logs
with :func:`correlation_context`.
"""

from novacat_persistence.collection import collection_paused

# Building the contracts makes thousands of objects, none of them garbage: a collection
# triggered meanwhile would walk them all for nothing (a fifth of the import time). They live
# as long as the process: they join the collector's oldest generation at once.
with collection_paused(lifelong=True):
    from novacat_persistence.contracts.errors import BackendConfigurationError
    from novacat_persistence.contracts.tables import (
        DEFAULT_TABLE_NAME,
        TableNames,
        photometry_table_definition,
        resolve_table_names,
        table_definition,
    )
    from novacat_persistence.reference_impl.factory import (
        connect_reference_wrapper,
        connect_table_migrator,
        create_reference_wrapper,
        create_table_migrator,
        recommended_client_config,
    )
    from novacat_persistence.reference_impl.logs import (
        LOGGER_NAME,
        correlation_context,
        set_correlation_id,
    )
    from novacat_persistence.reference_impl.table import (
        create_photometry_table,
        create_table,
        create_tables,
    )
    from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

__all__ = [
    "DEFAULT_TABLE_NAME",
    "LOGGER_NAME",
    "BackendConfigurationError",
    "ReferenceWrapper",
    "TableNames",
    "connect_reference_wrapper",
    "connect_table_migrator",
    "correlation_context",
    "create_photometry_table",
    "create_reference_wrapper",
    "create_table",
    "create_table_migrator",
    "create_tables",
    "photometry_table_definition",
    "recommended_client_config",
    "resolve_table_names",
    "set_correlation_id",
    "table_definition",
]
