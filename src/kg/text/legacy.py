"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC), VNI-Windows and Windows-1258.

Old provincial and district portal files predate Unicode. Three encodings are
still found in them:

* **TCVN3 / ABC** (TCVN 5712:1993, the ``.VnTime`` fonts): one byte per letter.
  Read as cp1252 it gives "Céng hßa x· héi" without any error. The table here
  is TCVN 5712:1993 VN1 (the full table, a superset of the VN3 subset used by the
  ABC fonts), identical to glibc's ``TCVN5712-1`` converter; the test suite
  checks it against ``iconv`` when iconv is installed.
* **VNI-Windows** (the ``VNI-Times`` fonts): a base letter followed by a mark
  character from the Latin-1 range ("Coäng hoøa"). Table: the VNI keyboard
  layout as published by VNI Software, cross-checked with the VNI tables of
  community converters (Unikey's ``vnconv``, the ``vietnamese-conversion``
  npm package).
* **Windows-1258** (Microsoft's Vietnamese code page): base letters plus
  combining tone marks. Python ships the ``cp1258`` codec; only the encoder
  needs help here, because cp1258 has no precomposed toned vowels.

The encoders exist so tests can build legacy files from a clean UTF-8 report;
they use the same tables as the decoders.
"""

from __future__ import annotations

import re
import unicodedata

from kg.errors import InputError

from .alphabet import LETTERS, TONE_MARKS, is_syllable

# --- TCVN3 -----------------------------------------------------------------------------

# Bytes 0x80..0xFF of TCVN 5712:1993 VN1 (16 per row). 0xA0 (no-break space) and
# 0xFD (ý) are the same as in Latin-1; 0xB0..0xB4 are combining tone marks.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# Control-range bytes that VN1 uses for the capitals that did not fit above.
_TCVN3_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}
assert len(_TCVN3_HIGH) == 128

TCVN3_DECODE: dict[int, str] = {i: chr(i) for i in range(0x80)}
TCVN3_DECODE.update(_TCVN3_LOW)
TCVN3_DECODE.update({0x80 + i: c for i, c in enumerate(_TCVN3_HIGH)})
TCVN3_ENCODE: dict[str, int] = {c: b for b, c in TCVN3_DECODE.items()}
_TCVN3_STR = "".join(TCVN3_DECODE[i] for i in range(256))

# --- VNI-Windows -------------------------------------------------------------------------

# Mark characters after a base vowel, by (vowel-quality, tone). Lower case; the upper-case
# forms are the same characters upper-cased (ø -> Ø ...), used after upper-case letters.
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none grave acute hook tilde dot
_VNI_PLAIN = dict(zip(_TONES, ("", "ø", "ù", "û", "õ", "ï")))
_VNI_CIRC = dict(zip(_TONES, ("â", "à", "á", "å", "ã", "ä")))
_VNI_BREVE = dict(zip(_TONES, ("ê", "è", "é", "ú", "ü", "ë")))
# Letters that are one character in VNI.
_VNI_I = dict(zip(_TONES, ("i", "ì", "í", "æ", "ó", "ò")))


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for tone in _TONES:
        for base in "aeouy":
            table[base + tone] = base + _VNI_PLAIN[tone]
        for base in "aeo":
            table[base + "\u0302" + tone] = base + _VNI_CIRC[tone]
        table["a\u0306" + tone] = "a" + _VNI_BREVE[tone]
        table["o\u031b" + tone] = "ô" + _VNI_PLAIN[tone]
        table["u\u031b" + tone] = "ö" + _VNI_PLAIN[tone]
        table["i" + tone] = _VNI_I[tone]
    table["y\u0323"] = "î"
    out: dict[str, str] = {}
    for key, value in table.items():
        lower = unicodedata.normalize("NFC", key)
        upper = lower.upper()
        out[lower] = value
        out[upper] = value.upper()
    return {k: v for k, v in out.items() if k != v}


VNI_ENCODE: dict[str, str] = _build_vni()
VNI_DECODE: dict[str, str] = {v: k for k, v in VNI_ENCODE.items()}
_VNI_MARKS = "øùûõïâàáåãäêèéúüë"
_VNI_SINGLE = "ñìíæóòîôö"
# Longest first, so "ôù" (ớ) wins over "ô" (ơ).
_VNI_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(VNI_DECODE, key=len, reverse=True))
)


def _vni_sub(match: re.Match[str]) -> str:
    return VNI_DECODE[match.group()]


# --- encoders and decoders ----------------------------------------------------------------


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (TCVN 5712:1993, ABC fonts) bytes to NFC Unicode text.

    Words typed in the upper-case ``.VnTimeH`` fonts store their accented capitals
    with the lower-case codes. A line with no lower-case ASCII letter and at least two
    upper-case ones is upper-cased whole ("CéNG HßA X· HéI" -> "CỘNG HÒA XÃ HỘI");
    elsewhere a word whose other letters are all upper-case ASCII (at least two of
    them) gets its accented letters upper-cased ("HßA" -> "HÒA").

    Args:
        data: the raw bytes.
    Returns:
        ``str``, NFC.
    Errors: none; every byte has a meaning in TCVN3.
    """
    text = data.decode("latin-1").translate(_TCVN3_TRANSLATE)
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return "".join(_restore_capitals(line) for line in text.splitlines(keepends=True))


def _restore_capitals(line: str) -> str:
    if line.isascii():
        return line
    if not _ASCII_LOWER_RE.search(line) and len(_ASCII_UPPER_RE.findall(line)) >= 2:
        return line.upper()  # an all-capitals line ("CéNG HßA X· HéI")
    return _CAPS_WORD_RE.sub(_upper_caps_word, line)


_ASCII_LOWER_RE = re.compile("[a-z]")
_ASCII_UPPER_RE = re.compile("[A-Z]")


_TCVN3_TRANSLATE = {i: c for i, c in enumerate(_TCVN3_STR) if chr(i) != c}
_CAPS_WORD_RE = re.compile(r"\b(?=(?:[^\W\d_a-z]*[A-Z]){2})(?=[^\W\d_]*[^\x00-\x7f])[^\W\d_a-z]+\b")


def _upper_caps_word(match: re.Match[str]) -> str:
    return match.group().upper()


def encode_tcvn3(text: str) -> bytes:
    """Encode ``text`` as TCVN3 bytes (the inverse of :func:`decode_tcvn3` on NFC text).

    Raises:
        ValueError: a character has no TCVN3 code (curly quotes, dashes, most symbols);
            run :func:`kg.text.normalize` first, which maps those to ASCII.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = TCVN3_ENCODE.get(ch)
        if code is None:
            raise ValueError(f"character {ch!r} (U+{ord(ch):04X}) has no TCVN3 code")
        out.append(code)
    return bytes(out)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC Unicode text.

    The bytes are read as cp1252 (bytes cp1252 leaves undefined are read as Latin-1)
    and every VNI letter sequence is replaced by its Unicode letter.

    Returns:
        ``str``, NFC. Errors: none.
    """
    text = data.decode("cp1252", errors="_kg_latin1")
    return unicodedata.normalize("NFC", _VNI_RE.sub(_vni_sub, text))


def encode_vni(text: str) -> bytes:
    """Encode ``text`` as VNI-Windows bytes (the inverse of :func:`decode_vni`).

    Raises:
        ValueError: a character cannot be written in VNI-Windows / cp1252.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(VNI_ENCODE.get(ch, ch))
    try:
        return "".join(out).encode("cp1252")
    except UnicodeEncodeError as exc:
        raise ValueError(f"character {exc.object[exc.start]!r} has no VNI-Windows code") from exc


def decode_cp1258(data: bytes) -> str:
    """Decode Windows-1258 bytes to NFC Unicode text (base letters + combining tones composed).

    Raises:
        UnicodeDecodeError: a byte undefined in cp1258.
    """
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def encode_cp1258(text: str) -> bytes:
    """Encode ``text`` as Windows-1258: precomposed letters are split into the base letter
    (which cp1258 has, e.g. ``ô``) and a combining tone mark.

    Raises:
        ValueError: a character cannot be written in cp1258.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError as exc:
            raise ValueError(f"character {ch!r} (U+{ord(ch):04X}) has no cp1258 code") from exc
    return bytes(out)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


import codecs  # noqa: E402  (registered once, at import)

codecs.register_error("_kg_latin1", _latin1_fallback)

# --- scoring -----------------------------------------------------------------------------

_CHUNK_RE = re.compile(r"[^\s\d.,;:!?()\[\]\"'/\-–—…%]+")


def vietnamese_score(text: str, sample: int = 200_000) -> tuple[float, int]:
    """How much ``text`` looks like correctly decoded Vietnamese.

    Looks at every whitespace/punctuation-delimited chunk that contains a non-ASCII
    character (pure-ASCII chunks say nothing about the encoding). A chunk counts as
    good when it is made of Vietnamese letters only and is a well-formed syllable
    (:func:`kg.text.alphabet.is_syllable`).

    Args:
        text: decoded text; only the first ``sample`` characters are read.
    Returns:
        ``(share of good chunks, number of non-ASCII chunks)``; the share is 1.0 when
        there is no non-ASCII chunk.
    """
    good = total = 0
    for chunk in _CHUNK_RE.findall(text[:sample]):
        if chunk.isascii():
            continue
        total += 1
        if all(c in LETTERS for c in chunk) and is_syllable(chunk):
            good += 1
    return (good / total if total else 1.0), total


LEGACY_DECODERS = {
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
    "cp1258": decode_cp1258,
}


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo "TCVN3/VNI bytes read as cp1252" in already decoded text ("Céng hßa" -> "Cộng hòa").

    Returns ``(text, encoding)``: the repaired text and the legacy encoding found, or the
    text unchanged and ``None`` when it already looks like Vietnamese or no legacy reading
    is clearly better (share of good syllables at least 0.9 and higher than the original).
    """
    suspicious = len(_SUSPICIOUS_RE.findall(text, 0, 200_000))
    if suspicious < max(3, min(len(text), 200_000) // 2000):
        return text, None  # clean text: (almost) none of the characters mojibake is made of
    score, total = vietnamese_score(text)
    if total == 0 or score >= 0.9:
        return text, None
    raw = _as_cp1252_bytes(text)
    if raw is None:
        return text, None
    best = (score, text, None)
    for name in ("tcvn3", "vni", "cp1258"):
        try:
            candidate = LEGACY_DECODERS[name](raw)
        except UnicodeDecodeError:
            continue
        cand_score, _ = vietnamese_score(candidate)
        if cand_score >= 0.9 and cand_score > best[0]:
            best = (cand_score, candidate, name)
    return best[1], best[2]


# Characters a cp1252 (or Latin-1) reader produces -> the byte it read. The five bytes
# cp1252 leaves undefined come back as U+0081... (what Windows and Latin-1 readers give).
_CP1252_BYTES = {}
for _b in range(256):
    try:
        _CP1252_BYTES[ord(bytes([_b]).decode("cp1252"))] = chr(_b)
    except UnicodeDecodeError:
        pass
    _CP1252_BYTES.setdefault(_b, chr(_b))
del _b
_NOT_CP1252_RE = re.compile("[^" + re.escape("".join(map(chr, _CP1252_BYTES))) + "]")


# Characters a cp1252/Latin-1 reader makes of TCVN3/VNI/cp1258 bytes that are not
# Vietnamese letters (nor a no-break space, «», °, ©, ±, ², ³): "Céng hßa x· héi".
_SUSPICIOUS_RE = re.compile(
    "["
    + re.escape(
        "".join(
            c
            for c in map(chr, [*range(0x80, 0x100), *map(ord, "ŒœŠšŸŽžƒˆ˜‰‹›†‡•™")])
            if c not in LETTERS and c not in "\u00a0«»°©±²³"
        )
    )
    + "]"
)


def _as_cp1252_bytes(text: str) -> bytes | None:
    """The bytes a cp1252/Latin-1 reader turned into ``text``; None when ``text`` holds
    characters no such reader produces (then it is not that kind of mojibake)."""
    if _NOT_CP1252_RE.search(text):
        return None
    return text.translate(_CP1252_BYTES).encode("latin-1")


def decode_legacy(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode 8-bit bytes as whichever of TCVN3, VNI-Windows or cp1258 reads as Vietnamese.

    Each candidate decoding is scored with :func:`vietnamese_score`; the best one wins
    when at least 90 % of its non-ASCII words are well-formed Vietnamese syllables.

    Returns:
        ``(text, encoding name)``.
    Raises:
        InputError: no candidate reaches 90 %.
    """
    results = []
    for name, decoder in LEGACY_DECODERS.items():
        try:
            text = decoder(data)
        except UnicodeDecodeError:
            continue
        score, total = vietnamese_score(text)
        results.append((score, total, name, text))
    results.sort(key=lambda r: r[0], reverse=True)
    if results and results[0][1] > 0 and results[0][0] >= 0.9:
        return results[0][3], results[0][2]
    detail = ", ".join(f"{name} {score:.0%}" for score, _, name, _ in results)
    raise InputError(
        "not UTF-8/UTF-16 and no Vietnamese 8-bit encoding reads it "
        f"(share of well-formed syllables: {detail})",
        path=path,
    )
