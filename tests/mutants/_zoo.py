"""Building mutants: the reference wrapper re-classed to a subclass that overrides one method,
the reference with one module-level function replaced (each mutant runs in its own process,
so a replaced function never leaks into another run), or the reference whose log records are
edited on their way out. A mutant declares the reference's capabilities: its optional tests
run too."""

from __future__ import annotations

import logging
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

    return _as_capable(factory)


def patched_factory(module: Any, name: str, replacement: Any) -> Factory:
    """A factory building the reference wrapper after replacing ``module.name``; TypeError at
    once when ``module`` has no such name (a mutant a refactoring disarmed fails loudly)."""
    if not hasattr(module, name):
        raise TypeError(f"{module.__name__} has no {name!r} to replace")

    def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
        setattr(module, name, replacement)
        return create_reference_wrapper(client, table_name, **kwargs)

    return _as_capable(factory)


def _as_capable(factory: Factory) -> Factory:
    """``factory``, declaring the reference's capabilities."""
    factory.capabilities = create_reference_wrapper.capabilities  # type: ignore[attr-defined]
    return factory


Edit = Callable[[int, dict[str, Any]], bool]
"""``(level, log_kwargs) -> keep``: may change a record's keyword arguments (``extra``,
``exc_info``) before it is logged, or drop it (False)."""


class _EditedLogger:
    """The wrapper's logger, each record passed through an :data:`Edit` first."""

    def __init__(self, logger: logging.Logger, edit: Edit) -> None:
        self._logger = logger
        self._edit = edit

    def isEnabledFor(self, level: int) -> bool:
        return self._logger.isEnabledFor(level)

    def log(self, level: int, msg: str, *args: Any, **kwargs: Any) -> None:
        if self._edit(level, kwargs):
            self._logger.log(level, msg, *args, **kwargs)


def logging_factory(edit: Edit) -> Factory:
    """A factory building the reference wrapper whose log records pass through ``edit``."""

    class Edited(ReferenceWrapper):
        @property
        def logger(self) -> Any:
            return _EditedLogger(self._logger, edit)

    return subclass_factory(Edited)
