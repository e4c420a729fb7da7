"""Organization mentions: an organization type from ``ontology/org-types.ttl``
("Huyện ủy", "UBND huyện", "Ban Chấp hành Đảng bộ huyện", "Hội Nông dân"),
optionally followed by the place it belongs to ("Huyện ủy Thường Tín",
"UBND xã Quảng Tín", "Tỉnh ủy Đắk Nông") and by its khóa ("khóa XXIII").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kg import text as vt
from kg.extract.patterns import CAP_NAME, CAP_SYL, LETTER, LOWER, UPPER, lines_with_offsets
from kg.extract.places import _TP_ALIAS, _longest_unit
from kg.gazetteer import KIND_LEVEL, Gazetteer
from kg.lexicon import Lexicon
from kg.model import OrgMention, PlaceMention, Span

_KIND_AFTER = re.compile(r"\s*(tỉnh|thành phố|thị xã|thị trấn|huyện|quận|phường|xã|TP\.?|TX\.?)(?![" + LETTER + r"])\s*")
_FOLDED_KINDS = [(k, " " + vt.fold(k)) for k in KIND_LEVEL]
#: Words that end in a unit's kind word but name no unit: "hợp tác xã" (a cooperative) is no "xã".
_NOT_A_KIND_END = (" " + vt.fold("hợp tác xã"),)


def _kind_at_end(folded: str) -> str | None:
    """The unit kind word (a key of :data:`KIND_LEVEL`) the folded text ``folded`` ends with
    ("ubnd xa" -> "xã"), or None; "… hợp tác xã" ends with none (:data:`_NOT_A_KIND_END`)."""
    if folded.endswith(_NOT_A_KIND_END):
        return None
    return next((k for k, fk in _FOLDED_KINDS if folded.endswith(fk)), None)
_KIND_ALT = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã"}
_BARE_NAME = re.compile(r"\s+(" + CAP_NAME + ")")
_TERM = re.compile(r",?\s*(?:khóa|khoá|Khóa|Khoá)\s+([IVXLC]+|\d+)\b")


def org_types_at(lex: Lexicon, text: str, pos: int, strict: bool = False):
    """The longest organization type whose surface form starts exactly at ``pos``, or None.

    Returns ``(end, OrgType)``.  ``strict``: see :func:`kg.extract.persons.role_at`.
    """
    from kg.extract.persons import exact_form

    hit = lex.index(text).org_type_at(pos)
    if hit is None or (strict and not exact_form(text[pos:hit[0]], hit[1])):
        return None
    return hit


def org_at(lex: Lexicon, gaz: Gazetteer, text: str, pos: int, lower_head: bool = False,
           strict: bool = False) -> OrgMention | None:
    """Parse an organization mention starting exactly at ``pos`` (type + optional place + khóa).

    A named body's head word must be capitalized ("Ban Chỉ đạo …"), unless ``lower_head``:
    after the title that names it, "Trưởng ban chỉ đạo Tổng điều tra …" is still the body.
    ``strict``: the type must be written with its own tone marks (:func:`org_types_at`).
    """
    hit = org_types_at(lex, text, pos, strict=strict)
    if hit is None:
        return None
    end, ot = hit
    om = _complete(lex, gaz, text, pos, end, ot, lower_head)
    return None if om.name == "" else om


def find_orgs(lex: Lexicon, gaz: Gazetteer, text: str) -> list[OrgMention]:
    """Every organization mention in ``text``, left to right, non-overlapping (longest first)."""
    out: list[OrgMention] = []
    last_end = -1
    from kg.extract.persons import exact_form, person_ending

    for s, e, ot in lex.index(text).org_types():
        if s < last_end or not exact_form(text[s:e], ot) or _ends_person_name(lex, text, s, e):
            continue
        om = _complete(lex, gaz, text, s, e, ot)
        if om.name == "":
            continue  # "Sở", "Bộ" alone name nothing
        if om.place is None and om.parent is None and not om.name \
                and (pl := _PLURAL_LIST.search(text, max(0, s - 80), s)) and (pl.end() - pl.start() <= 5 or text[s].islower()):
            continue  # "các tỉnh ủy, thành ủy": bodies of that kind in general, not the report's own
        cut = person_ending(gaz, om)
        if cut is not None:  # "Tổng cục Thống kê Nguyễn Bích Lâm": the body ends where the person begins
            om.span = Span(om.span.start, cut, text[om.span.start:cut])
            om.name = om.span.text
        out.append(om)
        last_end = om.span.end
    out = _lower_case_heads(lex, gaz, text, out)
    out = _commissions(lex, gaz, text, out)
    _share_trailing_unit(lex, text, out)
    return out


#: "trường" in lower case before a school level and a capitalized name ("của trường TH Lê Lợi",
#: "trường mầm non Hoa Sen"): a school named in running text (one-word type words are otherwise read
#: only capitalized; "1 trường THPT đạt chuẩn" names no school).
_LOWER_SCHOOL = re.compile(r"(?<![" + LETTER + r"])trường(?= (?:TH|THCS|THPT|MN|PTDTNT|PTDTBT|TH&THCS|THCS&THPT"
                           r"|tiểu học|mầm non|trung học|mẫu giáo) [" + UPPER + r"])")
#: "đồn biên phòng", "trạm kiểm soát biên phòng" in lower case before a capitalized name ("cán bộ đồn
#: biên phòng Ia Lốp"): a border post named in running text; the head is three or more words that name
#: nothing else, so the name after it is the post's (as for the type's capitalized form, org-types.ttl).
_LOWER_BORDER_POST = re.compile(r"(?<![" + LETTER + r"])(?:đồn|trạm kiểm soát) biên phòng(?= [" + UPPER + r"])")
#: Named bodies whose head is written in lower case in running text, with their organization type.
_LOWER_HEADS = ((_LOWER_SCHOOL, "truong-hoc"), (_LOWER_BORDER_POST, "don-bien-phong"))


def _lower_case_heads(lex: Lexicon, gaz: Gazetteer, text: str, found: list[OrgMention]) -> list[OrgMention]:
    """``found`` with the named bodies whose head is written in lower case added (:data:`_LOWER_HEADS`:
    schools, border posts), in text order; a body inside a mention already found is left out."""
    extra = []
    for pattern, key in _LOWER_HEADS:
        ot = lex.org_type(key)
        for m in pattern.finditer(text):
            if any(o.span.start <= m.start() < o.span.end for o in found):
                continue
            om = _complete(lex, gaz, text, m.start(), m.end(), ot, lower_head=True)
            if om.name:
                extra.append(om)
    return sorted(found + extra, key=lambda o: o.span.start) if extra else found


#: "Ban" and a capitalized name right before a mass organization or a party committee ("Ban Phát triển
#: kinh tế HLHPN tỉnh", "Ban Gia đình xã hội Hội LHPN tỉnh"): a commission of that body, where the
#: lexicon has no type for the commission itself (unions and party committees set up commissions of
#: their own, named by what they do).
_COMMISSION_HEAD = re.compile(r"(?<![" + LETTER + r"])[Bb]an(?= [" + UPPER + r"])")
_COMMISSION_WORD = re.compile(r" ([" + LETTER + r"]+)(?![" + LETTER + r"'’])")
_COMMISSION_OF = ("mass", "party")
#: "Ban Chấp hành Đảng bộ khóa XXIII": the executive committee is the body's own committee, no commission
_UY_BEFORE = re.compile(r"(?<![" + LETTER + r"])(?:[ỦUủu][ỷy]|ỦY|UỶ) $")
_CENTRAL_WORD = re.compile(r"(?:Trung ương|TW|TƯ)(?![" + LETTER + r"])")
_EXECUTIVE = re.compile(r"(?:Chấp hành|chấp hành|CHẤP HÀNH)(?![" + LETTER + r"])")
_MAX_COMMISSION_WORDS = 8


def commission_at(lex: Lexicon, gaz: Gazetteer, text: str, pos: int) -> OrgMention | None:
    """The commission of a body (:data:`_COMMISSION_HEAD`) whose "Ban" is at ``pos``: type
    ``ban-chuyen-mon``, its name "Ban <words>" and the body after it as ``parent``; None when no
    mass organization or party committee (named, when it needs a name) follows within
    :data:`_MAX_COMMISSION_WORDS` words that hold no clause word (:data:`_NAME_STOP`), when the
    lexicon has a type for the commission itself, for an executive committee ("Ban Chấp hành …"), for
    the "ban" of "Ủy ban", or when the words name a central body ("… Trung ương …")."""
    if _COMMISSION_HEAD.match(text, pos) is None or org_types_at(lex, text, pos) is not None \
            or _EXECUTIVE.match(text, pos + 4) or _UY_BEFORE.search(text, max(0, pos - 4), pos):
        return None  # (a commission the lexicon types: "Ban Tuyên giáo Hội Nông dân tỉnh"; the body's own
        # committee; the "ban" of "Ủy ban": "Chủ tịch Ủy ban Trung ương MTTQ Việt Nam")
    p = pos + 3
    for k in range(_MAX_COMMISSION_WORDS):
        w = _COMMISSION_WORD.match(text, p)
        if w is None or (k and _NAME_STOP.match(text, w.start(1))):
            return None
        p = w.end()
        if _CENTRAL_WORD.match(text, w.start(1)):
            return None  # "Ban Thường trực Ủy ban Trung ương MTTQ": a central body, not one of the unit's
        if k == 0:
            continue  # the commission's name has at least one word
        hit = org_types_at(lex, text, p + 1, strict=True) if text[p:p + 1] == " " else None
        if hit is None or lex.org_type(hit[1].key).category not in _COMMISSION_OF or hit[1].key.startswith("ban-"):
            continue
        parent = _complete(lex, gaz, text, p + 1, hit[0], hit[1])
        if parent.name == "" and hit[1].needs_name:
            return None
        name = "B" + text[pos + 1:p]
        return OrgMention("ban-chuyen-mon", Span(pos, parent.span.end, text[pos:parent.span.end]), None, None,
                          name=name, parent=parent)
    return None


def _commissions(lex: Lexicon, gaz: Gazetteer, text: str, found: list[OrgMention]) -> list[OrgMention]:
    """``found`` with each body that a commission (:func:`commission_at`) is written right before
    replaced by that commission, whose parent it becomes; a "Ban" inside a mention already found
    ("Ban Tuyên giáo Hội Nông dân tỉnh") is left as it is."""
    for m in _COMMISSION_HEAD.finditer(text):
        if any(o.span.start <= m.start() < o.span.end for o in found):
            continue
        om = commission_at(lex, gaz, text, m.start())
        if om is None:
            continue
        found = [o for o in found if not (om.span.start <= o.span.start < om.span.end)] + [om]
        found.sort(key=lambda o: o.span.start)
    return found


_LIST_GAP = re.compile(r"\s*(?:[-–,]|và)\s*")


def _share_trailing_unit(lex: Lexicon, text: str, found: list[OrgMention]) -> None:
    """Bodies listed before one unit share it: in "Đảng ủy - UBND - UBMTTQ xã Ea Tân", "Công an, Viện
    kiểm sát, Tòa án huyện …" each body is that unit's (the unit is written once, after the last).
    Only bare bodies with no kind word of their own ("UBND huyện, UBMTTQ xã …" keeps the district's
    UBND) and of the unit's level or of none take it; a unit written by its kind alone ("Đảng
    ủy-UBND-UBMTTQ thị trấn") passes its kind (``OrgMention.unit_kind``).  Mentions change in place."""
    for i in range(len(found) - 2, -1, -1):  # right to left: a chain passes the unit along
        a, b = found[i], found[i + 1]
        if a.place is not None or a.parent is not None or a.name \
                or not _LIST_GAP.fullmatch(text, a.span.end, b.span.start):
            continue
        written = vt.fold(b.span.text)
        kind = b.unit_kind or _kind_at_end(written)
        unit_level = b.place.level if b.place is not None else KIND_LEVEL.get(kind) if kind else None
        level = lex.org_type(a.org_type).level
        if unit_level is None or level == "national" or (level and level != unit_level) \
                or _kind_at_end(vt.fold(a.span.text)) is not None:
            continue
        if b.place is not None:
            a.place = b.place
        else:
            a.unit_kind = kind  # "Đảng ủy-UBND-UBMTTQ thị trấn": the unit is named elsewhere


