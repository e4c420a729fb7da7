"""Statistics: every figure with its indicator, unit, period, % of plan and change.

For each sentence, :func:`kg.text.find_quantities` finds the figures (it never
returns years, dates, document numbers, ordinals or phone numbers).  Then each
percentage is given its role from the words around it:

* "đạt 43,8% kế hoạch năm" / "đạt 85% dự toán" / "đạt 21,14% tổng kế hoạch" → ``percent_of_plan``
  of the figure before it;
* "21,78 km2 (đạt 396% so với quy định)" / "đạt 150% tiêu chuẩn" → ``percent_of_standard`` of the
  figure before it (the standards an administrative unit's area and population are held to,
  Resolution 1211/2016/UBTVQH13, are the common case);
* "tăng 11,79% so với cùng kỳ" / "giảm 3% so với năm trước" → ``change_pct`` (negative for giảm);
* "54/54 (100%)", "26/28 lượt, 93%" → ``share`` of the ratio before it (done of total, in %);
* any other percentage ("tỷ lệ học sinh lên lớp đạt trên 97%") is a statistic itself, unit "%".

The indicator comes from the signal phrases of ``ontology/indicators.ttl``
(nearest phrase to the figure in its clause), or the generic fallback of its unit.
The period is the one written in the sentence, else the last one written before
it in the report, else the report's year.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from kg import text as vt
from kg.extract.patterns import LOWER, UPPER
from kg.lexicon import Lexicon
from kg.model import ObservationMention, Span

# between a ratio and the percentage that restates it: "26/28 lượt, 93%", "7/10 xã - đạt 70%"
_RATIO_SHARE_GAP = re.compile(r"\s*[,–-]\s*(?:đạt\s+)?(?:tỷ lệ\s+)?")
_PLAN_AFTER = re.compile(r"^\s*(?:so với\s+)?(?:(?:tổng|tổng số|toàn bộ)\s+)?(?:kế hoạch|KH|dự toán|chỉ tiêu|mục tiêu|nghị quyết|Nghị quyết|kế hoạch năm|KH năm|dự toán năm)", re.IGNORECASE)
_PLAN_BEFORE = re.compile(r"(?:đạt|bằng|được|thực hiện|đạt khoảng|đạt trên|đạt gần|đạt hơn)\s*$")
# "(đạt 396% so với quy định)", "đạt 150% tiêu chuẩn": the figure against the legal standard
_STANDARD_AFTER = re.compile(r"^\s*(?:so với\s+)?(?:mức\s+)?(?:quy định|tiêu chuẩn|định mức)", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"(tăng|giảm)(?:\s+(?:khoảng|gần|hơn|trên|thêm))?\s*$")
_CLAUSE_BREAK = re.compile(r";|:(?=\s)")
_TERM_BEFORE = re.compile(r"nhiệm kỳ\s*$|khóa\s*$", re.IGNORECASE)
# "126/106 tin đạt 84%", "75.000 phiếu …, đạt tỷ lệ 93%": the rate reached by the count
# before it, when the rate ends the clause.
_REACHED_BEFORE = re.compile(r"\bđạt(?:\s+(?:tỷ|tỉ)\s+lệ)?\s*$", re.IGNORECASE)
_RATE_WORD = re.compile(r"\b(?:tỷ|tỉ)\s+lệ\b", re.IGNORECASE)
_CLAUSE_END_AFTER = re.compile(r"\s*(?:[.;,)]|$)")
# A count in a place phrase ("trên địa bàn 9 xã", "tại 5 huyện") says where, so a rate
# after it belongs to the figure before it.
_PLACE_BEFORE = re.compile(r"(?:\btrên địa bàn|\btại|\bở|\bcủa)\s*$", re.IGNORECASE)
# "2 xã đạt 19/19 tiêu chí": the ratio says what each counted thing reached.
_COUNT_REACHED = re.compile(r"\s*(?:đã\s+|đều\s+)?đạt\s*$", re.IGNORECASE)
# "7 xã trên.", "7 xã nói trên", "5 dự án này": a figure that points back to one already given.
_ANAPHOR_AFTER = re.compile(r"(?:\s+nói)?\s+(?:trên|kể trên|này|đó)(?=\s*(?:[.,;:)]|$))", re.IGNORECASE)


def find_observations(
    lex: Lexicon, text: str, sents: list[Span], ref: date | None, title_end: int | None = None
) -> list[ObservationMention]:
    """All statistics in ``text`` (see the module docstring).

    Args:
        lex: the lexicon (indicator phrases, fallback indicators).
        text: the normalized report text; ``sents`` are its sentences (offsets into it).
        ref: the report date (its year is the default period), or ``None``.
        title_end: offset where the title ends; default the end of the first line.
    Returns:
        ``list[ObservationMention]`` in text order, without the figures that repeat one
        given elsewhere in the report (:func:`_drop_repeats`).
    Raises:
        nothing.
    """
    if title_end is None:
        nl = text.find("\n")
        title_end = nl if nl >= 0 else 0
    out: list[ObservationMention] = []
    repeats: set[int] = set()  # ids of figures that only restate another one
    period: tuple[date, date] | None = None
    if ref is not None:
        period = (date(ref.year, 1, 1), date(ref.year, 12, 31))
    for sent in sents:
        s = sent.text
        periods = _periods(s, ref)
        if periods and (period is None or not _contains(periods[0][2], period)):
            period = periods[0][2]
        qs = vt.find_quantities(s)
        line_start = text.rfind("\n", 0, sent.start) + 1
        if not qs or _CLAIM_LINE.match(text, line_start) or _PETITIONER_LINE.match(text, line_start):
            continue  # (a petition's content or its senders: what the petitioner claims or who sent it)
        clause_starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(s)]
        last: ObservationMention | None = None
        last_clause = -1
        ratios: list[vt.Quantity] = []  # the ratios already read in this sentence
        rates = _exchange_rates(s, qs)
        for q in qs:
            if id(q) in rates:
                continue  # "1 kg lúa giống bằng 1,3 kg lúa thịt": an exchange rate, no amount of the area
            clause = max(i for i, c in enumerate(clause_starts) if c <= q.start)
            if clause != last_clause:
                last, last_clause = None, clause
            qty = q.quantity
            before = s[max(0, q.start - 30): q.start]
            after = s[q.end: q.end + 40]
            prev = out[-1] if out and out[-1].sentence == sent else None
            if (qty.unit == "%" and prev is not None and prev.denominator is not None and prev.share is None
                    and _RATIO_SHARE_GAP.fullmatch(text, prev.span.end, sent.start + q.start)):
                prev.share = qty.value  # "giải quyết 26/28 lượt, 93%": the ratio's share, in %
                continue
            if qty.unit == "%" and last is not None and _rate_of_count(s, last, sent.start, q.start, before, after):
                if last.denominator is not None or last.unit not in ("VND", "USD"):
                    last.share = qty.value  # "126/106 tin đạt 84%": the share reached
                else:
                    last.percent_of_plan = qty.value  # "thu 500 tỷ đồng, đạt 85%."
                continue
            if qty.unit == "%" and last is not None:
                if _PLAN_BEFORE.search(before) and _PLAN_AFTER.match(after):
                    last.percent_of_plan = qty.value
                    continue
                if _PLAN_BEFORE.search(before) and _STANDARD_AFTER.match(after):
                    last.percent_of_standard = qty.value
                    continue
                cm = _CHANGE_BEFORE.search(before)
                if cm:
                    change = qty.value if cm.group(1) == "tăng" else -qty.value
                    last.change_pct = change
                    out.append(
                        ObservationMention(
                            indicator=last.indicator, value=change, unit="%",
                            span=Span(sent.start + q.start, sent.start + q.end, q.text), sentence=sent,
                            period=last.period, qualifier=qty.qualifier,
                            label=f"{lex.indicator(last.indicator).label_vi}: {cm.group(1)} {q.text}",
                            change_of=last.span,
                        )
                    )
                    continue
                if before.rstrip().endswith("(") and last.denominator is not None:
                    last.share = qty.value  # "54/54 (100%)": done of total, in %
                    continue
            if qty.unit == "%" and _PLAN_BEFORE.search(before) and _STANDARD_AFTER.match(after):
                continue  # "(đạt 178% so với quy định)" after a figure the source left without its unit
            if qty.unit == "item" and not qty.noun and qty.denominator is None:
                continue
            c0 = clause_starts[clause]
            if _THRESHOLD.match(q.text) or (_AT_LEAST.match(q.text) and _NORM_CONTEXT.search(s)) \
                    or _TARGET.search(s, c0, q.start):
                continue  # a norm ("đạt ≥ 95%", "chưa có ít nhất 1 trường") or a target ("phấn đấu đến năm 2020 có …")
            if qty.unit == "m" and _is_dimension(s[max(0, q.start - 40): q.start]):
                continue  # the width or height of one thing ("mặt đường nhựa 3m", "mỗi bên 1m", "cao 7 mét")
            if (_ONE_FAMILY.search(s) or _ONE_RESIDENT.match(s)) and qty.unit not in ("household", "person"):
                continue  # what one family or resident has or did ("gia đình chị A đã trồng 4 ha")
            if qty.noun == "lần" and _MULTIPLIER_BEFORE.search(before):
                continue  # "tăng 2,5 lần", "gấp 3 lần": a ratio of two figures, not a count of the area
            if _PLANNED.search(before):
                continue  # the plan's figure ("sản xuất theo kế hoạch năm 2019 là 650 tấn"), not the output
            c1 = clause_starts[clause + 1] if clause + 1 < len(clause_starts) else len(s)
            c1 = _clause_end_for(s, q.end, c1, qs)
            ind = lex.index(text).indicator_for(sent.start + c0, sent.start + c1, sent.start + q.start)
            unit_key = _unit_key(qty.unit)
            if ind is None or not _unit_agrees(ind.unit, unit_key):
                ind = lex.fallback_indicator(unit_key)
            p = _period_before(periods, q.start) or period
            label = f"{ind.label_vi}: {q.text}"
            obs = ObservationMention(
                indicator=ind.key,
                value=qty.value,
                unit=qty.unit,
                span=Span(sent.start + q.start, sent.start + q.end, q.text),
                sentence=sent,
                period=p,
                qualifier=_qualifier(qty, before),
                denominator=getattr(qty, "denominator", None),
                label=label,
            )
            out.append(obs)
            if qty.upper is not None and 0 < qty.value < qty.upper <= qty.value * _RANGE_MAX_RATIO \
                    and (um := _RANGE_UPPER.search(q.text)) is not None:
                # "9.500 - 10.000 đồng/kg", "15 - 25%": the upper end is a figure of its own (not in
                # "1/4-2004 người", a date, nor "500-1 triệu đồng", whose lower end lost its multiplier)
                out.append(dataclasses.replace(obs, value=qty.upper, label=label, span=Span(
                    sent.start + q.start + um.end(), sent.start + q.end, q.text[um.end():])))
            start = sent.start + q.start
            if last is not None and qty.denominator is not None and _COUNT_REACHED.match(
                text, last.span.end, start
            ):
                repeats.add(id(obs))  # "2 xã đạt 19/19 tiêu chí": what each of the 2 reached
            elif any(
                r.noun == qty.noun and r.denominator is not None and qty.value == r.denominator - r.value
                for r in ratios
            ) and qty.noun is not None and qty.denominator is None:
                repeats.add(id(obs))  # "18/19 tiêu chí, còn 1 tiêu chí": 19 - 18, derived
            if qty.denominator is not None:
                ratios.append(qty)
            if not _PLACE_BEFORE.search(before):
                last = obs
    return _drop_repeats(text, out, repeats, title_end)


# A figure that states a norm, not a fact: a threshold written with a sign ("tỷ lệ … phải đạt ≥ 95%"),
# or "at least" in a sentence about what is required or missing ("chưa có ít nhất 1 trường đạt chuẩn").
_THRESHOLD = re.compile(r"\s*(?:≥|≤|>=|<=)")
_AT_LEAST = re.compile(r"\s*(?:ít nhất|tối thiểu)\b", re.IGNORECASE)
_NORM_CONTEXT = re.compile(r"\b(?:chưa|thiếu|phải|cần)\b", re.IGNORECASE)
# Between the two sides of an exchange rate: a few words naming the first thing, then "bằng" ("1 kg lúa
# giống bằng 1,3 kg lúa thịt", "1 con bò bằng 5 con dê").
_RATE_GAP = re.compile(r"(?:\s+[" + LOWER + r"]+){0,4}\s+(?:bằng|đổi lấy|đổi được)\s+")


def _exchange_rates(s: str, qs: list) -> set[int]:
    """The ids of the quantities in sentence ``s`` that are the two sides of an exchange rate: two
    quantities of the same unit joined by "bằng" (:data:`_RATE_GAP`)."""
    out: set[int] = set()
    for a, b in zip(qs, qs[1:]):
        if a.quantity.unit == b.quantity.unit and _RATE_GAP.fullmatch(s, a.end, b.start):
            out.update((id(a), id(b)))
    return out


# The widest range whose upper end is read as a figure: "9 - 10", "1,5 đến 3", "300 - 5.000"; beyond it
# the two numbers are no range of one quantity.
_RANGE_MAX_RATIO = 20
# Where the upper end of a range starts in a quantity's text ("9.500 - 10.000 đồng/kg": after "- ";
# "9.500 đến 10.000 đồng/kg": after "đến ").
_RANGE_UPPER = re.compile(r"\d(?:\s?[-–]\s?|\s(?:đến|tới)\s)(?=\d)", re.IGNORECASE)
# A figure in a clause that sets a target: "huyện phấn đấu hoàn thành 9/9 tiêu chí vào quý II/2025",
# "phấn đấu, đến năm 2020, … có 3.000 ha", "đặt ra mục tiêu …" (not "nhờ nỗ lực phấn đấu, … đạt …"),
# "từ nay đến cuối năm, … thành lập mới 15 HTX" (what is still to be done: a plan).
_TARGET = re.compile(r"(?<!nỗ lực )(?<!sự )(?<!quá trình )(?<!cố gắng )\bphấn đấu\b|\b(?:đặt ra|với) mục tiêu\b|\bmục tiêu (?:là|đến năm)\b"
                     r"|\btừ nay (?:đến|tới)\b",
                     re.IGNORECASE)


# A line that gives the content of a petition in a petition-handling report ("Nội dung: Đề nghị trả
# lại diện tích 196,2 ha …", "- Tố cáo 02 công dân …"): its figures are the petitioner's claims.
# The head line of a petition in a petition-handling list: who sent it and when it came ("3. 36 hộ dân
# ở TDP 2, phường Nghĩa Tân, …, ngày nhận 02/5/2019"): its count is of the senders, not of the area.
_PETITIONER_LINE = re.compile(r"\s*\d{1,3}\.\s[^\n]*?\bngày nhận\b")
_CLAIM_LINE = re.compile(r"\s*(?:[-–•+]\s*)?(?:Nội dung\s*:|(?:Tố cáo|Khiếu nại|Kiến nghị|Phản ánh)\s)")


# The nearest word before a length in metres that says what is measured: a length ("dài") is a
# statistic of a work; a width, height or depth ("rộng", "mặt đường …", "mỗi bên", "cao") describes
# one thing's shape (as in a road's design: "mặt đường nhựa 3m, nền đường mỗi bên 1m").
_DIMENSION_WORD = re.compile(r"\b(dài|chiều dài|rộng|bề rộng|chiều rộng|cao|chiều cao|sâu|dày|mặt đường|nền đường|mỗi bên)\b",
                             re.IGNORECASE)
# A sentence about one family's own holding or output ("gia đình chị A đã trồng 4 ha", "gia đình tôi có
# 1 ha đất"): its figures are not statistics of the area.
_ONE_FAMILY = re.compile(r"\bgia đình (?:chị|anh|ông|bà|tôi|em|cô|chú)\b", re.IGNORECASE)
# … or a sentence about one resident introduced by where they live ("Ông Phạm Văn A, ở tổ dân phố 1
# bị chết hơn 50 trụ tiêu …")
_ONE_RESIDENT = re.compile(rf"(?:Ông|Bà|Anh|Chị)\s+[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*){{1,3}},?\s+ở\s")
# A number of times after a verb of growth or comparison ("tăng 2,5 lần", "tăng gấp 3 lần", "cao
# hơn 2 lần"): how much one figure is of another, not a count ("tổ chức 3 lần" still counts).
_MULTIPLIER_BEFORE = re.compile(r"\b(?:tăng|giảm|gấp|hơn|nhân)(?:\s+(?:lên|gấp|hơn))?\s+(?:khoảng\s+|gần\s+|hơn\s+)?$", re.IGNORECASE)
# The figure a plan sets, written "kế hoạch/chỉ tiêu (năm 2019) là …" right before it.
_PLANNED = re.compile(r"(?:kế hoạch|chỉ tiêu)(?:\s+năm\s+\d{4})?\s+là\s*$", re.IGNORECASE)


def _is_dimension(before: str) -> bool:
    """True when the nearest measure word in ``before`` (the words before a length in metres) is a
    width, height or depth, not "dài"."""
    words = _DIMENSION_WORD.findall(before)
    return bool(words) and "dài" not in words[-1].lower()


# Where the words after a figure stop being about it: a comma or "và" before the next
# figure ("Tổng thu … 394 tỷ đồng, tổng chi … 198 tỷ đồng": the second phrase is the
# second figure's).
_NEXT_PART = re.compile(r",|\svà\s")
_MONEY = frozenset({"VND", "USD"})
_COUNTS = frozenset({"item", "person", "household", "case"})
_AREAS = frozenset({"ha", "km2"})


def _clause_end_for(s: str, end: int, clause_end: int, qs: list) -> int:
    """End of the part of the clause whose words can name the figure ending at ``end``:
    the clause end, or, when another figure follows in the clause, the first comma or
    "và" between the two (the words after it introduce the next figure).  Rule: the
    indicator phrase is in the figure's own clause (held-out error analysis, kind 6)."""
    nxt = next((m.start for m in qs if m.start >= end), None)
    if nxt is None or nxt >= clause_end:
        return clause_end
    cut = _NEXT_PART.search(s, end, nxt)
    return cut.start() if cut else clause_end


