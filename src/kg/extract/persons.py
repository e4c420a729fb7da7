"""People and the posts the text gives them.

Patterns (each a whole kind seen across portals, none tied to one report):

* honorific + name + title chain: "đồng chí Nguyễn Văn A - TUV – Bí thư Huyện ủy, Chủ tịch HĐND huyện";
  titles are separated by ``-``, ``–``, ``,`` or "kiêm" and read with the role lexicon
  (``ontology/roles.ttl``) and the organization lexicon (``ontology/org-types.ttl``);
* lists after one honorific: "các đồng chí: A - Bí thư …; B - Phó Bí thư …", "A và B";
* title before the name: "Bí thư Tỉnh ủy Hồ Quốc Dũng phát biểu", "Chủ tịch UBND huyện Lê Văn B";
* organization charts written one cell per line (STT / Họ và tên / Chức danh / SĐT):
  a name line followed by a title line; the section heading ("* Ban Tuyên giáo") is the organization;
* the byline on the last line ("Xuân Tiến - Diệu Hương", "Tin, ảnh Ngô Tấm – Thanh Tiến").

A name is 2–5 capitalized syllables.  Without an honorific, the first syllable
must be a Vietnamese family name (``src/kg/data/surnames.txt``) so that
"Thương mại - Dịch vụ" is never a person.  A later mention by given name only
("ông Hoàng") is linked to the full name that ends with it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kg.extract.orgs import commission_at, org_at, org_types_at
from kg.extract.patterns import CAP_SYL, LETTER, LOWER, UPPER, Span, lines_with_offsets, sentence_at
from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.model import OrgMention, PersonMention, PostMention

# (the lookahead names every letter an honorific starts with, so most positions fail one cheap test)
_HONORIFIC = re.compile(
    r"(?=[ĐđÔôBbAaCcKkTtPGNnLlMm])(?<![" + LETTER + r"])(?:[Đđ]ồng chí|[Đđ]/[cC]\.?|[Đđ]c\.|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị"
    # professions, degrees, ranks and honours written before a name ("bác sĩ Đặng Thành", "Thượng tá
    # Lê Văn A", "Mẹ Việt Nam Anh hùng Trần Thị Gấm", also in lower case or as "Mẹ VNAH"); the name still needs a
    # family name
    r"|[Bb]ác sĩ|BS\.?|[Kk]ỹ sư|KS\.?|[Tt]hạc sĩ|ThS\.?|[Tt]iến sĩ|TS\.?|PGS\.?,?\s*TS\.?|GS\.?,?\s*TS\.?|[Nn]hà báo"
    r"|[Nn]ghệ sĩ(?: nhân dân| ưu tú)?|NSND|NSƯT|[Nn]hà giáo(?: nhân dân| ưu tú)?|NGND|NGƯT|[Ll]uật sư|LS\.?"
    r"|(?:[Đđ]ại|[Tt]hượng|[Tt]rung|[Tt]hiếu)\s+(?:tướng|tá|úy)|[Mm]ẹ (?:Việt [Nn]am [Aa]nh [Hh]ùng|VNAH)|[Aa]nh hùng(?: lực lượng vũ trang nhân dân| lao động)?)"
    r"\s+(?:[:]\s*)?"
)
# who a private person is, written before the name with no honorific ("thanh niên Đinh Trung Hiếu",
# "Cựu Chiến binh biệt động thành Võ Lụa", "Người chiến sỹ cách mạng kiên trung Lê Thị Hoa"), or
# whose kin they are ("con trai là …", "vợ Nguyễn Thị Hằng", "chồng là …"); up to
# six lower-case words may describe them further, but no place or clause word ("nông dân xã …")
_DESCRIPTOR = re.compile(
    r"(?=[TtCcNnGgVv])(?<![" + LETTER + r"])(?:[Tt]hanh niên|[Cc]ựu [Cc]hiến binh|[Cc]hiến s[ĩỹ]|[Nn]ghệ nhân|[Nn]ông dân|[Gg]ià làng"
    r"|[Cc]on (?:trai|gái)(?: là)?|[Vv]ợ(?: là)?|[Cc]hồng(?: là)?)"
    r"(?:\s+(?!(?:xã|huyện|tỉnh|phường|thôn|bon|buôn|thị trấn|thành phố|tổ|ở|của|tại|và|các|những|được|đã|là)(?!["
    + LETTER + r"]))[" + LOWER + r"]+){0,6}?\s+(?=[" + UPPER + r"])"
)
# a private person's full name followed by where they live ("Trần Văn Hùng, ở thị trấn Kiến Đức",
# "K'Bảo ở bon N'Jriêng") or by a speech verb ("Nguyễn Văn Tình phấn khởi: …", "… tâm sự:")
_LIVES_AT = re.compile(
    r"\s*,?\s+ở\s+(?:thôn|xã|bon|buôn|tổ dân phố|thị trấn|phường|ấp|khu phố|làng|bản|tổ)(?![" + LETTER + r"])"
)
_SAYS = re.compile(
    r"\s+(?:cho biết|tâm sự|chia sẻ|bày tỏ|khẳng định|nhấn mạnh|phấn khởi|kể lại)(?:\s*:|\s*,|\s+rằng|\s+(?=\W))"
)
# "[cC](?<![letter].)ác" is "(?<![letter])(?:các|Các)" written to start with a character class, which
# lets the engine skip ahead to the next c/C (the lookbehind then looks at the character before it)
_PLURAL_HONORIFIC = re.compile(r"[cC](?<![" + LETTER + r"].)ác\s+(?:đồng chí|đ/c|Đ/c|ông|bà)\b[^:;.\n]{0,60}?:\s*")
# A full name has at most four syllables ("Tôn Thất Dương Nhật"); a longer capitalized run
# has run into the next word ("Hồ Trần Cẩm Vy Địa …").
_NAME = re.compile(rf"{CAP_SYL}(?: {CAP_SYL}){{0,3}}")
# _NAME not right after a letter (``_NAME_AT_WORD`` in group 1, then a dash or comma: ``_NAME_DASH``), or
# not after a letter or an apostrophe (``_NAME_AFTER_NON_LETTER``).  Written "[upper](?<![letter].)…"
# rather than "(?<![letter])[upper]…": a pattern that starts with a character class lets the engine
# skip ahead to the next capital letter; the lookbehind then tests the character before it.
_CAP_FIRST = "[" + UPPER + "]"
assert _NAME.pattern.startswith(_CAP_FIRST)
_NAME_DASH = re.compile(
    "(" + _CAP_FIRST + "(?<![" + LETTER + "].)" + _NAME.pattern[len(_CAP_FIRST):] + r")\s*[-–,]\s*")
_NAME_AFTER_NON_LETTER = re.compile(
    "(" + _CAP_FIRST + "(?<![" + LETTER + "'’].)" + _NAME.pattern[len(_CAP_FIRST):] + ")")
# between titles, and between a name and its titles: dashes, commas, "kiêm", brackets, and the
# verbs that give a post ("Nguyễn Văn A làm Trưởng đoàn", "… giữ chức Chủ nhiệm …")
_TAKES_POST = r"(?:được\s+(?:bầu|bổ nhiệm|chuẩn y|phân công|giao)\s+)?(?:làm|giữ chức(?:\s+vụ)?)"
_SEP = re.compile(r"\s*(?:[-–—,:]|\bkiêm\b|\(|\))\s*|\s+" + _TAKES_POST + r"\s+|\s+")
_FULL_TIME = re.compile(r" chuyên trách(?= )")
_SPACES = re.compile(r"\s*")
_FIRST_SEP = re.compile(r"\s*;\s*|" + _SEP.pattern)
_TAKES_POST_AFTER = re.compile(r"\s+" + _TAKES_POST + r"\s+")
_LIST_NEXT = re.compile(r"\s*(?:;|,|\bvà\b|\bcùng\b)\s*(?:(?:các\s+)?(?:đồng chí|đ/c|Đ/c|ông|bà)\s+)?")
_UNKNOWN_ABBR = re.compile(r"[A-ZĐ]{3,8}(?![" + LETTER + r"])")
# the longer forms first: with "Tin" tried first, "Tin ảnh Lê Minh" left "ảnh" as the byline's start
_BYLINE_PREFIX = re.compile(r"^(?:(?:Tin,?\s*(?:và\s*)?(?:ảnh|ành)|Bài,?\s*(?:và\s*)?ảnh|Tin|Bài|Ảnh|Ành|Tác giả|Nhóm PV|PV)\s*[:.]?\s+)", re.IGNORECASE)
# a pen name: an initial and a name, in either case ("T.SỸ", "N. Hương", "Q.Anh")
_PEN_NAME = rf"[{UPPER}]\.\s?(?:[{UPPER}]{{2,}}|[{UPPER}][{LOWER}]+)(?![{LETTER}])(?: {CAP_SYL})?"
_BYLINE_NAME = re.compile(rf"{_PEN_NAME}|{CAP_SYL}(?: {CAP_SYL}){{1,3}}")
_BYLINE_SEP = re.compile(r"\s*(?:[-–—,&/]|\bvà\b)\s*")
_NOT_BYLINE = re.compile(r"^(?:Theo|Nguồn|Ảnh:|Xem|Số lượt)", re.IGNORECASE)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Vietnamese family names (folded), from ``kg/data/surnames.txt``."""
    from kg import text as vt

    data = resources.files("kg").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    return frozenset(vt.fold(w) for w in data.split() if w and not w.startswith("#"))


