"""Meetings, sessions, congresses and ceremonies.

An event mention needs an event head word ("Hội nghị", "Kỳ họp", "Đại hội",
"Lễ", "phiên họp", "buổi làm việc" ...) plus either a date in the same sentence
("Sáng ngày 08/7/2020, Huyện ủy đã tổ chức Hội nghị …") or an ordinal
("Đại hội Đảng bộ huyện lần thứ XXIV, nhiệm kỳ 2020-2025").  A sentence that
opens with a date and tells what an organization did that day ("Ngày 17/6/2020,
Huyện ủy đã thực hiện xong quy trình nhân sự …") is an activity event of that
organization.  Photo captions give no events.
"""

from __future__ import annotations

import re
from datetime import date

from kg import text as vt
from kg.model import EventMention, OrgMention, Span

_CAMPAIGN = r"[Tt]háng (?:hành động|cao điểm)|[Tt]ổng điều tra"
# A campaign lasts for weeks: only the day it starts dates it ("… được diễn ra từ ngày 15/4/2019",
# "… bắt đầu vào 0h ngày 1/4/2019"), not the day of a meeting about it in the same sentence.
_CAMPAIGN_START = re.compile(r"(?:bắt đầu|diễn ra|triển khai|từ)(?:\s+\S+){0,3}?\s*$")

# Head words of events, folded to the event kind.  Source: the genre's own vocabulary
# (Quy chế làm việc of party committees; Luật Tổ chức chính quyền địa phương 2015 for kỳ họp).
_HEADS = [
    (r"[Đđ]ại hội(?: đại biểu)?", "congress"),
    (r"[Kk]ỳ họp", "session"),
    (r"[Pp]hiên họp|[Pp]hiên (?:bất thường|thường kỳ)", "session"),
    (r"[Hh]ội nghị", "meeting"),
    (r"[Hh]ội thảo|[Tt]ọa đàm|[Tt]oạ đàm|[Bb]uổi làm việc|[Bb]uổi tiếp|[Bb]uổi gặp mặt|[Gg]iao ban|[Hh]ọp báo"
     r"|thăm và làm việc|thăm, làm việc|thăm làm việc|làm việc với", "meeting"),
    (r"[Ll]ễ (?:kỷ niệm|khai mạc|bế mạc|trao|ra mắt|công bố|khởi công|khánh thành|phát động|mít tinh|tuyên dương|đón nhận|phát động)|[Mm]ít tinh", "ceremony"),
    (r"[Gg]ặp mặt", "meeting"),
    (r"[Tt]riển lãm|[Cc]hương trình giao lưu|[Gg]iao lưu (?:văn nghệ|nghệ thuật)", "activity"),
    # campaigns and drives held over set days ("Tháng hành động vì An toàn thực phẩm năm 2019 được
    # diễn ra từ ngày 15/4/2019 …", "Cuộc tổng điều tra dân số … bắt đầu vào 0h ngày 1/4/2019"), the
    # launch of one ("Lễ ra quân …") and the send-off of conscripts ("tiễn 750 thanh niên trúng tuyển lên
    # đường nhập ngũ", "Lễ giao nhận quân"); source: Luật Nghĩa vụ quân sự 2015 art. 33 (giao, nhận quân),
    # Luật Thống kê 2015 art. 28 (tổng điều tra)
    (_CAMPAIGN, "activity"),
    (r"[Ll]ễ (?:ra quân|giao(?: nhận)? quân|tiễn quân)", "ceremony"),
    (r"tiễn(?: [^\s,.;:]+){1,6}? lên đường nhập ngũ", "activity"),
]
# (the lookahead names every letter a head starts with: the engine rejects most positions with one
# test instead of trying each head; the match is the same)
_HEAD_RE = re.compile(r"(?=[ĐđKkPpHhTtBbGgLlMmCc])(?<![\w])(" + "|".join(f"(?:{p})" for p, _ in _HEADS) + r")(?![\w])")
_ORDINAL = re.compile(r"(?:lần thứ|thứ|lần)\s+([IVXLCDM]+|\d+)(?![\w])")
# "Hội nghị Trung ương 9", "Đại hội 13 của Đảng": a bare number right after the head
_BARE_ORDINAL = re.compile(r"^\s+(?:Trung ương\s+)?(\d{1,2})(?![\w/.,]\w?)")
_TERM = re.compile(r"nhiệm kỳ\s+(\d{4})\s*[-–—]\s*(\d{4})")
_DATED_OPENING = re.compile(r"^(?:(?:Sáng|Chiều|Tối|Trưa)\s+)?(?:ngày|Ngày|hôm nay|Hôm nay)?\s*")
_REFERENCE_BEFORE = re.compile(r"(?:chuẩn bị|tiến tới|hướng tới|trình|kết quả|nghị quyết|Nghị quyết|văn kiện|tuyên truyền)(?:\s+tổ chức)?\s*$")
_ITEM_BREAK = re.compile(r"[;:]")
# A sentence without a head gives an event only when a date starts within its first 12 characters
# (the dated opening below). A date found by vt.find_dates starts at its day number, or at most 16
# characters before it at "ngày" (it looks back 16 characters for it): such a sentence has a digit
# in its first 12 + 16 + 1 characters.
_DIGIT = re.compile(r"[0-9]")
_OPENING_DATE_DIGIT = 12 + 16 + 1
# … nor across a speech verb: what a speaker at the event tells ("tại buổi Họp báo, Thiếu tướng A cho
# biết, ngày 2/9/1969, …") is dated on its own
_AFTER_BREAK = re.compile(r"[;:]|cho biết|cho hay|khẳng định|nhấn mạnh|phát biểu")
# How far after its head a date may stand and still date it, within one list item ("chương trình giao
# lưu nghệ thuật "…" tại Km số 0, Đường …(huyện …, tỉnh …), ngày 09/5/2019"), in characters.
_AFTER_WINDOW = 140
_CAPTION = re.compile(r"^(?:Ảnh|Ành)\s*:|(?=Ả)\bẢnh\s*:\s*[^.]{0,30}$")  # ((?=Ả): a cheap first test)