def _unit_agrees(ind_unit: str, unit: str) -> bool:
    """True when a figure in ``unit`` (a units.ttl key) can be a value of an indicator whose
    default unit is ``ind_unit``: the same unit, two currencies, two counts (people
    are counted as "trường hợp" too), two areas (a natural area in km² or ha), or a percentage (a rate of any indicator: "giải
    ngân … đạt 16,97%").  A count is no amount of money ("09 hồ sơ … 1 tỷ 278 triệu
    đồng"), person-days or kilometres are no donation in đồng, a count is no growth rate."""
    if ind_unit == unit or unit == "percent" or (ind_unit in _MONEY and unit in _MONEY):
        return True
    return (ind_unit in _COUNTS and unit in _COUNTS) or (ind_unit in _AREAS and unit in _AREAS)


def _rate_of_count(s: str, last: ObservationMention, sent_start: int, pos: int, before: str, after: str) -> bool:
    """True when the percentage at ``pos`` of sentence ``s`` is the rate the figure ``last``
    reached: "đạt (tỷ lệ) X%" ends the clause, ``last`` is not itself a percentage, and
    no other rate phrase ("tỷ lệ tốt nghiệp …") and at most 60 characters stand between
    them ("126/106 tin đạt 84%"; "gần 75.000 phiếu trên địa bàn 9 xã, thị trấn, đạt tỷ lệ
    93%").  Rule from the held-out reports (GOLD-FORMAT: the pct of that figure)."""
    m = _REACHED_BEFORE.search(before)
    if last.unit == "%" or m is None or not _CLAUSE_END_AFTER.match(after):
        return False
    gap = s[last.span.end - sent_start: pos - (len(before) - m.start())]
    return len(gap) <= 60 and not _RATE_WORD.search(gap)


