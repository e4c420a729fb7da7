"""The extractor's vocabulary, read from the SKOS schemes in ``ontology/``.

The ontology files are the single source of truth for the words the extractor
recognizes: posts (``roles.ttl``), organization types (``org-types.ttl``),
statistical indicators (``indicators.ttl``), units (``units.ttl``), value
qualifiers (``qualifiers.ttl``) and the type words of administrative units
(``kg:AreaType`` individuals in ``kg.ttl``).  Adding a ``skos:altLabel`` to a
concept makes the new surface form recognized with no code change.

Where the files are
    :func:`load_lexicon` reads ``ontology/`` at the repository root, found as
    ``Path(__file__).resolve().parents[2] / "ontology"`` (``src/kg/lexicon.py`` →
    repository root).  This works for the editable install the README uses
    (``pip install -e .``).  For a non-editable install pass ``ontology_dir``
    or set the environment variable ``KG_ONTOLOGY_DIR``.

Which RDF terms are read (see ``docs/model.md`` for the namespaces)
    * surface forms: ``skos:prefLabel``\\@vi, every ``skos:altLabel``\\@vi,
      ``skos:hiddenLabel``\\@vi (indicator signal phrases) and
      ``kg:abbreviation`` (matched case-sensitively);
    * roles: ``a kg:MembershipRole`` (→ :attr:`Role.is_membership`),
      ``skos:broader``, ``kg:impliedOrgType``;
    * organization types: ``kg:orgCategory``, ``kg:adminLevel``,
      ``kg:needsPlace``, ``kg:needsName``, ``skos:broader``, ``kg:standardName``,
      ``kg:onlyStandardNames``;
    * indicators: ``kg:defaultUnit``, ``kg:isFallback``;
    * units: ``skos:notation``.

Matching
    Text and surface forms are compared token by token (``\\w+`` runs and single
    punctuation marks; the dashes ``–—‐−`` count as ``-``, so spacing around
    hyphens does not matter).  Two tokens are equal when their
    :func:`kg.text.fold` keys are equal: case, tone marks and tone placement are
    ignored ("Phó chủ tịch" = "Phó Chủ Tịch", "Uỷ" = "Ủy", "Phó Chủ tich" =
    "Phó Chủ tịch") while the letters ă â ê ô ơ ư đ still count, so "số" is not
    "Sở".  A token typed with no diacritics at all also matches ("Chu tich").
    A token of a surface form with an upper-case letter after its first character
    (``UBND``, ``CT``, ``ThUV``) must appear with exactly that case, so
    abbreviations do not match ordinary words, and a one-word capitalized form
    ("Sở", "Bộ") must appear capitalized.  A match may not start right after
    ``/`` or a ``digit-`` and may not end right before ``/``, so document numbers
    such as ``45-CT/TW`` do not yield the role ``CT``.  Offsets are character
    offsets into the text given.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.errors import KgError
from kg.text import fold as text_fold

__all__ = [
    "KG",
    "KGR",
    "KGT",
    "KGI",
    "KGU",
    "KGQ",
    "AreaType",
    "Indicator",
    "Lexicon",
    "LexiconError",
    "OrgType",
    "Qualifier",
    "Role",
    "Unit",
    "default_ontology_dir",
    "ONTOLOGY_FILES",
    "lexicon_from_graph",
    "load_lexicon",
    "ontology_files",
]

KG = Namespace("https://w3id.org/kg-vn/ontology#")
KGR = Namespace("https://w3id.org/kg-vn/role/")
KGT = Namespace("https://w3id.org/kg-vn/orgtype/")
KGI = Namespace("https://w3id.org/kg-vn/indicator/")
KGU = Namespace("https://w3id.org/kg-vn/unit/")
KGQ = Namespace("https://w3id.org/kg-vn/qualifier/")

_LEVELS = {
    KG.NationalLevel: "national",
    KG.ProvinceLevel: "province",
    KG.DistrictLevel: "district",
    KG.CommuneLevel: "commune",
}
_CATEGORIES = {
    KG.PartyCategory: "party",
    KG.StateCategory: "state",
    KG.MassCategory: "mass",
    KG.OtherCategory: "other",
}


class LexiconError(KgError):
    """The ontology files cannot be read into a lexicon.

    Raised for a missing directory or file, a Turtle syntax error, or a concept
    that lacks its Vietnamese ``skos:prefLabel``.  The message names the file or
    the concept IRI.
    """


# --------------------------------------------------------------------------- folding

_DASHES = {"\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2019": "'", "\u2018": "'"}


@functools.lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    """Strip all diacritics from one character (``đ``→``d``, ``ơ``→``o``), unify dashes; keeps case."""
    if ch == "đ":
        return "d"
    if ch == "Đ":
        return "D"
    if ch in _DASHES:
        return _DASHES[ch]
    if ch.isascii():
        return ch
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


_COMBINING = re.compile("[\u0300-\u036f]")  # combining marks: text not in NFC
# One-character folds of every precomposed letter and dash, for str.translate (the fast path).
_FOLD_TABLE = {
    c: f for c in range(0x80, 0x2100)
    if len(f := _fold_char(chr(c))) == 1 and f != chr(c)
}


def _fold_with_map(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Strip all diacritics from ``text``, keeping case; return the result and, for each
    character of it, the start and end offsets of the original character(s) it came from
    (both ``None`` when the offsets are unchanged: one character for one, the usual case).

    A combining mark (text not in NFC) is dropped and its offset is attached to
    the preceding character, so spans in the original text stay exact.
    """
    folded = text.translate(_FOLD_TABLE)
    if folded.isascii() or not _COMBINING.search(folded):
        return folded, None, None  # NFC text: one character for one character
    parts = [_fold_char(ch) for ch in text]
    folded = "".join(parts)
    if all(len(part) == 1 for part in parts):
        return folded, None, None
    starts: list[int] = []
    ends: list[int] = []
    for i, part in enumerate(parts):
        if not part:
            if ends:
                ends[-1] = i + 1
            continue
        starts.extend([i] * len(part))
        ends.extend([i + 1] * len(part))
    return folded, starts, ends


