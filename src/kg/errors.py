"""Exceptions raised by kg.

Every error carries enough context to act on: the file, and where it applies the
character position or the offending text.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """A report cannot be read: empty, binary, or in an encoding we cannot decode.

    Attributes:
        path: the file (``str``) or ``None`` when the bytes came from memory.
        position: byte offset of the first problem, or ``None``.
    """

    def __init__(self, message: str, path: str | None = None, position: int | None = None):
        self.path = path
        self.position = position
        where = ""
        if path is not None:
            where = f"{path}: "
            if position is not None:
                where = f"{path}:{position}: "
        elif position is not None:
            where = f"at byte {position}: "
        super().__init__(where + message)


class ParseError(KgError, ValueError):
    """A number, quantity, date or period cannot be read.

    Attributes:
        text: the offending text, exactly as given.
    """

    def __init__(self, message: str, text: str = ""):
        self.text = text
        super().__init__(f"{message}: {text!r}" if text else message)
