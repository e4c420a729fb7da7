"""Dates, reporting periods and ordinals in Vietnamese text.

Dates are written day first (Nghị định 30/2020/NĐ-CP, Phụ lục I: "ngày 08 tháng 7
năm 2020", and "08/7/2020" in running text). Nothing here uses dateutil, whose
default is month first.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kg.errors import ParseError

from .normalize import normalize, word_alternation

__all__ = [
    "DateMatch",
    "PeriodMatch",
    "parse_date",
    "find_dates",
    "parse_period",
    "find_periods",
    "roman_to_int",
    "parse_ordinal",
]

_SP = r"[ \t\u00a0]"


def _words(*words: str) -> str:
    return word_alternation(words)


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ParseError(f"not a valid date ({exc})", text) from exc


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- dates -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: ``start``/``end`` offsets, ``text`` (= text[start:end]) and ``date``."""

    start: int
    end: int
    text: str
    date: date


_DAY_PREFIX = ("sáng", "chiều", "tối", "trưa", "đêm", "hôm", "rạng sáng", "sáng sớm")
# The date itself, from its first digit: d/m/yyyy, d-m-yyyy, d.m.yyyy, d/m, d.m,
# "8 tháng 7 năm 2020", "8 tháng 7".
_DATE_CORE = rf"""
    (?P<d>[0-9](?<![\w.,/-][0-9])[0-9]?+)
    (?:
      (?P<sep>[/.-])(?P<m>[0-9]{{1,2}}+)(?:(?P=sep)(?P<y>[0-9]{{4}}))?
    | {_SP}+tháng{_SP}+(?P<m2>[0-9]{{1,2}}+)(?:{_SP}+(?:năm{_SP}+)?(?P<y2>[0-9]{{4}}))?
    )
    (?![\w]|[./-]?[0-9])
"""
_DATE_RE = re.compile(_DATE_CORE, re.VERBOSE | re.IGNORECASE)
_DATE_FULL_RE = re.compile(
    rf"(?:(?P<pre>{_words(*_DAY_PREFIX)}){_SP}+)?(?P<ngay>ngày{_SP}+)?" + _DATE_CORE,
    re.VERBOSE | re.IGNORECASE,
)
# Read backwards from the day number: "ngày", a time of day, or both ("sáng ngày").
_DATE_BEFORE_RE = re.compile(
    rf"{_SP}+(?:(?P<ngay>{word_alternation(['ngày'], reverse=True)})(?:{_SP}+(?:{word_alternation(_DAY_PREFIX, reverse=True)}))?"
    rf"|(?P<pre>{word_alternation(_DAY_PREFIX, reverse=True)}))(?!\w)",
    re.IGNORECASE,
)


def _date_value(m: re.Match[str], has_ngay: bool, has_pre: bool, ref: date | None, text: str, strict: bool):
    day, month, year = m["d"], m["m"] or m["m2"], m["y"] or m["y2"]
    if year is None:
        if not strict and not (has_ngay or (has_pre and m["m"])):
            return None  # "11/6" alone may be a ratio; "8 tháng 7" alone a duration
        if ref is None:
            if strict:
                raise ParseError("a date without a year needs a reference date (ref)", text)
            return None
        y = ref.year
    else:
        y = int(year)
    if strict:
        return _make_date(y, int(month), int(day), text)
    try:
        return date(y, int(month), int(day))
    except ValueError:
        return None