#: "các tỉnh ủy, thành ủy, đảng ủy trực thuộc": a bare body written right after "các"/"những" (the
#: plural markers of Vietnamese nouns), or written in lower case in a comma list of short lower-case
#: items opened by them, names every body of the kind ("các cấp ủy, chính quyền, MTTQ": the
#: capitalized MTTQ is still the one Front of the unit).
_PLURAL_LIST = re.compile(r"(?<![" + LETTER + r"])(?:[Cc]ác|[Nn]hững) (?:[" + LOWER + r" ]{2,24}, (?:và )?)*$")
_NAME_BEFORE = re.compile(rf"(?<![{LETTER}])({CAP_SYL}(?: {CAP_SYL}){{1,2}}) $")


def _ends_person_name(lex: Lexicon, text: str, s: int, e: int) -> bool:
    """True when a one-word head of a named body ("Viện", "Trường", "Hội") at ``s:e`` is the last
    syllable of a person's name ("đồng chí Nguyễn Văn Viện - TUV – Bí thư …"): two or three
    capitalized syllables right before it start with a Vietnamese family name and no title
    ("Phó Trưởng Viện", "Trưởng BCĐ" are a title and a body)."""
    from kg.extract.persons import has_surname, role_at

    if " " in text[s:e]:
        return False
    m = _NAME_BEFORE.search(text, max(0, s - 40), s)
    if m is None or not has_surname(m.group(1)):
        return False
    return not any(role_at(lex, text, w.start() + m.start(1)) for w in re.finditer(r"\S+", m.group(1)))