def has_surname(name: str) -> bool:
    """True when the first syllable of ``name`` is a Vietnamese family name, or ``name`` is
    a Central Highlands name written with its gender prefix ("K'Thanh", "H'Thủy": K' for men,
    H' for women among the Mạ, Cơ Ho and Ê Đê), which has no family name before it."""
    from kg import text as vt

    return vt.fold(name.split(" ")[0]) in surnames() or bool(_PREFIXED_NAME.fullmatch(name))


_PREFIXED_NAME = re.compile(r"[KH]['’][" + "A-ZĐ" + r"]\w+(?: [A-ZĐ]\w*)?")


def _trim_name(lex: Lexicon, gaz: Gazetteer, text: str, start: int, end: int) -> int:
    """Cut a capitalized run where a title or an organization begins ("Minh Bí thư" → "Minh")."""
    pos = start
    for m in re.finditer(r" ", text[start:end]):
        p = start + m.end()
        if role_at(lex, text, p, strict=True):
            return start + m.start()
        oh = org_types_at(lex, text, p, strict=True)
        if oh and not (oh[1].needs_name and " " not in text[p:oh[0]]):
            # a one-word head of a named body ("Viện", "Trường", "Báo") is also a name
            # syllable ("Nguyễn Văn Viện"): only longer heads end a name
            return start + m.start()
        pos = p
    return end