def _kind_of(head: str) -> str:
    for pat, kind in _HEADS:
        if re.fullmatch(pat, head):
            return kind
    return "meeting"


def find_events(text: str, sents: list[Span], orgs: list[OrgMention], ref: date | None) -> list[EventMention]:
    """Event mentions in ``text``; ``orgs`` are the organization mentions (for organizers).

    Dates without a year take ``ref``'s year (the report date).  Returns mentions
    in text order; duplicates (the same congress named again) are merged by the resolver.
    """
    out: list[EventMention] = []
    for sent in sents:
        s = sent.text
        if _CAPTION.search(s):
            continue
        heads = list(_HEAD_RE.finditer(s))
        if not heads and not _DIGIT.search(s, 0, _OPENING_DATE_DIGIT):
            continue  # no head, and no date can open the sentence (the only other use of the dates)
        # "Hội nghị Ban Chấp hành Đảng bộ tỉnh (phiên bất thường)": a head in brackets right after an
        # event's name says what kind of sitting that event is; it is no second event
        heads = [h for k, h in enumerate(heads)
                 if not (k and s[:h.start()].rstrip().endswith("(") and "(" not in s[heads[k - 1].end():h.start() - 1]
                         and h.start() - heads[k - 1].end() <= 80)]
        dates = _dates(s, ref)
        used_date = False
        for h in heads:
            kind = _kind_of(h.group(1))
            nxt = next((h2.start() for h2 in heads if h2.start() > h.start()), len(s))
            tail = s[h.end(): min(nxt, h.end() + 160)]
            om = _ORDINAL.match(tail.lstrip(" ")) or _ORDINAL.search(tail[:90])
            ordinal = None
            if om:
                try:
                    ordinal = vt.parse_ordinal(om.group(0))
                except ValueError:
                    ordinal = None
            elif (kind not in ("ceremony", "activity") or h.group(1).lower().startswith("lễ kỷ niệm")) \
                    and (bm := _BARE_ORDINAL.match(tail)):
                # (a ceremony or activity is numbered by a bare number only as an anniversary, "Lễ kỷ
                # niệm 53 năm …": in "lễ công bố 2 xã …" the number counts communes)
                ordinal = int(bm.group(1))
            tm = _TERM.search(tail[:140])
            term = (int(tm.group(1)), int(tm.group(2))) if tm else None
            # the date that governs this head: one written before it in the same sentence,
            # or right after it ("Hội nghị … ngày 8/7")
            when = None
            # (not across a ";" or ":" that ends a list item: "…, vào tối 11/5/2019; tổ chức Lễ kỷ
            # niệm …, dự kiến vào ngày 18/5/2019" — each item has its own date)
            before = [d for d in dates if d[0] < h.start() and not _ITEM_BREAK.search(s, d[1], h.start())]
            after = [d for d in dates if d[0] >= h.end() and d[0] - h.end() < _AFTER_WINDOW and not _AFTER_BREAK.search(s, h.end(), d[0])]
            if re.fullmatch(_CAMPAIGN, h.group(1)):
                before = []
                after = [d for d in after if _CAMPAIGN_START.search(s, h.end(), d[0])]
                if not after:
                    continue  # a campaign named, not started, in this sentence
            if before:
                when = before[-1][2]
            elif after:
                when = after[0][2]
            month = None
            if when is None and ordinal is None:
                month = _month_near(s, h, ref)
                if month is None:
                    continue
            if _REFERENCE_BEFORE.search(s[max(0, h.start() - 30): h.start()]):
                when = None  # "chuẩn bị đại hội …", "tiến tới Đại hội …": named, not held that day
                if ordinal is None:
                    continue
            if "toàn quốc" in s[h.start(): h.end() + 40]:
                organizer = None  # the national congress: the resolver gives it the national party
            else:
                organizer = _organizer(orgs, sent, h.start() + sent.start, h.end() + sent.start, prefer_inside=kind == "congress")
            name_end = _name_end(s, h.start())
            out.append(
                EventMention(kind, s[h.start():name_end], sent, when, ordinal, term if kind in ("congress", "session", "meeting") else None, organizer, month=month)
            )
            used_date = used_date or when is not None
        if dates and not used_date and dates[0][0] <= 12 and _DATED_OPENING.match(s):
            # "Ngày 17/6/2020, Huyện uỷ đã thực hiện xong quy trình nhân sự …"
            subj = sent.start + dates[0][1]
            # (in the date's own sentence and line: "Ngày xử lý: 23/7/2019" ending a petition list
            # item is no event of the body that opens the next item)
            organizer = next((o for o in orgs if subj <= o.span.start < min(subj + 25, sent.end)
                              and "\n" not in s[dates[0][1]:o.span.start - sent.start]), None)
            if organizer is not None:
                rest = s[dates[0][1]:].lstrip(" ,")
                name = rest if len(rest) <= 120 else rest[: rest.rfind(" ", 0, 120)] + "…"
                out.append(EventMention("activity", name, sent, dates[0][2], None, None, organizer))
    return _drop_month_only_repeats(out)


