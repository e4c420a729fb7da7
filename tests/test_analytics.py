"""kg.analytics on the fixture graph (tests/data/fixture_graph.trig): exact counts, rankings,
components, communities and people with several posts; the rich rendering; ``kg stats``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF
from rich.console import Console

from kg.analytics import compute_stats, project_entities, render_stats
from kg.view import ORG, GraphIndex

FIXTURE = Path(__file__).parent / "data" / "fixture_graph.trig"
KGD = "https://w3id.org/kg-vn/id/"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    d = Dataset()
    d.parse(FIXTURE, format="trig")
    return d


@pytest.fixture(scope="module")
def stats(ds) -> dict:
    return compute_stats(ds)


def test_counts(stats):
    assert stats["triples"] == 324 and stats["graphs"] == 2
    assert stats["classes"] == {
        "Person": 4, "Post": 2, "Organization": 3, "AdministrativeArea": 4, "Event": 3,
        "Observation": 4, "Report": 2, "Membership": 1,
    }
    assert stats["projection"] == {"nodes": 14, "edges": 16}


def test_projection_edges(ds):
    G = project_entities(GraphIndex(ds))
    minh = f"<{KGD}person/nguyen-tien-minh/279>"
    # the post and the membership become person–organization edges named by the role
    assert G.edges[minh, f"<{KGD}org/huyen-uy/279>"]["relations"] == ["Bí thư"]
    assert G.edges[minh, f"<{KGD}org/thanh-uy/01>"]["relations"] == ["Ủy viên"]
    assert sorted(G.adj[minh]) == [f"<{KGD}org/huyen-uy/279>", f"<{KGD}org/thanh-uy/01>"]
    assert {t for _n, t in G.nodes(data="type")} == {"Person", "Organization", "AdministrativeArea", "Event"}


def test_central_people_and_organizations(stats):
    assert [(r["label"], r["degree"], r["degree_centrality"]) for r in stats["central_people"]] == [
        ("Nguyễn Tiến Minh", 2, 0.1538),
        ("<script>alert(1)</script>", 1, 0.0769),
        ("Diệu Hương", 0, 0.0),
        ("Xuân Tiến", 0, 0.0),
    ]
    assert [(r["label"], r["degree"], r["betweenness"]) for r in stats["central_organizations"]] == [
        ("Huyện ủy Thường Tín", 5, 0.1731),
        ("UBND huyện <img src=x onerror=alert(2)>", 3, 0.1282),
        ("Thành ủy Hà Nội", 3, 0.0192),
    ]
    assert stats["central_organizations"][0]["iri"] == f"{KGD}org/huyen-uy/279"
    assert stats["betweenness_approximate"] is False


def test_components_and_communities(ds, stats):
    # the two bylines are people with no post: components of their own
    assert stats["components"] == {
        "count": 3,
        "sizes": [12, 1, 1],
        "largest": ["Huyện Thường Tín", "Huyện ủy Thường Tín", "Thành ủy Hà Nội",
                    "UBND huyện <img src=x onerror=alert(2)>",
                    "Hội nghị Ban Chấp hành Đảng bộ huyện khóa XXIII mở rộng"],
    }
    com = stats["communities"]
    assert (com["method"], com["seed"], com["count"], com["singletons"]) == ("louvain", 0, 5, 2)  # the bylines
    assert [c["size"] for c in com["top"]] == [5, 4, 3]
    assert com["top"][1]["members"] == ["Huyện ủy Thường Tín", "Thành ủy Hà Nội", "Nguyễn Tiến Minh", "Thành phố Hà Nội"]
    assert com["top"][2]["members"] == ["UBND huyện <img src=x onerror=alert(2)>",
                                        "Kỳ họp thứ 10 <img src=x onerror=alert(2)>", "<script>alert(1)</script>"]
    # the modularity reported is networkx's for that partition
    G = project_entities(GraphIndex(ds))
    parts = nx.community.louvain_communities(G, seed=0)
    assert com["modularity"] == round(nx.community.modularity(G, parts), 4) == 0.2578


def test_multi_post_people(stats):
    assert stats["multi_post_people"] == [{
        "iri": f"{KGD}person/nguyen-tien-minh/279",
        "label": "Nguyễn Tiến Minh",
        "posts": ["Bí thư Huyện ủy Thường Tín"],
        "memberships": ["Thành ủy viên"],
    }]


def test_holds_written_on_person_side_only():
    g = Graph()
    person, post, org = URIRef(f"{KGD}person/a/1"), URIRef(f"{KGD}post/x/1/bi-thu"), URIRef(f"{KGD}org/x/1")
    post2 = URIRef(f"{KGD}post/y/1/pho-bi-thu")
    g.add((person, RDF.type, FOAF.Person))
    g.add((person, FOAF.name, Literal("Trần Văn A", lang="vi")))
    for p in (post, post2):
        g.add((p, RDF.type, ORG.Post))
        g.add((person, ORG.holds, p))
        g.add((p, ORG.postIn, org))
    g.add((org, RDF.type, ORG.Organization))
    s = compute_stats(g)
    assert s["projection"] == {"nodes": 2, "edges": 1}
    assert [r["label"] for r in s["multi_post_people"]] == ["Trần Văn A"]
    assert s["multi_post_people"][0]["posts"] == ["bi-thu", "pho-bi-thu"]  # no labels: IRI segment


def test_empty_graph():
    s = compute_stats(Graph())
    assert s["projection"] == {"nodes": 0, "edges": 0}
    assert s["components"] == {"count": 0, "sizes": [], "largest": []}
    assert s["communities"]["count"] == 0 and s["central_people"] == []


def test_json_serializable_and_rendered(stats):
    assert json.loads(json.dumps(stats, ensure_ascii=False)) == stats
    buf = io.StringIO()
    render_stats(stats, Console(file=buf, width=200, color_system=None))
    text = buf.getvalue()
    for expected in ("324 distinct triples (a triple in several graphs counts once) in 2 named graphs", "Counts by class", "Most central people",
                     "Most central organizations", "Connected components: 3; sizes 12, 1, 1",
                     "Communities (Louvain, seed 0): 5 (2 of one node; the 3 largest listed), modularity 0.2578", "People who hold several posts",
                     "Nguyễn Tiến Minh", "<script>alert(1)</script>", "Thành ủy viên"):
        assert expected in text


def test_markup_in_names_is_printed_as_written():
    g = Graph()
    p = URIRef(f"{KGD}person/x/1")
    g.add((p, RDF.type, FOAF.Person))
    g.add((p, FOAF.name, Literal("[bold red]Giả[/] [link=x]", lang="vi")))
    buf = io.StringIO()
    render_stats(compute_stats(g), Console(file=buf, width=200, color_system=None))
    assert "[bold red]Giả[/] [link=x]" in buf.getvalue()


def test_kg_stats_cli(tmp_path):
    """``kg stats GRAPH`` and ``--format json`` (the CLI is the lead's; this checks the wiring)."""
    cmd = [sys.executable, "-c", "from kg.cli import app; app()", "stats", str(FIXTURE)]
    table = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert table.returncode == 0, table.stderr
    assert "Most central organizations" in table.stdout and "Huyện ủy Thường Tín" in table.stdout
    js = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    assert data["classes"]["Person"] == 4 and data["multi_post_people"][0]["label"] == "Nguyễn Tiến Minh"
