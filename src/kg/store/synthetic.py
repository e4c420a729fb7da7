"""Synthetic report graphs shaped like the emitter's output (docs/model.md), for store tests and benchmarks.

No text is invented beyond template labels: names, places and figures are drawn from small fixed
pools with a seeded :class:`random.Random`, so the same ``(index, seed)`` always gives the same
triples. Entities (areas, organizations, persons, posts) come from shared pools, so — as in real
builds — many report graphs carry their own copy of the same entity triples.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

from kg.store.base import Triple

KG = Namespace("https://w3id.org/kg-vn/ontology#")
KGD = Namespace("https://w3id.org/kg-vn/id/")
KGI = Namespace("https://w3id.org/kg-vn/indicator/")
KGR = Namespace("https://w3id.org/kg-vn/role/")
KGT = Namespace("https://w3id.org/kg-vn/orgtype/")
KGU = Namespace("https://w3id.org/kg-vn/unit/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
TIME = Namespace("http://www.w3.org/2006/time#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

PREFIXES = "\n".join(
    f"PREFIX {p}: <{ns}>"
    for p, ns in [("kg", KG), ("kgd", KGD), ("kgi", KGI), ("org", ORG), ("qb", QB), ("prov", PROV),
                  ("foaf", FOAF), ("skos", SKOS), ("schema", SCHEMA), ("dcterms", DCTERMS),
                  ("sdmx-measure", SDMX_MEASURE), ("sdmx-dimension", SDMX_DIM), ("rdfs", RDFS)]
)
"""SPARQL ``PREFIX`` lines for the namespaces above."""

_DISTRICTS = ["Thường Tín", "Phú Xuyên", "Ứng Hòa", "Mỹ Đức", "Chương Mỹ", "Thanh Oai", "Quốc Oai",
              "Thạch Thất", "Phúc Thọ", "Đan Phượng", "Hoài Đức", "Ba Vì", "Sóc Sơn", "Đông Anh",
              "Gia Lâm", "Thanh Trì", "Mê Linh", "Sơn Tây"]
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc"]
_GIVEN = ["Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Hương", "Sơn", "Mai", "Long", "Thảo", "Nam", "Hải"]
_ORGTYPES = [("huyen-uy", "Huyện ủy"), ("ubnd-huyen", "UBND huyện"), ("hdnd-huyen", "HĐND huyện"),
             ("mttq-huyen", "Ủy ban MTTQ huyện")]
_ROLES = [("bi-thu", "Bí thư"), ("pho-bi-thu", "Phó Bí thư"), ("chu-tich", "Chủ tịch"), ("pho-chu-tich", "Phó Chủ tịch")]
_INDICATORS = [("thu-ngan-sach", KGU.VND), ("chi-ngan-sach", KGU.VND), ("tong-san-pham", KGU.VND),
               ("dien-tich-gieo-trong", KGU.ha), ("san-luong-lua", KGU.t), ("ho-ngheo", KGU.household),
               ("lao-dong-viec-lam", KGU.person), ("ty-le-bhyt", KGU.percent), ("duong-giao-thong", KGU.km),
               ("von-dau-tu", KGU.VND), ("kim-ngach-xuat-khau", KGU.USD), ("vu-an", KGU.case)]
_PERSONS_PER_DISTRICT = 40


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "-".join("".join(c for c in folded if not unicodedata.combining(c)).lower().split())


def report_graph(index: int, observations: int = 12, persons: int = 6, seed: int = 7) -> tuple[str, list[Triple]]:
    """The named graph of synthetic report number ``index``.

    Args:
        index: report number (>= 0); picks the district, year and half-year deterministically.
        observations: statistical observations in the report (each ~12 triples with its span).
        persons: office holders mentioned (each ~20 triples: person, post, span).
        seed: mixed into the per-report random generator.

    Returns:
        ``(graph_iri, triples)`` — ``kgd:graph/synthetic/{index}`` and
        ``45 + 19·persons + 17·observations`` triples (363 with the defaults; a few may repeat
        when the same post is drawn twice, as the emitter's would), including
        ``<report> kg:contentHash "sha256:…"`` (hash of the index and seed).
    """
    rng = random.Random(index * 1_000_003 + seed)
    district_no = index % len(_DISTRICTS)
    district = _DISTRICTS[district_no]
    code = str(270 + district_no)
    year = 2015 + (index // len(_DISTRICTS)) % 10
    half = 1 + index % 2
    slug = f"synthetic/{index}"
    report = KGD[f"report/{slug}"]
    begin, end = (f"{year}-01-01", f"{year}-06-30") if half == 1 else (f"{year}-07-01", f"{year}-12-31")
    interval = KGD[f"interval/{begin}_{end}"]
    area = KGD[f"area/{code}"]
    digest = hashlib.sha256(f"{index}:{seed}".encode()).hexdigest()
    t: list[Triple] = [
        (report, RDF.type, KG.Report), (report, RDF.type, PROV.Entity), (report, RDF.type, FOAF.Document),
        (report, DCTERMS.title, Literal(f"Báo cáo kinh tế - xã hội {half * 6} tháng năm {year} huyện {district}", lang="vi")),
        (report, DCTERMS.date, Literal(f"{year}-{6 * half:02d}-28", datatype=XSD.date)),
        (report, KG.sourceFile, Literal(f"corpus/{slug}.txt")),
        (report, KG.contentHash, Literal(f"sha256:{digest}")),
        (area, RDF.type, SCHEMA.AdministrativeArea), (area, RDF.type, KG.District),
        (area, SKOS.prefLabel, Literal(f"Huyện {district}", lang="vi")),
        (area, RDFS.label, Literal(f"Huyện {district}", lang="vi")),
        (area, SCHEMA.identifier, Literal(code)), (area, SCHEMA.containedInPlace, KGD["area/01"]),
        (area, KG.adminLevel, KG.DistrictLevel), (area, PROV.wasDerivedFrom, report),
        (interval, RDF.type, TIME.ProperInterval), (interval, RDFS.label, Literal(f"{begin}/{end}")),
        (interval, TIME.hasBeginning, KGD[f"instant/{begin}"]), (interval, TIME.hasEnd, KGD[f"instant/{end}"]),
        (KGD[f"instant/{begin}"], TIME.inXSDDate, Literal(begin, datatype=XSD.date)),
        (KGD[f"instant/{end}"], TIME.inXSDDate, Literal(end, datatype=XSD.date)),
    ]
    offset = 0

    def span(text: str) -> URIRef:
        nonlocal offset
        node = URIRef(f"{report}#char={offset},{offset + len(text)}")
        t.extend([
            (node, RDF.type, NIF.String), (node, RDF.type, NIF.RFC5147String),
            (node, NIF.beginIndex, Literal(str(offset), datatype=XSD.nonNegativeInteger)),
            (node, NIF.endIndex, Literal(str(offset + len(text)), datatype=XSD.nonNegativeInteger)),
            (node, NIF.anchorOf, Literal(text)), (node, NIF.referenceContext, report),
        ])
        offset += len(text) + 1
        return node

    for orgtype, org_label in _ORGTYPES:
        org = KGD[f"org/{orgtype}/{code}"]
        t += [(org, RDF.type, ORG.Organization), (org, KG.orgType, KGT[orgtype]),
              (org, SKOS.prefLabel, Literal(f"{org_label} {district}", lang="vi")),
              (org, RDFS.label, Literal(f"{org_label} {district}", lang="vi")),
              (org, KG.jurisdiction, area), (org, PROV.wasDerivedFrom, report)]
    person_rng = random.Random(district_no)
    pool = [_person(person_rng) for _ in range(_PERSONS_PER_DISTRICT)]
    for _ in range(persons):
        name = rng.choice(pool)
        orgtype, org_label = rng.choice(_ORGTYPES)
        role, role_label = rng.choice(_ROLES)
        person = KGD[f"person/{_ascii(name)}/{code}"]
        post = KGD[f"post/{orgtype}/{code}/{role}"]
        org = KGD[f"org/{orgtype}/{code}"]
        evidence = span(f"Đồng chí {name}, {role_label} {org_label} {district} phát biểu.")
        t += [(person, RDF.type, FOAF.Person), (person, FOAF.name, Literal(name, lang="vi")),
              (person, RDFS.label, Literal(name, lang="vi")), (person, ORG.holds, post),
              (person, PROV.wasDerivedFrom, report), (person, KG.evidence, evidence),
              (post, RDF.type, ORG.Post), (post, ORG.heldBy, person), (post, ORG.postIn, org),
              (post, ORG.role, KGR[role]), (post, RDFS.label, Literal(f"{role_label} {org_label} {district}", lang="vi")),
              (post, PROV.wasDerivedFrom, report), (post, KG.evidence, evidence)]
    for _ in range(observations):
        indicator, unit = rng.choice(_INDICATORS)
        value = rng.randrange(1, 10_000) * (10 ** rng.randrange(0, 9))
        evidence = span(f"Chỉ tiêu {indicator} đạt {value} đơn vị.")
        obs = KGD[f"obs/{slug}/{offset}"]
        t += [(obs, RDF.type, QB.Observation), (obs, QB.dataSet, KGD["dataset/reports"]),
              (obs, KG.indicator, KGI[indicator]),
              (obs, SDMX_MEASURE.obsValue, Literal(str(value), datatype=XSD.decimal)),
              (obs, SDMX_ATTR.unitMeasure, unit), (obs, SDMX_DIM.refArea, area),
              (obs, SDMX_DIM.refPeriod, interval),
              (obs, KG.changeFromPreviousPeriod, Literal(f"{rng.uniform(-20, 30):.2f}", datatype=XSD.decimal)),
              (obs, RDFS.label, Literal(f"{indicator}: {value}", lang="vi")),
              (obs, PROV.wasDerivedFrom, report), (obs, KG.evidence, evidence)]
    return str(KGD[f"graph/{slug}"]), t


def report_graphs(count: int, start: int = 0, **kwargs: int) -> Iterator[tuple[str, list[Triple]]]:
    """``report_graph(i, **kwargs)`` for ``i`` in ``range(start, start + count)``."""
    for index in range(start, start + count):
        yield report_graph(index, **kwargs)


GROUP_BY_QUERIES = {
    "obs/indicator": """
        SELECT ?ind (COUNT(DISTINCT ?obs) AS ?n) (SUM(?v) AS ?total) WHERE {
          SELECT DISTINCT ?obs ?ind ?v WHERE { ?obs kg:indicator ?ind ; sdmx-measure:obsValue ?v }
        } GROUP BY ?ind""",
    # Joined inside one report graph: over the union default graph Oxigraph (0.5) and Virtuoso
    # match every copy of an entity triple, so the same join across the union multiplies by the
    # number of reports repeating each triple (53 s on Oxigraph at 1M triples; see docs/store.md).
    "persons/orgtype": """
        SELECT ?type (COUNT(DISTINCT ?person) AS ?n) WHERE { GRAPH ?g {
          ?post org:heldBy ?person ; org:postIn ?org . ?org kg:orgType ?type } } GROUP BY ?type""",
    "reports/year": """
        SELECT ?year (COUNT(DISTINCT ?r) AS ?n) WHERE {
          ?r a kg:Report ; dcterms:date ?d BIND(YEAR(?d) AS ?year) } GROUP BY ?year""",
    "obs/area,period": """
        SELECT ?area ?period (COUNT(DISTINCT ?obs) AS ?n) WHERE {
          ?obs sdmx-dimension:refArea ?area ; sdmx-dimension:refPeriod ?period } GROUP BY ?area ?period""",
}
"""SELECT … GROUP BY queries over the synthetic reports (prepend :data:`PREFIXES`), written so that
every backend gives the same answer; used by ``bench/store_bench.py`` and the store tests."""
