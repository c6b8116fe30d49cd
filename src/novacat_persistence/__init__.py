"""novacat-persistence: Nova Cat's persistence contracts (IFC-020, IFC-030) and their checks."""

import logging
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("novacat-persistence")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

# A library never decides where its log records go: without a handler configured by the
# application, Python would print WARNING records on stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
