"""Vietnamese numbers and quantities: parse one, or scan running text for all of them.

Number format (Vietnamese, TCVN / Nghị định 30/2020/NĐ-CP on administrative
writing, and CLDR locale ``vi``): ``.`` groups thousands, ``,`` is the decimal
mark. "8.155" is 8155, "43,8" is 43.8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import localcontext, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import NumberFormatError, parse_decimal

from kg.errors import ParseError

from .lexicon import (
    COUNTED_NOUNS,
    LABEL_BEFORE_MAX,
    MEASURES,
    COMPARATIVES,
    MONEY_MULTIPLIERS,
    MULTIPLIERS,
    NON_QUANTITY_BEFORE,
    QUALIFIER_CODES,
    QUALIFIERS,
    UNITS,
    YEAR_BEFORE,
)
from .normalize import canonical, normalize
from .normalize import word_alternation as _alternation

__all__ = [
    "UNITS",
    "QUALIFIER_CODES",
    "Quantity",
    "QuantityMatch",
    "format_number",
    "parse_number",
    "parse_quantity",
    "find_quantities",
]

# --- numbers ---------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")
_DOT_DECIMAL_RE = re.compile(r"[+-]?[0-9]+\.[0-9]{1,2}")


def parse_number(s: str) -> Decimal:
    """Parse a number written the Vietnamese way.

    Rule (CLDR ``vi``, as babel implements it): ``.`` is the thousands separator and
    ``,`` the decimal mark. "8.155" -> 8155, "1.605.680" -> 1605680, "43,8" -> 43.8,
    "871,267" -> 871.267, "1.000,5" -> 1000.5, "1234" -> 1234.

    Ambiguous inputs, decided:

    * "2.5", "12.34": a single ``.`` followed by one or two digits cannot be a thousands
      separator (groups always have three digits), so it is a decimal point (the
      English habit, common in reports: "30.9 km") -> 2.5, 12.34.
    * "1.0000", "1.605.68": a ``.`` followed by neither exactly three digits nor one or
      two final digits is malformed grouping -> ``ParseError``.
    * "1,000" -> 1 (``,`` is always the decimal mark in Vietnamese text), returned as
      ``Decimal("1.000")``, equal to 1.
    * "16.05.680" (malformed grouping) -> ``ParseError``.
    * Only ASCII digits, an optional sign, no spaces inside, no exponent.

    Args:
        s: the number; surrounding whitespace is ignored.
    Returns:
        ``Decimal``, exact.
    Raises:
        ParseError: anything else (with the offending text).
    """
    t = s.strip()
    if _DOT_DECIMAL_RE.fullmatch(t):
        return Decimal(t)
    if not _NUMBER_RE.fullmatch(t):
        raise ParseError("not a Vietnamese number", s)
    try:
        return parse_decimal(t, locale="vi", strict=True)
    except (NumberFormatError, InvalidOperation) as exc:
        raise ParseError(f"not a Vietnamese number ({exc})", s) from exc


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Write ``value`` the Vietnamese way: "8.155", "1.605.680", "43,8", "-0,5".

    Args:
        value: ``Decimal`` or ``int``; must be finite.
        decimals: round to this many decimals (half-even); ``None`` keeps every digit
            of the Decimal as given (``Decimal("43.80")`` -> "43,80").
    Returns:
        ``str``; ``parse_number(format_number(d)) == d``.
    Raises:
        ParseError: ``value`` is NaN or infinite.
    """
    d = Decimal(value)
    if not d.is_finite():
        raise ParseError("cannot format a non-finite number", str(value))
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    sign, digits, exponent = d.as_tuple()
    text = "".join(map(str, digits))
    if exponent >= 0:
        whole, frac = text + "0" * exponent, ""
    else:
        text = text.rjust(-exponent + 1, "0")  # at least one digit before the mark
        whole, frac = text[:exponent], text[exponent:]
    whole = whole.lstrip("0") or "0"
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = ".".join(reversed(groups))
    if frac:
        out += "," + frac
    return ("-" if sign and d != 0 else "") + out


