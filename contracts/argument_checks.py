"""Refusing an argument of a type IFC-030 does not name for it, before anything is sent.

The interface's annotations say what each argument of each operation is: an entity or key of
one model, a UUID, a text, a member of a string enumeration (or its text), a collection of
one of these, or None where the annotation allows it; a record of the contracts (a key, a
registration, an outcome: a dataclass) is checked field by field against its own
annotations. :func:`argument_check` refuses any other value with an InputValidationError that
names the operation, the argument (or the record's field), what it takes and what it was given
(its type, never its content), so that a wrong value never surfaces as Python's own
AttributeError or TypeError from deep inside an operation, nor reaches a request; and it gives
the arguments back with each enumeration's text as its member (in records too), so that an
operation compares members, never a caller's text. An entity or other model given (in a
record or a collection too) must hold what its model validates: one built without validation
(``model_construct``, ``model_copy(update=...)``) is refused as it would have been when built,
never stored or met as a raw error inside an operation. What else a value of the right type
must hold (a key grammar, a range) is the operation's own check.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Final, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from novacat_persistence.contracts.errors import InputValidationError

_TEXTS: Final = (str, bytes, bytearray)
_NO_COLLECTIONS: Final = (*_TEXTS, Mapping)
"""Sized and iterable, but no collection of arguments: a text is one value, a mapping keyed."""


class Refusal(typing.NamedTuple):
    """Why a value is not of its annotated type: where in it (``""`` for the value itself,
    ``.status`` for a record's field, ``[2]`` for a collection's element), what that place
    takes, and what it holds (a type, never a content)."""

    place: str
    described: str
    given: str


class Expected(typing.NamedTuple):
    """An annotation compiled: the values it takes, and how a refusal names them."""

    kinds: tuple[type, ...]
    """An instance of one of these is taken (a collection: any sized one but a text or a
    mapping)."""
    described: str
    element: Expected | None = None
    """For a collection: what each element must be."""
    record: bool = False
    """Whether the annotation is a record of the contracts (a dataclass): its fields are
    checked against their own annotations."""
    options: tuple[Expected, ...] = ()
    """For a union holding a collection, a record or an enumeration: its options, the first
    that takes the value deciding (a union of plain types is one :class:`Expected`)."""
    model: bool = False
    """Whether the annotation is a pydantic model: what an instance holds is validated by it
    (an instance may have been built without validation)."""
    members: Mapping[str, Any] | None = None
    """For a string enumeration, or a Literal of texts or of its members: the values taken,
    by text."""

    @property
    def plain(self) -> bool:
        """Whether taking a value's type is all there is to check of it, and nothing of it is
        given back changed."""
        return (
            self.element is None
            and not self.record
            and not self.model
            and not self.options
            and not self.members
        )

    def takes(self, value: object) -> bool:
        """Whether ``value`` is of the annotated kind, its contents left unchecked."""
        if self.options:
            return any(option.takes(value) for option in self.options)
        if self.members is not None:
            return isinstance(value, str) and value in self.members
        return isinstance(value, self.kinds) and not (
            self.element is not None and isinstance(value, _NO_COLLECTIONS)
        )

    def refusal(self, value: Any) -> Refusal | None:
        """What is wrong with ``value``, or None when nothing is."""
        for option in self.options:
            if option.takes(value):
                return option.refusal(value)
        if self.options or not self.takes(value):
            named = self.members is not None or any(o.members is not None for o in self.options)
            given = "a text naming none of them" if named and isinstance(value, str) else None
            return Refusal("", self.described, given or _given(value))
        element = self.element
        if element is not None and not (element.plain and all(map(element.takes, value))):
            for index, each in enumerate(value):
                found = element.refusal(each)
                if found is not None:
                    return found._replace(place=f"[{index}]{found.place}")
        if self.record:
            for field, wanted, plain_kinds in _record_fields(type(value)):
                held = getattr(value, field)
                if plain_kinds is not None and isinstance(held, plain_kinds):
                    continue
                found = wanted.refusal(held)
                if found is not None:
                    return found._replace(place=f".{field}{found.place}")
        if self.model:
            return _model_refusal(value)
        return None

    def normalized(self, value: Any) -> Any:
        """``value`` (which this takes) with each enumeration's text as its member, a record
        rebuilt when one of its fields changes; the value itself when nothing does."""
        for option in self.options:
            if option.takes(value):
                return option.normalized(value)
        if self.members is not None:
            return self.members[value]
        if self.record:
            changed = {}
            for field, wanted, plain_kinds in _record_fields(type(value)):
                if plain_kinds is None:
                    held = getattr(value, field)
                    member = wanted.normalized(held)
                    if member is not held:
                        changed[field] = member
            return dataclasses.replace(value, **changed) if changed else value
        return value


RecordField = tuple[str, Expected, tuple[type, ...] | None]
"""A record's field, what its annotation takes, and the kinds that are all there is to check
of it (None when its contents are checked, or given back changed, too)."""
_RECORD_FIELDS: Final[dict[type, tuple[RecordField, ...]]] = {}


def _record_fields(record: type) -> tuple[RecordField, ...]:
    """Each field of a record with what its annotation takes (compiled once per class)."""
    found = _RECORD_FIELDS.get(record)
    if found is None:
        hints = typing.get_type_hints(record)
        compiled = [(f.name, expected(hints[f.name])) for f in dataclasses.fields(record)]
        found = tuple((name, e, e.kinds if e.plain else None) for name, e in compiled)
        _RECORD_FIELDS[record] = found
    return found


def _of_members(members: Sequence[enum.Enum], described: str) -> Expected:
    return Expected((str,), described, members={str(m.value): m for m in members})


def _of_class(kind: type) -> Expected:
    if issubclass(kind, enum.Enum) and issubclass(kind, str):  # a member, or its text
        return _of_members(list(kind), f"a {kind.__name__} (or its text)")
    if kind is float:  # an int is a float to a type checker (the numeric tower)
        return Expected((int, float), "a number")
    if dataclasses.is_dataclass(kind):
        return Expected((kind,), f"a {kind.__name__}", record=True)
    if issubclass(kind, BaseModel):
        return Expected((kind,), f"a {kind.__name__}", model=True)
    return Expected((kind,), "a string" if kind is str else f"a {kind.__name__}")


def _one_of(options: list[Expected]) -> Expected:
    described = " or ".join(option.described for option in options)
    if not all(option.plain for option in options):
        return Expected((), described, options=tuple(options))
    return Expected(tuple(kind for option in options for kind in option.kinds), described)


def _literal(annotation: Any, values: tuple[Any, ...]) -> Expected:
    if all(isinstance(v, enum.Enum) and isinstance(v, str) for v in values):
        return _of_members(values, " or ".join(str(v.value) for v in values))
    if all(type(v) is str for v in values):
        return Expected((str,), " or ".join(values), members={v: v for v in values})
    raise TypeError(f"no argument check for the annotation {annotation!r}")


def expected(annotation: Any) -> Expected:
    """The test and description of an annotation of IFC-030 or of one of its records
    (TypeError for a form neither uses, so that a new one is handled here before an
    operation takes it)."""
    if annotation is None or annotation is type(None):
        return Expected((type(None),), "None")
    origin = get_origin(annotation)
    arguments = get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return _one_of([expected(option) for option in arguments])
    if origin is Literal:
        return _literal(annotation, arguments)
    if origin is Sequence or (origin is tuple and len(arguments) == 2 and arguments[1] is ...):
        element = expected(arguments[0])
        if element.members is not None:  # would have to be given back changed: none is
            raise TypeError(f"no argument check for the annotation {annotation!r}")
        described = f"a list or tuple of {element.described.removeprefix('a ')}s"
        return Expected((Collection,), described, element=element)
    if origin in (dict, Mapping):
        return Expected((Mapping,), "a mapping")
    if isinstance(annotation, type):
        return _of_class(annotation)
    raise TypeError(f"no argument check for the annotation {annotation!r}")


Arguments = tuple[tuple[Any, ...], dict[str, Any]]
"""A call's positional and keyword arguments."""
ArgumentCheck = Callable[[tuple[Any, ...], dict[str, Any]], Arguments]
"""Raises InputValidationError for the first argument of a call of the wrong type; gives the
arguments back, each enumeration's text as its member."""


