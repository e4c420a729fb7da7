"""The namespaces of the kg model (``docs/model.md``), as term factories.

``KG.indicator`` and ``KGD["area/279"]`` give ``rdflib.URIRef`` terms.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib import namespace as _ns


class Namespace:
    """An IRI prefix whose terms are made once: ``NS.term`` and ``NS["term"]`` give a ``URIRef``.

    rdflib's own namespace classes build (and, for the closed ones, look up) a new URIRef on
    every attribute access; the emitter makes hundreds of thousands of them per batch.  Not a
    ``str`` subclass, so a term named like a string method ("title", "count") is still a term.
    """

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = URIRef(self._base + name)
        self.__dict__[name] = term
        return term

    def __getitem__(self, name: str) -> URIRef:
        return URIRef(self._base + name)

    def __str__(self) -> str:
        return self._base

    def __repr__(self) -> str:
        return f"Namespace({self._base!r})"


RDF = Namespace(str(_ns.RDF))
RDFS = Namespace(str(_ns.RDFS))
XSD = Namespace(str(_ns.XSD))
DCTERMS = Namespace(str(_ns.DCTERMS))
FOAF = Namespace(str(_ns.FOAF))
ORG = Namespace(str(_ns.ORG))
PROV = Namespace(str(_ns.PROV))
SKOS = Namespace(str(_ns.SKOS))
TIME = Namespace(str(_ns.TIME))

BASE = "https://w3id.org/kg-vn/"
KG = Namespace(BASE + "ontology#")
KGR = Namespace(BASE + "role/")
KGT = Namespace(BASE + "orgtype/")
KGI = Namespace(BASE + "indicator/")
KGU = Namespace(BASE + "unit/")
KGQ = Namespace(BASE + "qualifier/")
KGD = Namespace(BASE + "id/")
SDO = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEA = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

#: Prefix → namespace IRI of every vocabulary kg writes (docs/model.md).
PREFIXES = {
    name: str(ns) for name, ns in {
        "kg": KG, "kgr": KGR, "kgt": KGT, "kgi": KGI, "kgu": KGU, "kgq": KGQ, "kgd": KGD,
        "schema": SDO, "qb": QB, "sdmx-dimension": SDMX_DIM, "sdmx-measure": SDMX_MEA,
        "sdmx-attribute": SDMX_ATT, "nif": NIF, "org": ORG, "prov": PROV, "skos": SKOS,
        "foaf": FOAF, "dcterms": DCTERMS, "time": TIME, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
    }.items()
}
