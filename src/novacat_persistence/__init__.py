"""novacat-persistence: Nova Cat's persistence contracts (IFC-020, IFC-030) and their checks."""

import functools
import logging

# A library never decides where its log records go: without a handler configured by the
# application, Python would print WARNING records on stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]


@functools.cache
def _installed_version() -> str:
    # importlib.metadata is read on first ask only: importing it and finding the distribution
    # would cost every Lambda's cold start, though almost none asks for the version.
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("novacat-persistence")
    except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``__version__``: the installed distribution's version (read on first use)."""
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
