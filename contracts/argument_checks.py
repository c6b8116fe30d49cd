"""Refusing an argument of a type IFC-030 does not name for it, before anything is sent.

The interface's annotations say what each argument of each operation is: an entity or key of
one model, a UUID, a text, a member of an enumeration (its text accepted too), a collection of
one of these, or None where the annotation allows it. :func:`argument_check` refuses any other
value with an InputValidationError that names the operation, the argument, what it takes and
what it was given (its type, never its content), so that a wrong value never surfaces as
Python's own AttributeError or TypeError from deep inside an operation, nor reaches a
request. What a value of the right type holds (a key grammar, a range, a member of
the enumeration) is the operation's own check.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Final, Literal, get_args, get_origin

from novacat_persistence.contracts.errors import InputValidationError

_TEXTS: Final = (str, bytes, bytearray)
_NO_COLLECTIONS: Final = (*_TEXTS, Mapping)
"""Sized and iterable, but no collection of arguments: a text is one value, a mapping keyed."""


class Expected(typing.NamedTuple):
    """An annotation compiled: the types it takes, and how a refusal names it."""

    kinds: tuple[type, ...]
    """An instance of one of these is taken (for a collection: the collection's elements)."""
    described: str
    collection: bool = False
    """Whether the annotation is a collection of ``kinds``, not one value."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is of the annotated type (a collection, each element)."""
        if not self.collection:
            return isinstance(value, self.kinds)
        if not isinstance(value, Collection) or isinstance(value, _NO_COLLECTIONS):
            return False
        kinds = self.kinds
        return all(isinstance(each, kinds) for each in value)


def _of_class(kind: type) -> Expected:
    if issubclass(kind, enum.Enum) and issubclass(kind, str):  # a member, or its text
        return Expected((str,), f"a {kind.__name__} (or its text)")
    return Expected((kind,), "a string" if kind is str else f"a {kind.__name__}")


def _one_of(annotation: Any, options: list[Expected]) -> Expected:
    if any(option.collection for option in options):
        raise TypeError(f"no argument check for the annotation {annotation!r}")
    return Expected(
        tuple(kind for option in options for kind in option.kinds),
        " or ".join(option.described for option in options),
    )


def expected(annotation: Any) -> Expected:
    """The test and description of an annotation of IFC-030 (TypeError for a form it never
    uses, so that a new one is handled here before an operation takes it)."""
    if annotation is None or annotation is type(None):
        return Expected((type(None),), "None")
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _one_of(annotation, [expected(option) for option in get_args(annotation)])
    if origin is Literal:
        kinds = sorted({type(member) for member in get_args(annotation)}, key=lambda k: k.__name__)
        return _one_of(annotation, [_of_class(kind) for kind in kinds])
    if origin is Sequence:
        element = expected(get_args(annotation)[0])
        if element.collection:
            raise TypeError(f"no argument check for the annotation {annotation!r}")
        described = f"a list or tuple of {element.described.removeprefix('a ')}s"
        return Expected(element.kinds, described, collection=True)
    if origin in (dict, Mapping):
        return Expected((Mapping,), "a mapping")
    if isinstance(annotation, type):
        return _of_class(annotation)
    raise TypeError(f"no argument check for the annotation {annotation!r}")


ArgumentCheck = Callable[[tuple[Any, ...], Mapping[str, Any]], None]
"""Raises InputValidationError for the first argument of a call of the wrong type."""


@functools.cache
def argument_check(operation: Callable[..., Any]) -> ArgumentCheck:
    """The check of a call's arguments against an interface method's annotations (``self``
    left out): built once per operation, on its first call."""
    signature = inspect.signature(operation)
    hints = typing.get_type_hints(operation)
    parameters = [
        (
            index if parameter.kind is not parameter.KEYWORD_ONLY else None,
            parameter.name,
            parameter.default,
            expected(hints[parameter.name]),
        )
        for index, parameter in enumerate(list(signature.parameters.values())[1:])
    ]
    name = operation.__name__

    def check(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        for index, parameter, default, wanted in parameters:
            if index is not None and index < len(args):
                value = args[index]
            elif parameter in kwargs:
                value = kwargs[parameter]
            else:
                continue  # its default, or missing: Python's own refusal
            if value is default or wanted.accepts(value):
                continue
            raise InputValidationError(
                f"{name}: {parameter} must be {wanted.described}, not {_given(value)}",
                hint=f"pass {wanted.described} as {parameter}",
            )

    return check


def _given(value: object) -> str:
    """How a refusal names the value it was given (its type, never its content)."""
    if value is None:
        return "None"
    kind = type(value).__name__
    return f"one {kind}" if isinstance(value, _TEXTS) else f"a {kind}"
