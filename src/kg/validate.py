"""Check a kg graph against the SHACL shapes of ``ontology/shapes.ttl`` (``kg validate``).

:func:`validate` runs pySHACL on the union of all named graphs of the input
merged with the ontology files (``kg.ttl``, ``roles.ttl``, ``org-types.ttl``,
``indicators.ttl``, ``units.ttl``, ``qualifiers.ttl``), so that a shape can
require "a role of roles.ttl" or "an indicator of indicators.ttl".  (pySHACL's
own ``ont_graph`` option is not used: its mix-in copies only class and property
axioms, not the ``skos:inScheme`` of the concepts.)  No RDFS/OWL inference is run (it is slow and the
emitter asserts every class, see ``docs/model.md``); SHACL's own
``rdfs:subClassOf`` handling of ``sh:class`` and ``sh:targetClass`` uses the
subclass axioms of ``kg.ttl``.

:func:`format_violations` renders the result for people: one line per fault,
with the focus node's label, the property path and the shape's message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, SKOS
from rdflib.term import BNode, Node

from kg.lexicon import default_ontology_dir, ontology_files
from kg.store.base import ENTITY_GRAPH as _ENTITY_IRI

ENTITY_GRAPH = URIRef(_ENTITY_IRI)

__all__ = ["Violation", "ValidationResult", "validate", "validate_reports", "entity_closure", "format_violations", "format_report", "PREFIXES"]

SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES: dict[str, str] = {
    "kgd": "https://w3id.org/kg-vn/id/",
    "kg": "https://w3id.org/kg-vn/ontology#",
    "kgr": "https://w3id.org/kg-vn/role/",
    "kgt": "https://w3id.org/kg-vn/orgtype/",
    "kgi": "https://w3id.org/kg-vn/indicator/",
    "kgu": "https://w3id.org/kg-vn/unit/",
    "kgq": "https://w3id.org/kg-vn/qualifier/",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""The prefixes of ``docs/model.md``, used to shorten IRIs in messages."""


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result.

    ``focus``: the node at fault, as a prefixed name (``kgd:obs/report-2020-h1/1234``)
    or ``_:b0`` for a blank node; ``focus_label``: its ``rdfs:label``, ``foaf:name``,
    ``skos:prefLabel`` or ``schema:name`` (Vietnamese first), or ``""``;
    ``path``: the property path as a prefixed name, or ``""`` for a node-level
    constraint; ``message``: the shape's ``sh:message``; ``severity``:
    ``"Violation"``, ``"Warning"`` or ``"Info"``; ``value``: the offending value
    (prefixed name or literal in Turtle syntax), or ``None``.
    """

    focus: str
    focus_label: str
    path: str
    message: str
    severity: str
    value: str | None = None
    graph: str | None = None
    """The report graph the fault is in (prefixed name), when validated report by report."""


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`.

    ``conforms`` is false when there is at least one result of severity
    ``Violation`` (warnings do not break conformance).  ``violations`` lists every
    result, sorted by focus, path, message and value.  ``exit_code`` is the
    process exit status ``kg validate`` should use: 0 when the graph conforms, 1
    otherwise.
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when the graph conforms, 1 when it has violations."""
        return 0 if self.conforms else 1


def _shorten(node: Node) -> str:
    if isinstance(node, URIRef):
        iri = str(node)
        best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
        if best is None:
            return f"<{iri}>"
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{iri[len(best):]}"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3(namespace_manager=None) if node.datatype is None else f'"{node}"^^{_shorten(node.datatype)}'
    return str(node)