def _is_place_name(gaz: Gazetteer, name: str) -> bool:
    """A province's name ("Hà Nội", "Hà Giang"), or any unit's name that starts with no family
    name, is a place where a person's name was expected ("Thủ tướng Chính phủ … Hà Nội")."""
    if gaz.lookup(name, "province"):
        return True
    return bool(gaz.lookup(name)) and not has_surname(name)


def _titled_person(posts: list[PostMention], name: str) -> bool:
    """A name of three or more syllables that starts with a family name, right after a bare title
    ("Chủ tịch Hồ Chí Minh", "Bác Hồ"'s title with no body after it) is the person even when a
    province bears the name; the city is written "TP./thành phố Hồ Chí Minh" or follows a body
    ("UBND TP Hồ Chí Minh"), which :func:`parse_titles` reads as that body's place."""
    return posts[-1].org is None and len(name.split(" ")) >= 3 and has_surname(name)


def role_at(lex: Lexicon, text: str, pos: int, strict: bool = False):
    """The longest role whose surface form starts exactly at ``pos``: ``(end, Role)`` or None.

    Matching is tone-insensitive ("Phó Chành văn phòng" is the typo it looks like); with
    ``strict`` the written form must equal a surface form up to case and tone-mark placement
    (:func:`exact_form`), which is how a name syllable such as "Phong" is told from "Phòng".
    """
    hit = lex.index(text).role_at(pos)
    if hit is None or (strict and not exact_form(text[pos:hit[0]], hit[1])):
        return None
    return hit


@lru_cache(maxsize=1 << 14)
def _form_key(s: str) -> str:
    """Case- and tone-placement-free key of a title; spaces around a dash do not matter ("Kinh tế-Ngân sách")."""
    from kg import text as vt

    return re.sub(r"\s*-\s*", "-", vt.canonical(s).lower())


def exact_form(written: str, entry) -> bool:
    """True when ``written`` is one of ``entry``'s surface forms, up to case and tone-mark placement."""
    k = _form_key(written)
    return any(_form_key(f) == k for f in entry.surface_forms)


_CHAIRS_OF_A_UNIT = ("chu-tich", "pho-chu-tich", "pho-chu-tich-thuong-truc")
_UNIT_AFTER = re.compile(r" (?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh) [" + UPPER + r"]")