# Words that end a written organization name: verbs, prepositions and conjunctions of the
# clause around it (closed-class words of Vietnamese, not names).
_NAME_STOP = re.compile(
    r"(?:đã|đang|sẽ|vừa|cũng|đều|tổ chức|thăm|làm việc|cho|tại|với|trong|nhằm|để|theo|được|có|là|"
    r"của|về|đến|từ|trên|dưới|cùng|khi|này|đó|các|những|phát biểu|chủ trì|báo cáo|đề nghị|yêu cầu|"
    r"ký|trao|nhận|tiếp|dẫn đầu|gồm|như|thì|mà|nên|vì|do|bởi|sau|trước|ngày|tháng|đồng chí|ông|bà|"
    r"kiêm|và|chia sẻ|cho biết|nhấn mạnh|khẳng định)(?![" + LETTER + r"])"
)
#: Verbs that follow a body or a person in news sentences ("Ban quản lý dự án giao thông bàn giao mặt
#: bằng", "trưởng phòng giáo dục làm …"): a name written in lower case never runs on into one.  Not
#: the verbs that name what a board does ("đầu tư xây dựng", "quản lý", "nhà máy xử lý rác thải"),
#: which are part of names.
CLAUSE_VERB = re.compile(r"(?:làm|nói|dự(?! án| toán| thảo| báo)|tham dự|trình bày|giới thiệu|hướng dẫn|kiểm tra|đánh giá|tham mưu|phụ trách|"
                         r"chỉ đạo|điều hành|đi|đến|về|cho|xài|được|bị|phải|muốn|hỏi|trả lời|thừa nhận|khẳng định|"
                         r"cho rằng|giải thích|ký|gửi|tiếp|đón|bàn giao|giải ngân|triển khai|khởi công|nghiệm thu|"
                         r"phối hợp|thực hiện|hoàn thành|đề xuất|tiến hành|tham gia|ban hành|công bố|thông báo|"
                         r"tiếp nhận|thu hồi|cắt|đề nghị|kiến nghị)(?![" + LETTER + r"])")
# "các dự án", "các công trình" inside a board's name ("Ban Quản lý các dự án …") do not end it
_PROJECT_WORDS = re.compile(r"các (?:dự án|công trình|chương trình)(?![" + LETTER + r"])")
_NOT_A_NAME_START = frozenset({"trưởng", "phó", "cáo"})  # "Cục trưởng", "Báo cáo"
_MAX_LEADING_LOWER = 10
_TOKEN = re.compile(r"[" + LETTER + r"0-9&'’]+|\s*[-–]\s*")
_MAX_NAME_TOKENS = 14
# A unit's number ("Quân khu 5", "Binh đoàn 12") has at most three digits and is not the start of a
# quantity, a date or a decimal ("… 12/12", "5,3", "2.000").
_UNIT_NUMBER = re.compile(r"\d{1,3}")
_NUMBER_GOES_ON = re.compile(r"[.,/:-]?\d")


