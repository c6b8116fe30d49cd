"""Building mutants: the reference wrapper re-classed to a subclass that overrides one method,
or the reference with one module-level function replaced (each mutant runs in its own
process, so a replaced function never leaks into another run)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from novacat_persistence.reference_impl.factory import create_reference_wrapper
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

Factory = Callable[..., ReferenceWrapper]


def subclass_factory(mutant: type[ReferenceWrapper]) -> Factory:
    """A factory building the reference wrapper as ``mutant`` (a ReferenceWrapper subclass)."""

    def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
        wrapper = create_reference_wrapper(client, table_name, **kwargs)
        wrapper.__class__ = mutant
        return wrapper

    return factory


def patched_factory(module: Any, name: str, replacement: Any) -> Factory:
    """A factory building the reference wrapper after replacing ``module.name``."""

    def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
        setattr(module, name, replacement)
        return create_reference_wrapper(client, table_name, **kwargs)

    return factory