@functools.cache
def argument_check(operation: Callable[..., Any]) -> ArgumentCheck:
    """The check of a call's arguments against an interface method's annotations (``self``
    left out): built once per operation, on its first call."""
    signature = inspect.signature(operation)
    hints = typing.get_type_hints(operation)
    compiled = [
        (index, parameter, expected(hints[parameter.name]))
        for index, parameter in enumerate(list(signature.parameters.values())[1:])
    ]
    parameters = [  # what each call reads, decided once
        (
            index if parameter.kind is not parameter.KEYWORD_ONLY else None,
            parameter.name,
            parameter.default,
            wanted,
            wanted.plain,
        )
        for index, parameter, wanted in compiled
    ]
    name = operation.__name__

    def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Arguments:
        for index, parameter, default, wanted, plain in parameters:
            at = index if index is not None and index < len(args) else None
            if at is not None:
                value = args[at]
            elif parameter in kwargs:
                value = kwargs[parameter]
            else:
                continue  # its default, or missing: Python's own refusal
            if value is default:
                continue
            refusal = wanted.refusal(value)
            if refusal is not None:
                place, described, given = refusal
                raise InputValidationError(
                    f"{name}: {parameter}{place} must be {described}, not {given}",
                    hint=f"pass {described} as {parameter}{place}",
                )
            member = value if plain else wanted.normalized(value)
            if member is value:
                continue
            if at is not None:
                args = (*args[:at], member, *args[at + 1 :])
            else:
                kwargs = {**kwargs, parameter: member}
        return args, kwargs

    return check


def _model_refusal(value: BaseModel) -> Refusal | None:
    """What a model instance holds that its model refuses (the first error), or None."""
    model = type(value)
    try:
        model.__pydantic_validator__.validate_python(value.__dict__)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "value"
        return Refusal(
            "",
            f"a {model.__name__} its model validates",
            f"one whose {field} fails: {error['msg']}",
        )
    return None


def _given(value: object) -> str:
    """How a refusal names the value it was given (its type, never its content)."""
    if value is None:
        return "None"
    kind = type(value).__name__
    return f"one {kind}" if isinstance(value, _TEXTS) else f"a {kind}"
