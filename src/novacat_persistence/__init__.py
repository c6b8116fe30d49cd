"""novacat-persistence: Nova Cat's persistence contracts (IFC-020, IFC-030) and their checks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("novacat-persistence")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

__all__ = ["__version__"]
