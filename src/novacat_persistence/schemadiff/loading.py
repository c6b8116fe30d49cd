"""Reading a schema document: JSON text to a schema object the classifier can take."""

from __future__ import annotations

from novacat_persistence.schemadiff import json_text
from novacat_persistence.schemadiff.depth import check_nesting, on_deep_stack
from novacat_persistence.schemadiff.errors import SchemaError


def parse_schema(text: str, label: str) -> dict[str, object]:
    """The JSON object ``text`` holds (``label`` names it in errors). Raises SchemaError when
    it is not JSON, not an object, holds a string that is not Unicode (a lone surrogate
    escape), or nests deeper than the classifier follows."""

    def parse() -> object:
        document = json_text.loads(text)
        json_text.dumps(document).encode("utf-8")  # lone surrogates
        return document

    try:
        document = on_deep_stack(parse, label)
    except SchemaError:
        raise
    except UnicodeError as exc:
        raise SchemaError(f"{label} holds a string that is not Unicode: {exc}") from None
    except ValueError as exc:  # JSONDecodeError, an integer too long to convert
        raise SchemaError(f"{label} is not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise SchemaError(f"{label} is not a JSON Schema object (top level is not a JSON object)")
    check_nesting(document, label)
    return document