def _drop_repeats(
    text: str, out: list[ObservationMention], repeats: set[int], title_end: int
) -> list[ObservationMention]:
    """``out`` without the figures in ``repeats`` (ids) and without the figures that restate
    another of the report: one in the title ("06 xã đạt chuẩn" above "6/7 xã") when the
    body gives the same value, unit and period, and an anaphor ("7 xã trên", "… nói
    trên", "… này") when an earlier figure has them.  The body figure is kept (it has
    the evidence sentence and any ratio)."""
    kept = [o for o in out if id(o) not in repeats]

    def key(o: ObservationMention) -> tuple:
        return (o.value, o.unit, o.period, o.change_of is None)

    def anaphor(o: ObservationMention) -> bool:
        return _ANAPHOR_AFTER.match(text, o.span.end) is not None

    body = [o for o in kept if o.span.start >= title_end and not anaphor(o)]
    result = []
    for o in kept:
        if o.span.start < title_end:
            if any(key(b) == key(o) for b in body):
                continue
        elif anaphor(o) and any(key(b) == key(o) and b.span.start < o.span.start for b in body):
            continue
        result.append(o)
    return result


def _unit_key(unit: str) -> str:
    """kg.text unit code → unit key of ``ontology/units.ttl`` ("%" → "percent")."""
    return "percent" if unit == "%" else unit


def _qualifier(qty, before: str) -> str | None:
    if qty.qualifier:
        return qty.qualifier
    if re.search(r"\bước(?: tính| đạt| thực hiện)?\s*$", before):
        return "estimated"
    return None


def _periods(s: str, ref: date | None) -> list[tuple[int, int, tuple[date, date]]]:
    out = []
    for m in vt.find_periods(s, ref):
        if _TERM_BEFORE.search(s[max(0, m.start - 12): m.start]) or m.text.lower().startswith("nhiệm kỳ"):
            continue  # a term of office, not the period of a statistic
        out.append((m.start, m.end, m.period))
    return out


def _period_before(periods, pos: int) -> tuple[date, date] | None:
    """The last period written before the figure in its sentence ("6 tháng đầu năm 2020, … đạt 8.155 tỷ")."""
    before = [p for p in periods if p[0] <= pos]
    return before[-1][2] if before else None


def _contains(outer: tuple[date, date], inner: tuple[date, date]) -> bool:
    """True when ``outer`` strictly contains ``inner``: "năm 2020" after "6 tháng đầu năm 2020"
    names the year as a whole (a plan, a campaign), not a new reporting period."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and outer != inner

