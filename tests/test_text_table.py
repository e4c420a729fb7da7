"""Table-driven tests of kg.text over tests/data/text_cases.tsv.

Each row is ``kind, input, expected, ref``; the kinds are listed in CHECKS below.
The phrases are short excerpts in the style of the corpus reports and the seed.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.text import (
    Quantity,
    canonical,
    find_dates,
    find_periods,
    find_quantities,
    fold,
    normalize,
    parse_date,
    parse_number,
    parse_ordinal,
    parse_period,
    parse_quantity,
    roman_to_int,
    slug,
)

TABLE = Path(__file__).parent / "data" / "text_cases.tsv"


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _rows() -> list[tuple[str, str, str, date | None]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for row in reader:
        ref = date.fromisoformat(row["ref"]) if row["ref"] else None
        rows.append((row["kind"], _unescape(row["input"]), _unescape(row["expected"]), ref))
    return rows


ROWS = _rows()
_FIELDS = {"value": Decimal, "unit": str, "qualifier": str, "noun": str, "denominator": Decimal,
           "upper": Decimal, "per": str}


def _quantity(expected: str) -> Quantity:
    fields = {}
    for pair in expected.split(" "):
        key, _, value = pair.partition("=")
        fields[key] = value
    # nouns may contain spaces: everything after "noun=" up to the next known key
    if "noun" in fields:
        after = expected.split("noun=", 1)[1]
        words = []
        for word in after.split(" "):
            if "=" in word and word.split("=", 1)[0] in _FIELDS:
                break
            words.append(word)
        fields["noun"] = " ".join(words)
        for word in words[1:]:
            fields.pop(word.partition("=")[0], None)
    return Quantity(**{k: _FIELDS[k](v) for k, v in fields.items() if k in _FIELDS})


def _period(expected: str) -> tuple[date, date]:
    a, b = expected.split("..")
    return date.fromisoformat(a), date.fromisoformat(b)


def _check_quantity(inp, expected, ref):
    got = parse_quantity(inp)
    assert got == _quantity(expected)
    # Decimal equality ignores the exponent; the value must also be written in full.
    assert "E" not in str(got.value)


def _check_scan(inp, expected, ref):
    text = normalize(inp)
    got = " || ".join(f"{m.text}={m.quantity.value} {m.quantity.unit}" for m in find_quantities(text))
    assert got == expected
    for m in find_quantities(text):
        assert text[m.start : m.end] == m.text
        assert text[m.number_start].isdigit()


def _check_scan_none(inp, expected, ref):
    assert [m.text for m in find_quantities(normalize(inp))] == []


def _raises(fn):
    def check(inp, expected, ref):
        with pytest.raises(ParseError) as info:
            fn(inp, ref)
        assert info.value.text == inp

    return check


CHECKS = {
    "quantity": _check_quantity,
    "quantity_error": _raises(lambda s, ref: parse_quantity(s)),
    "scan": _check_scan,
    "scan_none": _check_scan_none,
    "number": lambda inp, exp, ref: _assert_decimal(parse_number(inp), exp),
    "number_error": _raises(lambda s, ref: parse_number(s)),
    "date": lambda inp, exp, ref: _assert_eq(parse_date(inp, ref), date.fromisoformat(exp)),
    "date_error": _raises(parse_date),
    "dates": lambda inp, exp, ref: _assert_eq(
        " || ".join(f"{m.text}={m.date.isoformat()}" for m in find_dates(normalize(inp), ref)), exp
    ),
    "period": lambda inp, exp, ref: _assert_eq(parse_period(inp, ref), _period(exp)),
    "period_error": _raises(parse_period),
    "periods": lambda inp, exp, ref: _assert_eq(
        " || ".join(f"{m.text}={m.period[0]}..{m.period[1]}" for m in find_periods(normalize(inp), ref)), exp
    ),
    "ordinal": lambda inp, exp, ref: _assert_eq(parse_ordinal(inp), int(exp)),
    "ordinal_error": _raises(lambda s, ref: parse_ordinal(s)),
    "roman": lambda inp, exp, ref: _assert_eq(roman_to_int(inp), int(exp)),
    "roman_error": _raises(lambda s, ref: roman_to_int(s)),
    "fold": lambda inp, exp, ref: _assert_eq(fold(inp), exp),
    "slug": lambda inp, exp, ref: _assert_eq(slug(inp), exp),
    "canonical": lambda inp, exp, ref: _assert_eq(canonical(inp), exp),
    "normalize": lambda inp, exp, ref: _assert_eq(normalize(inp), exp),
}


def _assert_eq(got, expected):
    assert got == expected


def _assert_decimal(got: Decimal, expected: str):
    assert isinstance(got, Decimal)
    assert got == Decimal(expected)


def test_table_is_large_and_well_formed():
    assert len(ROWS) >= 150
    assert {kind for kind, *_ in ROWS} <= set(CHECKS)
    assert sum(1 for kind, *_ in ROWS if kind == "quantity") >= 100


@pytest.mark.parametrize("kind, inp, expected, ref", ROWS, ids=[f"{r[0]}:{r[1][:40]}" for r in ROWS])
def test_case(kind, inp, expected, ref):
    CHECKS[kind](inp, expected, ref)