def _drop_month_only_repeats(events: list[EventMention]) -> list[EventMention]:
    """A meeting dated by its month only ("Giao ban tháng 6/2019" in a title) is the same as a
    meeting of that kind dated on a day of that month elsewhere in the report: keep the dated one."""
    days = {(e.kind, e.date.strftime("%Y-%m")) for e in events if e.date is not None}
    return [e for e in events if e.date is not None or e.month is None or (e.kind, e.month) not in days]


def _month_near(s: str, h: re.Match, ref: date | None) -> str | None:
    """"2019-03" for a head dated by a month right after it ("phiên thường kỳ tháng 3")."""
    for m in vt.find_periods(s, ref):
        a, b = m.period
        if h.end() <= m.start <= h.end() + 30 and a.day == 1 and (a.year, a.month) == (b.year, b.month) and m.text.lower().startswith("tháng"):
            return f"{a.year:04d}-{a.month:02d}"
    return None


# A date that dates a document ("Chỉ thị số 35-CT/TW ngày 30/5/2019", "Quyết định 1853/QĐ-KTNN
# ngày …") or ends a span ("diễn ra đến ngày 11/7/2019") is not the day an event is held.
_DOC_NUMBER_BEFORE = re.compile(r"\d+[\w.]*[-/][\w\-/.]*[A-ZĐ][\w\-/.]*\s*,?\s*$")
# ("Đến ngày 11/6/2020, 54/54 tổ chức … đã tổ chức xong đại hội" opens a sentence: "as of", kept)
_UNTIL_BEFORE = re.compile(r"\S\s+(?:đến|tới|đến hết|cho đến|trước|chậm nhất|hạn chót)\s*(?:ngày\s*)?$", re.IGNORECASE)


def _dates(s: str, ref: date | None) -> list[tuple[int, int, date]]:
    """(start, end, date) of each date in sentence ``s`` that can be the day of an event."""
    out = []
    found = list(vt.find_dates(s, ref))
    spans = set()
    # the two ends of a span of years ("kỷ niệm 65 năm Chiến thắng … (7/5/1954 - 7/5/2019)") date
    # an anniversary, not an event held
    for a, b in vt.date_spans(s, found):
        if b.date.year != a.date.year:
            spans.update((a.start, b.start))
    for m in found:
        before = s[max(0, m.start - 40): m.start]
        if _DOC_NUMBER_BEFORE.search(before) or _UNTIL_BEFORE.search(before) or m.start in spans:
            continue
        out.append((m.start, m.end, m.date))
    return out


def _organizer(orgs: list[OrgMention], sent: Span, head_start: int, head_end: int, prefer_inside: bool = False) -> OrgMention | None:
    """The organization that holds the event.

    A congress belongs to the body named in its name ("Đại hội Đảng bộ huyện …",
    "… toàn quốc của Đảng"); a meeting to the subject before the head word
    ("Huyện ủy đã tổ chức Hội nghị …"); each falls back to the other.
    """
    inside = [o for o in orgs if head_end <= o.span.start < head_end + 70 and sent.start <= o.span.start < sent.end]
    before = [o for o in orgs if sent.start <= o.span.start < head_start]
    order = (inside[:1], before[-1:]) if prefer_inside else (before[-1:], inside[:1])
    for cand in order:
        if cand:
            return cand[0]
    return None


def _name_end(s: str, start: int) -> int:
    m = re.compile(r"[,;.:](?:\s|$)| nhằm | để | với | tại | do | về ").search(s, start + 8)
    end = m.start() if m else len(s)
    return min(end, start + 160)
