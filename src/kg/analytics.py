"""Graph analytics of a kg graph with networkx (``kg stats``).

The analysis runs on a projection of the RDF graph (docs/model.md) onto the entities that
take part in the political structure: people, organizations, administrative areas and events.
Posts and memberships are folded into person–organization edges (the person holds a post *in*
the organization, or is a member of it); reports, observations, spans and intervals are left
out, so a report that mentions everything does not become the centre of everything.

Edges of the projection (undirected, one per pair):

* person – organization: ``org:holds``/``org:heldBy`` a post whose ``org:postIn`` is the
  organization; ``org:Membership`` (``org:member`` / ``org:organization``);
* organization – area: ``kg:jurisdiction``; organization – organization:
  ``org:subOrganizationOf``; area – area: ``schema:containedInPlace``;
* event – organization: ``schema:organizer``; event – area: ``schema:location``;
  event – person: ``schema:about``, ``kg:chair``.

Measures (networkx): degree centrality and betweenness centrality (exact up to
``BETWEENNESS_EXACT_MAX`` nodes, else sampled from ``BETWEENNESS_SAMPLES`` sources with a fixed
seed, and flagged as approximate), connected components, Louvain communities
(``networkx.community.louvain_communities``, fixed seed) with their modularity.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.view import KG, NODE_TYPES, ORG, SCHEMA, GraphIndex, qname, node_key

__all__ = ["BETWEENNESS_EXACT_MAX", "BETWEENNESS_SAMPLES", "TOP", "compute_stats", "project_entities", "render_stats"]

#: How many rows the rankings and lists keep.
TOP = 10
#: Up to this many projection nodes betweenness is exact (Brandes, O(n·m)).
BETWEENNESS_EXACT_MAX = 1000
#: Source nodes sampled for approximate betweenness on larger projections.
BETWEENNESS_SAMPLES = 300
#: Seed of the sampled betweenness and of Louvain.
SEED = 0

_ENTITY_TYPES = ("Person", "Organization", "AdministrativeArea", "Event")
_CLASS_COUNTS = {t.key: t for t in NODE_TYPES}


def project_entities(index: GraphIndex) -> nx.Graph:
    """The people–organizations–places–events graph of an indexed RDF graph.

    Node ids are :func:`kg.view.node_key` (``<IRI>``); attributes ``type`` (``Person``,
    ``Organization``, ``AdministrativeArea``, ``Event``) and ``label``. Edge attribute
    ``relations``: sorted names of what links the pair (``"Bí thư"`` for a post's role,
    ``"jurisdiction"`` …). See the module docstring for the edge rules.

    Args:
        index: a :class:`kg.view.GraphIndex`.
    """
    G = nx.Graph()
    for s in sorted(index.out, key=str):
        if isinstance(s, Literal):
            continue
        t = index.node_type(s)
        if t is not None and t.key in _ENTITY_TYPES:
            G.add_node(node_key(s), type=t.key, label=index.label(s))
    relations: dict[tuple[str, str], set] = defaultdict(set)

    def link(a, b, text: str) -> None:
        if isinstance(a, Literal) or isinstance(b, Literal):
            return
        ka, kb = node_key(a), node_key(b)
        if ka != kb and ka in G and kb in G:
            relations[(ka, kb) if ka < kb else (kb, ka)].add(text)

    for s, po in index.out.items():
        types = po.get(RDF.type, ())
        if ORG.Post in types:
            role = index.value(s, ORG.role)
            text = index.label(role) if role is not None else index.label(s)
            for org in po.get(ORG.postIn, ()):
                for person in po.get(ORG.heldBy, ()):
                    link(person, org, text)
        if ORG.Membership in types:
            role = index.value(s, ORG.role)
            text = index.label(role) if role is not None else index.label(s)
            for person in po.get(ORG.member, ()):
                for org in po.get(ORG.organization, ()):
                    link(person, org, text)
        for pred, name in ((KG.jurisdiction, "jurisdiction"), (ORG.subOrganizationOf, "subOrganizationOf"),
                           (SCHEMA.containedInPlace, "containedInPlace"), (SCHEMA.organizer, "organizer"),
                           (SCHEMA.location, "location"), (SCHEMA.about, "about"), (KG.chair, "chair")):
            for o in po.get(pred, ()):
                link(s, o, name)
        # org:holds written on the person side only (no org:heldBy on the post).
        for post in po.get(ORG.holds, ()):
            role = index.value(post, ORG.role)
            text = index.label(role) if role is not None else index.label(post)
            for org in index.objects(post, ORG.postIn):
                link(s, org, text)
    for (a, b), texts in sorted(relations.items()):
        G.add_edge(a, b, relations=sorted(texts))
    return G


def _ranked(G: nx.Graph, type_key: str, degree: dict, betweenness: dict) -> list[dict]:
    rows = [
        {
            "iri": n[1:-1],
            "label": G.nodes[n]["label"],
            "degree": G.degree(n),
            "degree_centrality": round(degree[n], 4),
            "betweenness": round(betweenness[n], 4),
        }
        for n, t in G.nodes(data="type")
        if t == type_key
    ]
    rows.sort(key=lambda r: (-r["degree_centrality"], -r["betweenness"], r["label"], r["iri"]))
    return rows[:TOP]


def _members(G: nx.Graph, nodes, degree: dict, k: int = 5) -> list[str]:
    ordered = sorted(nodes, key=lambda n: (-degree[n], G.nodes[n]["label"], n))
    return [G.nodes[n]["label"] for n in ordered[:k]]


def _multi_post_people(index: GraphIndex) -> list[dict]:
    """People with two or more distinct posts and memberships together."""
    posts: dict = defaultdict(set)
    memberships: dict = defaultdict(set)
    for s, po in index.out.items():
        types = po.get(RDF.type, ())
        if ORG.Post in types:
            for person in po.get(ORG.heldBy, ()):
                posts[person].add(s)
        if ORG.Membership in types:
            for person in po.get(ORG.member, ()):
                memberships[person].add(s)
        for post in po.get(ORG.holds, ()):
            posts[s].add(post)
    rows = []
    for person in set(posts) | set(memberships):
        if isinstance(person, Literal):
            continue
        t = index.node_type(person)
        if t is None or t.key != "Person":
            continue
        if len(posts[person]) + len(memberships[person]) < 2:
            continue
        rows.append({
            "iri": str(person),
            "label": index.label(person),
            "posts": sorted(index.label(p) for p in posts[person]),
            "memberships": sorted(index.label(m) for m in memberships[person]),
        })
    rows.sort(key=lambda r: (-(len(r["posts"]) + len(r["memberships"])), r["label"], r["iri"]))
    return rows


def compute_stats(ds: Graph) -> dict:
    """Analytics of an RDF graph, as a JSON-serializable dict.

    Keys:

    * ``triples`` (distinct), ``graphs`` (non-empty named graphs);
    * ``classes``: instances per view type (``Person``, ``Post``, ``Organization``,
      ``AdministrativeArea``, ``Event``, ``Observation``, ``Report``) and ``Membership``;
    * ``projection``: ``{"nodes", "edges"}`` of :func:`project_entities`;
    * ``central_people``, ``central_organizations``: at most :data:`TOP` rows
      ``{iri, label, degree, degree_centrality, betweenness}`` sorted by degree centrality,
      then betweenness, then label (values rounded to 4 decimals);
    * ``betweenness_approximate``: ``True`` when betweenness was sampled;
    * ``components``: ``{"count", "sizes" (largest first, at most TOP), "largest" (up to 5
      labels of the best-connected members of the largest)}``;
    * ``communities``: ``{"method": "louvain", "seed", "count", "singletons", "modularity",
      "top": [{"size", "members"}]}`` (``count`` includes the ``singletons``, communities of one
      node, which are never listed; ``top``: at most TOP communities of 2+ nodes, largest first);
    * ``multi_post_people``: ``[{iri, label, posts, memberships}]`` for every person with two
      or more posts and memberships together, most first.

    Args:
        ds: ``rdflib.Dataset``/``ConjunctiveGraph`` (all graphs) or ``rdflib.Graph``.

    Raises:
        TypeError: ``ds`` is not an rdflib graph.
    """
    index = GraphIndex(ds)
    counts: Counter = Counter()
    memberships = 0
    for s, po in index.out.items():
        t = index.node_type(s)
        if t is not None:
            counts[t.key] += 1
        if ORG.Membership in po.get(RDF.type, ()):
            memberships += 1
    classes = {key: counts.get(key, 0) for key in _CLASS_COUNTS}
    classes["Membership"] = memberships

    G = project_entities(index)
    n = G.number_of_nodes()
    degree = nx.degree_centrality(G) if n else {}
    approximate = n > BETWEENNESS_EXACT_MAX
    if approximate:
        betweenness = nx.betweenness_centrality(G, k=BETWEENNESS_SAMPLES, seed=SEED)
    else:
        betweenness = nx.betweenness_centrality(G) if n else {}

    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    if G.number_of_edges():
        communities = nx.community.louvain_communities(G, seed=SEED)
        modularity = nx.community.modularity(G, communities)
    else:
        communities = [{v} for v in G.nodes]
        modularity = 0.0
    communities = sorted(communities, key=lambda c: (-len(c), min(c)))
    return {
        "triples": index.triples,
        "graphs": index.graphs,
        "classes": classes,
        "projection": {"nodes": n, "edges": G.number_of_edges()},
        "central_people": _ranked(G, "Person", degree, betweenness),
        "central_organizations": _ranked(G, "Organization", degree, betweenness),
        "betweenness_approximate": approximate,
        "components": {
            "count": len(comps),
            "sizes": [len(c) for c in comps[:TOP]],
            "largest": _members(G, comps[0], degree) if comps else [],
        },
        "communities": {
            "method": "louvain",
            "seed": SEED,
            "count": len(communities),
            "singletons": sum(1 for c in communities if len(c) == 1),
            "modularity": round(modularity, 4),
            "top": [
                {"size": len(c), "members": _members(G, c, degree)}
                for c in communities[:TOP]
                if len(c) > 1
            ],
        },
        "multi_post_people": _multi_post_people(index),
    }


def render_stats(stats: dict, console: Console) -> None:
    """Print :func:`compute_stats` output as rich tables.

    Args:
        stats: the dict from :func:`compute_stats`.
        console: where to print (``rich.console.Console``; pass ``Console(file=…)`` to capture).
            IRIs are printed with the prefixes of docs/model.md (``kgd:person/…``); the JSON
            form keeps them whole.
    """
    console.print(
        f"[bold]{stats['triples']:,}[/] distinct triples (a triple in several graphs counts once) in [bold]{stats['graphs']}[/] named graphs; "
        f"projection (people–organizations–places–events): {stats['projection']['nodes']:,} nodes, "
        f"{stats['projection']['edges']:,} edges"
    )
    table = Table(title="Counts by class")
    table.add_column("class")
    table.add_column("count", justify="right")
    for key, count in stats["classes"].items():
        table.add_row(key, f"{count:,}")
    console.print(table)

    suffix = " (betweenness sampled)" if stats["betweenness_approximate"] else ""
    for key, title in (("central_people", "Most central people"), ("central_organizations", "Most central organizations")):
        table = Table(title=title + suffix)
        for col, justify in (("name", "left"), ("links", "right"), ("degree c.", "right"), ("betweenness", "right"), ("IRI", "left")):
            table.add_column(col, justify=justify, overflow="fold")
        for row in stats[key]:
            table.add_row(_plain(row["label"]), str(row["degree"]), f"{row['degree_centrality']:.4f}",
                          f"{row['betweenness']:.4f}", _plain(qname(row["iri"])))
        console.print(table)

    comps = stats["components"]
    line = Text.assemble(
        ("Connected components: ", "bold"),
        f"{comps['count']:,}; sizes {', '.join(map(str, comps['sizes']))}",
        ("; largest includes: " + "; ".join(comps["largest"])) if comps["largest"] else "",
    )
    console.print(line)

    com = stats["communities"]
    listed = f"the {len(com['top'])} largest listed" if com["top"] else "none listed"
    title = (f"Communities (Louvain, seed {com['seed']}): {com['count']:,} ({com['singletons']:,} of one node; {listed}), "
             f"modularity {com['modularity']:.4f}")
    table = Table(title=title)
    table.add_column("size", justify="right")
    table.add_column("best-connected members")
    for row in com["top"]:
        table.add_row(str(row["size"]), _plain("; ".join(row["members"])))
    console.print(table)

    table = Table(title="People who hold several posts")
    table.add_column("name")
    table.add_column("posts")
    table.add_column("memberships")
    for row in stats["multi_post_people"]:
        table.add_row(_plain(row["label"]), _plain("; ".join(row["posts"])), _plain("; ".join(row["memberships"])))
    console.print(table)


def _plain(text: str) -> Text:
    """Graph text as a rich ``Text`` (never parsed as console markup: a name like "[red]" or
    "[/]" in a report prints as written)."""
    return Text(text)
