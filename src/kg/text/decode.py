"""Bytes to text: UTF-8, UTF-16 and the legacy Vietnamese 8-bit encodings."""

from __future__ import annotations

import codecs

import charset_normalizer

from kg.errors import InputError

from .legacy import decode_legacy, repair_mojibake

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (TCVN3 uses 0x01, 0x02, 0x04-0x06, 0x11-0x17
# for capitals, so those are allowed when the legacy decoders are tried).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# Code pages charset-normalizer may pick for 8-bit text that is not Vietnamese (a stray
# "©" or a French name): the Western ones Vietnamese portals' tools produced.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_TCVN3_CONTROL = bytes((0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17))


def detect_encoding(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and say which encoding was used.

    Returns:
        ``(text, encoding)`` where encoding is one of ``utf-8``, ``utf-8-sig``,
        ``utf-16-le``, ``utf-16-be``, ``utf-32-le``, ``utf-32-be``, ``tcvn3``, ``vni``,
        ``cp1258``, ``utf-8+tcvn3``/``utf-8+vni`` (UTF-8 text that holds TCVN3/VNI
        bytes read as cp1252, repaired), or the name charset-normalizer gives for a
        non-Vietnamese 8-bit text.
    Raises:
        InputError: empty, binary (NUL or control bytes), or undecodable data.
    See :func:`decode` for the rules.
    """
    if not data:
        raise InputError("empty input: there is no text to read", path=path)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}",
                    path=path,
                    position=len(bom) + exc.start,
                    data=data,
                ) from exc
            return text, ("utf-8-sig" if name == "utf-8" else name)
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            raise InputError(
                f"looks like {utf16} without a byte-order mark but does not decode: {exc.reason}",
                path=path,
                position=exc.start,
                data=data,
            ) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError("binary data (NUL byte), not a text report", path=path, position=nul, data=data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        _check_controls(text, path)
        repaired, legacy = repair_mojibake(text)
        return repaired, ("utf-8+" + legacy if legacy else "utf-8")
    controls = sum(data.count(b) for b in _BINARY_BYTES) - sum(data.count(b) for b in _TCVN3_CONTROL)
    if controls > max(2, len(data) // 1000):
        raise InputError(
            "binary data (control bytes), not a text report", path=path, position=utf8_error.start, data=data
        )
    try:
        return decode_legacy(data, path=path)
    except InputError as legacy_error:
        best = charset_normalizer.from_bytes(data, cp_isolation=list(_WESTERN)).best()
        if best is None:
            raise InputError(
                f"undecodable: not UTF-8 (invalid byte {data[utf8_error.start]:#04x} at "
                f"{utf8_error.start}), not UTF-16, not TCVN3, VNI-Windows or Windows-1258 "
                "Vietnamese, and no Western code page reads it cleanly either; "
                "re-save the file as UTF-8",
                path=path,
                position=utf8_error.start,
                data=data,
            ) from legacy_error
        return str(best), best.encoding


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII characters leave a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:8192]
    half = len(sample) // 2
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    # Combining grave (U+0300) in NFD text puts a NUL in the low byte too, so the
    # other side only has to be much rarer, not absent.
    if zeros_odd > 0.2 * half and zeros_even < zeros_odd / 4:
        return "utf-16-le"
    if zeros_even > 0.2 * half and zeros_odd < zeros_even / 4:
        return "utf-16-be"
    return None


def _check_controls(text: str, path: str | None) -> None:
    bad = sum(text.count(chr(b)) for b in _BINARY_BYTES)
    if bad > max(2, len(text) // 1000):
        first = min(i for i in (text.find(chr(b)) for b in _BINARY_BYTES) if i >= 0)
        raise InputError("binary data (control characters), not a text report", path=path, position=first, data=text)


def decode(data: bytes, path: str | None = None) -> str:
    """Decode a report's bytes to text.

    Rules, in order:

    1. Empty input is an error.
    2. A byte-order mark decides: UTF-8 (BOM dropped), UTF-16 LE/BE, UTF-32 LE/BE.
    3. UTF-16 without BOM is recognised by its NUL bytes (in the first 8 KiB, more
       than 20 % of the high bytes are NUL, and four times fewer of the low bytes).
    4. Any other NUL byte, or control characters in more than 0.1 % of the bytes,
       means binary data.
    5. Valid UTF-8 is UTF-8. If that text is TCVN3 or VNI read as cp1252 and saved
       as UTF-8 ("Céng hßa"), it is repaired (:func:`kg.text.legacy.repair_mojibake`).
    6. Otherwise TCVN3, VNI-Windows and Windows-1258 are tried; the reading with the
       highest share (at least 90 %) of well-formed Vietnamese syllables wins
       (:func:`kg.text.legacy.decode_legacy`).
    7. Otherwise charset-normalizer picks among cp1252, Latin-1 and ISO 8859-15
       (non-Vietnamese 8-bit text such as a French name); if none reads cleanly the
       data is undecodable.

    The result is not normalized; call :func:`kg.text.normalize` next.

    Args:
        data: the raw bytes of a file.
        path: the file name, only used in error messages.
    Returns:
        ``str``.
    Raises:
        InputError: empty, binary, or undecodable data (message says which).
    """
    return detect_encoding(data, path=path)[0]