#: An abbreviation in brackets: capitals (Đ included), at least three ("(THADS)", "(BCĐ)").
_BRACKET_ABBR = re.compile(r" ?\(([A-ZĐ]{3,10})\)")
_WORD_BEFORE = re.compile(r"[" + LETTER + r"]+$")


def _initial(word: str) -> str:
    """The capital a word contributes to an abbreviation: its first letter without tone or vowel marks,
    upper-cased, Đ kept ("án" -> "A", "đạo" -> "Đ")."""
    ch = word[:1].upper()
    return ch if ch == "Đ" else unicodedata.normalize("NFD", ch)[:1]


@functools.lru_cache(maxsize=8)
def spelled_out_names(text: str) -> frozenset[str]:
    """The phrases ``text`` spells out before their initials in brackets, folded: "Thi hành án dân sự
    (THADS)" gives "thi hanh an dân sư".  Such a phrase is a name even where its lower-case words would
    otherwise end a body's name ("Tổng cục Thi hành án dân sự giao chỉ tiêu"): the writer has defined
    it (the usual convention of Vietnamese official and news writing: a term is written out once with
    its abbreviation in brackets, then abbreviated).  Only phrases of three or more words (one per
    letter of the abbreviation) that start with a capital count, with each of their tails of two or
    more words that starts with a capital.  Returns a frozenset of folded phrases (cached for the
    last few texts)."""
    out = set()
    for m in _BRACKET_ABBR.finditer(text):
        abbr = m.group(1)
        words = []
        p = m.start()
        while len(words) < len(abbr):
            w = _WORD_BEFORE.search(text, max(0, p - 20), p)
            if w is None:
                break
            words.insert(0, w.group(0))
            p = w.start()
            if p == 0 or text[p - 1] != " ":
                break
            p -= 1
        if len(words) == len(abbr) and words[0][:1].isupper() \
                and "".join(_initial(w) for w in words) == abbr:
            # the phrase, and its tails that start with a capital: "Trung tâm Y tế dự phòng (TTYTDP)"
            # is read as the type "Trung tâm" and the name "Y tế dự phòng"
            out.update(vt.fold(" ".join(words[k:])) for k in range(len(words) - 1) if words[k][:1].isupper())
    return frozenset(out)


def _spelled_out_end(text: str, pos: int, end: int) -> int:
    """``end``, or the end of a phrase :func:`spelled_out_names` found in ``text`` when the name read
    from ``pos`` is its start and the text goes on with the rest of it."""
    names = spelled_out_names(text)
    if not names or text[pos:pos + 1] != " ":
        return end
    best = end
    for name in names:
        stop = pos + 1 + len(name)
        if stop > best and vt.fold(text[pos + 1:stop]) == name and not text[stop:stop + 1].isalpha():
            best = stop
    return best


