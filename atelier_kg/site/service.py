"""What the site says about its SPARQL endpoint and its data: the SPARQL 1.1 Service Description
of /sparql (asked for as RDF) and the VoID description at /.well-known/void, both as files of
the site in every graph format, and the saved queries the query page offers as examples.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from .. import formats as registry
from ..export import export_payloads
from ..namespaces import BASE
from ..query.library import SavedQuery, bind_parameters
from ..release.void import VOID, void_graph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3_FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENDPOINT = URIRef(BASE + "sparql")
DUMPS = ("atelier-des-territoires.ttl", "atelier-des-territoires.nt")
# The W3C's names of the formats the endpoint answers in.
RESULT_FORMATS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
                  "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}


def service_description(graph: Graph) -> Graph:
    description = Graph(bind_namespaces="none")
    description.bind("sd", SD)
    description.bind("void", VOID)
    description.bind("dcterms", DCTERMS)
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("graph")
    add = description.add
    add((service, RDF.type, SD.Service))
    add((service, SD.endpoint, ENDPOINT))
    add((service, SD.supportedLanguage, SD.SPARQL11Query))
    title = "Atelier des territoires : point d'accès SPARQL (lecture seule)"
    add((service, DCTERMS.title, Literal(title, lang="fr")))
    add((service, DCTERMS.title, Literal("Atelier des territoires: SPARQL endpoint (read-only)", lang="en")))
    for name in sorted(RESULT_FORMATS):
        add((service, SD.resultFormat, W3_FORMATS[RESULT_FORMATS[name]]))
    add((service, SD.defaultDataset, dataset))
    add((dataset, RDF.type, SD.Dataset))
    add((dataset, SD.defaultGraph, default))
    add((default, RDF.type, SD.Graph))
    add((default, VOID.triples, Literal(len(graph))))
    return description


def site_void(graph: Graph) -> Graph:
    """The release's VoID, with the dumps and the endpoint of the site."""
    void = void_graph(graph, "site")
    dataset = URIRef(f"{BASE}void")
    void.remove((dataset, VOID.dataDump, None))
    for name in DUMPS:
        void.add((dataset, VOID.dataDump, URIRef(BASE + name)))
    void.add((dataset, VOID.sparqlEndpoint, ENDPOINT))
    void.add((dataset, VOID.rootResource, URIRef(BASE + "id/programme/atelier-des-territoires")))
    return void


def graph_files(graph: Graph, stem: str) -> dict[str, bytes]:
    """The graph as stem.ttl, stem.jsonld and stem.nt (blank nodes labelled by the description)."""
    files = export_payloads(graph, stem, [f.name for f in registry.of_kind(registry.GRAPH)])
    del files["context.jsonld"]  # the site's JSON-LD files carry their context inline
    return files


def examples(queries: Mapping[str, SavedQuery]) -> list[dict[str, object]]:
    """The saved queries the page offers, each runnable as it is (parameters at their defaults)."""
    found = []
    for query in sorted(queries.values(), key=lambda q: q.name):
        text = with_defaults(query)
        if text is not None:
            found.append({"name": query.name, "titles": dict(query.titles),
                          "descriptions": dict(query.descriptions), "text": text})
    return found


_FIRST_WHERE = re.compile(r"^(?!\s*#).*?\bWHERE\s*\{", re.IGNORECASE | re.MULTILINE)


def with_defaults(query: SavedQuery) -> str | None:
    """The query's text with its parameters bound to their defaults by a VALUES block at the head
    of its outer WHERE (as `atelier-kg query NAME` binds them); None if one has no default."""
    if not query.parameters:
        return query.text
    if any(p.default is None for p in query.parameters):
        return None
    terms = bind_parameters(query, {})
    where = _FIRST_WHERE.search(query.text)
    if where is None:
        return None
    names = " ".join(f"?{p.name}" for p in query.parameters)
    values = " ".join(str(terms[p.name]) for p in query.parameters)
    block = f"\n  VALUES ({names}) {{ ({values}) }}  # paramètres / parameters"
    return query.text[:where.end()] + block + query.text[where.end():]


__all__ = ["ENDPOINT", "examples", "with_defaults", "graph_files", "service_description", "site_void"]