_TOKEN = re.compile(r"\w+|[^\w\s]")
_TOKEN_SPLIT = re.compile(r"(\w+|[^\w\s])")  # re.split keeps the tokens: [gap, token, gap, token, …, gap]
_token_key = functools.lru_cache(maxsize=1 << 16)(text_fold)  # tokens repeat: cache their keys
#: Token → its fold (``_FOLD_TABLE``), and → that fold in lower case, for :meth:`_Tokens._nfc`; emptied
#: when it holds more than :data:`_FOLDED_MAX` tokens (a report has a few thousand distinct ones).
_FOLDED: dict[str, str] = {}
_FOLDED_LOWER: dict[str, str] = {}
_FOLDED_MAX = 1 << 17


class _Tokens:
    """The tokens of one text, as parallel columns (one Python object per text, not per token).

    ``lower[i]``: folded, lower-case; ``cased[i]``: folded, case kept; ``start[i]``/``end[i]``:
    offsets into the original text.  :meth:`key` (the :func:`kg.text.fold` of the original
    token: tone marks dropped, the letters ă â ê ô ơ ư đ kept) and :meth:`plain` (the original
    token has no diacritics) are computed only for the tokens a pattern is compared with.
    """

    __slots__ = ("text", "lower", "cased", "start", "end")

    def __init__(self, text: str):
        self.text = text
        if _COMBINING.search(text):
            self._general(text)
        else:
            self._nfc(text)

    def _general(self, text: str) -> None:
        """The columns of any text: folded whole (:func:`_fold_with_map`), then split."""
        folded, starts, ends = _fold_with_map(text)
        # the tokens and their offsets without a Python step per token (this runs on every report's
        # whole text): the offset of each part of the split is the sum of the lengths before it
        parts = _TOKEN_SPLIT.split(folded)
        offsets = list(itertools.accumulate(map(len, parts), initial=0))
        self.cased = parts[1::2]
        self.lower = _TOKEN.findall(folded.lower()) if folded.isascii() else list(map(str.lower, self.cased))
        first, last = offsets[1:-1:2], offsets[2::2]
        if starts is None:  # offsets unchanged (NFC text)
            self.start, self.end = first, last
        else:
            self.start = [starts[a] for a in first]
            self.end = [ends[b - 1] for b in last]

    def _nfc(self, text: str) -> None:
        """The columns of a text without combining marks (NFC, the usual case), as :meth:`_general` makes
        them but split before folding: there folding maps one character to one (``_FOLD_TABLE``), and
        never turns a word character into a non-word one or a space into a non-space or back, so the
        tokens of the folded text are the folded tokens of the text, at the same offsets.  Each distinct
        token is folded once (:data:`_FOLDED`, :data:`_FOLDED_LOWER`) instead of every character of
        every text going through ``str.translate``."""
        parts = _TOKEN_SPLIT.split(text)
        offsets = list(itertools.accumulate(map(len, parts), initial=0))
        toks = parts[1::2]
        try:  # (a report's tokens are mostly known after a few reports: no set of them is made then)
            self.cased = list(map(_FOLDED.__getitem__, toks))
        except KeyError:
            if len(_FOLDED) > _FOLDED_MAX:
                _FOLDED.clear()
                _FOLDED_LOWER.clear()
            for tok in set(toks).difference(_FOLDED):
                _FOLDED[tok] = folded = tok.translate(_FOLD_TABLE)
                _FOLDED_LOWER[tok] = folded.lower()
            self.cased = list(map(_FOLDED.__getitem__, toks))
        self.lower = list(map(_FOLDED_LOWER.__getitem__, toks))
        self.start, self.end = offsets[1:-1:2], offsets[2::2]

    def __len__(self) -> int:
        return len(self.lower)

    def key(self, i: int) -> str:
        return _token_key(self.text[self.start[i]:self.end[i]])

    def plain(self, i: int) -> bool:
        return self.text[self.start[i]:self.end[i]] == self.cased[i]


