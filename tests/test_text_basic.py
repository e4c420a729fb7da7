"""Basic contract tests of kg.text: one or two exact cases per public function."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kg.errors import InputError, ParseError
from kg.text import (
    Quantity,
    canonical,
    date_spans,
    decode,
    find_dates,
    find_periods,
    find_quantities,
    fold,
    normalize,
    normalize_with_map,
    parse_date,
    parse_number,
    parse_ordinal,
    parse_period,
    parse_quantity,
    roman_to_int,
    slug,
)


def test_decode_utf8_and_bom():
    assert decode("Cộng hòa".encode()) == "Cộng hòa"
    assert decode(b"\xef\xbb\xbf" + "Cộng hòa".encode()) == "Cộng hòa"


def test_decode_utf16_without_bom():
    assert decode("Huyện ủy Thường Tín".encode("utf-16-le")) == "Huyện ủy Thường Tín"


def test_decode_binary_raises():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")


def test_normalize_basic():
    assert normalize("a\r\n  b\u200b c\u00a0\u00a0d  \n\n\n\ne") == "a\nb c d\n\ne"


def test_normalize_map_points_back():
    raw = "Đắk\r\nR’lấp\u200b  x"
    text, omap = normalize_with_map(raw)
    assert text == "Đắk\nR'lấp x"
    assert raw[omap.to_raw(text.index("x"))] == "x"
    assert omap.to_raw(text.index("R")) == raw.index("R")


def test_fold_canonical_slug():
    assert fold("Huyện uỷ") == fold("HUYỆN ỦY") == "huyên uy"
    assert fold("Đăk R'lấp") == fold("Đắk R’Lấp")
    assert canonical("Thanh Hoá") == "Thanh Hóa"
    assert slug("Huyện ủy Thường Tín") == "huyen-uy-thuong-tin"


def test_parse_number():
    assert parse_number("8.155") == Decimal(8155)
    assert parse_number("43,8") == Decimal("43.8")
    with pytest.raises(ParseError):
        parse_number("16.05.680")


def test_parse_quantity():
    assert parse_quantity("8.155 tỷ đồng") == Quantity(Decimal("8155000000000"), "VND")
    assert parse_quantity("trên 300 ca") == Quantity(Decimal(300), "case", "more-than", "ca")


def test_find_quantities():
    text = "Tổng giá trị ước đạt 8.155 tỷ đồng, đạt 43,8% kế hoạch năm 2020."
    found = find_quantities(text)
    assert [(m.text, m.quantity.value, m.quantity.unit) for m in found] == [
        ("ước đạt 8.155 tỷ đồng", Decimal("8155000000000"), "VND"),
        ("43,8%", Decimal("43.8"), "%"),
    ]


def test_dates_and_periods():
    assert parse_date("08/7/2020") == date(2020, 7, 8)
    assert parse_date("ngày 8/7", ref=date(2020, 1, 1)) == date(2020, 7, 8)
    with pytest.raises(ParseError):
        parse_date("ngày 8/7")
    assert parse_period("6 tháng đầu năm 2020") == (date(2020, 1, 1), date(2020, 6, 30))
    assert [m.date for m in find_dates("Sáng ngày 08/7/2020, Huyện ủy")] == [date(2020, 7, 8)]
    text = "kỷ niệm 65 năm (07/05/1954 – 07/5/2019), họp 10/5/2019 - 11/5/2019, sáng 12/5/2019 - chiều 13/5/2019"
    found = find_dates(text)
    assert [(a.date, b.date) for a, b in date_spans(text, found)] == [
        (date(1954, 5, 7), date(2019, 5, 7)), (date(2019, 5, 10), date(2019, 5, 11))]
    assert [m.period for m in find_periods("quý I/2020 và năm 2019")] == [
        (date(2020, 1, 1), date(2020, 3, 31)),
        (date(2019, 1, 1), date(2019, 12, 31)),
    ]


def test_ordinals():
    assert roman_to_int("XXIII") == 23
    assert parse_ordinal("lần thứ XXIV") == 24
    assert parse_ordinal("kỳ họp thứ 8") == 8
