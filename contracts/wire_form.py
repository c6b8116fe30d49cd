"""The DynamoDB wire form every layer of the kit exchanges items in.

An attribute value is a one-entry mapping from a DynamoDB type tag to its payload
(``{"S": "text"}``, ``{"N": "12.5"}``, ``{"L": [...]}``...), as the low-level boto3 client
sends and receives it; an item maps attribute names to attribute values.
"""

from __future__ import annotations

from typing import Any, Final

AttributeValue = dict[str, Any]
"""One attribute in wire form: ``{type tag: payload}``."""

Item = dict[str, AttributeValue]
"""One item in wire form: attribute name -> :data:`AttributeValue`."""

NULL_VALUE: Final[AttributeValue] = {"NULL": True}
"""An attribute stored as NULL, to compare a stored value with (a NULL attribute reads as
absent); never stored or given out, never changed."""
