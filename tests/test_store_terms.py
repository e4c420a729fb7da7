"""kg.store.base.TermCache: pyoxigraph terms ↔ rdflib terms, with its cache."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.store.base import TermCache


def test_terms_convert_to_the_same_rdflib_terms() -> None:
    terms = TermCache()
    date = ox.NamedNode(str(XSD.date))
    assert terms.to_rdflib(ox.NamedNode("https://w3id.org/kg-vn/id/area/01")) == URIRef("https://w3id.org/kg-vn/id/area/01")
    assert terms.to_rdflib(ox.Literal("Hà Nội", language="vi")) == Literal("Hà Nội", lang="vi")
    assert terms.to_rdflib(ox.Literal("2020-06-30", datatype=date)) == Literal("2020-06-30", datatype=XSD.date)
    plain = terms.to_rdflib(ox.Literal("abc", datatype=ox.NamedNode(str(XSD.string))))
    assert plain == Literal("abc") and plain.datatype is None
    assert terms.to_rdflib(ox.BlankNode("b1")) == BNode("b1")


def test_one_lexical_form_with_different_types_stays_different() -> None:
    # the cache keys on the whole term: "1" as an integer, a decimal, a vi string and a plain string
    terms = TermCache()
    as_integer = terms.to_rdflib(ox.Literal("1", datatype=ox.NamedNode(str(XSD.integer))))
    as_decimal = terms.to_rdflib(ox.Literal("1", datatype=ox.NamedNode(str(XSD.decimal))))
    assert (as_integer.datatype, as_decimal.datatype) == (XSD.integer, XSD.decimal)
    assert terms.to_rdflib(ox.Literal("1", language="vi")) == Literal("1", lang="vi")
    assert terms.to_rdflib(ox.Literal("1")) == Literal("1")
    assert terms.to_rdflib(ox.NamedNode("urn:x:1")) == URIRef("urn:x:1")


def test_labels_are_cached_long_literals_and_blank_nodes_are_not() -> None:
    terms = TermCache()
    label = ox.Literal("Bí thư Huyện ủy", language="vi")
    assert terms.to_rdflib(label) is terms.to_rdflib(ox.Literal("Bí thư Huyện ủy", language="vi"))
    long_text = "x" * (TermCache.LITERAL_MAX + 1)
    first = terms.to_rdflib(ox.Literal(long_text))
    second = terms.to_rdflib(ox.Literal(long_text))
    assert first == second == Literal(long_text) and first is not second
    assert terms.to_rdflib(ox.BlankNode("b2")) is not terms.to_rdflib(ox.BlankNode("b2"))


def test_the_cache_stops_growing_at_its_limit() -> None:
    terms = TermCache(limit=2)
    for i in range(5):
        assert terms.to_rdflib(ox.NamedNode(f"https://example.org/{i}")) == URIRef(f"https://example.org/{i}")
    assert len(terms._back) == 2