def _read_name(text: str, pos: int, limit: int, lower_run: bool = False) -> int:
    """End of a written organization name starting at ``pos`` ("Công Thương", "Nông nghiệp và PTNT").

    Reads capitalized words and abbreviations freely; lower-case words only up to a
    closed-class word (:data:`_NAME_STOP`); "và" and dashes only when a capitalized word follows.
    With ``lower_run`` (a board named in lower case throughout: "Ban quản lý dự án đầu tư các công
    trình dân dụng và công nghiệp, …") a run of three or more lower-case words with no capital is the
    name, "và" included, up to a comma, a full stop or a closed-class word.
    Returns ``pos`` when no name follows.
    """
    end = pos  # end of the name as accepted so far
    p = pos
    n = 0
    tail = 0  # lower-case words read since the last capitalized word
    last_cap_end = pos
    after_title_case = False  # the last capitalized word is "Tài", not an abbreviation "GD-ĐT"
    cap_run = 0  # capitalized words in a row up to the last one ("Tiền Phong": 2, "Tài": 1)
    while p < limit and n < _MAX_NAME_TOKENS:
        if p > pos and (_KIND_AFTER.match(text, p) or _TP_ALIAS.match(text, p + 1)):
            if tail:
                end = p  # "… quỹ đất huyện Hoài Ân": lower-case words that lead to the place
            break  # the place of the body follows
        sp = 1 if text[p:p + 1] == " " else 0
        m = _TOKEN.match(text, p + sp)
        if not m or m.start() >= limit:
            break
        tok = m.group(0).strip()
        if tok in ("-", "–") or tok == "và":
            nxt = _TOKEN.match(text, m.end() + (1 if text[m.end():m.end() + 1] == " " else 0))
            lower_and = lower_run and tok == "và" and last_cap_end == pos and nxt is not None \
                and nxt.group(0).islower() and not _NAME_STOP.match(text, nxt.start())
            if not nxt or not (nxt.group(0)[:1].isupper() or lower_and):
                break
            p = m.end()
            n += 1
            continue
        if n == 0 and tok.lower() in _NOT_A_NAME_START:
            break  # "Cục trưởng", "Tổng cục phó": the type word began a title, not a body
        numbered = tail == 1 and text[last_cap_end:m.start()].strip().lower() == "số"  # "Cụm thi đua số 2"
        # a unit's number right after its head is its name ("Quân khu 5", "Binh đoàn 12", "Đoàn 12")
        numbered = numbered or (n == 0 and sp == 1 and _UNIT_NUMBER.fullmatch(tok) is not None
                                and not _NUMBER_GOES_ON.match(text, m.end()))
        if numbered and n == 0 and tail == 0:
            end = m.end()  # the number is the whole name: "Binh đoàn 12 và Anh hùng …" ends at 12
            break
        if last_cap_end == pos and not numbered and (tok[:1].isdigit() or (tail >= _MAX_LEADING_LOWER and not tok[:1].isupper()
                                                                            and not lower_run)):
            break  # a name starts with a capital within a few words ("rừng phòng hộ Nam Nung", not "tiêu chí mới giai đoạn 2016")
        if tok[:1].isupper() or tok[:1].isdigit():
            # title-case words in a row ("Tiền Phong"); an abbreviation does not count ("BCĐ Trung ương")
            cap_run = 0 if tok.isupper() else (cap_run + 1 if p == last_cap_end and p > pos else 1)
            p = end = last_cap_end = m.end()
            tail = 0
            after_title_case = tok[:1].isupper() and not tok.isupper()  # not after "GD-ĐT" or "số 2"
        else:
            if (_NAME_STOP.match(text, m.start()) and not _PROJECT_WORDS.match(text, m.start())) or tok.lower() in KIND_LEVEL \
                    or (lower_run and CLAUSE_VERB.match(text, m.start())):
                break  # (a name in lower case throughout ends before a verb: "… giao thông bàn giao mặt bằng")
            p = m.end()
            tail += 1
        n += 1
    if lower_run and last_cap_end == pos and tail >= 3 and end == pos and n < _MAX_NAME_TOKENS:
        return p  # the whole lower-case run is the name
    if tail and end != p:
        # lower-case words after the last capitalized one belong to the name only when they
        # lead to a later capital or place (handled above); otherwise keep at most the second
        # syllable of the last word ("Tài chính"), none after an abbreviation ("Bộ GD-ĐT") and
        # none after a name capitalized throughout ("báo Tiền Phong đặt câu hỏi")
        end = last_cap_end
        if after_title_case and cap_run == 1:
            m = _TOKEN.match(text, end + 1) if text[end:end + 1] == " " else None
            if m and not _NAME_STOP.match(text, m.start()) and m.group(0).strip().islower():
                end = m.end()
        end = _spelled_out_end(text, pos, end)  # "Thi hành án dân sự", defined by "(THADS)"
    return end


# the credited outlet is a name ("Theo TTXVN", "Nguồn: Báo Đắk Nông") or a web address ("Theo
# chinhphu.vn"), never a clause ("Theo dự kiến, kỳ họp …")
_CREDIT_LINE = re.compile(r"^(?:Theo|Nguồn)\s*:?\s+(?!đó\b)((?=[" + UPPER + r"0-9]|[a-z0-9.-]+\.[a-z]{2,})[^,;]{1,58}?)\s*\.?$")
_PHOTO_AGENCY = re.compile(r"(?:Ảnh|Ành)\s*:[^/\n]{2,40}/\s*([A-ZĐ][\w.&-]{1,20})\s*\.?$")


def find_credited_sources(lex: Lexicon, text: str) -> list[OrgMention]:
    """News outlets credited as the source of a report or a photo: a last line "Theo TTXVN",
    "Nguồn: Báo Đắk Nông điện tử", "Theo chinhphu.vn", or a caption "Ảnh: Trí Dũng/TTXVN".
    They are organizations of type ``co-quan-bao-chi``, keyed by their written name alone."""
    out = []
    lines = lines_with_offsets(text)
    tail = [(p, ln) for p, ln in lines if ln.strip()][-3:]
    for p, ln in lines:
        for m in ([_CREDIT_LINE.match(ln)] if (p, ln) in tail else []) + [_PHOTO_AGENCY.search(ln)]:
            if m:
                name = m.group(1).strip()
                out.append(OrgMention("co-quan-bao-chi", Span(p + m.start(1), p + m.start(1) + len(name), name), None, None, national=True, name=name))
    return out


_OUTLET_HEAD = re.compile(
    r"(?=[btđ])(?<![" + LETTER + r"])(báo|tạp chí|thông tấn xã|đài(?= (?:Truyền hình|Phát thanh|Tiếng nói|PT-TH|PTTH)\b)) "
    r"(?=[" + UPPER + r"])"
)
# Words that make "báo"/"đài" part of another word: "nhà báo" (a journalist), "thông báo", "dự báo",
# "cảnh báo", "loan báo", "tượng đài", "khán đài".
_OUTLET_COMPOUND = re.compile(r"(?i)(?:nhà|thông|dự|cảnh|loan|tượng|khán|tình|mật|điện|công|tin|họa|hoạ|tờ|truyền|họp|viết|làm|thời|tuần|nhật) $")
_CAP_WORD = r"[" + UPPER + r"][" + LETTER + r"0-9'’-]*"
# a capitalized word, optionally followed by one lower-case syllable ("Truyền hình", "Nhân dân")
_OUTLET_UNIT = _CAP_WORD + r"(?: (?!" + _NAME_STOP.pattern + r")[" + LOWER + r"]+(?![" + LETTER + r"]))?"
_OUTLET_NAME = re.compile(_OUTLET_UNIT + r"(?: " + _OUTLET_UNIT + r")*")


