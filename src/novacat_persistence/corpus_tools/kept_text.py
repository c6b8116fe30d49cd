"""The texts a report keeps of what it read, bounded whatever the data holds.

A replay keeps, for the whole run, example messages and the names, type tags, entity types and
keys of drift. Each of them can come from an export line, and a line may be 4 MiB of one string:
kept as they are, a few dozen such lines would hold hundreds of MiB. Every text a report keeps
goes through :func:`kept`, so the report's size is bounded by its counts of examples and rows,
not by the data.
"""

from __future__ import annotations

from typing import Final

MAX_MESSAGE_CHARS: Final = 2000
"""The longest problem message kept (a message quoting two keys of the longest valid length
fits)."""
MAX_KEY_CHARS: Final = 1024
"""The longest example key kept (keys of real items are far shorter)."""
MAX_NAME_CHARS: Final = 256
"""The longest attribute name, type tag, entity type or version kept (real ones are short)."""


def kept(text: str, limit: int) -> str:
    """``text`` itself when it has at most ``limit`` characters; else its first ``limit``
    characters followed by how many were left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}...({len(text) - limit:,} more characters)"


def shown(text: str) -> str:
    """``text`` as a terminal may show it: itself when every character is printable, else
    its Python literal (control characters, line breaks and escapes written out), so that
    what an export holds can neither move the cursor nor forge a line of the report."""
    return text if text.isprintable() else repr(text)
