"""The one error the scan raises: it cannot start (bad path or bad configuration)."""

from __future__ import annotations


def one_line(text: str) -> str:
    r"""``text`` with every unprintable character escaped (``\n``, ``\x0c``, ``\udcff``...).

    What it returns prints on one line and encodes to UTF-8, whatever file names it quotes.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class ScanUsageError(Exception):
    """The scan cannot run as asked: a path does not exist or the configuration is invalid.

    The message says what is wrong and where, in words meant for the person who ran the scan,
    on one line (see :func:`one_line`); the CLI turns it into exit code 2 and the pytest plugin
    into a pytest usage error.
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))
