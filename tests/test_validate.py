"""kg.validate: SHACL validation of kg graphs with one readable message per fault."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.lexicon import LexiconError
from kg.validate import Violation, format_report, format_violations, validate

DATA = Path(__file__).parent / "data"


def load(name: str) -> Dataset:
    ds = Dataset()
    ds.parse(DATA / name, format="trig")
    return ds


def test_valid_graph_conforms():
    result = validate(load("valid-minimal.trig"))
    assert result.conforms is True
    assert result.violations == []
    assert result.exit_code == 0
    assert format_violations(result) == "The graph conforms to the kg shapes."


def test_plain_graph_input_is_not_modified():
    ds = load("valid-minimal.trig")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    before = len(g)
    assert validate(g).conforms is True
    assert len(g) == before


def test_missing_unit_unknown_role_bad_code_one_message_each():
    result = validate(load("broken.trig"))
    assert result.conforms is False
    assert result.exit_code == 1
    assert result.violations == [
        Violation(
            focus="kgd:area/279",
            focus_label="Huyện Thường Tín",
            path="schema:identifier",
            message="bad GSO code: a district's code has 3 digits",
            severity="Violation",
            value='"27"',
        ),
        Violation(
            focus="kgd:obs/report-2020-h1/1100",
            focus_label="Giá trị sản xuất công nghiệp - xây dựng: 8.155 tỷ đồng",
            path="sdmx-attribute:unitMeasure",
            message="an observation has exactly one unit: sdmx-attribute:unitMeasure, a unit of units.ttl",
            severity="Violation",
            value=None,
        ),
        Violation(
            focus="kgd:post/huyen-uy/279/bi-thu",
            focus_label="Bí thư Huyện ủy Thường Tín",
            path="org:role",
            message="unknown role: org:role must be a post of roles.ttl (an org:Role of kgr:scheme)",
            severity="Violation",
            value="kgr:bi-thu-huyen",
        ),
    ]


def test_format_violations_is_one_line_per_fault():
    text = format_violations(validate(load("broken.trig")))
    assert text.splitlines() == [
        "3 violations:",
        'Violation: kgd:area/279 "Huyện Thường Tín" schema:identifier: '
        "bad GSO code: a district's code has 3 digits (value: \"27\")",
        'Violation: kgd:obs/report-2020-h1/1100 "Giá trị sản xuất công nghiệp - xây dựng: 8.155 tỷ đồng" '
        "sdmx-attribute:unitMeasure: an observation has exactly one unit: sdmx-attribute:unitMeasure, a unit of units.ttl",
        'Violation: kgd:post/huyen-uy/279/bi-thu "Bí thư Huyện ủy Thường Tín" org:role: '
        "unknown role: org:role must be a post of roles.ttl (an org:Role of kgr:scheme) (value: kgr:bi-thu-huyen)",
    ]
    assert format_report is format_violations


def test_more_faults_one_message_each():
    result = validate(load("broken-more.trig"))
    got = [(v.focus, v.path, v.message, v.value) for v in result.violations]
    assert got == [
        ("kgd:area/10207", "kg:adminLevel", "a kg:Commune has kg:adminLevel kg:CommuneLevel (missing or different)", None),
        ("kgd:event/meeting/huyen-uy/279/2020-07-08", "",
         "an event needs a date (schema:startDate) or an ordinal (kg:ordinal)", None),
        ("kgd:interval/2020-01-01_2020-06-30", "time:hasEnd",
         "interval ends before it begins: its time:hasEnd date is earlier than its time:hasBeginning date", None),
        ("kgd:membership/nguyen-tien-minh/279/thanh-uy/01/thanh-uy-vien", "org:role",
         "unknown membership role: org:role must be a kg:MembershipRole of roles.ttl (an Ủy viên kind of post)",
         "kgr:bi-thu"),
        ("kgd:obs/report-2020-h1/1100", "sdmx-measure:obsValue",
         "an observation has exactly one value: sdmx-measure:obsValue, an xsd:decimal in base units", '"8.155 tỷ"'),
        ("kgd:obs/report-2020-h1/2900", "kg:indicator",
         "unknown indicator: kg:indicator must be a concept of indicators.ttl (a kg:Indicator of kgi:scheme)", "kgi:gdp"),
        ("kgd:obs/report-2020-h1/2900", "sdmx-attribute:unitMeasure",
         "unknown unit: sdmx-attribute:unitMeasure must be a unit of units.ttl (a kg:Unit of kgu:scheme)", "kgu:tonne"),
        ("kgd:org/thanh-uy/01", "kg:evidence",
         "fact has no evidence: add kg:evidence, the nif:String span of the sentence that states it", None),
        ("kgd:person/nguyen-tien-minh/279", "foaf:name", "a person has exactly one foaf:name, a @vi literal", None),
        ("kgd:report/report-2020-h1#char=190,340", "nif:beginIndex",
         "span ends before it begins (nif:endIndex < nif:beginIndex)", '"340"^^xsd:nonNegativeInteger'),
    ]
    assert {v.severity for v in result.violations} == {"Violation"}


def test_named_graphs_are_validated_as_their_union():
    """The report node lives in one named graph and the facts citing it in another."""
    ds = load("valid-minimal.trig")
    graph_iri = next(g.identifier for g in ds.graphs() if str(g.identifier).endswith("report-2020-h1"))
    src = ds.graph(graph_iri)
    other = ds.graph("https://w3id.org/kg-vn/id/graph/other")
    report = next(s for s in src.subjects() if str(s).endswith("/report/report-2020-h1"))
    for triple in list(src.triples((report, None, None))):
        src.remove(triple)
        other.add(triple)
    assert validate(ds).conforms is True
    other.remove((report, None, None))
    result = validate(ds)
    assert result.conforms is False
    assert {v.message for v in result.violations} >= {
        "fact has no provenance: add prov:wasDerivedFrom the report (a kg:Report) it was read from"
    }


def test_custom_shapes_file(tmp_path: Path):
    shapes = tmp_path / "mini.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass foaf:Person ;\n"
        "  sh:property [ sh:path foaf:mbox ; sh:minCount 1 ; sh:message \"a person needs a mailbox\" ] .\n",
        encoding="utf-8",
    )
    result = validate(load("valid-minimal.trig"), shapes=shapes)
    assert [(v.focus_label, v.message) for v in result.violations] == [
        ("Nguyễn Tiến Minh", "a person needs a mailbox"),
        ("Xuân Tiến", "a person needs a mailbox"),
    ]


def test_missing_files_raise(tmp_path: Path, repo_dir: Path):
    with pytest.raises(FileNotFoundError, match="nowhere.ttl does not exist"):
        validate(Graph(), shapes=tmp_path / "nowhere.ttl")
    onto = tmp_path / "ontology"
    shutil.copytree(repo_dir / "ontology", onto)
    (onto / "roles.ttl").unlink()
    with pytest.raises(LexiconError, match="roles.ttl"):
        validate(Graph(), ontology_dir=onto)


def test_validation_of_a_hundred_reports_takes_seconds():
    """100 report graphs with 20 observations each validate in well under 10 s on the CI machine."""
    src = (DATA / "valid-minimal.trig").read_text(encoding="utf-8")
    obs_start = src.index("  kgd:obs\\/report-2020-h1\\/1100")
    obs_end = src.index("  kgd:obs\\/report-2020-h1\\/2900")
    obs = src[obs_start:obs_end]
    ds = Dataset()
    for i in range(100):
        extra = "".join(obs.replace("/1100", f"/{1100 + k}") for k in range(1, 19))
        text = src[:obs_end] + extra + src[obs_end:]
        ds.parse(data=text.replace("report-2020-h1", f"report-{i}"), format="trig")
    start = time.perf_counter()
    result = validate(ds)
    elapsed = time.perf_counter() - start
    assert result.conforms is True
    assert elapsed < 10.0
