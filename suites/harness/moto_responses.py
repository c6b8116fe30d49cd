"""moto's DynamoDB responses, encoded without walking every attribute value through the
botocore shape model.

moto 5.2 encodes every response by walking the operation's output shape member by member; for
an item that means visiting all ten members of every ``AttributeValue`` (of every nested map and
list element) to find the one that is set: about 30% of a whole conformance run's CPU time
went there. :class:`AttributeValueJSONSerializer` is moto's own JSON serializer with one
change: an ``AttributeValue`` is encoded straight from the value moto hands over (binary as
base64, maps and lists recursively), which is what the shape walk produces for it. Everything
else (the result's other members, errors, headers) stays moto's. The kit's tests keep the two
encodings equal on every attribute type (``tests/suites/test_moto_responses.py``).

:func:`installed` registers it for DynamoDB while the suites' moto backend runs, once it has
encoded a sample item as the installed moto does. A moto without the serializer registry, or
whose encoder it does not fit, keeps its own; before 5.2 moto's DynamoDB responses did not go
through the serializer at all (``json.dumps``), so the registration changes nothing there.
"""

from __future__ import annotations

import base64
import json
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


SAMPLE_ITEM: dict[str, Any] = {
    "PK": {"S": "NOVA#1"},
    "empty": {"S": ""},
    "count": {"N": "-1.50"},
    "raw": {"B": b"\x00\xff"},
    "flag": {"BOOL": False},
    "none": {"NULL": True},
    "names": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2.5"]},
    "blobs": {"BS": [b"a", b"bc"]},
    "nested": {"M": {"list": {"L": [{"M": {"b": {"B": b"z"}}}, {"N": "0"}, {"L": []}]}}},
}
"""One item of every attribute type, nested, as moto hands it over (binary as bytes)."""


def agrees_with_moto(serializer: type[Any]) -> bool:
    """Whether ``serializer`` encodes a GetItem response of :data:`SAMPLE_ITEM` as the
    installed moto's own JSON serializer does (False too when either cannot be built)."""
    try:
        from moto.core.serialize import (  # noqa: PLC0415
            SERIALIZERS,
            XFormedAttributePicker,
        )
        from moto.core.utils import get_service_model  # noqa: PLC0415

        operation = get_service_model("dynamodb").operation_model("GetItem")
        bodies = [
            json.loads(
                cls(
                    operation_model=operation,
                    pretty_print=False,
                    value_picker=XFormedAttributePicker(),
                ).serialize({"Item": SAMPLE_ITEM})["body"]
            )
            for cls in (serializer, SERIALIZERS["json"])
        ]
    except Exception:  # any moto that cannot say keeps its own encoder
        return False
    return bool(bodies[0] == bodies[1])


@contextmanager
def installed() -> Iterator[None]:
    """While open, moto encodes DynamoDB's JSON responses with the direct attribute-value
    encoding, when it agrees with moto's own on :data:`SAMPLE_ITEM` (nothing changes on a
    moto without a serializer registry, or one whose encoder the override does not fit)."""
    registry = _registry()
    serializer = serializer_class()
    if registry is None or serializer is None or not agrees_with_moto(serializer):
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
