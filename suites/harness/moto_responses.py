"""moto's DynamoDB responses, encoded without walking every attribute value through the
botocore shape model.

moto 5.2 encodes every response by walking the operation's output shape member by member; for
an item that means visiting all ten members of every ``AttributeValue`` (of every nested map and
list element) to find the one that is set: the suites' scans and queries spent about half their
CPU time there. :class:`AttributeValueJSONSerializer` is moto's own JSON serializer with one
change: an ``AttributeValue`` is encoded straight from the value moto hands over (binary as
base64, maps and lists recursively), which is what the shape walk produces for it. Everything
else (the result's other members, errors, headers) stays moto's. The kit's tests keep the two
encodings equal on every attribute type (``tests/suites/test_moto_responses.py``).

:func:`installed` registers it for DynamoDB while the suites' moto backend runs; with a moto
that has no serializer registry (before 5.2, which encoded items with ``json.dumps``) it changes
nothing.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ATTRIBUTE_VALUE_SHAPE = "AttributeValue"
"""The botocore shape name of one DynamoDB attribute value."""


def encoded_attribute_value(value: dict[str, Any]) -> dict[str, Any]:
    """The wire form of one attribute value as moto hands it over (binary as raw bytes)."""
    encoded: dict[str, Any] = {}
    for kind, member in value.items():
        if kind == "B":
            encoded[kind] = _base64(member)
        elif kind == "BS":
            encoded[kind] = [_base64(one) for one in member]
        elif kind == "M":
            encoded[kind] = {name: encoded_attribute_value(one) for name, one in member.items()}
        elif kind == "L":
            encoded[kind] = [encoded_attribute_value(one) for one in member]
        elif member is not None:
            encoded[kind] = member
    return encoded


def _base64(value: bytes | str) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).strip().decode("utf-8")


def serializer_class() -> type[Any] | None:
    """The DynamoDB JSON serializer of moto with attribute values encoded directly, or None when
    the installed moto has no response serializer of its own."""
    try:
        from moto.core.serialize import JSONSerializer  # noqa: PLC0415 - moto >= 5.2 only
    except ImportError:
        return None

    class AttributeValueJSONSerializer(JSONSerializer):
        """moto's JSON serializer; an ``AttributeValue`` is encoded from its value directly."""

        def _serialize_type_structure(
            self, serialized: Any, value: Any, shape: Any, key: str
        ) -> None:
            if key and shape.name == ATTRIBUTE_VALUE_SHAPE and isinstance(value, dict):
                serialized[self.get_serialized_name(shape, key)] = encoded_attribute_value(value)
                return
            super()._serialize_type_structure(serialized, value, shape, key)

    return AttributeValueJSONSerializer


@contextmanager
def installed() -> Iterator[None]:
    """While open, moto encodes DynamoDB's JSON responses with the direct attribute-value
    encoding (nothing changes on a moto without a serializer registry)."""
    registry = _registry()
    serializer = serializer_class()
    if registry is None or serializer is None:
        yield
        return
    previous = registry.get("dynamodb")
    registry["dynamodb"] = {**(previous or {}), "json": serializer}
    try:
        yield
    finally:
        _restore(registry, previous)


def _registry() -> dict[str, dict[str, Any]] | None:
    try:
        from moto.core import serialize  # noqa: PLC0415
    except ImportError:
        return None
    registry: dict[str, dict[str, Any]] | None = getattr(
        serialize, "SERVICE_SPECIFIC_SERIALIZERS", None
    )
    return registry


def _restore(registry: dict[str, dict[str, Any]], previous: dict[str, Any] | None) -> None:
    if previous is None:
        registry.pop("dynamodb", None)
    else:
        registry["dynamodb"] = previous