def parse_titles(lex: Lexicon, gaz: Gazetteer, text: str, pos: int, limit: int) -> tuple[list[PostMention], int]:
    """Read a chain of titles starting at ``pos`` (after a name); stop at the first non-title.

    "Thành ủy viên, Bí thư Huyện ủy" gives two posts: Ủy viên of the Thành ủy (the
    organization named inside the title) and Bí thư of the Huyện ủy.
    Returns (posts, end offset of the last title read).
    """
    posts: list[PostMention] = []
    end = pos
    p = pos
    while p < limit:
        # "Ông Nguyễn Văn A; Giám đốc Công ty …" (petition lists): a semicolon before the first title
        sep = (_FIRST_SEP if p == pos else _SEP).match(text, p)
        q = sep.end() if sep else p
        if q >= limit:
            break
        # "Thành ủy viên", "Tỉnh ủy viên": member of the committee named before "viên"
        oh = org_types_at(lex, text, q)
        if oh and text.startswith(" viên", oh[0]) or (oh and text.startswith("viên", oh[0])):
            vend = text.index("viên", oh[0]) + 4
            member = lex.role("uy-vien")
            org = OrgMention(oh[1].key, Span(q, oh[0], text[q:oh[0]]), None, None, national=oh[1].level == "national")
            posts.append(PostMention(member.key, Span(q, vend, text[q:vend]), org))
            p = end = vend
            continue
        rh = role_at(lex, text, q)
        if rh is None:
            ab = _UNKNOWN_ABBR.match(text, q)
            if ab and posts == [] and _SEP.match(text, ab.end()):
                p = ab.end()  # an abbreviated title the lexicon lacks ("UVTVTU"): read on
                continue
            break
        rend, role = rh
        org = None
        if (full := _FULL_TIME.match(text, rend)) is not None:
            rend = full.end()  # "Phó Trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh": the same title, full-time
        if text[rend:rend + 1] == "." and role.abbreviations and text[q:rend] in role.abbreviations:
            rend += 1  # "CT.", "CT.Hội Nông dân": the abbreviation's own dot
        after = _SPACES.match(text, rend).end()  # (not a match on text[rend:], a copy of the rest of the text)
        # "Trưởng Ban Phát triển kinh tế Hội LHPN tỉnh": the title's own "Ban" heads a commission of the
        # body named after it (read first: the words after the title may look like another type)
        last = text.rfind(" ", q, rend)
        om = commission_at(lex, gaz, text, last + 1) if last > q and after < limit else None
        # (tones count: in "Trưởng ban Bảo vệ sức khỏe cán bộ tỉnh", "Bảo" is no "Báo", a newspaper)
        om = om or (org_at(lex, gaz, text, after, strict=True) if after < limit else None)
        if om is None and after < limit:
            # "Trưởng Ban Tuyên giáo Tỉnh ủy", "Trưởng Phòng Tài nguyên - Môi trường", "Trưởng ban
            # chỉ đạo Tổng điều tra …": the title ends with the body's own type word, which
            # starts the organization's name
            # ("Chánh Văn phòng Điều phối …": the type word may be the title's last two words)
            heads = [m.end() for m in re.finditer(" ", text[q:rend])][::-1]
            for head in heads[:2]:
                if org_types_at(lex, text, q + head, strict=True) is None:
                    continue  # tones count here: "Trưởng đoàn" is a title, not "Trường" (a school)
                om = org_at(lex, gaz, text, q + head, lower_head=not text[after:after + 1].isupper())
                if om is not None and om.span.end <= rend:
                    om = None
                if om is not None:
                    break
            nm = _NAME.match(text, after)
            if om is None and heads and text[after:after + 1].isupper() \
                    and not (nm and len(nm.group(0).split(" ")) >= 2 and has_surname(nm.group(0))):
                # a one-word head in lower case ("Trưởng phòng Tài nguyên và Môi trường") is the
                # capitalized type word when a capitalized name, not a person's, follows
                om = _lower_case_head(lex, gaz, text, q + heads[0], rend)
            elif om is None and heads and text[after:after + 1].islower() and text[q + heads[0]:rend] == "phòng":
                # a division named in lower case ("Trưởng phòng tổng hợp lịch sử Đảng", "Phó trưởng
                # phòng văn hóa và thông tin huyện"): read only up to a clear end (_lower_case_name_ok);
                # only "phòng", written so (not "Ủy viên thường trực …", whose "viên" folds like "Viện")
                om = _lower_case_head(lex, gaz, text, q + heads[0], rend)
                om = om if om is not None and _lower_case_name_ok(text, after, om.span.end) else None
        if om is None and role.key in _CHAIRS_OF_A_UNIT and _UNIT_AFTER.match(text, rend):
            # "Chủ tịch xã Quảng Khê", "Phó Chủ tịch huyện": the chair of a unit is the chair of its
            # People's Committee (Luật Tổ chức chính quyền địa phương 2015, art. 8: the UBND chair
            # heads the unit's government)
            from kg.extract.orgs import _complete

            unit_body = _complete(lex, gaz, text, q, rend, lex.org_type("ubnd"))
            unit_body.implied = True  # its span is the title: no name of the UBND
            om = unit_body if unit_body.place is not None else None
        stop = False
        if om is not None:
            org = om
            rend = om.span.end
            cut = person_ending(gaz, om)
            if cut is not None:  # "Giám đốc Sở Y tế Nguyễn Văn An": the name is the person's
                om.span = Span(om.span.start, cut, text[om.span.start:cut])
                om.name = text[om.span.start:cut] if om.place is None else om.name
                rend, stop = cut, True
        elif getattr(role, "implied_org_type", None):
            org = OrgMention(role.implied_org_type, Span(q, rend, text[q:rend]), None, None, implied=True)
        posts.append(PostMention(role.key, Span(q, rend, text[q:rend]), org))
        if org is not None and om is None and text.startswith(" Đảng", rend):
            rend += len(" Đảng")  # "UVTW Đảng", "Ủy viên Trung ương Đảng"
        p = end = rend
        if stop:
            break
    return posts, end


