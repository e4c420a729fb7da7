"""Exceptions raised by kg.

Every error carries enough context to act on: the file, and where it applies the
character position or the offending text.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


def line_and_column(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``data``: for bytes, the column counts bytes; for
    text, characters. Lines end at ``\n``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line_start = data.rfind(newline, 0, offset) + 1
    return data.count(newline, 0, offset) + 1, offset - line_start + 1


class InputError(KgError):
    """A report cannot be read: empty, binary, or in an encoding we cannot decode.

    The message names the file and, where one applies, the position:
    ``r.txt: line 2, column 5 (byte 9): binary data (NUL byte), not a text report``.

    Attributes:
        path: the file (``str``) or ``None`` when the bytes came from memory.
        position: offset of the first problem in the input (bytes, or characters of the decoded
            text for a problem found after decoding), or ``None``.
        line, column: 1-based line and column of ``position`` when the input was given.
        reason: the message without the file and position.
    """

    def __init__(self, message: str, path: str | None = None, position: int | None = None,
                 data: bytes | str | None = None, *, line: int | None = None, column: int | None = None,
                 unit: str = "byte"):
        self.path = path
        self.position = position
        self.reason = message
        if data is not None and position is not None:
            line, column = line_and_column(data, position)
            unit = "character" if isinstance(data, str) else "byte"
        self.line, self.column, self.unit = line, column, unit
        where = ""
        if position is not None:
            where = f"line {line}, column {column} ({unit} {position})" if line is not None else f"at {unit} {position}"
        prefix = ": ".join(part for part in (path, where) if part)
        super().__init__(f"{prefix}: {message}" if prefix else message)

    def at(self, path: str) -> InputError:
        """The same error for the file ``path`` (the input was read from it)."""
        return InputError(self.reason, path, self.position, line=self.line, column=self.column, unit=self.unit)


class ParseError(KgError, ValueError):
    """A number, quantity, date or period cannot be read.

    Attributes:
        text: the offending text, exactly as given.
    """

    def __init__(self, message: str, text: str = ""):
        self.text = text
        super().__init__(f"{message}: {text!r}" if text else message)