def parse_date(s: str, ref: date | None = None) -> date:
    """Parse one Vietnamese date.

    Accepted (day first, always): "08/7/2020", "8-7-2020", "8.7.2020", "ngày 8 tháng 7
    năm 2020", "8 tháng 7 năm 2020", "ngày 08/7/2020", "sáng ngày 8/7/2020", and without
    a year "ngày 8/7", "8/7", "21.4", "ngày 8 tháng 7", which take the year of ``ref``.
    Two-digit years are refused (the century would be a guess).

    Args:
        s: the date text; surrounding whitespace is ignored.
        ref: reference date (usually the report's publication date) supplying a
            missing year.
    Returns:
        ``datetime.date``.
    Raises:
        ParseError: not a date, an impossible date (31/2/2020), or no year and no ``ref``.
    """
    t = normalize(s)
    m = _DATE_FULL_RE.fullmatch(t)
    if m is None:
        raise ParseError("not a date (day first: 08/7/2020, ngày 8 tháng 7 năm 2020)", s)
    return _date_value(m, bool(m["ngay"]), bool(m["pre"]), ref, s, strict=True)


_WEEK_BEFORE_RE = re.compile(r"(?i)\btuần(?:\s+thứ)?\s+$")


def find_dates(text: str, ref: date | None = None) -> list[DateMatch]:
    """Find every date in running text.

    Full dates (08/7/2020, 8-7-2020, 31.3.1975, ngày 8 tháng 7 năm 2020) are always
    found. Dates without a year are found only after "ngày" or a time of day
    ("ngày 11/6", "chiều 21.4", "sáng 8/7") and only when ``ref`` is given (its year is
    used); "11/6" alone is left alone (it may be a ratio). Impossible dates are skipped,
    and so are week numbers ("tuần 1 tháng 5 năm 2019" is a week, not 1 May).
    The span starts at "ngày" when present, else at the day number.

    Args:
        text: normalized text.
        ref: reference date for missing years, or None.
    Returns:
        ``list[DateMatch]``.
    Raises:
        nothing.
    """
    out = []
    for m in _DATE_RE.finditer(text):
        start = m.start()
        before = _DATE_BEFORE_RE.match(text[max(0, start - 16) : start][::-1])
        has_ngay = bool(before and before["ngay"])
        if not has_ngay and _WEEK_BEFORE_RE.search(text, max(0, start - 12), start):
            continue  # "tuần 1 tháng 5 năm 2019" is the first week of May, not 1 May
        d = _date_value(m, has_ngay, bool(before), ref, m.group(), strict=False)
        if d is None:
            continue
        if has_ngay:
            start -= before.end("ngay")
        out.append(DateMatch(start, m.end(), text[start : m.end()], d))
    return out


_SPAN_GAP = re.compile(r"\s*[-–—]\s*")


def date_spans(text: str, found: list[DateMatch]) -> list[tuple[DateMatch, DateMatch]]:
    """The consecutive dates of ``found`` (:func:`find_dates` of ``text``, in order) that ``text``
    writes as a span, joined by a dash alone: "(07/05/1954 – 07/5/2019)" gives one pair.

    Returns:
        ``list[tuple[DateMatch, DateMatch]]``: (start of the span, its end), in text order.
    """
    return [(a, b) for a, b in zip(found, found[1:]) if _SPAN_GAP.fullmatch(text, a.end, b.start)]


# --- ordinals ----------------------------------------------------------------------------------