def find_news_outlets(text: str) -> list[OrgMention]:
    """News outlets named in running text with a lower-case head word: "phóng viên báo Tiền
    Phong", "đăng trên tạp chí Cộng sản", "đài Truyền hình Việt Nam".  (A capitalized head,
    "Báo Đắk Nông", is an organization type of the lexicon and found by :func:`find_orgs`.)

    The name is the run of capitalized words after the head, each optionally followed by one
    lower-case syllable ("đài Truyền hình Việt Nam"), but ending in one only when the name is one
    such word ("báo Nhân dân", not "báo Tiền Phong đặt câu hỏi"); it may be a place name (newspapers are named
    after their province).  Not after a word that makes the head part of another word ("nhà
    báo Trọng Phước" is a journalist, "thông báo", "tượng đài").  They are organizations of
    type ``co-quan-bao-chi``, keyed by their name alone, labelled with the head capitalized
    ("Báo Tiền Phong").
    """
    out = []
    for m in _OUTLET_HEAD.finditer(text):
        if _OUTLET_COMPOUND.search(text, max(0, m.start() - 8), m.start()):
            continue
        nm = _OUTLET_NAME.match(text, m.end())
        if nm is None:
            continue
        name = nm.group(0)
        words = name.split(" ")
        if len(words) > 1 and not words[-1][:1].isupper() and (len(words) > 2 or words[0].isupper()):
            # a last lower-case syllable only after a one-word name ("Nhân dân", not "Tiền Phong đặt")
            name = " ".join(words[:-1])
        written = text[m.start():m.end() + len(name)]
        out.append(OrgMention("co-quan-bao-chi", Span(m.start(), m.start() + len(written), written), None, None,
                              national=True, name=written[:1].upper() + written[1:]))
    return out


_WORD = re.compile(r"[" + LETTER + r"]+")
_NAME_GAP = re.compile(r"\s*[-–,]?\s*")


def _standard_name(ot, text: str, end: int) -> int | None:
    """End of one of ``ot``'s standard names (``kg:standardName``) written right after ``end``,
    compared word by word with :func:`kg.text.fold` (case, tone placement, spacing around dashes
    and commas ignored); the longest wins.  None when none is written there."""
    if not ot.standard_names or text[end:end + 1] != " ":
        return None
    best = None
    for name in ot.standard_names:
        words = _WORD.findall(name)
        p = end + 1
        for k, w in enumerate(words):
            gap = _NAME_GAP.match(text, p) if k else None
            m = _WORD.match(text, gap.end() if gap else p)
            if m is None or vt.fold(m.group(0)) != vt.fold(w):
                break
            p = m.end()
        else:
            if best is None or p > best:
                best = p
    return best


def _committee_at(lex: Lexicon, text: str, end: int) -> bool:
    """A party committee (Tỉnh ủy, Huyện ủy, Đảng ủy …) is named right after ``end``."""
    if text[end:end + 1] != " ":
        return False
    ph = org_types_at(lex, text, end + 1, strict=True)
    return ph is not None and ph[1].category == "party" and not ph[1].needs_name


# Types whose name may be written in lower case throughout ("Ban quản lý dự án đầu tư các công trình
# giao thông"): management boards are named after what they manage.
_LOWER_CASE_NAMES = ("ban-quan-ly",)
# … when it names what they manage: projects (Nghị định 15/2021/NĐ-CP, art. 17-19), zones, forests,
# relics, markets, parks.
_MANAGED = re.compile(r" (?:các )?(?:dự án|khu|rừng|di tích|chợ|vườn|cảng|bến)(?![" + LETTER + r"])")

# Types whose name always starts with a capital ("Bộ Tài chính", "Bộ NN&PTNT"): "Bộ tiêu chí …",
# "Bộ đội Trường Sơn" name no ministry.
_CAPITALIZED_NAMES = ("bo",)

# The first two words of a school's name that give its level or kind ("Trường Mầm non …", "Trường
# tiểu học …", "Trường Chính trị tỉnh"), folded (Luật Giáo dục 2019, art. 6; Luật Giáo dục nghề nghiệp).
_SCHOOL_KINDS = frozenset(vt.fold(k) for k in (
    "mầm non", "mẫu giáo", "tiểu học", "trung học", "phổ thông", "dân tộc", "đại học", "cao đẳng", "trung cấp",
    "chính trị", "quân sự", "bồi dưỡng", "dạy nghề", "sĩ quan", "năng khiếu", "chuyên biệt", "giáo dưỡng"))


def _is_school_name(name: str) -> bool:
    """True when the words after "Trường" name a school: a level or kind ("Mầm non Hoa Sen",
    "THCS Nguyễn Du"), or a name of two or more capitalized syllables ("Lê Quý Đôn").  A single
    capitalized syllable makes "Trường" part of a proper name ("Trường Sơn", "Trường Sa")."""
    words = name.split()
    if not words:
        return False
    if words[0].isupper() and len(words[0]) > 1:
        return True  # THCS, THPT, PTDTNT
    if vt.fold(" ".join(words[:2])) in _SCHOOL_KINDS:
        return True
    return len(words) >= 2 and words[0][:1].isupper() and words[1][:1].isupper()


# Capitalized words after "Hội" that make it an event or a place, not an association ("Hội Nghị",
# "Hội Thảo" in title-case headings, "Hội Khỏe Phù Đổng", "Hội trường"), folded.
_NOT_ASSOCIATION = frozenset(vt.fold(w) for w in (
    "nghị", "thảo", "thi", "diễn", "chợ", "trại", "xuân", "làng", "khỏe", "khoẻ", "sách", "trường", "đồng", "viên",
    "quán", "sở", "họp", "đàm", "ngộ", "tụ", "nhập", "báo", "hè", "đua", "ý", "chẩn", "giảng"))


