"""The seed report must yield exactly the facts issue 2 lists (people, places, orgs, events, statistics)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import rdflib
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS

from kg.emit import KG, KGD, KGR, NIF, QB, SDMX_ATT, SDMX_DIM, SDMX_MEA, SDO
from kg.pipeline import process_report

TIME = rdflib.Namespace("http://www.w3.org/2006/time#")


@pytest.fixture(scope="module")
def seed(seed_path) -> rdflib.Graph:
    """The seed's report and entity triples together (what a query over the union sees)."""
    rg = process_report(str(seed_path), str(seed_path.parent))
    assert rg.graph == "https://w3id.org/kg-vn/id/graph/report-2020-h1"
    g = rdflib.Graph()
    for t in rg.triples + rg.entities:
        g.add(t)
    return g


REPORT = KGD["report/report-2020-h1"]


def label(g, node, prop=SKOS.prefLabel) -> str:
    return str(g.value(node, prop))


def test_person_with_two_posts(seed):
    p = KGD["person/nguyen-tien-minh/01"]
    assert (p, RDF.type, FOAF.Person) in seed
    assert seed.value(p, FOAF.name) == Literal("Nguyễn Tiến Minh", lang="vi")
    member = KGD["membership/nguyen-tien-minh/01/thanh-uy/01/uy-vien"]
    assert (member, RDF.type, ORG.Membership) in seed
    assert seed.value(member, ORG.member) == p
    assert seed.value(member, ORG.organization) == KGD["org/thanh-uy/01"]
    assert seed.value(member, ORG.role) == KGR["uy-vien"]
    post = KGD["post/huyen-uy/279/bi-thu"]
    assert (post, RDF.type, ORG.Post) in seed
    assert seed.value(post, ORG.heldBy) == p
    assert seed.value(post, ORG.postIn) == KGD["org/huyen-uy/279"]
    assert seed.value(post, ORG.role) == KGR["bi-thu"]
    assert (p, ORG.holds, post) in seed


def test_authors_are_persons_and_creators(seed):
    names = set()
    for a in seed.objects(REPORT, DCTERMS.creator):
        assert (a, RDF.type, FOAF.Person) in seed
        names.add(str(seed.value(a, FOAF.name)))
    assert names == {"Xuân Tiến", "Diệu Hương"}
    persons = {str(seed.value(p, FOAF.name)) for p in seed.subjects(RDF.type, FOAF.Person)}
    assert persons == {"Nguyễn Tiến Minh", "Xuân Tiến", "Diệu Hương"}


@pytest.mark.parametrize(
    "code,name,parent,cls",
    [
        ("01", "Thành phố Hà Nội", None, KG.Province),
        ("279", "Huyện Thường Tín", "01", KG.District),
        ("10207", "Xã Hồng Vân", "279", KG.Commune),
        ("10249", "Xã Dũng Tiến", "279", KG.Commune),
    ],
)
def test_places_with_gso_codes_and_parents(seed, code, name, parent, cls):
    a = KGD[f"area/{code}"]
    assert (a, RDF.type, SDO.AdministrativeArea) in seed
    assert (a, RDF.type, cls) in seed
    assert seed.value(a, SDO.identifier) == Literal(code)
    assert seed.value(a, SKOS.prefLabel) == Literal(name, lang="vi")
    assert seed.value(a, SDO.containedInPlace) == (KGD[f"area/{parent}"] if parent else None)


def test_place_keeps_text_spelling_as_alt_label(seed):
    assert Literal("Hồng Vân", lang="vi") in set(seed.objects(KGD["area/10207"], SKOS.altLabel))


def test_organizations(seed):
    orgs = {str(o): label(seed, o) for o in seed.subjects(RDF.type, ORG.Organization)}
    assert orgs[str(KGD["org/huyen-uy/279"])] == "Huyện ủy Thường Tín"
    assert orgs[str(KGD["org/thanh-uy/01"])] == "Thành ủy Hà Nội"
    assert orgs[str(KGD["org/dang-bo/279"])] == "Đảng bộ huyện Thường Tín"
    assert orgs[str(KGD["org/mttq/279"])] == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Thường Tín"
    huyen_uy = KGD["org/huyen-uy/279"]
    assert seed.value(huyen_uy, KG.termOrdinal) == Literal(23, datatype=XSD.integer)
    alts = {str(x) for x in seed.objects(huyen_uy, SKOS.altLabel)}
    assert "Ban chấp hành Đảng bộ huyện khóa XXIII" in alts


def _events(g):
    out = {}
    for e in g.subjects(RDF.type, SDO.Event):
        out[str(e).split("/id/event/")[1]] = e
    return out