def _lower_case_head(lex: Lexicon, gaz: Gazetteer, text: str, start: int, end: int) -> OrgMention | None:
    """The named body whose one-word type word ends a title in lower case: "phòng" in "Trưởng
    phòng Tài nguyên và Môi trường huyện …" is the type "Phòng" (one-word capitalized types match
    only capitalized in running text).  None when the word is no such type or no name follows."""
    from kg.extract.orgs import _complete

    word = text[start:end]
    if not word.islower() or " " in word:
        return None
    # match_org_types, not lex.index(...).org_type_at(0): the index keeps one text, the report's, and
    # indexing this one word would make the next lookup in the report tokenize the whole text again
    hits = lex.match_org_types(word[:1].upper() + word[1:])
    if not hits or hits[0][0] != 0 or hits[0][1] != len(word) or not hits[0][2].needs_name:
        return None
    om = _complete(lex, gaz, text, start, end, hits[0][2], lower_head=True)
    return om if om.name else None


_LOWER_WORD = re.compile(r" ?([" + LOWER + r"]+)(?![" + LETTER + r"])")
_MAX_LOWER_NAME_WORDS = 7


def _lower_case_name_ok(text: str, start: int, end: int) -> bool:
    """True when the lower-case words of a division's name read from ``start`` to ``end`` make a
    name: at most :data:`_MAX_LOWER_NAME_WORDS` of them, none a verb of the clause
    (:data:`kg.extract.orgs.CLAUSE_VERB`,
    :data:`kg.extract.orgs._NAME_STOP`), and the name is followed by punctuation, the end of the text or
    a line, a place or a capitalized word (not by more lower-case words: then its end is a guess)."""
    from kg.extract.orgs import _NAME_STOP, CLAUSE_VERB

    p, n = start, 0
    while (w := _LOWER_WORD.match(text, p)) is not None and w.end() <= end:
        if _NAME_STOP.match(text, w.start(1)) and w.group(1) != "và" or CLAUSE_VERB.match(text, w.start(1)):
            return False
        p, n = w.end(), n + 1
    if n > _MAX_LOWER_NAME_WORDS:
        return False
    nxt = _LOWER_WORD.match(text, end)
    return nxt is None or text[end:end + 1] != " "


#: Bodies usually named after a person ("Trường tiểu học Nguyễn Viết Xuân"): their name is never cut.
_NAMED_AFTER_PEOPLE = ("truong-hoc", "bao-tang")


def person_ending(gaz: Gazetteer, om: OrgMention) -> int | None:
    """Where a named body's name ends when it swallowed the name of the person after it.

    The name reader takes capitalized words, so in "Giám đốc Sở Y tế Nguyễn Văn An phát biểu"
    or "Tổng Cục Thống kê Vũ Thanh Liêm, …" the body's name runs on into the person's.  The last
    three or four capitalized syllables, when they start with a family name, are not a place
    and leave a name of at least one word to the body (a company's legal form is none), are the person's (two-syllable names
    stay: schools and streets are named "Nguyễn Du", "Trần Phú").  Returns the offset where the
    body's name ends, or None.
    """
    from kg import text as vt

    if not om.name or om.place is not None or om.org_type in _NAMED_AFTER_PEOPLE:
        return None
    words = list(re.finditer(r"\S+", om.span.text))
    for k in (4, 3):
        if len(words) < k + 2:
            continue
        tail = words[-k:]
        if not all(re.fullmatch(CAP_SYL, w.group(0)) for w in tail):
            continue
        name = om.span.text[tail[0].start():]
        # (the word before it is no family name: the person's name is not cut in two)
        if has_surname(name) and not _is_place_name(gaz, name) and vt.fold(words[-k - 1].group(0)) not in surnames() \
                and not _LEGAL_FORM_ONLY.fullmatch(om.span.text[:words[-k - 1].end()]):
            return om.span.start + words[-k - 1].end()
    return None


# A company's type and legal form alone ("Công ty TNHH", "Công ty cổ phần"): the words after it are the
# company's own name, even when they start with a family name ("Công ty TNHH Hoàng Phúc Lộc"; Luật
# Doanh nghiệp 2020, art. 37: a company's name is its type plus its own name).
_LEGAL_FORM_ONLY = re.compile(r"(?:Công ty|công ty|Doanh nghiệp tư nhân|DNTN|Hợp tác xã|HTX)"
                              r"(?: (?:TNHH|CP|[Cc]ổ phần|MTV|[Mm]ột thành viên|[Hh]ai thành viên|[Tt]rách nhiệm hữu hạn))*")