def _is_association_name(gaz: Gazetteer, written: str) -> bool:
    """True when ``written`` ("Hội" and the words after it) names an association: a capitalized
    first word right after the head, then more words ("Hội Truyền thống Trường Sơn", "Hội Khuyến
    học", "Hội VHNT"); not a word that makes an event ("Hội Nghị"), not one capitalized syllable
    alone (a place: "thôn Hội Nhơn,"), not a unit's name ("Hội An")."""
    words = written.split()[1:]
    if not words or not words[0][:1].isupper() or vt.fold(words[0]) in _NOT_ASSOCIATION:
        return False
    if len(words) == 1 and not words[0].isupper():
        return False
    return not gaz.lookup(" ".join(written.split()[:2]))


# Party units that a named body has ("Đảng ủy Binh đoàn 12", "Đảng bộ Công ty …").
_COMMITTEES_OF_BODIES = ("dang-uy", "dang-bo")

#: Teams and groups a body sets up, numbered when it sets up several ("Đoàn Thanh tra số 716",
#: "Tổ công tác số 2"): the number is part of the team's name.
_NUMBERED_TEAMS = frozenset({"doan-kiem-tra", "doan-cong-tac", "doan-kiem-toan", "to-kiem-tra", "to-cong-tac"})
_TEAM_NUMBER = re.compile(r" [Ss]ố \d{1,4}(?![\d/-]|[.,]\d)")
#: "Trung ương" (or "TW") right after a party committee's commission: the Central Committee's own
#: ("Ban Dân vận Trung ương", "Ủy ban Kiểm tra TW"; Điều lệ Đảng, art. 26-27: the commissions of
#: the Central Committee), and " Đảng" after it ("Ban Tuyên giáo Trung ương Đảng").
_CENTRAL = re.compile(r" (?:Trung [ưƯ]ơng|TW)(?: Đảng)?(?![" + LETTER + r"0-9])")
_CENTRAL_END = re.compile(r"(?:Trung [ưƯ]ơng|TW)$", re.IGNORECASE)
_REGION = re.compile(r" khu vực (?:[IVXLC]+|\d+)(?![" + LETTER + r"0-9])")


# A numbered unit's honorary name: two title-case syllables right after its number, with no third
# ("Sư đoàn 3 Sao Vàng", "Trung đoàn 94 Tây Nguyên")
_UNIT_NUMBER_END = re.compile(r" \d{1,3}$")
_HONORARY = re.compile(rf" ([{UPPER}][{LOWER}]+ [{UPPER}][{LOWER}]+)(?![{LETTER}])(?! [{UPPER}])")


def _is_honorary_name(lex: Lexicon, gaz: Gazetteer, text: str, pos: int, words: str) -> bool:
    """True when ``words`` at ``pos`` (after a unit's number) are its honorary name: not a person's
    name (no family name first), not a province or district ("Quân khu 5 Đà Nẵng"; a commune may
    share an honorary name: "Sao Vàng"), and no body or title starts there."""
    from kg.extract.persons import has_surname, role_at

    return not (has_surname(words) or gaz.lookup(words, "province") or gaz.lookup(words, "district")
                or org_types_at(lex, text, pos) or role_at(lex, text, pos))


_AND = re.compile(r" và (?=[" + UPPER + r"])")


def _before_next_body(lex: Lexicon, gaz: Gazetteer, text: str, start: int, end: int) -> int:
    """Where a written name read from ``start`` to ``end`` ends when "và" joins it to a second named
    body ("Trung tâm Y tế và Bệnh viện Đa khoa huyện", "Công ty Nhôm Đắk Nông và Nhà máy Điện phân nhôm",
    "Báo Thanh Niên và Công ty …"): at the "và".  Only a body that needs a name of its own counts, so
    "Văn phòng HĐND và UBND" stays one office; "Ban … Nhà Quốc hội và Hội trường Ba Đình" stays one
    board (the "Hội" there names no association)."""
    for m in _AND.finditer(text, start, end):
        hit = org_types_at(lex, text, m.end(), strict=True)
        if hit is None or not hit[1].needs_name:
            continue
        second = org_at(lex, gaz, text, m.end())
        if second is not None and second.name:
            return m.start()
    return end


