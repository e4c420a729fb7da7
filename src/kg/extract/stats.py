"""Statistics: every figure with its indicator, unit, period, % of plan and change.

For each sentence, :func:`kg.text.find_quantities` finds the figures (it never
returns years, dates, document numbers, ordinals or phone numbers).  Then each
percentage is given its role from the words around it:

* "đạt 43,8% kế hoạch năm" / "đạt 85% dự toán" → ``percent_of_plan`` of the figure before it;
* "tăng 11,79% so với cùng kỳ" / "giảm 3% so với năm trước" → ``change_pct`` (negative for giảm);
* "54/54 (100%)" → ``share`` of the ratio before it (done of total, in %);
* any other percentage ("tỷ lệ học sinh lên lớp đạt trên 97%") is a statistic itself, unit "%".

The indicator comes from the signal phrases of ``ontology/indicators.ttl``
(nearest phrase to the figure in its clause), or the generic fallback of its unit.
The period is the one written in the sentence, else the last one written before
it in the report, else the report's year.
"""

from __future__ import annotations

import re
from datetime import date

from kg import text as vt
from kg.lexicon import Lexicon
from kg.model import ObservationMention, Span

_PLAN_AFTER = re.compile(r"^\s*(?:so với\s+)?(?:kế hoạch|KH|dự toán|chỉ tiêu|mục tiêu|nghị quyết|Nghị quyết|kế hoạch năm|KH năm|dự toán năm)", re.IGNORECASE)
_PLAN_BEFORE = re.compile(r"(?:đạt|bằng|được|thực hiện|đạt khoảng|đạt trên|đạt gần|đạt hơn)\s*$")
_CHANGE_BEFORE = re.compile(r"(tăng|giảm)(?:\s+(?:khoảng|gần|hơn|trên|thêm))?\s*$")
_CLAUSE_BREAK = re.compile(r";|:(?=\s)")
_TERM_BEFORE = re.compile(r"nhiệm kỳ\s*$|khóa\s*$", re.IGNORECASE)


def find_observations(lex: Lexicon, text: str, sents: list[Span], ref: date | None) -> list[ObservationMention]:
    """All statistics in ``text`` (see the module docstring).  ``ref`` is the report date."""
    out: list[ObservationMention] = []
    period: tuple[date, date] | None = None
    if ref is not None:
        period = (date(ref.year, 1, 1), date(ref.year, 12, 31))
    for sent in sents:
        s = sent.text
        periods = _periods(s, ref)
        if periods and (period is None or not _contains(periods[0][2], period)):
            period = periods[0][2]
        qs = vt.find_quantities(s)
        if not qs:
            continue
        clause_starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(s)]
        last: ObservationMention | None = None
        last_clause = -1
        for q in qs:
            clause = max(i for i, c in enumerate(clause_starts) if c <= q.start)
            if clause != last_clause:
                last, last_clause = None, clause
            qty = q.quantity
            before = s[max(0, q.start - 30): q.start]
            after = s[q.end: q.end + 40]
            if qty.unit == "%" and last is not None:
                if _PLAN_BEFORE.search(before) and _PLAN_AFTER.match(after):
                    last.percent_of_plan = qty.value
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
            if qty.unit == "item" and not qty.noun and qty.denominator is None:
                continue
            c0 = clause_starts[clause]
            c1 = clause_starts[clause + 1] if clause + 1 < len(clause_starts) else len(s)
            ind = lex.index(text).indicator_for(sent.start + c0, sent.start + c1, sent.start + q.start)
            unit_key = _unit_key(qty.unit)
            if ind is None:
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
            last = obs
    return out


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

