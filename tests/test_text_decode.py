"""kg.text.decode and normalize: every stored form of a report reads as its clean twin.

The twin is the bundled seed report (examples/report-2020-h1.txt), re-encoded here
in each form. The TCVN3 and VNI forms are written with kg.text.legacy's encoders,
which use the same tables as the decoders.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata

import pytest

from kg.errors import InputError
from kg.text import decode, detect_encoding, normalize, normalize_with_map
from kg.text.legacy import (
    TCVN3_DECODE,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
)


@pytest.fixture(scope="module")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def clean(seed_text) -> str:
    return normalize(decode(seed_text.encode("utf-8")))


def _insert_zero_width(text: str) -> str:
    """A zero-width space after every third word and a soft hyphen inside long words."""
    out = []
    for i, word in enumerate(text.split(" ")):
        if len(word) > 6:
            word = word[:3] + "\u00ad" + word[3:]
        out.append(word + ("\u200b" if i % 3 == 0 else ""))
    return " ".join(out)


FORMS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "crlf-zero-width": lambda t: _insert_zero_width(t.replace("\n", "\r\n")).encode("utf-8"),
    "nbsp-tabs-trailing": lambda t: t.replace(" ", "\u00a0", 40).replace("\n", "  \t\n").encode("utf-8"),
    "utf-16-le-bom": lambda t: t.encode("utf-16"),  # BOM + native (little-endian) order
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "utf-16-be": lambda t: t.encode("utf-16-be"),
    "nfd-utf-16-le": lambda t: unicodedata.normalize("NFD", t).encode("utf-16-le"),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_unicode_forms_read_as_the_clean_twin(seed_text, clean, form):
    assert normalize(decode(FORMS[form](seed_text))) == clean


# Legacy 8-bit forms: they cannot hold "…" (no code in TCVN3/VNI/cp1258), so the twin
# writes it as "..." as those files did; dashes and curly quotes are normalized first.
LEGACY = {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}


@pytest.fixture(scope="module")
def legacy_twin(clean) -> str:
    return clean.replace("…", "...")


@pytest.mark.parametrize("encoding", sorted(LEGACY))
def test_legacy_forms_read_as_the_clean_twin(legacy_twin, encoding):
    data = LEGACY[encoding](legacy_twin)
    assert not data.isascii()
    text, found = detect_encoding(data)
    assert found == encoding
    assert normalize(text) == legacy_twin


@pytest.mark.parametrize("encoding", sorted(LEGACY))
@pytest.mark.parametrize("reader", ["latin-1", "cp1252"])
def test_legacy_bytes_read_as_cp1252_then_saved_as_utf8_are_repaired(legacy_twin, encoding, reader):
    # What a tool that assumed a Western code page leaves behind: "Céng hßa" in UTF-8.
    garbled = LEGACY[encoding](legacy_twin).decode(reader, errors="_kg_latin1")
    assert garbled != legacy_twin
    text, found = detect_encoding(garbled.encode("utf-8"))
    assert found == "utf-8+" + encoding
    assert normalize(text) == legacy_twin


def test_tcvn3_read_as_cp1252_is_detected():
    tcvn3 = encode_tcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc")
    assert tcvn3.decode("cp1252") == "Céng hßa x· héi chñ nghÜa ViÖt Nam, §éc lËp - Tù do - H¹nh phóc"
    assert decode(tcvn3) == "Cộng hòa xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc"
    assert decode("Céng hßa x· héi chñ nghÜa ViÖt Nam".encode("utf-8")) == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_tcvn3_capitals_of_the_abc_upper_case_fonts():
    # .VnTimeH stores "CỘNG HÒA" with the lower-case codes: "CéNG HßA".
    assert decode_tcvn3("CéNG HßA X· HéI".encode("latin-1")) == "CỘNG HÒA XÃ HỘI"
    assert decode_tcvn3("Bé Tµi chÝnh".encode("latin-1")) == "Bộ Tài chính"


def test_vni_sample():
    assert decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam".encode("cp1252")) == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )
    assert decode_vni("COÄNG HOØA; Ñoäc laäp - Töï do - Haïnh phuùc".encode("cp1252")) == (
        "CỘNG HÒA; Độc lập - Tự do - Hạnh phúc"
    )
    assert encode_vni("Đắk R'lấp") == "Ñaék R'laáp".encode("cp1252")


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_tcvn3_table_matches_glibc_iconv():
    for byte in [*range(0x01, 0x20), *range(0x80, 0x100)]:
        result = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]), capture_output=True
        )
        if result.returncode != 0:
            continue
        assert TCVN3_DECODE[byte] == result.stdout.decode("utf-8"), hex(byte)


def test_utf16le_file_from_the_corpus(corpus_dir):
    path = corpus_dir / "raw" / "vntc_XH_VNE_1043.utf16le.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent from this corpus checkout")
    text, found = detect_encoding(path.read_bytes())
    assert found == "utf-16-le"  # with a byte-order mark, which is dropped
    assert text.startswith("Khung giá đất")
    clean = normalize(text)
    assert "\ufeff" not in clean and "\r" not in clean
    assert clean == normalize(path.read_bytes().decode("utf-16"))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08 text \x0e\x0f\x10\x11", "binary"),
        (codecs.BOM_UTF8 + b"abc \xff\xfe\xfd", "not valid utf-8"),
        ("Привет, как дела? Это тест кодировки, не вьетнамский.".encode("cp1251"), "undecodable"),
    ],
)
def test_undecodable_input_raises_input_error(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, path="x.txt")


def test_input_error_carries_path_and_position():
    with pytest.raises(InputError) as info:
        decode(b"abc\x00def", path="r.txt")
    assert info.value.path == "r.txt" and info.value.position == 3
    assert str(info.value) == "r.txt: line 1, column 4 (byte 3): binary data (NUL byte), not a text report"
    with pytest.raises(InputError) as info:
        decode("dòng một\nhai\n".encode() + b"ab\x00", path="r.txt")
    assert (info.value.line, info.value.column, info.value.position) == (3, 3, 18)  # "dòng một" is 11 bytes
    assert str(info.value.at("s.txt")) == "s.txt: line 3, column 3 (byte 18): binary data (NUL byte), not a text report"
    with pytest.raises(InputError) as info:
        decode(("Báo cáo\n" + "\x01\x02\x03\x04 x").encode(), path="r.txt")
    assert str(info.value) == "r.txt: line 2, column 1 (character 8): binary data (control characters), not a text report"


def test_western_8bit_text_uses_charset_normalizer():
    text, found = detect_encoding("Café crème à la française, élève, garçon. Très bien!".encode("cp1252"))
    assert text == "Café crème à la française, élève, garçon. Très bien!"
    assert found == "cp1252"


def test_offset_map_round_trip_on_every_form(seed_text, clean):
    """Every word of the normalized text maps back to the same word in each raw form."""
    import re

    for form in ("crlf-zero-width", "nbsp-tabs-trailing", "nfd"):
        raw = FORMS[form](seed_text).decode("utf-8")
        text, omap = normalize_with_map(raw)
        assert text == clean
        for m in re.finditer(r"\w+", text):
            start, end = omap.span_to_raw(m.start(), m.end())
            assert normalize(raw[start:end]) == m.group(), (form, m.group())
