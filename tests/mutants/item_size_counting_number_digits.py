"""Rule broken: the reference sizes a number by its decimal digits (one byte per two, and one),
as DynamoDB's documentation approximates it, not as DynamoDB counts it (base-100 digits, one
byte more for a negative number): a nova holding ``100.0`` is sized a byte over, and the
names that fill it to exactly 400 KB (more than one append conditions on, checked by the
reference before it writes) are refused."""

from typing import Any

from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.item_size import MAX_ITEM_BYTES
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_a_nova_filled_to_exactly_400_kb_takes_its_last_names"
    "[trailing_zeros-many_names]"
)


def _size(value: dict[str, Any]) -> int:
    ((tag, payload),) = value.items()
    if tag == "N":
        return (len(payload.lstrip("-").replace(".", "").lstrip("0")) + 1) // 2 + 1
    if tag == "S":
        return len(payload.encode())
    if tag == "L":
        return 3 + sum(1 + _size(element) for element in payload)
    if tag == "M":
        return 3 + sum(len(k.encode()) + 1 + _size(v) for k, v in payload.items())
    return 1


def _digits_counted(item: dict[str, Any]) -> int | None:
    size = sum(len(name.encode()) + _size(value) for name, value in item.items())
    return size if size > MAX_ITEM_BYTES else None


factory = patched_factory(items, "size_over_limit", _digits_counted)