_LEADING_HONORIFIC = re.compile(r"(?:Ông|Bà|Anh|Chị|Đồng chí|Cô|Thầy|Cháu|Em) (?=[" + UPPER + r"])")
_NAME_AFTER = re.compile(r"\s+(" + _NAME.pattern + ")")
_TAIL_WORD = re.compile(r" ([" + LETTER + r"0-9]+)(?![" + LETTER + r"0-9])")
_MAX_TAIL_WORDS = 12


def _name_tail(gaz: Gazetteer, text: str, posts: list[PostMention], end: int, limit: int) -> int:
    """Where a named body's name really ends when a person's name follows it.

    "Trưởng ban chỉ đạo Tổng điều tra dân số và nhà ở năm 2019 TPHCM Lê Thanh Liêm": the
    name reader stops at the lower-case words, but a title before a name runs up to the name.
    The last post's organization (a named body) takes every word up to the first person's
    name (a family name and 2–4 capitalized syllables) when at most :data:`_MAX_TAIL_WORDS`
    words lie between and none is punctuation or a clause word (:data:`kg.extract.orgs._NAME_STOP`
    without "và").  Returns the new end of the titles (``end`` when nothing is found).
    """
    from kg.extract.orgs import _NAME_STOP

    org = posts[-1].org
    if org is None or not org.name or org.span.end != end:
        return end
    p = end
    for _ in range(_MAX_TAIL_WORDS):
        nm = _NAME_AFTER.match(text, p)
        if nm and nm.end() <= limit and p > end and has_surname(nm.group(1)) and len(nm.group(1).split(" ")) >= 2 \
                and not _is_place_name(gaz, nm.group(1)):
            org.span = Span(org.span.start, p, text[org.span.start:p])
            org.name = org.name + text[end:p]
            posts[-1].span = Span(posts[-1].span.start, p, text[posts[-1].span.start:p])
            return p
        w = _TAIL_WORD.match(text, p)
        if not w or w.end() > limit or (w.group(1) != "và" and _NAME_STOP.match(text, w.start(1))):
            return end
        p = w.end()
    return end


def find_persons(lex: Lexicon, gaz: Gazetteer, text: str, sents: list[Span]) -> list[PersonMention]:
    """All persons in ``text`` with their posts (see the module docstring for the patterns)."""
    found: dict[int, PersonMention] = {}
    taken: list[tuple[int, int]] = []

    def add(name_start: int, name_end: int, posts: list[PostMention], end: int) -> None:
        hon = _LEADING_HONORIFIC.match(text, name_start, name_end)
        if hon:  # "Ông Nguyễn Xuân Dũng, …" opening a sentence: the name starts after the honorific
            name_start = hon.end()
        name = text[name_start:name_end]
        if name_start in found:
            known = found[name_start]
            if not known.posts:
                known.posts = posts
            return
        if (len(name.split(" ")) < 2 and not _PREFIXED_NAME.fullmatch(name)) or any(s <= name_start < e for s, e in taken):
            return
        found[name_start] = PersonMention(name, Span(name_start, name_end, name), sentence_at(sents, name_start), posts)
        taken.append((name_start, max(end, name_end)))

    def person_chain(p: int, need_surname: bool) -> int:
        """Read NAME [titles] [; NAME titles]... from p; returns the end offset."""
        sent = sentence_at(sents, p)
        while True:
            nm = _NAME.match(text, p)
            if not nm:
                return p
            ne = _trim_name(lex, gaz, text, nm.start(), nm.end())
            posts, end = parse_titles(lex, gaz, text, ne, sent.end)
            if need_surname and not posts and not has_surname(text[nm.start():ne]):
                return p  # "Bà Yoonhee Kim, Giám đốc …" passes: a title follows
            if _is_place_name(gaz, text[nm.start():ne]):
                return p
            oh = org_types_at(lex, text, nm.start(), strict=True)
            if not posts and oh and " " in text[nm.start():oh[0]]:
                return p  # "…, Tổng Cục Chính trị chủ trì": a body of a two-word type, not a person
            add(nm.start(), ne, posts, end)
            nxt = _LIST_NEXT.match(text, end)
            if not nxt or nxt.end() >= sent.end:
                return end
            p = nxt.end()
            need_surname = True

    for m in _PLURAL_HONORIFIC.finditer(text):
        person_chain(m.end(), need_surname=False)
    for m in _HONORIFIC.finditer(text):
        person_chain(m.end(), need_surname=not m.group(0)[:1].lower() == "đ")
    for m in _DESCRIPTOR.finditer(text):
        person_chain(m.end(), need_surname=True)
    _private_persons(gaz, text, add, taken)
    # title before the name: "Bí thư Tỉnh ủy Hồ Quốc Dũng"
    for s, e, _role in lex.index(text).roles():
        if any(a <= s < b for a, b in taken):
            continue
        sent = sentence_at(sents, s)
        posts, end = parse_titles(lex, gaz, text, s, sent.end)
        nm = _NAME_AFTER.match(text, end)
        if posts and nm is None:
            end = _name_tail(gaz, text, posts, end, sent.end)
            nm = _NAME_AFTER.match(text, end)
        if posts and nm and has_surname(nm.group(1)) and (not _is_place_name(gaz, nm.group(1))
                                                          or _titled_person(posts, nm.group(1))):
            ne = _trim_name(lex, gaz, text, nm.start(1), nm.end(1))
            if len(text[nm.start(1):ne].split(" ")) >= 2:
                # "… Nguyễn Hữu Hiệp làm Trưởng đoàn": a post given after the name, by a verb only
                # (after a comma the titles are the next person's: "…, Chủ tịch UBND tỉnh Lê Văn B")
                more, mend = parse_titles(lex, gaz, text, ne, sent.end) if _TAKES_POST_AFTER.match(text, ne) else ([], ne)
                add(nm.start(1), ne, posts + more, max(ne, mend))
        # name + dash + titles without honorific: "Hồ Quốc Dũng - Ủy viên Trung ương Đảng"
    for nm in _NAME_DASH.finditer(text):
        if any(a <= nm.start() < b for a, b in taken) or not has_surname(nm.group(1)) or _is_place_name(gaz, nm.group(1)):
            continue
        ne = _trim_name(lex, gaz, text, nm.start(1), nm.end(1))
        if ne != nm.end(1):
            continue
        sent = sentence_at(sents, nm.start())
        posts, end = parse_titles(lex, gaz, text, ne, sent.end)
        if posts:
            add(nm.start(1), ne, posts, end)
    _table_rows(lex, gaz, text, sents, add, taken, lambda: found, lambda k: bool(found[k].posts))
    return _without_aliases(text, [found[k] for k in sorted(found)])


