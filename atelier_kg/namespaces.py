"""Namespaces, the base IRI and IRI minting from slugs."""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/atelier-des-territoires/"
ATD = Namespace(BASE + "def#")
ID = BASE + "id/"
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")

# One fixed prefix table: every serialization binds exactly these, so outputs never
# depend on rdflib's defaults or on the order in which terms were first seen.
PREFIXES: dict[str, Namespace] = {
    "atd": ATD,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "geo": GEO,
    "igeo": IGEO,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "skos": SKOS,
    "xsd": XSD,
}

# Matched whole (fullmatch): with re.match, "$" also matches before a final "\n", and a
# slug "abc\n" would name files and IRIs across two lines.
SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
_SLUG = re.compile(SLUG_PATTERN)


MAX_SLUG_LENGTH = 100


def is_slug(value: str) -> bool:
    return len(value) <= MAX_SLUG_LENGTH and bool(_SLUG.fullmatch(value))


def mint(kind: str, *slugs: str) -> URIRef:
    """The IRI of a resource of `kind` named by its slug(s).

    Nested resources (an ambition of a laureate) join their parent's slug and their
    own with "--", which no slug may contain, so two paths never give one IRI.
    """
    key = (kind, *slugs)
    iri = _MINTED.get(key)
    if iri is None:
        if len(_MINTED) >= _MINTED_LIMIT:
            _MINTED.clear()
        iri = _MINTED[key] = URIRef(f"{ID}{kind}/{'--'.join(slugs)}")
    return iri


# The same resources are named again and again (every link to an organisation, a concept, a
# department): one URIRef each, made once (rdflib checks every new one) and shared in memory.
_MINTED: dict[tuple[str, ...], URIRef] = {}
_MINTED_LIMIT = 1_000_000


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph
