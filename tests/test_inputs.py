"""The same report in any encoding or shape yields the same graph; the ontology drives the lexicon;
the seed graph conforms to the shapes; output files are readable by everyone."""

from __future__ import annotations

import shutil
import stat
import unicodedata

import pytest
import rdflib

from kg.emit import KG
from kg.pipeline import build, process_report
from kg.text.legacy import encode_tcvn3


def _facts(path, root):
    """The triples of a report without what depends on the file's bytes (hash) and name."""
    rg = process_report(str(path), str(root))
    return {t for t in rg.triples + rg.entities if t[1] not in (KG.contentHash, KG.sourceFile)}


@pytest.mark.parametrize(
    "variant",
    ["nfd", "crlf-zero-width", "utf16le-bom", "utf16be-nobom", "utf8-bom", "tcvn3"],
)
def test_every_form_of_the_seed_gives_the_same_graph(variant, seed_path, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    if variant == "nfd":
        data = unicodedata.normalize("NFD", text).encode("utf-8")
    elif variant == "crlf-zero-width":
        data = text.replace("\n", "\r\n").replace("Huyện ủy", "Huyện\u200b ủy").replace("đồng", "đồ\u00adng").encode("utf-8")
    elif variant == "utf16le-bom":
        data = text.encode("utf-16")
    elif variant == "utf16be-nobom":
        data = text.encode("utf-16-be")
    elif variant == "utf8-bom":
        data = text.encode("utf-8-sig")
    else:
        # TCVN3 has no curly quotes, en dashes or ellipsis; normalize() unifies the first two
        eight_bit = text.replace("…", "...").replace("“", '"').replace("”", '"').replace("–", "-")
        data = encode_tcvn3(eight_bit)
    clean = tmp_path / "clean" / "report-2020-h1.txt"
    clean.parent.mkdir()
    clean.write_text(text.replace("…", "...") if variant == "tcvn3" else text, encoding="utf-8")
    twin = tmp_path / "twin" / "report-2020-h1.txt"
    twin.parent.mkdir()
    twin.write_bytes(data)
    assert _facts(twin, twin.parent) == _facts(clean, clean.parent)


def test_a_new_alt_label_in_roles_ttl_is_recognized_without_code(tmp_path, repo_dir):
    from kg.extract import extract
    from kg.lexicon import load_lexicon
    from kg.model import Report

    onto = tmp_path / "ontology"
    shutil.copytree(repo_dir / "ontology", onto)
    text = "Đồng chí Lâm Văn Tú, Bí thư thứ nhất Huyện ủy Krông Nô, phát biểu."
    rep = Report(path="x.txt", key="x", text=text, title=text)
    before = extract(rep, load_lexicon(onto))
    # without the new title, "Bí thư" is read and "thứ nhất" breaks it from its committee
    assert [(x.role, x.org) for p in before.persons for x in p.posts] == [("bi-thu", None)]
    roles = onto / "roles.ttl"
    roles.write_text(
        roles.read_text(encoding="utf-8")
        + '\nkgr:bi-thu-thu-nhat a skos:Concept , org:Role ;\n    skos:inScheme kgr:scheme ; skos:broader kgr:bi-thu ;\n'
        '    skos:prefLabel "Bí thư thứ nhất"@vi , "First Secretary"@en ;\n'
        '    skos:altLabel "Bí thư Thứ nhất"@vi ;\n    skos:definition "Bí thư thứ nhất."@vi , "First secretary."@en .\n',
        encoding="utf-8",
    )
    after = extract(rep, load_lexicon(onto))
    [person] = after.persons
    assert [(x.role, x.org.org_type) for x in person.posts] == [("bi-thu-thu-nhat", "huyen-uy")]


def test_seed_graph_conforms(seed_path):
    from kg.validate import validate_reports

    rg = process_report(str(seed_path), str(seed_path.parent))
    ds = rdflib.Dataset()
    for iri, triples in ((rg.graph, rg.triples), ("https://w3id.org/kg-vn/id/graph/entities", rg.entities)):
        g = ds.graph(rdflib.URIRef(iri))
        for t in triples:
            g.add(t)
    res = validate_reports(ds)
    assert res.violations == [] and res.conforms


def test_output_files_are_world_readable(seed_path, tmp_path):
    build([seed_path], tmp_path)
    mode = stat.S_IMODE((tmp_path / "graph.trig").stat().st_mode)
    assert mode & 0o044 == 0o044
