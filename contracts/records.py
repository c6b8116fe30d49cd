"""Frozen records: the immutable value classes of the contracts (typed keys, key components,
operation results), made at import without generating code.

A :func:`frozen_record` is a frozen dataclass to everything that inspects one
(``dataclasses.fields``, ``replace``, ``asdict``, ``__match_args__``, mypy), and behaves as one:
keyword or positional construction with defaults and default factories, equality only with its
own class, a hash of its compared fields, a ``Name(field=value, ...)`` repr, ``FrozenInstanceError``
on assignment or deletion, copying and pickling. What differs is the cost of making the class:
``@dataclass(frozen=True)`` compiles six methods from source text for every class (about half a
millisecond each class on Python 3.11, paid by every cold start of every Lambda); a record's
methods are shared functions bound to its field names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")

_MISSING = dataclasses.MISSING


@overload
def frozen_record(cls: type[_T], /) -> type[_T]: ...


@overload
def frozen_record(*, slots: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen_record(
    cls: type[_T] | None = None, /, *, slots: bool = False
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """Make ``cls`` a frozen dataclass (with ``__slots__`` when ``slots``) whose every field is
    set by its initializer (``field(init=False)`` is refused with a TypeError)."""

    def wrap(cls: type[_T]) -> type[_T]:
        return _make_record(cls, slots)

    return wrap if cls is None else wrap(cls)


def _make_record(cls: type[_T], slots: bool) -> type[_T]:
    made: type[_T] = dataclasses.dataclass(init=False, repr=False, eq=False, slots=slots)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]  # a dataclass from here on
    refused = [f.name for f in fields if not f.init]
    if refused:
        raise TypeError(f"{cls.__qualname__}: a frozen record sets every field at init: {refused}")
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    methods: dict[str, Any] = {
        "__init__": _initializer(made, fields),
        "__repr__": _representation(tuple(f.name for f in fields if f.repr)),
        "__eq__": _equality(_values_of([f.name for f in fields if f.compare])),
        "__hash__": _hash(_values_of(hashed)),
        "__setattr__": _refuse_assignment,
        "__delattr__": _refuse_deletion,
        "__reduce__": _reduction(_values_of([f.name for f in fields])),
    }
    written = vars(made)
    for name, method in methods.items():
        # what the class body writes is kept, as dataclasses keep it (a body that defines
        # __eq__ alone leaves __hash__ None: the record's hash replaces that)
        if written.get(name) is None:
            setattr(made, name, method)
    return made


def _values_of(names: list[str]) -> Callable[[object], tuple[Any, ...]]:
    """A function returning an object's values of ``names``, as a tuple (C speed)."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _initializer(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    names = tuple(f.name for f in fields)
    defaults = {f.name: f.default for f in fields if f.default is not _MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not _MISSING}
    count = len(names)
    every_name = frozenset(names)
    set_value = object.__setattr__
    post_init = hasattr(cls, "__post_init__")

    def bind(self: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if len(args) > count:
            raise _call_error(self, f"takes {count} positional arguments, {len(args)} given")
        for name, value in zip(names, args, strict=False):
            if name in kwargs:
                raise _call_error(self, f"got multiple values for argument {name!r}")
            set_value(self, name, value)
        missing = []
        for name in names[len(args) :]:
            if name in kwargs:
                set_value(self, name, kwargs.pop(name))
            elif name in defaults:
                set_value(self, name, defaults[name])
            elif name in factories:
                set_value(self, name, factories[name]())
            else:
                missing.append(name)
        if missing:
            raise _call_error(self, f"missing required arguments: {', '.join(missing)}")
        if kwargs:
            raise _call_error(self, f"got an unexpected keyword argument {next(iter(kwargs))!r}")

    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        if not kwargs and len(args) == count:  # every field by position
            for name, value in zip(names, args, strict=True):
                set_value(self, name, value)
        elif not args and kwargs.keys() == every_name:  # every field by keyword
            for name in names:
                set_value(self, name, kwargs[name])
        else:
            bind(self, args, kwargs)
        if post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    return __init__


def _call_error(record: object, problem: str) -> TypeError:
    return TypeError(f"{type(record).__qualname__}() {problem}")


def _representation(names: tuple[str, ...]) -> Callable[[object], str]:
    def __repr__(self: object) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    return __repr__


def _equality(values: Callable[[object], tuple[Any, ...]]) -> Callable[[object, object], Any]:
    def __eq__(self: object, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(values: Callable[[object], tuple[Any, ...]]) -> Callable[[object], int]:
    def __hash__(self: object) -> int:
        return hash(values(self))

    return __hash__


def _reduction(values: Callable[[object], tuple[Any, ...]]) -> Callable[[object], Any]:
    def __reduce__(self: object) -> tuple[type, tuple[Any, ...]]:
        return type(self), values(self)

    return __reduce__


def _refuse_assignment(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
