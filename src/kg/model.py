"""Plain dataclasses that flow between the pipeline stages.

read → :class:`Report`; extract → :class:`Extraction` (mentions with spans);
resolve → :class:`ResolvedReport` (entities with stable keys and GSO codes);
emit turns a ResolvedReport into RDF.  No stage passes rdflib graphs to the next.

Offsets are character offsets into ``Report.text``, the *normalized* text
(see :func:`kg.text.normalize`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """A stretch of the normalized report text: ``text == report.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass
class Report:
    """One report after reading and normalization.

    Attributes:
        path: the file path as given by the user (``str``), used in messages.
        key: stable slug of the path relative to the build root (the report IRI's last part).
        text: the normalized body text (NFC, LF, no zero-width characters).
        title: the first line of the body.
        date: publication date, from sidecar metadata, HTML metadata, the text, or ``--date``.
        date_source: where ``date`` came from: "meta" (sidecar or manifest date column), "html", "text",
            "manifest-note" (a date in a free-text manifest cell), "cli", or "" when unknown.
        source: URL or portal description of where the report was published, when known.
        section: portal section (e.g. "Đảng - đoàn thể"), when known.
        content_hash: ``"sha256:<hex>"`` of the raw bytes, used to skip unchanged files.
        year: the report's year: that of ``date``, else the year the text names most often
            (the middle one on a tie), else None.
    """

    path: str
    key: str
    text: str
    title: str = ""
    date: date | None = None
    date_source: str = ""
    source: str | None = None
    section: str | None = None
    content_hash: str = ""
    year: int | None = None

    @property
    def ref_date(self) -> date | None:
        """The date that dates and periods without a year are read against: the publication
        date, else 1 January of :attr:`year` (the year the text itself points to), else None."""
        if self.date is not None:
            return self.date
        return date(self.year, 1, 1) if self.year else None


# ---------------------------------------------------------------- mentions


@dataclass
class PlaceMention:
    """An administrative unit named in the text.

    ``level`` is the type word as written and folded to one of
    "province", "district", "commune" (or "" when the text gives no type word).
    ``kind`` is the Vietnamese type word in canonical form ("huyện", "xã", "thị trấn", ...).
    """

    name: str
    span: Span
    level: str = ""
    kind: str = ""


@dataclass
class OrgMention:
    """An organization: an org type from ``ontology/org-types.ttl`` plus an optional place.

    ``org_type`` is the OrgType key (e.g. "huyen-uy"); ``place`` is the unit whose
    organization it is (None: the report's own area at the org type's level).
    ``term_ordinal`` is the khóa (23 for "khóa XXIII") when the text gives it.
    ``name`` is the full written name of a named body ("Sở Nông nghiệp và PTNT",
    "Bộ Công Thương") whose type word alone names nothing.
    ``parent`` is the body it belongs to when the text names it right after
    ("Ban Tuyên giáo Tỉnh ủy": the Tỉnh ủy).
    ``implied`` is True when the text does not write the body at all and the mention is
    implied by a title ("Phó Bí thư" of the unit whose UBND the next title names, "Tổng Bí thư")
    or an event ("Đại hội đại biểu toàn quốc"): ``span`` is then that title or sentence, the
    evidence, and is no name of the body (it gives no label).
    ``unit_kind`` is the kind of unit ("thị trấn") written after a list of bodies that ends with
    one of a unit not named ("Đảng ủy-UBND-UBMTTQ thị trấn"): every body of the list is of it.
    """

    org_type: str
    span: Span
    place: PlaceMention | None = None
    term_ordinal: int | None = None
    national: bool = False
    name: str | None = None
    parent: OrgMention | None = None
    implied: bool = False
    unit_kind: str | None = None


@dataclass
class PostMention:
    """A role held in an organization: ``role`` is the Role key from ``ontology/roles.ttl``."""

    role: str
    span: Span
    org: OrgMention | None = None


@dataclass
class PersonMention:
    """A named person with the posts the text gives them.  ``sentence`` is the evidence."""

    name: str
    span: Span
    sentence: Span
    posts: list[PostMention] = field(default_factory=list)
    is_author: bool = False


@dataclass
class EventMention:
    """A meeting, session, congress or ceremony.

    kind: "meeting", "session", "congress" or "ceremony".
    date: the event date (a date without a year takes the report's year).
    ordinal: "lần thứ XXIV" → 24. term: (first year, last year) of the nhiệm kỳ.
    month: "2019-03" when the text dates the event by its month only ("phiên thường kỳ tháng 3").
    """

    kind: str
    name: str
    sentence: Span
    date: date | None = None
    ordinal: int | None = None
    term: tuple[int, int] | None = None
    organizer: OrgMention | None = None
    location: PlaceMention | None = None
    chairs: list[str] = field(default_factory=list)
    month: str | None = None


@dataclass
class ObservationMention:
    """One statistic.

    value: Decimal in base units (VND, persons, ha, t, %); unit: unit code of :mod:`kg.text`.
    indicator: Indicator key from ``ontology/indicators.ttl``.
    period: (first day, last day). percent_of_plan: 43.8 for "đạt 43,8% kế hoạch".
    percent_of_standard: 396 for "21,78 km2 (đạt 396% so với quy định)": the figure against a legal
    standard (an administrative unit's area and population, Resolution 1211/2016/UBTVQH13).
    change_pct: +11.79 for "tăng 11,79% so với cùng kỳ", negative for "giảm".
    denominator: 54 for "54/54"; share: 100 for "54/54 (100%)". qualifier: "approx", "more-than", "less-than", "estimated", "cumulative" or None.
    change_of: for a growth rate stated about another figure ("751 tỷ đồng …, tăng 12% so với
    cùng kỳ"), the span of that figure; the rate is then a statistic of its own, in %.
    """

    indicator: str
    value: Decimal
    unit: str
    span: Span
    sentence: Span
    period: tuple[date, date] | None = None
    place: PlaceMention | None = None
    percent_of_plan: Decimal | None = None
    percent_of_standard: Decimal | None = None
    change_pct: Decimal | None = None
    denominator: Decimal | None = None
    qualifier: str | None = None
    label: str = ""
    change_of: Span | None = None
    share: Decimal | None = None


@dataclass
class Extraction:
    """Everything extracted from one report, before resolution."""

    report: Report
    persons: list[PersonMention] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    observations: list[ObservationMention] = field(default_factory=list)
    authors: list[PersonMention] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