def test_events(seed):
    ev = _events(seed)
    meeting = ev["meeting/huyen-uy/279/2020-07-08"]
    assert seed.value(meeting, SDO.startDate) == Literal("2020-07-08", datatype=XSD.date)
    assert seed.value(meeting, SDO.organizer) == KGD["org/huyen-uy/279"]
    assert seed.value(meeting, SDO.location) == KGD["area/279"]
    grassroots = ev["congress/report-report-2020-h1/2020-06-11"]
    assert seed.value(grassroots, SDO.startDate) == Literal("2020-06-11", datatype=XSD.date)
    personnel = ev["activity/huyen-uy/279/2020-06-17"]
    assert seed.value(personnel, SDO.organizer) == KGD["org/huyen-uy/279"]
    congress = ev["congress/dang-bo/279/24"]
    assert seed.value(congress, KG.ordinal) == Literal(24, datatype=XSD.integer)
    term = seed.value(congress, KG["term"])
    assert seed.value(seed.value(term, TIME.hasBeginning), TIME.inXSDDate) == Literal("2020-01-01", datatype=XSD.date)
    assert seed.value(seed.value(term, TIME.hasEnd), TIME.inXSDDate) == Literal("2025-12-31", datatype=XSD.date)
    national = [k for k in ev if k.endswith("/13")]
    assert len(national) == 1 and national[0].startswith("congress/") and national[0].endswith("/vn/13")
    assert len(ev) == 5


EXPECTED_OBS = [
    ("industry-construction-output", "8155000000000", "VND", "43.8"),
    ("trade-services-output", "6072000000000", "VND", "50.2"),
    ("agriculture-output", "875000000000", "VND", "54.9"),
    ("state-budget-revenue", "258868000000", "VND", None),
    ("local-budget-revenue", "1605680000000", "VND", None),
    ("local-budget-expenditure", "965767000000", "VND", None),
    ("land-construction-violations-enforced", "25", "case", None),
    ("craft-villages-env-plans", "49", "item", None),
    ("commune-committees-inspected", "14", "item", None),
    ("new-national-standard-schools", "6", "item", None),
    ("recertified-schools", "17", "item", None),
    ("outbreaks-handled", "2", "item", None),
    ("persons-monitored", "2182", "case", None),
    ("persons-supported", "20685", "person", None),
    ("donations", "871267000", "VND", None),
    ("study-classes", "22", "item", None),
    ("party-orgs-congress-held", "54", "item", "100"),
]


def _observations(g):
    rows = []
    for o in g.subjects(RDF.type, QB.Observation):
        ind = str(g.value(o, KG.indicator)).rsplit("/", 1)[1]
        val = g.value(o, SDMX_MEA.obsValue)
        unit = str(g.value(o, SDMX_ATT.unitMeasure)).rsplit("/", 1)[1]
        pct = g.value(o, KG.percentOfPlan) or g.value(o, KG.shareOfTotal)
        rows.append((o, ind, val, unit, pct))
    return rows


def test_all_17_observations(seed):
    got = {(ind, str(val), unit, str(pct) if pct is not None else None) for _, ind, val, unit, pct in _observations(seed)}
    assert got == set(EXPECTED_OBS)


def test_observation_dimensions(seed):
    for o, _ind, val, _unit, _pct in _observations(seed):
        assert val.datatype == XSD.decimal
        assert seed.value(o, SDMX_DIM.refArea) == KGD["area/279"]
        period = seed.value(o, SDMX_DIM.refPeriod)
        assert period == KGD["interval/2020-01-01_2020-06-30"]
        assert seed.value(o, QB.dataSet) == KGD["dataset/reports"]


def test_decimal_values_survive_sparql_filters(seed):
    q = """PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
    SELECT ?v WHERE { ?o sdmx-measure:obsValue ?v FILTER(?v > 1000000000000) } ORDER BY ?v"""
    vals = [Decimal(str(r.v)) for r in seed.query(q)]
    assert vals == [Decimal("1605680000000"), Decimal("6072000000000"), Decimal("8155000000000")]


def test_every_fact_node_has_provenance_with_sentence_offsets(seed, seed_path):
    from kg.read import read_report

    text = read_report(seed_path).text
    fact_classes = [FOAF.Person, ORG.Post, ORG.Membership, ORG.Organization, SDO.AdministrativeArea, SDO.Event, QB.Observation]
    for cls in fact_classes:
        for node in seed.subjects(RDF.type, cls):
            assert seed.value(node, PROV.wasDerivedFrom) == REPORT, node
    donation = next(o for o, ind, *_ in _observations(seed) if ind == "donations")
    span = seed.value(donation, KG.evidence)
    begin = int(seed.value(span, NIF.beginIndex))
    end = int(seed.value(span, NIF.endIndex))
    assert text[begin:end] == str(seed.value(span, NIF.anchorOf))
    assert "871,267 triệu đồng" in text[begin:end]
    assert str(span) == f"{REPORT}#char={begin},{end}"


def test_report_metadata(seed):
    assert seed.value(REPORT, DCTERMS.date) == Literal("2020-07-08", datatype=XSD.date)
    assert str(seed.value(REPORT, KG.contentHash)).startswith("sha256:")
    title = "Hội nghị Ban Chấp hành mở rộng đánh giá kết quả lãnh đạo, chỉ đạo 6 tháng đầu năm 2020"
    assert seed.value(REPORT, DCTERMS.title) == Literal(title, lang="vi")


def test_build_is_deterministic(seed_path):
    a = process_report(str(seed_path), str(seed_path.parent))
    b = process_report(str(seed_path), str(seed_path.parent))
    assert a == b


def test_iris_have_no_spaces(seed):
    for s, p, o in seed:
        for t in (s, p, o):
            if isinstance(t, URIRef):
                assert " " not in str(t)