def _tokenize(text: str) -> _Tokens:
    return _Tokens(text)


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class _Entry:
    """Fields common to every lexicon entry (one SKOS concept)."""

    iri: str
    key: str
    """The concept's local name, also the slug used in IRIs (``"bi-thu"``)."""
    label_vi: str
    label_en: str
    alt_labels: tuple[str, ...] = ()
    """Every other Vietnamese surface form: altLabels, hiddenLabels, abbreviations."""
    abbreviations: tuple[str, ...] = ()
    """The ``kg:abbreviation`` values (also included in :attr:`alt_labels`)."""

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """``label_vi`` followed by :attr:`alt_labels`: every form the matcher looks for."""
        return (self.label_vi, *self.alt_labels)


@dataclass(frozen=True)
class Role(_Entry):
    """A post from ``roles.ttl`` (``kgr:`` scheme), e.g. ``kgr:bi-thu`` "Bí thư".

    ``is_membership`` is true for seats on a collective body (the "Ủy viên" kind:
    ``a kg:MembershipRole``); the emitter writes an ``org:Membership`` for those
    and an ``org:Post`` for the others.  ``broader`` is the key of the more
    general role (``"tinh-uy-vien"`` → ``"uy-vien-ban-chap-hanh"``) or ``None``.
    ``implied_org_type`` is the key of the organization type the title names by
    itself (``"TUV"`` → ``"tinh-uy"``) or ``None``.
    """

    is_membership: bool = False
    broader: str | None = None
    implied_org_type: str | None = None


@dataclass(frozen=True)
class OrgType(_Entry):
    """An organization type from ``org-types.ttl`` (``kgt:`` scheme), e.g. ``kgt:huyen-uy``.

    ``category`` is ``"party"``, ``"state"``, ``"mass"`` or ``"other"``.
    ``level`` is ``"national"``, ``"province"``, ``"district"``, ``"commune"``
    or ``None`` when the place named after the type decides (UBND, HĐND).
    ``needs_place`` is false for national bodies (IRI ``kgd:org/{key}/vn``).
    ``needs_name`` is true when the type word alone names nothing ("Sở", "Bộ").
    ``broader`` is the key of the body it belongs to, or ``None``.
    ``standard_names`` are the ``kg:standardName`` values: the proper names bodies of this type
    have by decree ("Nông nghiệp và Phát triển nông thôn" for a Sở), read whole after the type word;
    with ``only_standard_names`` (``kg:onlyStandardNames``) no other name makes a body of this type.
    """

    category: str = "other"
    level: str | None = None
    needs_place: bool = True
    needs_name: bool = False
    broader: str | None = None
    standard_names: tuple[str, ...] = ()
    only_standard_names: bool = False

    @property
    def patterns(self) -> tuple[str, ...]:
        """Every surface form that names this type (same as :attr:`surface_forms`)."""
        return self.surface_forms


@dataclass(frozen=True)
class Indicator(_Entry):
    """A statistical indicator from ``indicators.ttl`` (``kgi:`` scheme).

    ``unit`` is the key of its default unit in ``units.ttl`` (``"VND"``,
    ``"percent"``, ``"person"`` ...).  ``is_fallback`` marks the generic
    ``other-*`` indicators, which have no signal phrases.
    """

    unit: str = "item"
    is_fallback: bool = False

    @property
    def phrases(self) -> tuple[str, ...]:
        """The Vietnamese phrases that signal this indicator (same as :attr:`surface_forms`)."""
        return self.surface_forms


@dataclass(frozen=True)
class Unit(_Entry):
    """A unit of measure from ``units.ttl`` (``kgu:`` scheme); ``key`` is ``"VND"``, ``"ha"`` ...

    ``notation`` is the ``skos:notation`` (``"VND"``, ``"%"``).
    """

    notation: str = ""


@dataclass(frozen=True)
class Qualifier(_Entry):
    """A value qualifier from ``qualifiers.ttl`` (``kgq:`` scheme): ``approx``, ``more-than`` ..."""


@dataclass(frozen=True)
class AreaType(_Entry):
    """A type word of administrative units (``kg:AreaType`` in ``kg.ttl``), e.g. "huyện".

    ``level`` is ``"province"``, ``"district"`` or ``"commune"``.
    """

    level: str = "commune"


E = TypeVar("E", bound=_Entry)


@dataclass(frozen=True)
class _Pattern(Generic[E]):
    tokens: tuple[str, ...]  # folded lower-case
    keys: tuple[str, ...]  # kg.text.fold of each token
    exact: tuple[str | None, ...]  # folded cased token when case must match exactly
    capital: bool  # a one-word capitalized form ("Sở", "Bộ"): the text must be capitalized too
    item: E