@lru_cache(maxsize=65536)
def _num(s: str) -> Decimal:
    """Fast path for numbers the scanner regex has already validated ("30.9" is a decimal)."""
    if "," not in s and len(s) - s.rfind(".") <= 3:
        return Decimal(s)  # no dot at all, or a dot-decimal: one or two digits after it
    return Decimal(s.replace(".", "").replace(",", "."))


def _clean(d: Decimal) -> Decimal:
    """Drop exponent/trailing zeros: 8155E+9 -> 8155000000000, 871267000.000 -> 871267000."""
    with localcontext() as ctx:
        ctx.prec = 100  # a 32-digit figure must not overflow the default 28-digit context
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()


# --- quantities ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity read from text.

    Attributes:
        value: ``Decimal`` in base units: multipliers applied (tỷ = 10^9, triệu = 10^6,
            nghìn/ngàn = 10^3) and measures converted (tạ = 0.1 t, kg = 0.001 t).
            Percentages keep their number: 43,8 % -> ``Decimal("43.8")``, unit "%".
        unit: one of :data:`UNITS` ("VND", "USD", "%", "ha", "t", "km", "m2", "m",
            "person", "household", "case", "item", ...).
        qualifier: "approx", "more-than", "less-than", "estimated", "cumulative" or None.
        noun: the counted noun in the lexicon's spelling: lower case, old-style tone
            placement ("trường hợp", "làng nghề", "hộ nghèo", "lượt", "htx"); None for
            measures and money.
        denominator: for ratios "54/54" the 54 after the slash, else None.
        upper: for ranges "8,5 - 9%", "từ 9.500 đến 10.000 đồng/kg" the upper end (base units), else None.
        per: for rates "500 nghìn đồng/người", "60 tạ/ha" the word after the slash.
    """

    value: Decimal
    unit: str
    qualifier: str | None = None
    noun: str | None = None
    denominator: Decimal | None = None
    upper: Decimal | None = None
    per: str | None = None


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A quantity found in running text.

    Attributes:
        start: offset of the match in the scanned text (the qualifier word included).
        end: offset just after the match (after the unit or noun).
        text: ``text[start:end]``.
        quantity: the :class:`Quantity`.
        number_start: offset of the first digit (the figure itself).
    """

    start: int
    end: int
    text: str
    quantity: Quantity
    number_start: int


# A "." followed by exactly one or two digits (and no further digit) is a decimal point,
# not a thousands separator: thousands groups always have three digits ("30.9 km" is
# 30.9, "1.605" is 1605).  Only an ungrouped number takes it ("1.605.68" is no number).
_DOT_DECIMAL = r"\.[0-9]{1,2}(?![0-9])"
_NUM = (
    r"(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})++(?:,[0-9]++)?+"
    rf"|(?:[1-9][0-9]*+|0[0-9]?+)(?:,[0-9]++|{_DOT_DECIMAL})?+)"
)
# The first number of a match starts with a plain digit class, so the regex engine can
# skip ahead to digits (a leading look-behind would make it try every position).
_FIRST_NUM = (
    r"[0-9](?<![\w.,/][0-9])"
    r"(?:(?<=[1-9])[0-9]{0,2}(?:\.[0-9]{3})++(?:,[0-9]++)?+"
    rf"|(?:(?<=0)[0-9]?+|(?<=[1-9])[0-9]*+)(?:,[0-9]++|{_DOT_DECIMAL})?+)"
)
_MULT = _alternation(MULTIPLIERS)
_SMALL_MULT = _alternation(["triệu", "nghìn", "ngàn", "trăm"])
_SP = r"[ \t\u00a0]"
# Measures and counted nouns in one trie, so the longest wins ("đồng chí" over "đồng",
# "điểm phần trăm" over "điểm").
_UNIT_OR_NOUN = _alternation([*MEASURES, *COUNTED_NOUNS])
_GUARD = r"(?![.,]?[0-9]|/)"  # not glued to a further number, not a document number


def _unit_or_noun(name: str) -> str:
    return rf"{_SP}?(?P<{name}>{_UNIT_OR_NOUN})(?!(?<=\w)\w)"


