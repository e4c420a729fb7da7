"""The figures of an administrative unit: natural area, population, and their % of the legal standard.

Reports on founding or merging units (Resolution 1211/2016/UBTVQH13) give each unit's natural area
and population with the percentage of the standard they reach: "diện tích tự nhiên là 31,45 km2
(đạt 572% so với quy định)". The sentences below are made up.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kg import text as vt
from kg.emit import emit
from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.model import Report
from kg.resolve import resolve

KG = "https://w3id.org/kg-vn/ontology#"


def observations(body: str):
    text = "UBND TỈNH HỌP BÀN PHƯƠNG ÁN SẮP XẾP ĐƠN VỊ HÀNH CHÍNH\n" + body
    ex = extract(Report(path="t.txt", key="t", text=text, title=text.split("\n")[0], date=date(2025, 5, 15), year=2025))
    return [(o.indicator, o.value, o.unit, o.percent_of_standard, o.percent_of_plan) for o in ex.observations]


def test_area_and_population_with_their_percent_of_the_standard():
    got = observations("Phường Hòa Bình có diện tích tự nhiên là 31,45 km2 (đạt 572% so với quy định), "
                       "quy mô dân số là 48.210 người (đạt 229% so với quy định).")
    assert got == [("natural-area", Decimal("31.45"), "km2", Decimal("572"), None),
                   ("population", Decimal("48210"), "person", Decimal("229"), None)]


def test_area_in_hectares_and_a_standard_without_so_voi():
    got = observations("Xã Sơn Thành có tổng diện tích tự nhiên 5.230 ha, đạt 174% tiêu chuẩn.")
    assert got == [("natural-area", Decimal("5230"), "ha", Decimal("174"), None)]


def test_percent_of_plan_is_still_the_plan():
    got = observations("Thu ngân sách đạt 520 tỷ đồng, đạt 85% kế hoạch.")
    assert got == [("state-budget-revenue", Decimal("520000000000"), "VND", None, Decimal("85"))]


def test_a_percentage_of_the_standard_is_no_statistic_of_its_own():
    # before, "(đạt 229% so với quy định)" became a second population of 229%
    got = observations("Xã Tân Lập có quy mô dân số là 9.120 người (đạt 114% so với quy định).")
    assert [g[0] for g in got] == ["population"] and got[0][3] == Decimal("114")


def test_a_percentage_of_the_standard_without_its_figure_is_dropped():
    # the figure has lost its unit in the source ("là 53,37 (đạt …"), so the percentage is of nothing kg read
    got = observations("Xã Tân Lập có diện tích tự nhiên là 53,37 (đạt 178% so với quy định); quy mô dân số là 9.120 người.")
    assert got == [("population", Decimal("9120"), "person", None, None)]


def test_a_number_right_after_dan_so_is_the_population():
    # "số" before a number marks a numbered item ("văn bản số 18"), but not in "dân số", "tổng số", "sĩ số"
    assert [q.text for q in vt.find_quantities("Xã Hồng Vân có dân số 12.400 người.")] == ["12.400 người"]
    assert [q.text for q in vt.find_quantities("Lớp có sĩ số 35 học sinh.")] == ["35 học sinh"]
    assert vt.find_quantities("Theo văn bản số 18 ngày 5/3.") == []
    assert observations("Xã Hồng Vân có dân số 12.400 người.") == [
        ("population", Decimal("12400"), "person", None, None)]


def test_percent_of_standard_is_emitted_as_kg_percentOfStandard():
    text = ("UBND TỈNH HỌP BÀN PHƯƠNG ÁN SẮP XẾP ĐƠN VỊ HÀNH CHÍNH\n"
            "Ngày 15/5/2025, UBND huyện Thường Tín họp bàn phương án. "
            "Xã Hồng Vân có diện tích tự nhiên là 8,12 km2 (đạt 271% so với quy định).")
    rep = Report(path="t.txt", key="t", text=text, title=text.split("\n")[0], date=date(2025, 5, 15), year=2025)
    lex = load_lexicon()
    rg = emit(resolve(extract(rep, lex), lex), lex)
    values = {(str(p), str(o)) for s, p, o in rg.triples if "/obs/" in str(s)}
    assert (KG + "percentOfStandard", "271") in values
    assert (KG + "indicator", "https://w3id.org/kg-vn/indicator/natural-area") in values
    assert ("http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure", "https://w3id.org/kg-vn/unit/km2") in values