class _Matcher(Generic[E]):
    """Longest-match matcher of surface forms over tokenized text (rules in the module docstring)."""

    def __init__(self, entries: Iterable[E]):
        self._by_first: dict[str, list[_Pattern[E]]] = {}
        seen: set[tuple[str, ...]] = set()
        for entry in entries:
            for form in entry.surface_forms:
                toks = _tokenize(form)
                if not len(toks):
                    continue
                keys = tuple(toks.key(k) for k in range(len(toks)))
                exact = tuple(t if any(c.isupper() for c in t[1:]) else None for t in toks.cased)
                if (keys, exact) in seen:  # same form on two concepts: first (by key order) wins
                    continue
                seen.add((keys, exact))
                capital = len(toks) == 1 and toks.cased[0][:1].isupper()
                pat = _Pattern(tuple(toks.lower), keys, exact, capital, entry)
                self._by_first.setdefault(pat.tokens[0], []).append(pat)
        for pats in self._by_first.values():
            pats.sort(key=lambda p: -len(p.tokens))
        # The same patterns grouped by their whole lower-case token sequence (in the order above), and
        # for each first word, and each first two words, the lengths of the patterns that start so,
        # longest first: the patterns whose words can match at a position are then found by one dict
        # lookup per length instead of comparing each pattern word by word.  Patterns with the same
        # words differ only in case and diacritics (:func:`_rest_matches`).
        self._by_tokens: dict[tuple[str, ...], list[_Pattern[E]]] = {}
        self._lens: dict[str, list[int]] = {}
        self._pair_lens: dict[tuple[str, str], list[int]] = {}
        for first, pats in self._by_first.items():
            self._lens[first] = sorted({len(p.tokens) for p in pats}, reverse=True)
            for pat in pats:
                self._by_tokens.setdefault(pat.tokens, []).append(pat)
                if len(pat.tokens) > 1:
                    lens = self._pair_lens.setdefault((first, pat.tokens[1]), [])
                    if len(pat.tokens) not in lens:
                        lens.append(len(pat.tokens))  # (pats is sorted longest first)

    def _at(self, toks: _Tokens, i: int, text: str, strict_case: bool, stop: int | None = None) -> Iterable[_Pattern[E]]:
        """The patterns matching at token ``i``, longest first (matches end at token ``stop`` at the latest)."""
        stop = len(toks.lower) if stop is None else stop
        lower = toks.lower
        by_tokens = self._by_tokens
        for n in self._lens.get(lower[i], ()):
            if i + n <= stop:
                for pat in by_tokens.get(tuple(lower[i:i + n]), ()):
                    if _rest_matches(pat, toks, i, text, strict_case):
                        yield pat

    def first(self, toks: _Tokens, i: int, text: str, strict_case: bool = False) -> _Pattern[E] | None:
        """The longest pattern matching at token ``i``, or None (the first of :meth:`_at`)."""
        lower = toks.lower
        stop = len(lower)
        by_tokens = self._by_tokens
        if i + 1 < stop:
            for n in self._pair_lens.get((lower[i], lower[i + 1]), ()):
                if i + n <= stop:
                    for pat in by_tokens.get(tuple(lower[i:i + n]), ()):
                        if _rest_matches(pat, toks, i, text, strict_case):
                            return pat
        for pat in by_tokens.get((lower[i],), ()):
            if _rest_matches(pat, toks, i, text, strict_case):
                return pat
        return None

    def longest(self, text: str, strict_case: bool = False) -> list[tuple[int, int, E]]:
        toks = _tokenize(text)
        out: list[tuple[int, int, E]] = []
        i = 0
        while i < len(toks):
            pat = self.first(toks, i, text, strict_case)
            if pat is None:
                i += 1
                continue
            n = len(pat.tokens)
            out.append((toks.start[i], toks.end[i + n - 1], pat.item))
            i += n
        return out

    def all(self, toks: _Tokens, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, E]]:
        """Every match (overlapping allowed) within tokens ``lo:hi``, as (first token index, end token index, item)."""
        hi = len(toks) if hi is None else hi
        firsts = self._by_first
        lower = toks.lower
        return [
            (i, i + len(p.tokens), p.item)
            for i in itertools.compress(range(lo, hi), map(firsts.__contains__, lower[lo:hi]))  # (a word some pattern starts with)
            for p in self._at(toks, i, text, False, hi)
        ]


def _rest_matches(pat: _Pattern, toks: _Tokens, i: int, text: str, strict_case: bool) -> bool:
    """Pattern ``pat``, whose lower-case folded words are those of the text's tokens from ``i``,
    matches there: each token is the same word (:func:`_same`), the case is right and the span is
    not glued to a document number (:func:`_boundary_ok`)."""
    n = len(pat.tokens)
    for k in range(n):
        if not _same(toks, i + k, pat, k):
            return False
    if (strict_case or pat.capital) and not toks.cased[i][:1].isupper():
        return False
    return _boundary_ok(text, toks.start[i], toks.end[i + n - 1])


def _same(toks: _Tokens, i: int, pat: _Pattern, k: int) -> bool:
    """Token ``i`` of the text equals token ``k`` of the pattern, whose lower-case folded forms are
    equal (the caller looked the pattern up by them).

    Equal :func:`kg.text.fold` keys (tone marks and their placement ignored, the
    letters ă â ê ô ơ ư đ kept), or the text token is typed without any
    diacritics and equals the pattern token stripped of its diacritics; an
    abbreviation-like pattern token must also have exactly the same case.
    """
    if pat.exact[k] is not None and toks.cased[i] != pat.exact[k]:
        return False
    return toks.plain(i) or toks.key(i) == pat.keys[k]