_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s: str) -> int:
    """Value of a Roman numeral: ``roman_to_int("XXIII") == 23``.

    Only well-formed numerals I..MMMCMXCIX (upper or lower case) are accepted; "IIII",
    "VX" and "" are refused.

    Raises:
        ParseError: not a well-formed Roman numeral.
    """
    t = s.strip().upper()
    if not t or not _ROMAN_RE.fullmatch(t):
        raise ParseError("not a Roman numeral", s)
    total = 0
    for i, ch in enumerate(t):
        v = _ROMAN_VALUES[ch]
        if i + 1 < len(t) and _ROMAN_VALUES[t[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


_ORDINAL_WORDS = {
    "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10,
}
_ORDINAL_RE = re.compile(
    rf"(?:^|(?<=\s))(?:(?P<marker>{_words('lần', 'khóa', 'kỳ họp', 'kỳ', 'đợt', 'phiên', 'thứ')}){_SP}+)?"
    rf"(?:(?P<thu>thứ){_SP}+)?"
    rf"(?P<num>[0-9]+|[IVXLCDM]+|{_words(*_ORDINAL_WORDS)})\Z",
    re.IGNORECASE,
)


def parse_ordinal(s: str) -> int:
    """The number of an ordinal phrase: "khóa XXIII" -> 23, "lần thứ XXIV" -> 24,
    "thứ 17" -> 17, "lần thứ 10" -> 10, "kỳ họp thứ 8" -> 8, "khóa VIII" -> 8,
    "lần thứ nhất" -> 1, "Đại hội đại biểu Đảng bộ huyện lần thứ XXIV" -> 24.

    The ordinal must end the text, after a marker word (lần, khóa/khoá, kỳ họp, kỳ,
    đợt, phiên, thứ) unless the text is the bare numeral. Arabic numerals, Roman
    numerals (upper case) and the words nhất, hai ... mười (after "thứ") are read.

    Raises:
        ParseError: no ordinal at the end of the text.
    """
    t = normalize(s)
    m = _ORDINAL_RE.search(t)
    if m is None or (m.start() > 0 and not (m["marker"] or m["thu"])):
        raise ParseError("not an ordinal (khóa XXIII, lần thứ 10, kỳ họp thứ 8)", s)
    num = m["num"]
    if num.isdigit():
        return int(num)
    if num.isupper():
        return roman_to_int(num)
    word = num.lower()
    if word in _ORDINAL_WORDS and (m["thu"] or m["marker"] and m["marker"].lower() == "thứ"):
        return _ORDINAL_WORDS[word]
    raise ParseError("not an ordinal (khóa XXIII, lần thứ 10, kỳ họp thứ 8)", s)


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    """A reporting period found in text: ``start``/``end`` offsets, ``text`` and
    ``period`` = (first day, last day), both inclusive."""

    start: int
    end: int
    text: str
    period: tuple[date, date]


_YEAR = r"(?:[12][0-9]{3})"
# "năm 2020", "năm nay", "2020" after "/"
_OF_YEAR = rf"(?:(?:/|{_SP}+năm{_SP}+|{_SP}+)(?P<GROUP>{_YEAR})|{_SP}+năm{_SP}+(?P<GROUP_nay>nay))"


def _of_year(group: str) -> str:
    return _OF_YEAR.replace("GROUP", group)


_QUARTER = r"(?:IV|I{1,3}|iv|i{1,3}|[1-4])"
# "chín tháng đầu năm": month counts written as words (Nghị định 30/2020 style reports
# write figures, newspapers often write words).
_MONTH_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_MONTH_COUNT_WORDS = word_alternation(_MONTH_WORDS)
_PERIOD = rf"""
    (?:
      (?P<cum>{_words('lũy kế')}){_SP}+(?:từ{_SP}+đầu{_SP}+năm{_SP}+)?(?:đến|tới){_SP}+(?:hết{_SP}+|cuối{_SP}+)?
        (?:tháng{_SP}+(?P<cm>[01]?[0-9]){_of_year('cy')}?
          |quý{_SP}+(?P<cq>{_QUARTER}){_of_year('cqy')}?)
    | (?P<n>[0-9]{{1,2}}|{_MONTH_COUNT_WORDS}){_SP}+tháng(?:{_SP}+(?P<half>đầu|cuối))?{_SP}+năm(?:{_SP}+(?P<ny>{_YEAR})|{_SP}+(?P<ny_nay>nay))?
    | tuần{_SP}+(?:thứ{_SP}+)?(?P<w>[1-5]){_SP}+tháng{_SP}+(?P<wm>[01]?[0-9]){_of_year('wy')}?
    | quý{_SP}+(?P<q>{_QUARTER}){_of_year('qy')}?
    | (?<![0-9]{_SP})tháng{_SP}+(?P<m>[01]?[0-9]){_of_year('my')}?
    | (?P<span>{_words('giai đoạn', 'nhiệm kỳ', 'thời kỳ', 'từ năm', 'năm')}){_SP}+
        (?P<y1>{_YEAR}){_SP}*(?:-|đến(?:{_SP}+năm)?){_SP}*(?P<y2>{_YEAR})
    | (?P<y0>{_YEAR}){_SP}*-{_SP}*(?P<y3>{_YEAR})
    | (?<!tháng{_SP}[0-9]{_SP})(?<!tháng{_SP}[0-9]{{2}}{_SP})(?<!sinh{_SP})
      (?:cả{_SP}+)?năm{_SP}+(?:(?P<y>{_YEAR})|(?<![0-9]{_SP}năm{_SP})(?P<y_nay>nay))
    )
    (?![\w]|[/.-]?[0-9])
"""
# parse_period: any case. find_periods runs the case-sensitive twin over the lower-cased
# text (same offsets), where the engine can skip to the letters a period starts with.
_PERIOD_RE = re.compile(_PERIOD, re.VERBOSE | re.IGNORECASE)
# (A period starts with a digit or with one of these letters, at a word start.)
_PERIOD_SCAN_RE = re.compile(r"(?=[0-9lmhbnstcqg])(?<![\w/.-])" + _PERIOD, re.VERBOSE)
# Every reading of _PERIOD but the bare "2019 - 2020" (y0) holds one of these words, lower case, as
# written in the pattern: "tháng" (lũy kế … tháng, N tháng, tuần … tháng, tháng N), "quý", "năm"
# (năm 2020, từ năm, năm nay), "kỳ" (nhiệm kỳ, thời kỳ), "đoạn" (giai đoạn). A text with none of
# them has no period find_periods reports; most sentences have none (about 4 in 5 of the corpus's).
_PERIOD_WORDS = ("tháng", "quý", "năm", "kỳ", "đoạn")


def _year(m: re.Match[str], group: str, ref: date | None, text: str) -> int:
    if m[group]:
        return int(m[group])
    if ref is None:
        raise ParseError("a period without a year needs a reference date (ref)", text)
    return ref.year


def _quarter(q: str) -> int:
    return int(q) if q.isdigit() else roman_to_int(q)


def _period_from_match(m: re.Match[str], ref: date | None, text: str) -> tuple[date, date]:
    if m["cum"]:
        if m["cm"]:
            month = int(m["cm"])
            year = _year(m, "cy", ref, text)
        else:
            month = 3 * _quarter(m["cq"])
            year = _year(m, "cqy", ref, text)
        _check_month(month, text)
        return date(year, 1, 1), _month_end(year, month)
    if m["n"]:
        n = int(m["n"]) if m["n"].isdigit() else _MONTH_WORDS[m["n"].lower()]
        if not 1 <= n <= 12:
            raise ParseError("a period of more than 12 months of one year", text)
        year = _year(m, "ny", ref, text)
        if m["half"] and m["half"].lower() == "cuối":
            return date(year, 13 - n, 1), date(year, 12, 31)
        return date(year, 1, 1), _month_end(year, n)
    if m["w"]:
        week, month = int(m["w"]), int(m["wm"])
        _check_month(month, text)
        year = _year(m, "wy", ref, text)
        first = 7 * (week - 1) + 1
        last_day = calendar.monthrange(year, month)[1]
        if first > last_day:
            raise ParseError(f"week {week} does not exist in month {month}/{year}", text)
        return date(year, month, first), date(year, month, min(7 * week, last_day))
    if m["q"]:
        q = _quarter(m["q"])
        year = _year(m, "qy", ref, text)
        return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if m["m"]:
        month = int(m["m"])
        _check_month(month, text)
        year = _year(m, "my", ref, text)
        return date(year, month, 1), _month_end(year, month)
    if m["y1"] or m["y0"]:
        y1 = int(m["y1"] or m["y0"])
        y2 = int(m["y2"] or m["y3"])
        if y2 < y1:
            raise ParseError("the period ends before it begins", text)
        return date(y1, 1, 1), date(y2, 12, 31)
    year = _year(m, "y", ref, text)
    return date(year, 1, 1), date(year, 12, 31)


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise ParseError(f"month {month} does not exist", text)


def parse_period(s: str, ref: date | None = None) -> tuple[date, date]:
    """Parse a reporting period to (first day, last day), both inclusive.

    * "6 tháng đầu năm 2020" -> 2020-01-01..2020-06-30; "9 tháng năm 2020" ->
      2020-01-01..2020-09-30; "6 tháng cuối năm 2019" -> 2019-07-01..2019-12-31.
    * "quý I/2020", "quý II năm 2020", "quý 3/2020" -> the calendar quarter.
    * "tháng 7/2019", "tháng 7 năm 2019" -> the month.
    * "năm 2019", "cả năm 2019" -> the year.
    * "giai đoạn 2016 - 2020", "nhiệm kỳ 2020-2025", "thời kỳ 2021 - 2030", "từ năm 2016
      đến năm 2020", "2016 - 2020" -> 1 January of the first year .. 31 December of the last.
    * "lũy kế đến hết tháng 6 năm 2019" -> 2019-01-01..2019-06-30 (cumulative figures
      run from the start of the calendar year); also "lũy kế đến hết quý II/2020".
    * "tuần 4 tháng 7 năm 2019" -> 2019-07-22..2019-07-28. Rule: week N of a month is
      days 7(N-1)+1 .. min(7N, last day of the month), N = 1..5 (so week 5 is the
      29th to the month's end). Reports number weeks within the month this way, not
      as ISO weeks.
    * A missing year ("6 tháng đầu năm", "quý II", "tháng 7", "năm nay") is ref's year.

    Args:
        s: the period text.
        ref: reference date (the report's date) for a missing year.
    Returns:
        ``(date, date)``.
    Raises:
        ParseError: not a period, an impossible one (tháng 13, tuần 5 of February), or
            no year and no ``ref``.
    """
    t = normalize(s)
    m = _PERIOD_RE.fullmatch(t)
    if m is None:
        raise ParseError("not a period (6 tháng đầu năm 2020, quý I/2020, tháng 7/2019, ...)", s)
    return _period_from_match(m, ref, s)


def find_periods(text: str, ref: date | None = None) -> list[PeriodMatch]:
    """Find every reporting period in running text (grammar of :func:`parse_period`).

    The longest reading wins ("6 tháng đầu năm 2020" is one period, not also "năm
    2020"); "năm 2020" inside a date ("ngày 8 tháng 7 năm 2020") is not a period;
    periods whose year is missing are skipped when ``ref`` is None; "2019 - 2020"
    needs a lead word (giai đoạn, nhiệm kỳ, thời kỳ, năm), so "năm học 2019 - 2020"
    (a school year) is not reported.

    Args:
        text: normalized text.
        ref: reference date for missing years, or None.
    Returns:
        ``list[PeriodMatch]``.
    Raises:
        nothing.
    """
    lowered = text.lower()
    scan = _PERIOD_SCAN_RE
    if len(lowered) != len(text):  # a letter whose lower case is longer (not Vietnamese)
        lowered, scan = text, re.compile(r"(?<![\w/.-])" + _PERIOD, re.VERBOSE | re.IGNORECASE)
    elif not any(word in lowered for word in _PERIOD_WORDS):
        return []  # only a bare "2019 - 2020" could match, and it is skipped below
    out = []
    for m in scan.finditer(lowered):
        start, end = m.span()
        if m["y0"]:
            continue  # bare "2019 - 2020": only parse_period reads it
        try:
            period = _period_from_match(m, ref, text[start:end])
        except ParseError:
            continue
        out.append(PeriodMatch(start, end, text[start:end], period))
    return out