#: "ông Y Ni (tên thường gọi là Ma Phin)", "bà X, còn gọi là Y", "X (tức Y)": a second name of the person
#: just named; a later "ông Ma Phin" is that person, not another one.
_ALIAS = re.compile(r"\s*[(,]\s*(?:tên thường gọi là|thường gọi là|còn gọi là|còn có tên là|tức|bí danh)\s+(" + _NAME.pattern + r")")


def _without_aliases(text: str, persons: list[PersonMention]) -> list[PersonMention]:
    """``persons`` without those whose name the report gave as another name of a person named before
    (:data:`_ALIAS` right after that person's name).  (The person keeps one name, the first, as
    foaf:name requires.)"""
    aliases = {m.group(1) for q in persons if (m := _ALIAS.match(text, q.span.end)) is not None and m.group(1) != q.name}
    return [p for p in persons if p.name not in aliases]


_CAP_BEFORE = re.compile(rf"(?:{CAP_SYL}|[{UPPER}]{{2,}}|[0-9]+)\s*$")


def _private_persons(gaz: Gazetteer, text: str, add, taken: list[tuple[int, int]]) -> None:
    """Persons named with no honorific or title, known by what follows the name: where they live
    (``_LIVES_AT``) or a speech verb (``_SAYS``).  The name needs three syllables and a family name
    ("Trần Văn Hùng"), or a Central Highlands gender prefix ("K'Bảo"), is not a place's name, and is
    not the end of a longer capitalized run ("Trường THCS Lê Văn Tám cho biết").

    ``add(start, end, posts, end)`` records a person; ``taken`` holds the spans already read."""
    for nm in _NAME_AFTER_NON_LETTER.finditer(text):
        s, e = nm.start(1), nm.end(1)
        name = nm.group(1)
        if not (_LIVES_AT.match(text, e) or _SAYS.match(text, e)):
            continue
        if any(a <= s < b for a, b in taken) or _CAP_BEFORE.search(text, max(0, s - 12), s) and not text[s - 2:s].strip(" ") in (".", ":", "\n", ""):
            continue
        prefixed = bool(_PREFIXED_NAME.fullmatch(name))
        if not prefixed and (len(name.split(" ")) < 3 or not has_surname(name) or _is_place_name(gaz, name)):
            continue
        add(s, e, [], e)


_ROW_HEAD = re.compile(r"^(?:[*•+-]|\d+\.|[IVX]+\.)\s*")


