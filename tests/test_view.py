"""kg.view without a browser: the projection, the filters and the page's text.

The fixture (tests/data/fixture_graph.trig) is described in its header: 22 view nodes in two
reports, one of which carries HTML/JS in names and sentences. The browser tests are in
tests/test_view_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from kg.view import (
    SCHEMA,
    ViewError,
    ViewOptions,
    build_view_graph,
    layout_positions,
    node_key,
    parse_period,
    render_html,
    write_view,
)

FIXTURE = Path(__file__).parent / "data" / "fixture_graph.trig"
KGD = "https://w3id.org/kg-vn/id/"
MINH = f"<{KGD}person/nguyen-tien-minh/279>"
OBS_NSNN = f"<{KGD}obs/report-2020-h1/966>"
REPORT_A = f"<{KGD}report/report-2020-h1>"
REPORT_B = f"<{KGD}report/injected-2019>"
AREA_TT = f"<{KGD}area/279>"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    d = Dataset()
    d.parse(FIXTURE, format="trig")
    return d


def labels(G) -> list[str]:
    return sorted(d["label"] for _n, d in G.nodes(data=True))


def test_projection_counts_types_and_labels(ds):
    G = build_view_graph(ds)
    assert (G.number_of_nodes(), G.number_of_edges()) == (22, 43)
    by_type: dict[str, int] = {}
    for _n, t in G.nodes(data="type"):
        by_type[t] = by_type.get(t, 0) + 1
    assert by_type == {
        "Person": 4, "Post": 2, "Organization": 3, "AdministrativeArea": 4,
        "Event": 3, "Observation": 4, "Report": 2,
    }
    assert G.nodes[MINH]["label"] == "Nguyễn Tiến Minh"
    assert G.nodes[OBS_NSNN]["label"] == "Thu NSNN: 258,868 tỷ đ"
    assert G.nodes[f"<{KGD}org/huyen-uy/279>"]["label"] == "Huyện ủy Thường Tín"
    assert G.nodes[f"<{KGD}person/script-alert-1-script/279>"]["label"] == SCRIPT
    assert G.graph["omitted"] == 0 and G.graph["total_nodes"] == 22 and G.graph["triples"] == 324


def test_literals_are_fields_not_nodes(ds):
    G = build_view_graph(ds)
    assert all(n.startswith("<") and n.endswith(">") for n in G.nodes)
    obs = G.nodes[OBS_NSNN]
    assert obs["fields"] == [
        ["Nhãn", "Thu ngân sách nhà nước: ước thực hiện 258.868 triệu đồng"],  # the emitter's wording
        ["Chỉ tiêu", "Thu ngân sách nhà nước"],
        ["Giá trị", "258.868.000.000"],
        ["Đơn vị", "đồng"],  # label from ontology/units.ttl: the graph has none
        ["Địa bàn thống kê", "Huyện Thường Tín"],
        ["Kỳ", "2020-01-01/2020-06-30"],
        ["Ghi chú", "ước"],
    ]
    assert obs["evidence"] == [{
        "text": "Tổng thu ngân sách nhà nước ước thực hiện 258.868 triệu đồng.",
        "report": REPORT_A,
        "reportLabel": "Hội nghị Ban Chấp hành mở rộng đánh giá kết quả lãnh đạo, chỉ đạo 6 tháng đầu năm 2020",
        "url": None,
    }]
    assert [e["text"][:20] for e in G.nodes[MINH]["evidence"]] == ["Ảnh: Đồng chí Nguyễn", "Kết thúc Hội nghị, đ"]
    assert G.nodes[MINH]["fields"] == [["Giữ chức vụ", "Bí thư Huyện ủy Thường Tín"], ["Thành viên", "Thành ủy viên"]]


def test_observation_labels(ds):
    G = build_view_graph(ds)
    obs = sorted(d["label"] for _n, d in G.nodes(data=True) if d["type"] == "Observation")
    assert obs == [
        "Giá trị sản xuất công nghiệp - xây dựng: 8.155 tỷ đ",  # no kg:abbreviation
        "Người được hỗ trợ: 20.685 đối tượng",  # a count keeps the report's words (rdfs:label)
        "Thu NSNN: 258,868 tỷ đ",
        "Thu NSNN: 500 tỷ đ",
    ]


def test_mention_evidence_is_widened_to_its_sentence(ds):
    G = build_view_graph(ds)
    # kg:evidence of Huyện ủy Thường Tín is the mention "Huyện ủy" (237,245): the tooltip shows
    # the enclosing sentence (216,400) instead
    assert [e["text"] for e in G.nodes[f"<{KGD}org/huyen-uy/279>"]["evidence"]] == [
        "Sáng ngày 08/7/2020, Huyện ủy đã tổ chức Hội nghị Ban chấp hành Đảng bộ huyện khóa XXIII "
        "mở rộng nhằm đánh giá công tác lãnh đạo, chỉ đạo trong thực hiện nhiệm vụ 6 tháng đầu năm 2020."]


def test_edges_relations_membership_and_provenance(ds):
    G = build_view_graph(ds)
    post = f"<{KGD}post/huyen-uy/279/bi-thu>"
    assert G.edges[MINH, post] == {"relations": ["Giữ chức vụ"], "provenance": False}
    assert G.edges[MINH, f"<{KGD}org/thanh-uy/01>"]["relations"] == ["Thành viên (Ủy viên)"]
    assert G.edges[MINH, REPORT_A] == {"relations": ["Trích từ"], "provenance": True}
    # a byline person: creator (a fact) and wasDerivedFrom on one edge, so not provenance-only
    assert G.edges[f"<{KGD}person/xuan-tien/report-2020-h1>", REPORT_A] == {
        "relations": ["Trích từ", "Tác giả"], "provenance": False}
    assert sum(1 for *_e, p in G.edges(data="provenance") if p) == 19


def test_centrality_and_size(ds):
    G = build_view_graph(ds)
    # degree centrality without provenance-only edges: Huyện Thường Tín has 12 fact edges of 21
    assert G.nodes[AREA_TT]["centrality"] == pytest.approx(12 / 21)
    assert G.nodes[AREA_TT]["size"] == 40.0
    assert G.nodes[MINH]["centrality"] == pytest.approx(2 / 21)
    assert G.nodes[MINH]["size"] == round(12 + 28 * (2 / 12) ** 0.5, 2)
    assert G.nodes[REPORT_B]["size"] == 12.0


def test_same_text_iri_and_literal_do_not_collide():
    g = Graph()
    area, person = URIRef(f"{KGD}area/10207"), URIRef(f"{KGD}person/hong-van/279")
    odd = URIRef("Hồng Vân")  # an IRI whose text equals a literal elsewhere
    g.add((area, RDF.type, SCHEMA.AdministrativeArea))
    g.add((area, SKOS.prefLabel, Literal("Hồng Vân", lang="vi")))
    g.add((person, RDF.type, FOAF.Person))
    g.add((person, FOAF.name, Literal("Hồng Vân", lang="vi")))
    g.add((person, RDFS.comment, Literal("Hồng Vân")))
    g.add((odd, RDF.type, SCHEMA.AdministrativeArea))
    g.add((person, SCHEMA.homeLocation, odd))
    G = build_view_graph(g)
    assert sorted(G.nodes) == ["<Hồng Vân>", f"<{area}>", f"<{person}>"]
    assert labels(G) == ["Hồng Vân", "Hồng Vân", "Hồng Vân"]
    assert G.number_of_edges() == 1
    with pytest.raises(TypeError):
        node_key(Literal("Hồng Vân"))


def test_types_filter(ds):
    G = build_view_graph(ds, ViewOptions(types=["person", "Org"]))
    assert labels(G) == sorted([
        SCRIPT, "Diệu Hương", "Huyện ủy Thường Tín", "Nguyễn Tiến Minh", "Thành ủy Hà Nội",
        f"UBND huyện {IMG}", "Xuân Tiến"])
    assert G.number_of_edges() == 2
    for names in (["Persons", "organizations"], "Person, Organization"):
        assert sorted(build_view_graph(ds, ViewOptions(types=names)).nodes) == sorted(G.nodes)
    assert build_view_graph(ds, ViewOptions(types=["Place", "AdministrativeUnit"])).number_of_nodes() == 4
    with pytest.raises(ViewError, match="unknown type 'Peple'"):
        build_view_graph(ds, ViewOptions(types=["Peple"]))


def test_period_filter(ds):
    G = build_view_graph(ds, ViewOptions(period="2019"))
    assert labels(G) == sorted([
        SCRIPT, f"Chủ tịch UBND huyện {IMG}", "Huyện Thường Tín", f"Kỳ họp {SCRIPT} HĐND huyện",
        f"Kỳ họp thứ 10 {IMG}", "Thu NSNN: 500 tỷ đ", f"UBND huyện {IMG}"])
    assert build_view_graph(ds, ViewOptions(period="2020")).number_of_nodes() == 16
    # H1 2020: the 2020-07-08 meeting is out; the report (published in July) stays because
    # its H1 observations are in, and so do the people derived from it.
    h1 = build_view_graph(ds, ViewOptions(period="6 tháng đầu năm 2020"))
    assert h1.number_of_nodes() == 15
    assert f"<{KGD}event/meeting/huyen-uy/279/2020-07-08>" not in h1 and MINH in h1 and REPORT_A in h1
    assert build_view_graph(ds, ViewOptions(period="2021")).number_of_nodes() == 0
    with pytest.raises(ViewError, match="cannot read the period"):
        build_view_graph(ds, ViewOptions(period="last year"))


def test_parse_period():
    from datetime import date

    assert parse_period("2020") == (date(2020, 1, 1), date(2020, 12, 31))
    assert parse_period("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert parse_period("2020-06-30") == (date(2020, 6, 30), date(2020, 6, 30))
    assert parse_period("2019/2020-06") == (date(2019, 1, 1), date(2020, 6, 30))
    assert parse_period("quý II/2020") == (date(2020, 4, 1), date(2020, 6, 30))
    with pytest.raises(ViewError, match="ends before it starts"):
        parse_period("2021/2020")
    with pytest.raises(ViewError):
        parse_period("2020-13")


def test_focus_by_label_iri_and_depth(ds):
    G = build_view_graph(ds, ViewOptions(focus="Nguyễn Tiến Minh", depth=1))
    assert labels(G) == sorted([
        "Nguyễn Tiến Minh", "Bí thư Huyện ủy Thường Tín", "Thành ủy Hà Nội",
        "Hội nghị Ban Chấp hành mở rộng đánh giá kết quả lãnh đạo, chỉ đạo 6 tháng đầu năm 2020"])
    assert G.graph["focus"] == MINH
    # accent-free, and depth 2 does not walk through the report into all its facts
    G2 = build_view_graph(ds, ViewOptions(focus="nguyen tien minh", depth=2))
    assert G2.number_of_nodes() == 6
    assert {"Huyện ủy Thường Tín", "Thành phố Hà Nội"} <= set(labels(G2))
    for focus in ("kgd:area/279", AREA_TT, f"{KGD}area/279"):
        G3 = build_view_graph(ds, ViewOptions(focus=focus, depth=1, types=["Organization"]))
        assert labels(G3) == sorted(["Huyện Thường Tín", "Huyện ủy Thường Tín", f"UBND huyện {IMG}"])
    assert build_view_graph(ds, ViewOptions(focus=MINH, depth=0)).number_of_nodes() == 1
    with pytest.raises(ViewError, match="matches no node"):
        build_view_graph(ds, ViewOptions(focus="Trần Văn Không"))
    with pytest.raises(ViewError, match="matches 2 nodes"):
        build_view_graph(ds, ViewOptions(focus="Thu NSNN"))
    with pytest.raises(ViewError, match="--depth"):
        build_view_graph(ds, ViewOptions(focus=MINH, depth=-1))


def test_max_nodes_keeps_most_central_and_says_what_was_left_out(ds):
    G = build_view_graph(ds, ViewOptions(max_nodes=5))
    assert labels(G) == sorted([
        "Huyện Thường Tín", "Huyện ủy Thường Tín", "Thành ủy Hà Nội", f"UBND huyện {IMG}",
        "Nguyễn Tiến Minh"])  # degree 12, 5, 3, 3, then the first of the degree-2 ties: a person
    assert G.graph["omitted"] == 17 and G.graph["total_nodes"] == 22
    assert G.graph["omitted_by_type"] == {
        "Person": 3, "Post": 2, "AdministrativeArea": 3, "Event": 3, "Observation": 4, "Report": 2}
    page = render_html(ds, ViewOptions(max_nodes=5))
    assert (
        '<p class="kg-note" id="kg-omitted">Hiển thị 5 trong 22 nút (--max-nodes 5): đã lược bớt 17 nút '
        "ít trung tâm nhất — 3 người, 2 chức vụ, 3 đơn vị hành chính, 3 sự kiện, 4 số liệu, 2 báo cáo.</p>"
    ) in page
    # the focus node is kept even when it is not among the most central
    Gf = build_view_graph(ds, ViewOptions(focus=REPORT_B, depth=1, max_nodes=1))
    assert list(Gf.nodes) == [REPORT_B]
    with pytest.raises(ViewError, match="--max-nodes"):
        build_view_graph(ds, ViewOptions(max_nodes=-1))


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_page_is_self_contained_and_escaped(ds):
    page = render_html(ds, ViewOptions(title="Thường Tín <b>&</b>"))
    # no external resource: no src/href to a host, no <link>, no @import, CSP forbids requests
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<link" not in page.lower() and "@import" not in page
    assert "default-src 'none'" in page and "connect-src 'none'" in page
    assert len(re.findall(r"^<script", page, re.M)) == 3  # data block, vis-network, the app
    # every injected name and the title appear only escaped
    assert SCRIPT not in page and "<img src=x" not in page and "<b>&</b>" not in page
    assert "<h1>Thường Tín &lt;b&gt;&amp;&lt;/b&gt;</h1>" in page
    m = re.search(r'id="kg-data">(.*?)</script>', page, re.S)
    assert m and "</" not in m.group(1) and "<" not in m.group(1)
    data = page_data(page)
    assert len(data["nodes"]) == 22 and len(data["edges"]) == 43
    node = next(n for n in data["nodes"] if n["id"] == f"<{KGD}person/script-alert-1-script/279>")
    assert node["kg"]["label"] == SCRIPT and node["label"] == SCRIPT and "title" not in node
    assert '<span id="kg-status" data-nodes="22" data-edges="43">22 nút · 43 cạnh</span>' in page
    # a javascript: source is never a link target
    report_b = next(n for n in data["nodes"] if n["id"] == REPORT_B)
    assert report_b["kg"]["url"] is None
    assert data["physics"] is True and data["options"]["physics"]["enabled"] is True


def test_legend_lists_every_type_with_its_count(ds):
    page = render_html(ds)
    legend = re.search(r'<ul id="kg-legend">(.*?)</ul>', page, re.S).group(1)
    rows = re.findall(r'<li data-type="(\w+)">.*?fill="(#[0-9A-F]{6})".*?<span class="kg-count">(\d+)</span>', legend)
    assert rows == [
        ("Person", "#D55E00", "4"), ("Post", "#56B4E9", "2"), ("Organization", "#0072B2", "3"),
        ("AdministrativeArea", "#009E73", "4"), ("Event", "#E69F00", "3"), ("Observation", "#CC79A7", "4"),
        ("Report", "#7A7A7A", "2"),
    ]
    shapes = {n["kg"]["type"]: n["shape"] for n in page_data(page)["nodes"]}
    assert len(set(shapes.values())) == 7


def test_large_view_turns_physics_off_with_precomputed_layout(ds):
    page = render_html(ds, ViewOptions(physics_max_nodes=10))
    data = page_data(page)
    assert data["physics"] is False and data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    G = build_view_graph(ds)
    assert layout_positions(G, 7) == layout_positions(G, 7)  # deterministic
    assert len(set(layout_positions(G, 7).values())) == 22


def test_render_is_deterministic_across_processes():
    """Same page whatever Python's string-hash salt (sets of node ids must never order it)."""
    code = (
        "import hashlib, sys, importlib.util; from rdflib import Dataset; from kg.view import *; "
        "spec = importlib.util.spec_from_file_location('vb', sys.argv[1]); vb = importlib.util.module_from_spec(spec); "
        "spec.loader.exec_module(vb); ds = vb.replicate(vb.load_source('fixture'), 30); "
        "pages = [render_html(ds, ViewOptions(max_nodes=m)) for m in (None, 100)] + "
        "[render_html(ds, ViewOptions(focus='kgd:area/279', depth=2, types=['Person', 'Post', 'Area']))]; "
        "print(hashlib.sha256(''.join(pages).encode()).hexdigest())"
    )
    bench = str(Path(__file__).resolve().parent.parent / "bench" / "view_bench.py")
    digests = set()
    for salt in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": salt}
        res = subprocess.run([sys.executable, "-c", code, bench], capture_output=True, text=True, env=env, timeout=300)
        assert res.returncode == 0, res.stderr
        digests.add(res.stdout.strip())
    assert len(digests) == 1