def _path(results: Graph, path: Node | None) -> str:
    """Render a SHACL property path: an IRI, or ``^p`` / ``p1/p2`` for the simple complex cases."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _shorten(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(results, inverse)
    first = results.value(path, RDF.first)
    if first is not None:
        items = []
        node: Node | None = path
        while node is not None and node != RDF.nil:
            items.append(_path(results, results.value(node, RDF.first)))
            node = results.value(node, RDF.rest)
        return "/".join(items)
    return _shorten(path)


_LABEL_PROPERTIES = (RDFS.label, FOAF.name, SKOS.prefLabel, SCHEMA.name, NIF.anchorOf)


def _label(data: Graph, node: Node) -> str:
    for prop in _LABEL_PROPERTIES:
        values = [v for v in data.objects(node, prop) if isinstance(v, Literal)]
        if values:
            values.sort(key=lambda v: (v.language != "vi", str(v)))
            return str(values[0])
    return ""


def _union(data: Graph | Dataset) -> Graph:
    """A new Graph with all triples of ``data`` (for a Dataset: every named graph and the default graph)."""
    union = Graph()
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        for triple in data:
            union.add(triple)
    return union


def _read(paths: list[Path]) -> Graph:
    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return g


def validate(data: Graph | Dataset, shapes: Path | None = None, ontology_dir: Path | None = None) -> ValidationResult:
    """Validate ``data`` against the kg SHACL shapes with pySHACL.

    ``data``: an rdflib ``Graph``, or a ``Dataset`` whose named graphs (one per
    report) and default graph are validated together as their union.
    ``shapes``: a SHACL Turtle file; default ``ontology/shapes.ttl``.
    ``ontology_dir``: where the ontology files are; default the repository's
    ``ontology/`` (see :func:`kg.lexicon.default_ontology_dir`).

    Returns a :class:`ValidationResult`.  Raises
    :class:`kg.lexicon.LexiconError` when an ontology file is missing and
    ``FileNotFoundError`` when ``shapes`` does not exist; a shapes file that is
    not Turtle raises rdflib's parser error.  Source of the rules:
    ``ontology/shapes.ttl`` and ``docs/model.md``.
    """
    ont, shacl = _load(shapes, ontology_dir)
    return _check(_union(data), ont, shacl)


def validate_reports(data: Dataset, shapes: Path | None = None, ontology_dir: Path | None = None) -> ValidationResult:
    """Validate each report graph of ``data`` together with the entity descriptions it uses.

    A report graph (one report's facts) is the unit kg builds and guarantees.  The entities it
    names (places, organizations, persons, concepts) are described once, in the shared graph
    ``kgd:graph/entities`` (docs/model.md), so each report graph is checked with the part of
    that graph reachable from its nodes (:func:`entity_closure`); the entity graph is not
    validated on its own (its nodes get their provenance from the reports).

    The entity graph merges every report's description, and reports may spell one entity
    differently (``Bộ Tài chính`` / ``Bộ Tài Chính``) or disagree on a single-valued property.
    A too-many-values result (``sh:maxCount``) on a triple of the entity graph is therefore a
    disagreement between reports, not a fault of one report: it is listed once, with the graph
    ``kgd:graph/entities``, severity ``"Warning"`` (it does not break conformance) and the
    message prefixed ``reports disagree:``.  Every other :class:`Violation` names its report
    graph.  Arguments and errors as :func:`validate`.
    """
    ont, shacl = _load(shapes, ontology_dir)
    entities = data.graph(ENTITY_GRAPH)
    violations: list[Violation] = []
    disagreements: set[Violation] = set()
    conforms = True
    entity_name = _shorten(ENTITY_GRAPH)
    for g in sorted(data.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0 or g.identifier == ENTITY_GRAPH:
            continue
        union = _union(g)
        for triple in entity_closure(entities, g):
            union.add(triple)
        res = _check(union, ont, shacl, entities)
        name = _shorten(g.identifier)
        for v in res.violations:
            if v.graph == entity_name:
                disagreements.add(v)
            else:
                conforms = conforms and v.severity != "Violation"
                violations.append(Violation(v.focus, v.focus_label, v.path, v.message, v.severity, v.value, name))
    violations += sorted(disagreements, key=lambda v: (v.focus, v.path, v.message, v.value or ""))
    return ValidationResult(conforms=conforms, violations=violations)


_INSTANCE_PREFIXES = tuple(PREFIXES["kgd"] + k for k in ("area/", "org/", "person/", "dataset/"))


def entity_closure(entities: Graph, report: Graph) -> list[tuple[Node, Node, Node]]:
    """The part of the entity graph that one report's graph uses: its view of the entities.

    A triple ``(s, p, o)`` of ``entities`` is in the view when ``s`` is an IRI the report graph
    names (or a concept reached from one), and ``o`` is not an entity instance
    (``kgd:area/…``, ``kgd:org/…``, ``kgd:person/…``, ``kgd:dataset/…``) that the report graph
    does not name.  The emitter describes every entity a report refers to (with its provenance,
    in the report graph), so a triple pointing to an entity the report never names was merged in
    from another report and is checked with that one.  Concepts (roles, organization types,
    indicators, units) are followed wherever they are reached.

    Args:
        entities: the entity graph (``kgd:graph/entities``); may be empty.
        report: one report graph.

    Returns:
        the triples, each once, in discovery order.
    """
    if len(entities) == 0:
        return []
    named = {n for t in report for n in (t[0], t[2]) if isinstance(n, URIRef)}
    todo = list(named)
    seen = set(named)
    out = []
    while todo:
        node = todo.pop()
        for triple in entities.triples((node, None, None)):
            o = triple[2]
            if isinstance(o, URIRef) and o not in named and str(o).startswith(_INSTANCE_PREFIXES):
                continue
            out.append(triple)
            if isinstance(o, URIRef) and o not in seen:
                seen.add(o)
                todo.append(o)
    return out


def _load(shapes: Path | None, ontology_dir: Path | None) -> tuple[Graph, Graph]:
    base = ontology_dir or default_ontology_dir()
    shapes_path = Path(shapes) if shapes is not None else base / "shapes.ttl"
    if not shapes_path.is_file():
        raise FileNotFoundError(f"SHACL shapes file {shapes_path} does not exist")
    return _read(ontology_files(base)), _read([shapes_path])


def _check(union: Graph, ont: Graph, shacl: Graph, entities: Graph | None = None) -> ValidationResult:
    """Run pySHACL on ``union`` + ``ont``; with ``entities``, a maxCount result whose values are all
    triples of ``entities`` comes back as a disagreement (see :func:`validate_reports`)."""
    # The ontology is added to the data graph by hand: pySHACL's ont_graph mix-in copies
    # only class and property axioms, not the skos:inScheme of the concepts that the
    # shapes check ("a role of roles.ttl").
    for triple in ont:
        union.add(triple)
    conforms, results, _text = pyshacl.validate(
        union,
        shacl_graph=shacl,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
        meta_shacl=False,
        advanced=True,  # SHACL-AF: the SPARQL target of kgsh:ReversedInterval
        inplace=True,
    )
    violations = []
    entity_name = _shorten(ENTITY_GRAPH)
    # Only the report's top-level results: the nested results of sh:node (sh:detail) are
    # summed up by the message of the property shape that holds the sh:node.
    for r in results.objects(None, SH.result):
        focus = results.value(r, SH.focusNode)
        value = results.value(r, SH.value)
        if value == focus:  # node-level constraints repeat the focus node as the value
            value = None
        messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        severity = results.value(r, SH.resultSeverity)
        path = results.value(r, SH.resultPath)
        graph = None
        if (entities is not None and results.value(r, SH.sourceConstraintComponent) == SH.MaxCountConstraintComponent
                and isinstance(path, URIRef) and all(t in entities for t in union.triples((focus, path, None)))):
            graph = entity_name
            messages = ["reports disagree: " + "; ".join(messages) + " (values: "
                        + ", ".join(sorted(_shorten(o) for o in union.objects(focus, path))) + ")"]
            severity = SH.Warning
        violations.append(
            Violation(
                focus=_shorten(focus),
                focus_label=_label(union, focus),
                path=_path(results, path),
                message="; ".join(messages),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                value=None if value is None else _shorten(value),
                graph=graph,
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message, v.value or ""))
    return ValidationResult(conforms=bool(conforms), violations=violations)


def format_violations(result: ValidationResult) -> str:
    """Render ``result`` for a person, one line per fault.

    Conforming: ``"The graph conforms to the kg shapes."``.  Otherwise a count line
    followed by lines of the form::

        Violation: kgd:obs/r/12 "Thu NSNN: 258,868 tỷ đ" sdmx-attribute:unitMeasure: an observation has exactly one unit: ...

    with `` (value: …)`` appended when the result names an offending value.
    Never raises.
    """
    if not result.violations:
        return "The graph conforms to the kg shapes."
    n_viol = sum(1 for v in result.violations if v.severity == "Violation")
    n_other = len(result.violations) - n_viol
    head = f"{n_viol} violation{'s' if n_viol != 1 else ''}"
    if n_other:
        head += f" and {n_other} warning{'s' if n_other != 1 else ''}"
    lines = [head + ":"]
    for v in result.violations:
        who = v.focus + (f' "{v.focus_label}"' if v.focus_label else "")
        where = f" {v.path}:" if v.path else ":"
        tail = f" (value: {v.value})" if v.value is not None else ""
        graph = f"[{v.graph}] " if v.graph else ""
        lines.append(f"{v.severity}: {graph}{who}{where} {v.message}{tail}")
    return "\n".join(lines)


format_report = format_violations
"""Alias of :func:`format_violations` (the name the CLI brief uses)."""
