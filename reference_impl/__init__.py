"""The reference implementation of IFC-030 over boto3's low-level DynamoDB client.

Build it with :func:`create_reference_wrapper`; create its table with :func:`create_table`
(parameters from :func:`table_definition`); tag logs with :func:`correlation_context`.
"""

from novacat_persistence.contracts.errors import BackendConfigurationError
from novacat_persistence.contracts.tables import DEFAULT_TABLE_NAME, table_definition
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
from novacat_persistence.reference_impl.table import create_table
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

__all__ = [
    "DEFAULT_TABLE_NAME",
    "LOGGER_NAME",
    "BackendConfigurationError",
    "ReferenceWrapper",
    "connect_reference_wrapper",
    "connect_table_migrator",
    "correlation_context",
    "create_reference_wrapper",
    "create_table",
    "create_table_migrator",
    "recommended_client_config",
    "set_correlation_id",
    "table_definition",
]