def test_write_view_utf8_atomic(ds, tmp_path, monkeypatch):
    out = tmp_path / "sub" / "view.html"
    summary = write_view(ds, out, ViewOptions(max_nodes=10))
    assert (summary.path, summary.nodes, summary.omitted, summary.total_nodes) == (out, 10, 12, 22)
    assert summary.edges == build_view_graph(ds, ViewOptions(max_nodes=10)).number_of_edges() == 14
    assert summary.omitted_by_type == {"Person": 3, "Post": 1, "AdministrativeArea": 2, "Observation": 4, "Report": 2}
    raw = out.read_bytes()
    assert "Nguyễn Tiến Minh".encode("utf-8") in raw or "Huyện Thường Tín".encode("utf-8") in raw
    raw.decode("utf-8")
    assert sorted(p.name for p in out.parent.iterdir()) == ["view.html"]
    # a failure while replacing leaves the old file and no temporary file behind
    before = out.read_bytes()

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_view(ds, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["view.html"]


def test_plain_graph_and_bad_input():
    with pytest.raises(TypeError):
        build_view_graph({"not": "a graph"})  # type: ignore[arg-type]
    G = build_view_graph(Graph())
    assert G.number_of_nodes() == 0
    page = render_html(Graph())
    assert 'id="kg-empty"' in page and page_data(page)["nodes"] == []


def test_view_bench_smoke(capsys):
    """bench/view_bench.py runs (small size) and prints one row per setting."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("view_bench", Path(__file__).resolve().parent.parent / "bench" / "view_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--triples", "1500", "--source", "fixture"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["source", "triples", "copies", "max_nodes"]
    rows = [line.split() for line in lines[1:]]
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [("fixture", "6", "2000", "112"), ("fixture", "6", "None", "112")]  # 4 areas + 6 × 18
    big = bench.replicate(bench.load_source("fixture"), 6)
    assert bench.triple_count(big) == int(rows[0][1]) >= 1500