def _table_rows(lex, gaz, text, sents, add, taken, found_starts, has_posts) -> None:
    """Org charts with one cell per line: NAME line, then a TITLE line; the heading names the org."""
    lines = lines_with_offsets(text)
    section: OrgMention | None = None
    for i, (start, ln) in enumerate(lines):
        s = ln.strip()
        if not s:
            continue
        lead = start + len(ln) - len(ln.lstrip())
        head = _ROW_HEAD.match(s)
        if head:
            om = org_at(lex, gaz, text, lead + head.end())
            if om is not None:
                section = om
                continue
        body = re.sub(r"^(?:[Đđ]/[cC]\.?|[Đđ]ồng chí)\s+", "", s)
        off = lead + (len(s) - len(body))
        nm = _NAME.fullmatch(body)
        if not nm or len(body.split(" ")) < 2 or (body == s and not has_surname(body)):
            continue
        if any(a <= off < b for a, b in taken) and not (off in found_starts() and not has_posts(off)):
            continue
        nxt = next(((st, l2) for st, l2 in lines[i + 1:] if l2.strip()), None)
        if nxt is None:
            continue
        nst, nl = nxt
        nlead = nst + len(nl) - len(nl.lstrip())
        posts, _ = parse_titles(lex, gaz, text, nlead, nst + len(nl))
        if not posts:
            continue
        for p in posts:
            if p.org is None and section is not None:
                p.org = section
        add(off, off + len(body), posts, off + len(body))


# a photographer's name may be written in capitals throughout ("Ảnh: TRỌNG LỢI")
_CAPS_NAME = rf"[{UPPER}]{{2,}}(?: [{UPPER}]{{2,}}){{1,3}}(?![{LETTER}])"
_PHOTO_CREDIT = re.compile(rf"(?:Ảnh|Ành|Ảnh minh họa)\s*:\s*({_PEN_NAME}|{CAP_SYL}(?: {CAP_SYL}){{1,3}}|{_CAPS_NAME})\s*(?:/\s*\S+)?\s*\.?\s*$")
# credits in capitals that name no person: an archive, an illustration, a source or an outlet
# (folded with :func:`kg.text.fold`)
_NOT_A_PHOTOGRAPHER = re.compile(r"(?:^| )(?:tư liêu|minh hoa|internet|nguôn|tông hơp|bao|đai|công|ttxvn|vna|ubnd|sơ)(?: |$)")


def find_photo_credits(text: str, sents: list[Span]) -> list[tuple[str, Span]]:
    """Photographers credited at the end of a caption: "… Ảnh: Trí Dũng/TTXVN" → "Trí Dũng".

    Initials alone ("Ảnh: N.H") are not names and are skipped; a pen name of an initial and a
    name ("Ảnh: T.SỸ") or a name in capitals ("Ảnh: TRỌNG LỢI") is kept as written, but not a
    credit in capitals that names an archive, an illustration or an outlet ("Ảnh: TƯ LIỆU").
    Returns (name, span) pairs.
    """
    from kg import text as vt

    out = []
    for sent in sents:
        m = _PHOTO_CREDIT.search(sent.text)
        if m and m.group(1).isupper() and _NOT_A_PHOTOGRAPHER.search(vt.fold(m.group(1))):
            continue
        if m:
            s = sent.start + m.start(1)
            out.append((m.group(1), Span(s, s + len(m.group(1)), m.group(1))))
    return out


def find_byline(text: str) -> list[tuple[str, Span]]:
    """Authors named on the last line(s): "Xuân Tiến - Diệu Hương", "Tin, ảnh Ngô Tấm – Thanh Tiến".

    Lines that credit a source ("Theo …", "Nguồn: …") are skipped; at most the last
    three non-empty lines are looked at.  Returns (name, span) pairs.
    """
    lines = lines_with_offsets(text)
    tail = [(p, ln) for p, ln in lines if ln.strip()][-3:]
    for p, ln in reversed(tail):
        s = ln.strip()
        if _NOT_BYLINE.match(s):
            continue
        lead = p + len(ln) - len(ln.lstrip())
        pre = _BYLINE_PREFIX.match(s)
        body = s[pre.end():] if pre else s
        body = re.sub(r"\s*\([^)]*\)\s*\.?$|\.$", "", body)
        off = lead + (pre.end() if pre else 0)
        if len(body) > 60:
            return []
        names = []
        q = 0
        while q < len(body):
            nm = _BYLINE_NAME.match(body, q)
            if not nm:
                break
            names.append((nm.group(0), Span(off + nm.start(), off + nm.end(), nm.group(0))))
            q = nm.end()
            sep = _BYLINE_SEP.match(body, q)
            if not sep or sep.end() == q:
                break
            q = sep.end()
        if names and q >= len(body):
            return names
        return []
    return []