# A bare number does not match: after the first number comes a ratio, or a unit/noun,
# or a multiplier (then optionally a unit/noun).
_QUANTITY_RE = re.compile(
    rf"""
    (?P<n1>{_FIRST_NUM})
    (?:
      /(?P<d1>{_NUM}){_GUARD}(?:{_SP}+(?P<noun_r>{_alternation(COUNTED_NOUNS)})(?!\w))?
    | (?:(?:{_SP}?-{_SP}?|{_SP}(?:đến|tới){_SP})(?P<n2>{_NUM}))?{_GUARD}
      (?:
        {_SP}?(?P<m1>{_MULT})(?:{_SP}+(?P<m2>{_MULT}))?(?!\w)
        (?:{_SP}+(?P<nb>{_NUM}){_SP}?(?P<mb>{_SMALL_MULT})(?!\w)
           (?:{_SP}+(?P<nc>{_NUM}){_SP}?(?P<mc>{_SMALL_MULT})(?!\w))?)?
        (?:{_unit_or_noun("unit")})?
      | {_unit_or_noun("unit2")}
      )
      (?:/{_SP}?(?P<per>[^\W\d_][^\W_]*))?
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# After a ratio: "24/24 giờ" (around the clock) is not a count.
_RATIO_TIME_RE = re.compile(rf"{_SP}*(?:giờ|h)(?!\w)", re.IGNORECASE)
# Before "hơn": a comparative ("cao hơn 7,9 điểm", "thấp hơn 0,3 người/hộ"), so the
# figure is a difference, not "more than".
_COMPARATIVE_BEFORE_RE = re.compile(
    rf"{_SP}+(?:{_alternation(COMPARATIVES, reverse=True)})(?!\w)", re.IGNORECASE
)


# Matched against the reversed text before a number: qualifier or blocking word, then a
# word boundary.
_BEFORE_RE = re.compile(
    rf"{_SP}*(?:(?P<qual>{_alternation(QUALIFIERS, reverse=True)})"
    rf"|(?P<block>{_alternation(NON_QUANTITY_BEFORE, reverse=True)})"
    rf"|(?P<label>{_alternation(LABEL_BEFORE_MAX, reverse=True)})"
    rf"|(?P<year>{_alternation(YEAR_BEFORE, reverse=True)}))(?!\w)",
    re.IGNORECASE,
)
# "số" ending a compound noun of a quantity: "tổng số" (total), "dân số" (population), "sĩ số" (a
# class's head count) — the number after it is the quantity, not a numbered item ("số 18")
_TOTAL_BEFORE_RE = re.compile(rf"(?<!\w)(?:[Tt]ổng|TỔNG|[Dd]ân|DÂN|[Ss]ĩ|SĨ){_SP}+(?:số|SỐ){_SP}*$")
_YEAR_RANGE_BEFORE_RE = re.compile(rf"{_SP}*-{_SP}*[0-9]{{4}}(?![\w.,])")
_QUALIFIER_PREFIX_RE = re.compile(
    rf"(?P<qual>{_alternation(QUALIFIERS)}){_SP}*(?=[0-9])", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return canonical(word).lower()


_MEASURE_KEYS = {_key(k): v for k, v in MEASURES.items()}
_NOUN_KEYS = {_key(k): (k, v) for k, v in COUNTED_NOUNS.items()}
_MULT_KEYS = {_key(k): v for k, v in MULTIPLIERS.items()}
_QUAL_KEYS = {_key(k): v for k, v in QUALIFIERS.items()}
_LABEL_MAX = {_key(k): v for k, v in LABEL_BEFORE_MAX.items()}
_YEAR_RE = re.compile(r"[12][0-9]{3}")


def _glued_letters(m: re.Match[str], group: str) -> bool:
    """True when the unit or noun of ``group`` is written glued to the digits and is not a
    measure symbol: "3EM" (an acronym), not "54.577ha", "26.500m" or "1km đường"; a one-letter symbol
    in capitals ("3M") is an acronym too."""
    start = m.start(group)
    if m.string[start - 1] in " \t\u00a0":
        return False
    word = m[group].split()[0]  # "1km đường": the symbol is the first word of "km đường"
    return _key(word) not in _MEASURE_KEYS or (len(word) == 1 and word.isupper())


_MONEY_RANGE_AFTER = re.compile(r"\s*(?:đến|tới|-|–)\s*\d[\d.,]*\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|đ)(?!\w)")
# words naming an amount of money: "giá trị (quyết toán)", "kinh phí", "chi phí", "số tiền", "vốn", "ngân sách"
_MONEY_CONTEXT_BEFORE = re.compile(r"(?:giá trị|kinh phí|chi phí|số tiền|tiền|vốn|ngân sách|quyết toán)(?!\w)[^.;:]{0,70}$",
                                   re.IGNORECASE)


def _build(m: re.Match[str], qualifier: str | None) -> Quantity | None:
    """The Quantity of a scanner match, or None when it is not one (a ratio that may be a
    date, "12 triệu" without unit or noun)."""
    n1 = _num(m["n1"])
    d1 = m["d1"]
    if d1 is not None:
        noun = m["noun_r"]
        den = _num(d1)
        if noun is None and (n1 > den or den <= 12 or (n1 == 1 and den >= 100)):
            return None  # a possible date ("5/6") or a map scale ("tỷ lệ 1/2.000")
        # "126/106 tin" (numerator above the denominator, with its counted noun) is kept:
        # reports do contain such slips, and the figure is still what the text states.
        if noun is None and _RATIO_TIME_RE.match(m.string, m.end()):
            return None
        noun_key, unit = _NOUN_KEYS[_key(noun)] if noun else (None, "item")
        return Quantity(n1, unit, qualifier, noun_key, den)
    factor = 1
    mults = [x for x in (m["m1"], m["m2"]) if x]
    for mult in mults:
        factor *= _MULT_KEYS[_key(mult)]
    value = n1 * factor
    if m["nb"]:
        value += _num(m["nb"]) * _MULT_KEYS[_key(m["mb"])]
        if m["nc"]:
            value += _num(m["nc"]) * _MULT_KEYS[_key(m["mc"])]
    upper = _num(m["n2"]) * factor if m["n2"] else None
    noun_key = None
    unit_group = "unit" if m["unit"] else "unit2"
    unit_text = m[unit_group]
    if unit_text and _glued_letters(m, unit_group):
        return None  # "(3EM)", "4G": a digit inside an alphanumeric token is no number
    if unit_text and _key(unit_text) in _MEASURE_KEYS:
        unit, unit_factor = _MEASURE_KEYS[_key(unit_text)]
        if unit_factor != 1:
            value *= unit_factor
            upper = upper * unit_factor if upper is not None else None
    elif unit_text:
        noun_key, unit = _NOUN_KEYS[_key(unit_text)]
    elif any(_key(x) in MONEY_MULTIPLIERS for x in mults):
        unit = "VND"  # "gần 10 tỷ": reports leave out "đồng" after tỷ
    elif mults and (_MONEY_RANGE_AFTER.match(m.string, m.end())
                    or _MONEY_CONTEXT_BEFORE.search(m.string, max(0, m.start() - 90), m.start())):
        # "khoảng 800 ngàn đến 1,5 triệu đồng" (the unit written once, after the high end); "giá trị
        # quyết toán … tăng hơn 148 triệu" (an amount of money named just before)
        unit = "VND"
    else:
        return None
    per = m["per"]
    return Quantity(
        _clean(value),
        unit,
        qualifier,
        noun_key,
        None,
        _clean(upper) if upper is not None else None,
        per,
    )


def find_quantities(text: str) -> list[QuantityMatch]:
    """Find every quantity in running text, in order.

    One pass of one compiled regex, anchored on digits. A number is a quantity when a
    unit (:data:`kg.text.lexicon.MEASURES`: đồng, %, ha, tấn, km2...), a counted noun
    (:data:`kg.text.lexicon.COUNTED_NOUNS`: người, hộ, trường hợp, xã, lượt...) or the
    multiplier tỷ follows it, or when it is a ratio "54/54" (with a counted noun after
    it, or else numerator <= denominator and the denominator above 12, so "5/6" alone is
    left as a possible date; "126/106 tin" is kept as the text wrote it). A qualifier
    word right before it (ước đạt, gần, khoảng, hơn, trên, dưới, lũy kế, ...) is
    included in the match. "30.9 km" (a dot and one or two final digits) is the decimal
    30.9: thousands groups always have three digits.

    Not returned: bare numbers; years ("năm 2020", "2019 - 2020"), dates ("08/7/2020",
    "ngày 11/6", "21.4"), document numbers ("số 18-NQ/TU", "1234/QĐ-UBND"), ordinals
    ("khóa 23", "kỳ họp thứ 8"), phone numbers ("0261.3500.123"), times ("8 giờ 30"),
    periods ("6 tháng đầu năm"): a number right after a label word
    (:data:`kg.text.lexicon.NON_QUANTITY_BEFORE`: năm, ngày, số, thứ, khóa, lớp...),
    or glued to another number by "/", "." or "," is skipped. "1.605.68" (malformed
    grouping) and "1 605 680" (digits grouped by spaces) are skipped, not guessed.
    Digits inside an alphanumeric token ("(3EM)", "4G", "H5N1") are no number: a noun
    or a one-capital symbol glued to the digits is refused, only measures may be glued
    ("54.577ha"). "(100%)" next to a figure is its own match.

    Args:
        text: normalized text (:func:`kg.text.normalize`); both tone placements and
            any letter case are accepted.
    Returns:
        ``list[QuantityMatch]`` with offsets into ``text``.
    Raises:
        nothing.
    """
    out: list[QuantityMatch] = []
    for m in _QUANTITY_RE.finditer(text):
        start = m.start()
        qualifier = None
        prefix = text[max(0, start - 32) : start][::-1]
        before = _BEFORE_RE.match(prefix)
        if before and before["block"] and _TOTAL_BEFORE_RE.search(text, max(0, start - 16), start):
            before = None  # "tổng số 2,5 triệu hộ", "dân số 12.400 người": a quantity, not a numbered item ("số 18")
        if before:
            if before["block"] or (before["year"] and _YEAR_RE.fullmatch(m["n1"])):
                continue
            if before["label"]:
                # a label ("tháng 5") unless a multiplier or a measure follows ("tháng 5
                # triệu đồng" is money), or the number is out of the label's range
                measured = m["m1"] or _key(m["unit"] or m["unit2"] or "") in _MEASURE_KEYS
                if not measured and _num(m["n1"]) <= _LABEL_MAX[_key(before["label"][::-1])]:
                    continue
                before = None
        if before and before["qual"]:
            qualifier = _QUAL_KEYS[_key(before["qual"][::-1])]
            if qualifier == "more-than" and _COMPARATIVE_BEFORE_RE.match(prefix, before.end()):
                qualifier = None
        if m["n2"] is None and _YEAR_RANGE_BEFORE_RE.match(text[max(0, start - 8) : start][::-1]):
            continue
        if prefix[:1] in (" ", "\u00a0") and prefix[1:2].isdigit():
            continue  # "1 605 680 người": digits grouped by spaces are not read (ambiguous)
        quantity = _build(m, qualifier)
        if quantity is None:
            continue
        # the reversed prefix reads "  qualifier": its end is the qualifier's first letter
        begin = start - before.end("qual") if qualifier else start
        out.append(QuantityMatch(begin, m.end(), text[begin : m.end()], quantity, start))
    return out


def parse_quantity(s: str) -> Quantity:
    """Parse one quantity phrase: "8.155 tỷ đồng", "gần 10 tỷ", "trên 300 ca", "43,8%",
    "394 tỷ 581 triệu đồng", "1,2 triệu người", "12 nghìn hộ", "54/54 xã".

    Same grammar as :func:`find_quantities`, but the whole (normalized, stripped)
    input must be one quantity, optionally led by one qualifier.

    Args:
        s: the phrase.
    Returns:
        :class:`Quantity`.
    Raises:
        ParseError: not exactly one quantity (e.g. a bare number, which has no unit).
    """
    t = normalize(s)
    qualifier = None
    q = _QUALIFIER_PREFIX_RE.match(t)
    rest = t
    if q:
        qualifier = _QUAL_KEYS[_key(q["qual"])]
        rest = t[q.end() :]
    m = _QUANTITY_RE.fullmatch(rest)
    if m is None:
        raise ParseError("not a quantity (number + unit or counted noun)", s)
    quantity = _build(m, qualifier)
    if quantity is None:
        raise ParseError("a number without a unit or counted noun is not a quantity", s)
    return quantity
