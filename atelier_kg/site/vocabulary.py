"""The vocabulary as a resource of its own: its documentation page (table of contents, prefixes,
classes and properties with domain, range, labels and definitions in French and English, what
the shapes require of each class, a diagram, downloads) and its representations (Turtle,
JSON-LD, N-Triples, RDF/XML), served at /def by content negotiation as every /id/… IRI is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..export import serialize
from ..namespaces import ATD, BASE, PREFIXES, SH

ONTOLOGY_IRI = URIRef(BASE + "def")
# The files of the vocabulary in the site, beside /def (the HTML page is def.html).
ONTOLOGY_FILES = {"ttl": "def.ttl", "jsonld": "def.jsonld", "nt": "def.nt", "rdf": "def.rdf"}
SHAPES_FILE = "def/formes.ttl"


@dataclass
class Term:
    id: str
    curie: str
    is_class: bool
    labels: dict[str, str]
    definitions: dict[str, str]
    kinds: list[str] = field(default_factory=list)
    parents: list[tuple[str, str | None]] = field(default_factory=list)  # (curie, anchor)
    domains: list[tuple[str, str | None]] = field(default_factory=list)
    ranges: list[tuple[str, str | None]] = field(default_factory=list)
    alignments: list[tuple[str, str]] = field(default_factory=list)
    required: list[dict[str, str]] = field(default_factory=list)  # from the shapes
    deprecated: bool = False  # owl:deprecated true: kept so that old data still reads
    replaced_by: list[tuple[str, str | None]] = field(default_factory=list)  # dcterms:isReplacedBy


def ontology_representations(ontology: Graph, turtle_source: bytes | None = None) -> dict[str, bytes]:
    """The vocabulary in every format, by site file name: the hand-written Turtle document as it
    is (it is the reference), the others serialized from it in a fixed order."""
    ordered = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        ordered.bind(prefix, namespace)
    for triple in sorted(ontology, key=lambda t: tuple(map(str, t))):
        ordered.add(triple)
    ntriples = serialize(ordered, "nt")
    return {
        ONTOLOGY_FILES["ttl"]: turtle_source if turtle_source is not None else serialize(ordered, "ttl"),
        ONTOLOGY_FILES["jsonld"]: serialize(ordered, "jsonld"),
        ONTOLOGY_FILES["nt"]: ntriples,
        ONTOLOGY_FILES["rdf"]: to_rdf_xml(ntriples),
    }


def to_rdf_xml(ntriples: bytes) -> bytes:
    """RDF/XML in the order of the sorted N-Triples (rdflib's writer follows hash order)."""
    import pyoxigraph as ox

    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)


def with_version(turtle: bytes, version: str) -> bytes:
    """The Turtle document with owl:versionIRI and owl:versionInfo of a release (one line each)."""
    text = turtle.decode("utf-8")
    lines = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("owl:versionIRI"):
            line = line[: line.index("owl:versionIRI")] + f"owl:versionIRI       <{BASE}def/{version}> ;\n"
        elif stripped.startswith("owl:versionInfo"):
            line = line[: line.index("owl:versionInfo")] + f'owl:versionInfo      "{version}" ;\n'
        lines.append(line)
    return "".join(lines).encode("utf-8")


class Vocabulary:
    """What the vocabulary page shows, read from the ontology and the shapes."""

    def __init__(self, ontology: Graph, shapes: Graph) -> None:
        self.ontology = ontology
        self.shapes = shapes
        self.names = ontology.namespace_manager
        for prefix, namespace in PREFIXES.items():
            self.names.bind(prefix, namespace, override=True, replace=True)

    def curie(self, term: URIRef) -> tuple[str, str | None]:
        """A term's short name, and its anchor on the page when it is one of ours."""
        anchor = str(term)[len(str(ATD)):] if str(term).startswith(str(ATD)) else None
        return self.names.normalizeUri(term), anchor

    def terms(self) -> list[Term]:
        found = {s for s in self.ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ATD))}
        return [self.term(t) for t in sorted(found, key=str)]

    def term(self, term: URIRef) -> Term:
        graph = self.ontology
        kinds = sorted(self.names.normalizeUri(t) for t in graph.objects(term, RDF.type))
        local = str(term)[len(str(ATD)):]
        is_class = "owl:Class" in kinds or "rdfs:Class" in kinds
        return Term(
            id=local,
            curie="atd:" + local,
            is_class=is_class,
            labels=_texts(graph, term, RDFS.label),
            definitions=_texts(graph, term, SKOS.definition) or _texts(graph, term, RDFS.comment),
            kinds=kinds,
            parents=self._links(term, RDFS.subClassOf if is_class else RDFS.subPropertyOf),
            domains=self._links(term, RDFS.domain),
            ranges=self._links(term, RDFS.range),
            alignments=[(self.names.normalizeUri(p), self.names.normalizeUri(o))
                        for p in (OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf)
                        for o in sorted(graph.objects(term, p), key=str) if isinstance(o, URIRef)],
            required=self.requirements(term) if is_class else [],
            deprecated=(term, OWL.deprecated, Literal(True)) in graph,
            replaced_by=self._links(term, DCTERMS.isReplacedBy),
        )

    def _links(self, term: URIRef, predicate: URIRef) -> list[tuple[str, str | None]]:
        return [self.curie(o) for o in sorted(self.ontology.objects(term, predicate), key=str)
                if isinstance(o, URIRef)]

    def requirements(self, cls: URIRef) -> list[dict[str, str]]:
        """What the shapes require of a class's instances: each blocking rule, by its name."""
        shapes = self.shapes
        rules = []
        for shape in sorted(shapes.subjects(SH.targetClass, cls), key=str):
            for prop in shapes.objects(shape, SH.property):
                if (shapes.value(prop, SH.severity) or SH.Violation) != SH.Violation:
                    continue
                path = shapes.value(prop, SH.path)
                rules.append({
                    "order": f"{int(shapes.value(prop, SH.order) or 99):03d}",
                    "path": self.names.normalizeUri(path) if isinstance(path, URIRef) else "",
                    **{f"name_{lang}": text for lang, text in _texts(shapes, prop, SH.name).items()},
                })
        rules.sort(key=lambda rule: (rule["order"], rule["path"]))
        return rules

    def header(self) -> dict[str, object]:
        graph, node = self.ontology, ONTOLOGY_IRI
        return {
            "iri": str(node),
            "version_iri": str(graph.value(node, OWL.versionIRI) or ""),
            "version": str(graph.value(node, OWL.versionInfo) or ""),
            "titles": _texts(graph, node, DCTERMS.title),
            "descriptions": _texts(graph, node, DCTERMS.description),
            "licence": str(graph.value(node, DCTERMS.license) or ""),
            "modified": str(graph.value(node, DCTERMS.modified) or ""),
        }

    def prefixes(self) -> list[tuple[str, str]]:
        return [(prefix, str(namespace)) for prefix, namespace in PREFIXES.items()]


def _texts(graph: Graph, node: object, predicate: URIRef) -> dict[str, str]:
    return {lit.language or "fr": str(lit) for lit in sorted(graph.objects(node, predicate), key=str)
            if isinstance(lit, Literal)}


__all__ = ["ONTOLOGY_FILES", "ONTOLOGY_IRI", "SHAPES_FILE", "Vocabulary", "ontology_representations",
           "with_version"]