def _complete(lex: Lexicon, gaz: Gazetteer, text: str, start: int, end: int, ot, lower_head: bool = False) -> OrgMention:
    place = None
    name = None
    if ot.key == "van-phong" and _committee_at(lex, text, end):
        # "Văn phòng Huyện ủy": the party committee's office; "Văn phòng Điều phối nông thôn mới
        # tỉnh", "Văn phòng BCĐ Trung ương": an office named on its own
        return _complete(lex, gaz, text, start, end, lex.org_type("van-phong-cap-uy"), lower_head)
    if ot.needs_name:
        # the head of a named body is written with a capital ("Trung tâm …", not "trung tâm cấp"),
        # and a name that never reaches a capital or a place is none ("Bộ trưởng …", "Bộ làm …")
        nend = _standard_name(ot, text, end)
        if nend is None and ot.only_standard_names:
            nend = end  # "Ủy ban" + a name that is none of a National Assembly committee's
        elif nend is None:
            lower_run = ot.key in _LOWER_CASE_NAMES and _MANAGED.match(text, end) is not None
            nend = _read_name(text, end, min(len(text), end + 160), lower_run=lower_run) \
                if text[start:start + 1].isupper() or lower_head else end
            nend = _before_next_body(lex, gaz, text, end, nend)
        if nend == end or (ot.key in _CAPITALIZED_NAMES and not text[end + 1:end + 2].isupper()) \
                or (ot.key == "truong-hoc" and not _is_school_name(text[end:nend])) \
                or (ot.key == "hoi" and not _is_association_name(gaz, text[start:nend])):
            return OrgMention(ot.key, Span(start, end, text[start:end]), None, None, national=ot.level == "national", name="")
        name = text[start:nend]
        end = nend
        hm = _HONORARY.match(text, end) if _UNIT_NUMBER_END.search(name) else None
        if hm and _is_honorary_name(lex, gaz, text, hm.start(1), hm.group(1)):
            end = hm.end()  # "Sư đoàn 3 Sao Vàng": a numbered unit's honorary name
            name = text[start:end]
    level = ot.level
    pattern_text = vt.fold(text[start:end])
    # The org-type pattern may already end with the type word ("UBND huyện"): then a bare name may follow.
    km = _KIND_AFTER.match(text, end)
    kind_in_pattern = _kind_at_end(pattern_text)
    am = _TP_ALIAS.match(text, end + 1) if text[end:end + 1] == " " else None
    if am and gaz.by_alias(am.group(1)) is not None:  # "UBND TPHCM", "Thành ủy TP.HCM"
        unit = gaz.by_alias(am.group(1))
        place = PlaceMention(unit.short, Span(am.start(), am.end(), am.group(0)), "province", "thành phố")
        end = am.end()
    elif km and not kind_in_pattern:
        word = km.group(1)
        kind = _KIND_ALT.get(word.lower(), word.lower())
        lv = KIND_LEVEL[kind]
        hit = _longest_unit(text, km.end(), kind, lv, gaz)
        if hit:
            pend, pname = hit
            place = PlaceMention(pname, Span(km.start(1), pend, text[km.start(1):pend]), lv, kind)
            end = pend
        elif level in (None, "", lv) and (lv != "province" or kind == "tỉnh"):
            end = km.end(1)  # "Hội Nông dân huyện": the report's own district
            level = lv
    elif level in ("province", "district", "commune") or kind_in_pattern:
        bm = _BARE_NAME.match(text, end)
        if bm:
            kind = kind_in_pattern or ""
            levels = ("province", "district") if ot.key in ("thanh-uy",) or kind == "thành phố" else (KIND_LEVEL.get(kind, level),)
            hit = None
            for lv in levels:
                hit = _longest_unit(text, bm.start(1), kind or "", lv, gaz, require_cap=True)
                if hit:
                    level = lv
                    break
            if hit:
                pend, pname = hit
                place = PlaceMention(pname, Span(bm.start(1), pend, pname), level, kind)
                end = pend
    term = None
    tm = _TERM.match(text, end)
    if tm:
        try:
            term = vt.roman_to_int(tm.group(1)) if not tm.group(1).isdigit() else int(tm.group(1))
            end = tm.end()
        except ValueError:
            term = None
    parent = None
    if place is None and not ot.needs_name:
        # "Ban Tuyên giáo Tỉnh ủy", "Ban Kinh tế - Ngân sách HĐND tỉnh": a body of the body named next;
        # a party committee also of a named body ("Đảng ủy Binh đoàn 12", "Đảng ủy Công ty …")
        sp = 1 if text[end:end + 1] == " " else 0
        ph = org_types_at(lex, text, end + sp, strict=True) if sp else None
        if ph is not None and (not ph[1].needs_name or ot.key in _COMMITTEES_OF_BODIES) and ph[1].key != ot.key:
            parent = _complete(lex, gaz, text, end + sp, ph[0], ph[1])
            if parent.name == "" and ph[1].needs_name:
                parent = None  # a head that names nothing ("Đảng ủy Công ty" with no name after it)
            else:
                place, end = parent.place, parent.span.end
    if place is None and parent is None and ot.key == "thuong-truc-cap-uy" and vt.fold(text[start:end]) == "thương trưc":
        # a bare "Thường trực" is a party committee's only when the committee follows ("Thường trực
        # Huyện ủy"); in "Phó Trưởng ban thường trực Ban Chỉ đạo" it is part of a title
        return OrgMention(ot.key, Span(start, end, text[start:end]), None, None, name="")
    if place is None and parent is None and name is None and ot.key in _NUMBERED_TEAMS \
            and (nm := _TEAM_NUMBER.match(text, end)) is not None:
        end = nm.end()  # "Đoàn Thanh tra số 716": the number names one team
        name = text[start:end]
    central = False
    if place is None and parent is None and not ot.needs_name and ot.level != "national":
        if (cm := _CENTRAL.match(text, end)) is not None:
            end, central = cm.end(), True  # "Ban Dân vận Trung ương": national, not the report's area
        elif _CENTRAL_END.search(text, start, end):
            central = True  # the pattern itself ends so ("Ban Tuyên giáo Trung ương" is a written form)
    if ot.level == "national" and (rm := _REGION.match(text, end)):
        # "Kiểm toán Nhà nước khu vực XII": the body's regional office
        end = rm.end()
        name = text[start:end]
    if name is not None and place is not None:
        name = text[start:end]
    if name and lower_head:  # "(Trưởng) ban chỉ đạo …" is labelled "Ban chỉ đạo …"
        name = name[:1].upper() + name[1:]
    return OrgMention(ot.key, Span(start, end, text[start:end]), place, term, national=(ot.level == "national" or central),
                      name=name, parent=parent)