def _boundary_ok(text: str, start: int, end: int) -> bool:
    """False when the span is glued to a document number (``45-CT/TW``, ``12/QĐ-UBND``): a slash
    right before or after it, or a dash glued to a word with a digit or a slash.  Bodies glued by
    dashes alone ("Đảng ủy-UBND-UBMTTQ xã …", a list of the unit's bodies) are not numbers."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before == "/" or after == "/":
        return False
    if before in "-\u2013" and start > 1 and text[start - 2].isalnum():
        glued = _GLUED_WORD.search(text, max(0, start - 41), start - 1).group(0)
        return not any(c.isdigit() or c == "/" for c in glued)
    return True


_GLUED_WORD = re.compile(r"\S*$")


# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Lexicon:
    """The vocabulary the extractor recognizes, loaded by :func:`load_lexicon`.

    Each list is sorted by ``key``.  Lookups by key: :meth:`role`,
    :meth:`org_type`, :meth:`indicator`, :meth:`unit`.  Matchers return
    ``(start, end, entry)`` tuples with character offsets into the given text,
    non-overlapping, left to right, the longest surface form winning at each
    position.
    """

    roles: list[Role]
    org_types: list[OrgType]
    indicators: list[Indicator]
    units: list[Unit]
    qualifiers: list[Qualifier] = field(default_factory=list)
    area_types: list[AreaType] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_last_index", None)
        object.__setattr__(self, "_found", {})  # (what, key) → entry, for _by_key
        object.__setattr__(self, "_role_m", _Matcher(self.roles))
        object.__setattr__(self, "_org_m", _Matcher(self.org_types))
        object.__setattr__(self, "_ind_m", _Matcher(i for i in self.indicators if not i.is_fallback))
        object.__setattr__(self, "_unit_m", _Matcher(self.units))
        object.__setattr__(self, "_qual_m", _Matcher(self.qualifiers))
        object.__setattr__(self, "_area_m", _Matcher(self.area_types))

    # lookups ------------------------------------------------------------------
    def _by_key(self, items: Sequence[E], key: str, what: str) -> E:
        """The first of ``items`` with ``key`` (remembered: the extractors ask for the same few keys
        for every report). Raises ``KeyError`` naming the known keys."""
        found = self._found.get((what, key))  # type: ignore[attr-defined]
        if found is not None:
            return found
        for item in items:
            if item.key == key:
                self._found[(what, key)] = item  # type: ignore[attr-defined]
                return item
        raise KeyError(f"no {what} with key {key!r} in the ontology; known: {', '.join(i.key for i in items)}")

    def role(self, key: str) -> Role:
        """The role with local name ``key`` (``"bi-thu"``). Raises ``KeyError`` if unknown."""
        return self._by_key(self.roles, key, "role")

    def org_type(self, key: str) -> OrgType:
        """The organization type with local name ``key`` (``"huyen-uy"``). Raises ``KeyError`` if unknown."""
        return self._by_key(self.org_types, key, "organization type")

    def indicator(self, key: str) -> Indicator:
        """The indicator with local name ``key`` (``"state-budget-revenue"``). Raises ``KeyError`` if unknown."""
        return self._by_key(self.indicators, key, "indicator")

    def unit(self, key: str) -> Unit:
        """The unit with local name ``key`` (``"VND"``, ``"percent"``). Raises ``KeyError`` if unknown."""
        return self._by_key(self.units, key, "unit")

    # matchers -----------------------------------------------------------------
    def match_roles(self, text: str, strict_case: bool = False) -> list[tuple[int, int, Role]]:
        """Find the role titles in ``text``: ``[(start, end, Role), ...]``, left to right.

        Longest match first ("Phó Bí thư Thường trực" beats "Phó Bí thư");
        diacritic- and tone-placement-tolerant; abbreviations (``TUV``, ``PCT``)
        only in their exact case.  With ``strict_case`` the match must start with
        an upper-case letter (skips generic lower-case mentions such as "các ủy
        viên").  Never raises.
        """
        return self._role_m.longest(text, strict_case)  # type: ignore[attr-defined]

    def match_org_types(self, text: str, strict_case: bool = False) -> list[tuple[int, int, OrgType]]:
        """Find organization-type phrases ("Huyện ủy", "UBND huyện", "Hội Nông dân") in ``text``.

        Same rules as :meth:`match_roles`.  The span covers the type phrase
        only; a proper name or place that follows ("Thường Tín") is not included.
        """
        return self._org_m.longest(text, strict_case)  # type: ignore[attr-defined]

    def index(self, text: str) -> TextIndex:
        """A :class:`TextIndex` of ``text``: it is tokenized once and role and organization-type
        matches are looked up by position.  The last index is kept, so the extractors'
        many lookups in one report share it (compared by identity of ``text``)."""
        last = self._last_index  # type: ignore[attr-defined]
        if last is None or last.text is not text:
            last = TextIndex(self, text)
            object.__setattr__(self, "_last_index", last)
        return last

    def match_units(self, text: str) -> list[tuple[int, int, Unit]]:
        """Find unit words ("đồng", "ha", "%", "hộ") in ``text``; same rules as :meth:`match_roles`."""
        return self._unit_m.longest(text)  # type: ignore[attr-defined]

    def match_qualifiers(self, text: str) -> list[tuple[int, int, Qualifier]]:
        """Find value qualifiers ("khoảng", "hơn", "ước đạt") in ``text``; same rules as :meth:`match_roles`."""
        return self._qual_m.longest(text)  # type: ignore[attr-defined]

    def match_area_types(self, text: str) -> list[tuple[int, int, AreaType]]:
        """Find administrative-unit type words ("tỉnh", "thị xã", "phường") in ``text``."""
        return self._area_m.longest(text)  # type: ignore[attr-defined]

    def match_indicators(self, text: str) -> list[tuple[int, int, Indicator]]:
        """Every indicator phrase in ``text`` as ``(start, end, Indicator)``, overlaps included.

        Sorted by start, then by longer span first.  Fallback indicators never match.
        """
        toks = _tokenize(text)
        hits = self._ind_m.all(toks, text)  # type: ignore[attr-defined]
        spans = [(toks.start[i], toks.end[j - 1], item) for i, j, item in hits]
        return sorted(spans, key=lambda s: (s[0], -s[1], s[2].key))

    def indicator_for(self, phrase_context: str, anchor: int | None = None) -> Indicator | None:
        """The indicator a figure belongs to, judged from the clause around it.

        ``phrase_context`` is the clause (or sentence) containing the figure;
        ``anchor`` is the character offset of the figure in it, when known.

        Without ``anchor``: the longest signal phrase wins (most tokens); ties go
        to the phrase nearer the end of the clause.  With ``anchor``: the phrase
        nearest to the figure wins, distance counted in words between the phrase
        and the figure (the figure's own digits and separators do not count); ties
        go to the longer phrase, then to the phrase after the figure.  So in "6
        trường đạt chuẩn quốc gia và 17 trường tái chuẩn" the figure 17 gets
        ``recertified-schools``.  Returns ``None`` when no phrase occurs; use
        :meth:`fallback_indicator` then.  Never raises.
        """
        toks = _tokenize(phrase_context)
        return self._indicator_from(toks, phrase_context, anchor, 0, len(toks))

    def _indicator_from(self, toks: _Tokens, text: str, anchor: int | None, lo: int, hi: int,
                        hits: list | None = None) -> Indicator | None:
        """:meth:`indicator_for` on tokens ``lo:hi`` of tokens already made (``anchor`` in ``text``'s
        offsets); ``hits``: the indicator matches inside ``lo:hi`` when the caller has them."""
        if hits is None:
            hits = self._ind_m.all(toks, text, lo, hi)  # type: ignore[attr-defined]
        if not hits:
            return None
        if anchor is None:
            best = max(hits, key=lambda h: (h[1] - h[0], h[1], -h[0]))
            return best[2]
        a = bisect.bisect_right(toks.end, anchor, lo, hi)
        lower = toks.lower
        after = a
        while after < hi and (lower[after].isdigit() or lower[after] in ".,/%()"):
            after += 1

        def words(i: int, j: int) -> int:
            return sum(1 for t in lower[i:j] if t[:1].isalpha())

        def score(h: tuple[int, int, Indicator]) -> tuple[int, int, int]:
            i, j, _ = h
            if j <= a:
                return (-words(j, a), j - i, 0)
            if i >= after:
                return (-words(after, i), j - i, 1)
            return (0, j - i, 1)

        return max(hits, key=score)[2]

    def fallback_indicator(self, unit: str) -> Indicator:
        """The generic indicator for a figure in ``unit`` (a unit key) that no phrase names.

        ``"VND"``/``"USD"`` → ``other-amount``; ``"percent"`` → ``other-percent``;
        ``"ha"``/``"t"``/``"km"`` → ``other-quantity``; anything else →
        ``other-count``.  Raises ``KeyError`` if the ontology lacks that fallback.
        """
        key = {"VND": "other-amount", "USD": "other-amount", "percent": "other-percent",
               "ha": "other-quantity", "t": "other-quantity", "km": "other-quantity"}.get(unit, "other-count")
        return self.indicator(key)


class TextIndex:
    """Role and organization-type matches over one text, tokenized once (see :meth:`Lexicon.index`).

    ``role_at(pos)`` / ``org_type_at(pos)``: the longest match starting at character ``pos``
    (the start of a token) as ``(end, entry)``, or None; the same rules as
    :meth:`Lexicon.match_roles`.  ``roles()`` / ``org_types()``: all non-overlapping longest
    matches, left to right, as :meth:`Lexicon.match_roles` gives them for the whole text.
    """

    def __init__(self, lex: Lexicon, text: str):
        self.lex = lex
        self.text = text
        self._toks = _tokenize(text)
        self._by_start = dict(zip(self._toks.start, range(len(self._toks.start))))  # start offset → token index
        self._cache: dict[tuple[str, int], tuple[int, _Entry] | None] = {}
        self._ind_hits: list | None = None
        self._ind_starts: list[int] = []

    def _first(self, which: str, i: int):
        key = (which, i)
        if key not in self._cache:
            matcher = self.lex._role_m if which == "role" else self.lex._org_m  # type: ignore[attr-defined]
            pat = matcher.first(self._toks, i, self.text)
            self._cache[key] = None if pat is None else (i + len(pat.tokens), pat.item)
        return self._cache[key]

    def _at_pos(self, which: str, pos: int):
        i = self._by_start.get(pos)
        if i is None:
            return None
        hit = self._first(which, i)
        return None if hit is None else (self._toks.end[hit[0] - 1], hit[1])

    def role_at(self, pos: int) -> tuple[int, Role] | None:
        """The longest role starting at ``pos``: (end offset, Role), or None."""
        return self._at_pos("role", pos)  # type: ignore[return-value]

    def org_type_at(self, pos: int) -> tuple[int, OrgType] | None:
        """The longest organization type starting at ``pos``: (end offset, OrgType), or None."""
        return self._at_pos("org", pos)  # type: ignore[return-value]

    def indicator_for(self, start: int, end: int, anchor: int | None = None) -> Indicator | None:
        """:meth:`Lexicon.indicator_for` of the clause ``text[start:end]`` (``anchor`` an offset into
        the whole text), on the tokens of this index: the clause is not tokenized again."""
        toks = self._toks
        lo = bisect.bisect_left(toks.start, start)
        hi = bisect.bisect_left(toks.start, end)
        while hi > lo and toks.end[hi - 1] > end:
            hi -= 1
        if self._ind_hits is None:  # every indicator phrase of the text, found once
            self._ind_hits = self.lex._ind_m.all(toks, self.text)  # type: ignore[attr-defined]
            self._ind_starts = [h[0] for h in self._ind_hits]
        first = bisect.bisect_left(self._ind_starts, lo)
        last = bisect.bisect_left(self._ind_starts, hi)
        hits = [h for h in self._ind_hits[first:last] if h[1] <= hi]
        return self.lex._indicator_from(toks, self.text, anchor, lo, hi, hits)

    def _scan(self, which: str) -> list:
        firsts = (self.lex._role_m if which == "role" else self.lex._org_m)._by_first  # type: ignore[attr-defined]
        out = []
        toks = self._toks
        lower = toks.lower
        after = 0  # the first token after the last match
        # (only the words some pattern starts with, found without a Python step per token)
        for i in itertools.compress(range(len(lower)), map(firsts.__contains__, lower)):
            if i < after:
                continue
            hit = self._first(which, i)
            if hit is not None:
                out.append((toks.start[i], toks.end[hit[0] - 1], hit[1]))
                after = hit[0]
        return out

    def roles(self) -> list[tuple[int, int, Role]]:
        """Every role title in the text, longest first, left to right."""
        return self._scan("role")

    def org_types(self) -> list[tuple[int, int, OrgType]]:
        """Every organization-type phrase in the text, longest first, left to right."""
        return self._scan("org")


# --------------------------------------------------------------------------- loading

#: The ontology files :func:`load_lexicon` reads, in order (``shapes.ttl`` is read only by kg.validate).
ONTOLOGY_FILES = ("kg.ttl", "roles.ttl", "org-types.ttl", "indicators.ttl", "units.ttl", "qualifiers.ttl")


def default_ontology_dir() -> Path:
    """The ontology directory: ``$KG_ONTOLOGY_DIR`` if set, else ``<repo>/ontology``.

    ``<repo>`` is ``Path(__file__).resolve().parents[2]``, right for the
    editable install (``src/kg/lexicon.py``).  The path is not checked here.
    """
    env = os.environ.get("KG_ONTOLOGY_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "ontology"


def ontology_files(ontology_dir: Path | None = None, include_shapes: bool = False) -> list[Path]:
    """The Turtle files of the ontology, in a fixed order (kg, roles, org-types, indicators, units, qualifiers).

    ``shapes.ttl`` is added last when ``include_shapes``.  Raises
    :class:`LexiconError` when the directory or a file is missing.
    """
    base = ontology_dir or default_ontology_dir()
    if not base.is_dir():
        raise LexiconError(f"ontology directory {base} does not exist; pass ontology_dir or set KG_ONTOLOGY_DIR")
    names = ONTOLOGY_FILES + (("shapes.ttl",) if include_shapes else ())
    paths = [base / n for n in names]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise LexiconError(f"ontology file(s) missing: {', '.join(missing)}")
    return paths


def _read_graph(paths: Iterable[Path]) -> Graph:
    g = Graph()
    for p in paths:
        try:
            g.parse(p, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise LexiconError(f"{p}: cannot parse Turtle: {exc}") from exc
    return g


def _lit(g: Graph, s: URIRef, p: URIRef, lang: str | None) -> list[str]:
    vals = [o for o in g.objects(s, p) if isinstance(o, Literal) and (lang is None or o.language == lang)]
    return sorted(str(v) for v in vals)


def _local(iri: URIRef, ns: Namespace) -> str:
    return str(iri)[len(str(ns)):]


def _concepts(g: Graph, scheme: URIRef, ns: Namespace) -> list[tuple[URIRef, dict]]:
    out = []
    for c in sorted(set(g.subjects(SKOS.inScheme, scheme))):
        if not isinstance(c, URIRef) or not str(c).startswith(str(ns)):
            continue
        pref_vi = _lit(g, c, SKOS.prefLabel, "vi")
        if len(pref_vi) != 1:
            raise LexiconError(f"{c}: needs exactly one skos:prefLabel@vi, has {len(pref_vi)}")
        pref_en = _lit(g, c, SKOS.prefLabel, "en")
        abbr = _lit(g, c, KG.abbreviation, None)
        alts = _lit(g, c, SKOS.altLabel, "vi") + _lit(g, c, SKOS.hiddenLabel, "vi")
        alts = [a for a in dict.fromkeys(alts + abbr) if a != pref_vi[0]]
        out.append((c, dict(iri=str(c), key=_local(c, ns), label_vi=pref_vi[0],
                            label_en=pref_en[0] if pref_en else "",
                            alt_labels=tuple(alts), abbreviations=tuple(abbr))))
    return out


def _one(g: Graph, s: URIRef, p: URIRef) -> object | None:
    vals = sorted(g.objects(s, p))
    return vals[0] if vals else None


def _key_of(g: Graph, s: URIRef, p: URIRef, ns: Namespace) -> str | None:
    v = _one(g, s, p)
    return _local(v, ns) if isinstance(v, URIRef) and str(v).startswith(str(ns)) else None


def _bool(g: Graph, s: URIRef, p: URIRef, default: bool) -> bool:
    v = _one(g, s, p)
    return bool(v.toPython()) if isinstance(v, Literal) else default


def lexicon_from_graph(g: Graph) -> Lexicon:
    """Build a :class:`Lexicon` from a graph holding the ontology files (see :func:`load_lexicon`).

    Raises :class:`LexiconError` for a concept without exactly one ``skos:prefLabel``\\@vi.
    """
    roles = [
        Role(**kw, is_membership=(c, RDF.type, KG.MembershipRole) in g,
             broader=_key_of(g, c, SKOS.broader, KGR), implied_org_type=_key_of(g, c, KG.impliedOrgType, KGT))
        for c, kw in _concepts(g, KGR.scheme, KGR)
    ]
    org_types = [
        OrgType(**kw, category=_CATEGORIES.get(_one(g, c, KG.orgCategory), "other"),  # type: ignore[arg-type]
                level=_LEVELS.get(_one(g, c, KG.adminLevel)),  # type: ignore[arg-type]
                needs_place=_bool(g, c, KG.needsPlace, True), needs_name=_bool(g, c, KG.needsName, False),
                broader=_key_of(g, c, SKOS.broader, KGT), standard_names=tuple(_lit(g, c, KG.standardName, "vi")),
                only_standard_names=_bool(g, c, KG.onlyStandardNames, False))
        for c, kw in _concepts(g, KGT.scheme, KGT)
    ]
    indicators = [
        Indicator(**kw, unit=_key_of(g, c, KG.defaultUnit, KGU) or "item", is_fallback=_bool(g, c, KG.isFallback, False))
        for c, kw in _concepts(g, KGI.scheme, KGI)
    ]
    units = [Unit(**kw, notation=str(_one(g, c, SKOS.notation) or kw["key"])) for c, kw in _concepts(g, KGU.scheme, KGU)]
    qualifiers = [Qualifier(**kw) for _, kw in _concepts(g, KGQ.scheme, KGQ)]
    area_types = [
        AreaType(**kw, level=_LEVELS.get(_one(g, c, KG.adminLevel), "commune"))  # type: ignore[arg-type]
        for c, kw in _concepts(g, KG.areaTypeScheme, KG)
    ]
    return Lexicon(roles, org_types, indicators, units, qualifiers, area_types)


@functools.lru_cache(maxsize=4)
def _resolved_default_dir(env: str | None) -> Path:
    """:func:`default_ontology_dir`, resolved, for the value ``env`` (``None`` or an absolute path) of ``$KG_ONTOLOGY_DIR``."""
    return default_ontology_dir().resolve()


@functools.lru_cache(maxsize=1)
def _load_default(path: Path) -> Lexicon:
    return lexicon_from_graph(_read_graph(ontology_files(path)))


def load_lexicon(ontology_dir: Path | None = None) -> Lexicon:
    """Load the lexicon from the ontology files in ``ontology_dir``.

    ``ontology_dir`` defaults to :func:`default_ontology_dir` (the repository's
    ``ontology/``); that default is loaded once and cached.  An explicit
    directory is read afresh at every call (tests edit temporary copies).
    Reads ``kg.ttl``, ``roles.ttl``, ``org-types.ttl``, ``indicators.ttl``,
    ``units.ttl`` and ``qualifiers.ttl``.  Raises :class:`LexiconError` when the
    directory or a file is missing, a file is not valid Turtle, or a concept
    lacks its Vietnamese ``skos:prefLabel``.
    """
    if ontology_dir is None:
        # every report asks (kg.pipeline.process_report): resolve the default folder once per value of
        # $KG_ONTOLOGY_DIR, not at every call (Path.resolve reads the file system); a relative one
        # depends on the working folder
        env = os.environ.get("KG_ONTOLOGY_DIR")
        folder = _resolved_default_dir(env) if env is None or os.path.isabs(env) else default_ontology_dir().resolve()
        return _load_default(folder)
    return lexicon_from_graph(_read_graph(ontology_files(Path(ontology_dir))))
