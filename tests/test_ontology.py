"""The ontology files: well-formed, labelled in both languages, aligned, and matching docs/model.md."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.lexicon import KG, KGI, KGQ, KGR, KGT, KGU, load_lexicon
from kg.text import fold

REPO = Path(__file__).resolve().parent.parent
ONTO = REPO / "ontology"
SH = Namespace("http://www.w3.org/ns/shacl#")
FILES = ["kg.ttl", "roles.ttl", "org-types.ttl", "indicators.ttl", "units.ttl", "qualifiers.ttl", "shapes.ttl"]
STANDARD = (
    "http://www.w3.org/ns/org#", "http://purl.org/linked-data/cube#", "http://www.w3.org/2006/time#",
    "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#", "https://schema.org/",
    "http://xmlns.com/foaf/0.1/", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
)


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {name: Graph().parse(ONTO / name, format="turtle") for name in FILES}


@pytest.fixture(scope="module")
def kg_ttl(graphs) -> Graph:
    return graphs["kg.ttl"]


def langs(g: Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def declared_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(KG))}


def test_every_kg_term_has_vi_and_en_label_and_comment(kg_ttl):
    terms = declared_terms(kg_ttl)
    assert len(terms) == 75
    missing = [
        (str(t), sorted(langs(kg_ttl, t, RDFS.label)), sorted(langs(kg_ttl, t, RDFS.comment)))
        for t in sorted(terms)
        if not ({"vi", "en"} <= langs(kg_ttl, t, RDFS.label) and {"vi", "en"} <= langs(kg_ttl, t, RDFS.comment))
    ]
    assert missing == []


def test_every_class_is_aligned_to_a_standard_vocabulary(kg_ttl):
    def standard_ancestor(c, seen=()):
        for parent in kg_ttl.objects(c, RDFS.subClassOf):
            if str(parent).startswith(STANDARD) or (parent not in seen and standard_ancestor(parent, (*seen, c))):
                return True
        return False

    classes = sorted(kg_ttl.subjects(RDF.type, OWL.Class))
    assert [str(c) for c in classes if not standard_ancestor(c)] == []
    assert (KG.Province, RDFS.subClassOf, URIRef("https://schema.org/AdministrativeArea")) in kg_ttl
    assert (KG.Term, RDFS.subClassOf, URIRef("http://www.w3.org/2006/time#ProperInterval")) in kg_ttl
    assert (KG.evidence, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) in kg_ttl


def test_every_kg_term_of_the_model_contract_is_declared(kg_ttl, graphs):
    """docs/model.md, the other ontology files and the code use only kg: terms that kg.ttl declares."""
    declared = {str(t)[len(str(KG)):] for t in declared_terms(kg_ttl)}
    used_in_model = set(re.findall(r"\bkg:([A-Za-z][A-Za-z0-9]*)", (REPO / "docs" / "model.md").read_text("utf-8")))
    assert sorted(used_in_model - declared) == []
    used_in_files = {
        str(t)[len(str(KG)):]
        for name, g in graphs.items() if name != "kg.ttl"
        for t in g.all_nodes() | set(g.predicates())
        if isinstance(t, URIRef) and str(t).startswith(str(KG))
    }
    assert sorted(used_in_files - declared) == []
    used_in_code = {
        m for path in (REPO / "src" / "kg").rglob("*.py")
        for m in re.findall(r"\bKG\.([A-Za-z][A-Za-z0-9]*)", path.read_text("utf-8"))
    }
    assert sorted(used_in_code - declared) == []


def test_every_concept_is_labelled_defined_and_in_one_scheme(graphs):
    for name, ns in [("roles.ttl", KGR), ("org-types.ttl", KGT), ("indicators.ttl", KGI),
                     ("units.ttl", KGU), ("qualifiers.ttl", KGQ)]:
        g = graphs[name]
        concepts = set(g.subjects(SKOS.inScheme, ns.scheme))
        assert concepts, name
        for c in concepts:
            assert str(c).startswith(str(ns)), (name, c)
            assert list(g.objects(c, SKOS.inScheme)) == [ns.scheme], (name, c)
            assert {"vi", "en"} <= langs(g, c, SKOS.prefLabel), (name, c)
            assert len([o for o in g.objects(c, SKOS.prefLabel) if o.language == "vi"]) == 1, (name, c)
            assert {"vi", "en"} <= langs(g, c, SKOS.definition), (name, c)
        assert {"vi", "en"} <= langs(g, ns.scheme, RDFS.label), name


@pytest.mark.parametrize("name, ns, cls", [
    ("roles.ttl", KGR, URIRef("http://www.w3.org/ns/org#Role")), ("org-types.ttl", KGT, KG.OrgType),
    ("indicators.ttl", KGI, KG.Indicator), ("units.ttl", KGU, KG.Unit), ("qualifiers.ttl", KGQ, KG.Qualifier)])
def test_every_concept_has_its_scheme_class(graphs, name, ns, cls):
    """The shapes check "a role of roles.ttl" with sh:class, so scheme and class must agree."""
    g = graphs[name]
    in_scheme = set(g.subjects(SKOS.inScheme, ns.scheme))
    typed = set(g.subjects(RDF.type, cls)) | (set(g.subjects(RDF.type, KG.MembershipRole)) if name == "roles.ttl" else set())
    assert sorted(map(str, in_scheme ^ typed)) == []


def test_role_keys():
    """The posts the corpus needs are there (more may be added)."""
    required = [
        "bi-thu", "bo-truong", "chanh-thanh-tra", "chanh-van-phong", "chi-huy-truong", "chinh-tri-vien",
        "chu-nhiem", "chu-nhiem-uy-ban-kiem-tra", "chu-tich", "chu-tich-nuoc", "chu-tich-quoc-hoi",
        "cuc-truong", "dai-bieu-quoc-hoi", "dang-uy-vien", "giam-doc", "giam-doc-cong-an", "huyen-uy-vien",
        "pho-bi-thu", "pho-bi-thu-thuong-truc", "pho-chanh-van-phong", "pho-chu-nhiem", "pho-chu-tich",
        "pho-chu-tich-thuong-truc", "pho-giam-doc", "pho-thu-tuong", "pho-tong-cuc-truong", "pho-truong-ban",
        "pho-truong-doan", "pho-truong-phong", "thanh-uy-vien", "thu-truong", "thu-tuong", "tinh-uy-vien",
        "tong-bi-thu", "tong-cuc-truong", "tong-giam-doc", "truong-ban", "truong-cong-an", "truong-doan",
        "truong-phong", "uy-vien", "uy-vien-ban-bi-thu", "uy-vien-ban-chap-hanh", "uy-vien-ban-thuong-vu",
        "uy-vien-bo-chinh-tri", "uy-vien-trung-uong",
    ]
    lx = load_lexicon()
    keys = [r.key for r in lx.roles]
    assert [k for k in required if k not in keys] == []
    assert [k for k in sorted(r.key for r in lx.roles if r.is_membership) if k in required] == [
        "dai-bieu-quoc-hoi", "dang-uy-vien", "huyen-uy-vien", "thanh-uy-vien", "tinh-uy-vien", "uy-vien",
        "uy-vien-ban-bi-thu", "uy-vien-ban-chap-hanh", "uy-vien-ban-thuong-vu", "uy-vien-bo-chinh-tri",
        "uy-vien-trung-uong",
    ]
    abbreviations = {a: r.key for r in lx.roles for a in r.abbreviations}
    assert {k: abbreviations[k] for k in ["UVTW", "TUV", "HUV", "CT", "PCT", "PBT"]} == {
        "UVTW": "uy-vien-trung-uong", "TUV": "tinh-uy-vien", "HUV": "huyen-uy-vien",
        "CT": "chu-tich", "PCT": "pho-chu-tich", "PBT": "pho-bi-thu",
    }


def test_indicator_keys():
    """The indicators of the seed and gold files are there (more may be added)."""
    required = [
        "agriculture-output", "commune-committees-inspected", "complaints-received", "complaints-settled",
        "craft-villages-env-plans", "donations", "economic-growth-rate", "exports", "grdp", "households",
        "imports", "industrial-output", "industrial-production-index", "industry-construction-output",
        "land-construction-violations-enforced", "local-budget-expenditure", "local-budget-revenue",
        "new-national-standard-schools", "new-party-members", "new-rural-communes", "other-amount",
        "other-count", "other-percent", "other-quantity", "outbreaks-handled", "party-orgs-congress-held",
        "persons-monitored", "persons-supported", "poor-households", "population", "poverty-rate",
        "public-investment-disbursement", "recertified-schools", "retail-sales", "state-budget-revenue",
        "study-classes", "total-investment", "tourist-arrivals", "trade-services-output",
    ]
    keys = [i.key for i in load_lexicon().indicators]
    assert [k for k in required if k not in keys] == []


def test_units_and_qualifiers_are_the_model_contract():
    lx = load_lexicon()
    contract = ["VND", "USD", "percent", "ha", "t", "km", "person", "household", "case", "item"]
    assert [k for k in contract if k not in {u.key for u in lx.units}] == []
    assert sorted(q.key for q in lx.qualifiers) == ["approx", "cumulative", "estimated", "less-than", "more-than"]
    assert {i.unit for i in lx.indicators} <= {u.key for u in lx.units}


def test_indicator_phrases_are_general_phrasings():
    """No digits and no capitalized words other than abbreviations: no names of people or places."""
    for ind in load_lexicon().indicators:
        for phrase in ind.alt_labels:
            assert not re.search(r"\d", phrase), (ind.key, phrase)
            words = phrase.split()
            assert all(w == w.lower() or w.isupper() or w in ("UBND",) for w in words[1:]), (ind.key, phrase)


@pytest.mark.parametrize("attr", ["roles", "org_types", "indicators"])
def test_no_surface_form_names_two_concepts(attr):
    """An ambiguous surface form would be matched to whichever concept sorts first."""
    owner: dict[str, str] = {}
    clashes = []
    for entry in getattr(load_lexicon(), attr):
        for form in entry.surface_forms:
            key = form if form.isupper() else fold(form)
            if owner.setdefault(key, entry.key) != entry.key:
                clashes.append((form, owner[key], entry.key))
    assert clashes == []


def test_shapes_are_valid_shacl(graphs):
    """shapes.ttl conforms to the SHACL-SHACL meta-shapes, and names only scheme IRIs that exist."""
    conforms, _g, text = pyshacl.validate(graphs["shapes.ttl"], shacl_graph=None, meta_shacl=True,
                                          data_graph_format=None)
    assert conforms, text
    known = set()
    for name in FILES[:-1]:
        known |= set(graphs[name].all_nodes())
    referenced = {
        o for o in graphs["shapes.ttl"].objects()
        if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/kg-vn/") and "/shapes" not in str(o)
    }
    assert sorted(str(r) for r in referenced - known) == []


def test_committed_docs_are_up_to_date(tmp_path):
    """docs/ontology/*.html is what `python -m kg.docs` makes from the current ontology."""
    pytest.importorskip("pylode", reason="the docs extra (pyLODE) is not installed: pip install -e '.[docs]'")
    pytest.importorskip("ontospy", reason="the docs extra (Ontospy) is not installed: pip install -e '.[docs]'")
    from kg.docs import build_docs

    written = build_docs(tmp_path)
    assert [p.name for p in written] == ["kg.html", "vocabularies.html"]
    for path in written:
        committed = REPO / "docs" / "ontology" / path.name
        assert committed.read_text("utf-8") == path.read_text("utf-8"), f"{committed} is stale: run python -m kg.docs"
    kg_html = written[0].read_text("utf-8")
    assert "https://w3id.org/kg-vn/ontology#PartyCommittee" in kg_html
    vocab = written[1].read_text("utf-8")
    assert 'name="kgr:pho-bi-thu-thuong-truc"' in vocab
    assert 'name="kgi:state-budget-revenue"' in vocab
