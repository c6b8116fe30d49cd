"""INV-011 enforcement: a static scan for database access outside the persistence wrapper.

The scan parses Python files with :mod:`ast` (it never imports or runs them) and reports every
place that reaches DynamoDB without going through the persistence wrapper
(:mod:`novacat_persistence.reference_impl`): boto3 / botocore / aioboto3 / aiobotocore clients
and resources, ``.Table(...)`` on such a resource, boto3's DynamoDB condition and type helpers,
DynamoDB ORMs, and on any receiver the calls only DynamoDB makes (an item operation with
DynamoDB request keywords, ``batch_writer()``, ``.meta.client``). The rule catalogue is
:data:`RULES`; the configuration is read from ``[tool.novacat-persistence.scan]``
(:func:`discover_config`, :func:`load_config`).
"""

from novacat_persistence.scan.config import ScanConfig, discover_config, load_config
from novacat_persistence.scan.engine import check_source, scan
from novacat_persistence.scan.errors import ScanUsageError
from novacat_persistence.scan.findings import Finding, ScanResult
from novacat_persistence.scan.formats import FORMATS
from novacat_persistence.scan.rules import RULES, Rule, Severity

__all__ = [
    "FORMATS",
    "RULES",
    "Finding",
    "Rule",
    "ScanConfig",
    "ScanResult",
    "ScanUsageError",
    "Severity",
    "check_source",
    "discover_config",
    "load_config",
    "scan",
]
