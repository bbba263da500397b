"""One registry of file formats, as rdflib's plugin table is: a short name, its aliases, its media
types and its file extension in one entry. Export, the server's content negotiation, the site,
the release's distributions and the query result formats all look formats up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GRAPH, RESULTS, PAGE, OTHER = "graph", "results", "page", "other"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class Format:
    name: str  # the short name commands take: ttl, jsonld, csv…
    media_type: str
    suffix: str  # the file extension, with its dot
    kind: str  # GRAPH (an RDF serialization), RESULTS (SPARQL results), PAGE or OTHER
    title_fr: str
    title_en: str
    eu_file_type: str  # the EU authority's code, for DCAT distributions
    aliases: tuple[str, ...] = ()  # other names (turtle, json-ld…)
    media_aliases: tuple[str, ...] = ()  # other media types clients send for it
    text: bool = True  # served with "; charset=utf-8"
    oxigraph: str | None = None  # the pyoxigraph RdfFormat that parses and writes it

    @property
    def content_type(self) -> str:
        """The media type as a response's Content-Type."""
        needs_charset = self.text and not self.media_type.endswith(("+json", "+xml", "/json", "/ld+json"))
        return f"{self.media_type}; charset=utf-8" if needs_charset else self.media_type


_REGISTRY: tuple[Format, ...] = (
    Format("ttl", "text/turtle", ".ttl", GRAPH, "Graphe en Turtle", "Graph in Turtle", "RDF_TURTLE",
           aliases=("turtle",), oxigraph="TURTLE"),
    Format("jsonld", "application/ld+json", ".jsonld", GRAPH, "Graphe en JSON-LD", "Graph in JSON-LD",
           "JSON_LD", aliases=("json-ld",), oxigraph="JSON_LD"),
    Format("nt", "application/n-triples", ".nt", GRAPH, "Graphe en N-Triples (trié)",
           "Graph in N-Triples (sorted)", "RDF_N_TRIPLES", aliases=("ntriples", "n-triples"), text=False,
           oxigraph="N_TRIPLES"),
    Format("rdf", "application/rdf+xml", ".rdf", OTHER, "Graphe en RDF/XML", "Graph in RDF/XML", "RDF_XML",
           aliases=("xml-rdf", "rdfxml"), oxigraph="RDF_XML"),
    Format("json", "application/sparql-results+json", ".srj", RESULTS, "Résultats SPARQL en JSON",
           "SPARQL results in JSON", "JSON", media_aliases=("application/json",)),
    Format("xml", "application/sparql-results+xml", ".srx", RESULTS, "Résultats SPARQL en XML",
           "SPARQL results in XML", "XML", media_aliases=("application/xml",)),
    Format("csv", "text/csv", ".csv", RESULTS, "Table CSV", "CSV table", "CSV"),
    Format("tsv", "text/tab-separated-values", ".tsv", RESULTS, "Table TSV", "TSV table", "TSV"),
    Format("html", "text/html", ".html", PAGE, "Page web", "Web page", "HTML",
           media_aliases=("application/xhtml+xml",)),
    Format("nt.gz", "application/gzip", ".nt.gz", OTHER, "Graphe en N-Triples compressé (gzip)",
           "Graph in N-Triples, gzip-compressed", "GZIP", text=False),
    Format("schema.json", "application/json", ".schema.json", OTHER, "Schéma de table (Table Schema)",
           "Table Schema", "JSON"),
    Format("svg", "image/svg+xml", ".svg", OTHER, "Carte des lauréats (SVG)", "Map of the laureates (SVG)",
           "SVG"),
    Format("md", "text/markdown", ".md", OTHER, "Journal des changements", "Changelog", "TXT"),
)
_BY_NAME = {name: f for f in _REGISTRY for name in (f.name, *f.aliases)}
_BY_MEDIA = {media: f for f in reversed(_REGISTRY) for media in (f.media_type, *f.media_aliases)}


def get(name: str) -> Format:
    """A format by its name or an alias (KeyError if unknown)."""
    return _BY_NAME[name.lower()]


def by_media_type(media_type: str) -> Format | None:
    return _BY_MEDIA.get(media_type.split(";")[0].strip().lower())


def by_file_name(name: str) -> Format | None:
    """The format of a file, by its longest matching extension (x.nt.gz: nt.gz, not gz)."""
    found = [f for f in _REGISTRY if name.endswith(f.suffix)]
    return max(found, key=lambda f: len(f.suffix), default=None)


def oxigraph_format(name: str) -> Any:
    """The pyoxigraph RdfFormat of an RDF format, by name, alias or file name (x.ttl)."""
    import pyoxigraph as ox

    found = _BY_NAME.get(name.lower()) or by_file_name(name)
    if found is None or found.oxigraph is None:
        raise KeyError(name)
    return getattr(ox.RdfFormat, found.oxigraph)


def of_kind(kind: str) -> list[Format]:
    return [f for f in _REGISTRY if f.kind == kind]


def names(kind: str) -> tuple[str, ...]:
    return tuple(f.name for f in of_kind(kind))


def media_types(kind: str) -> dict[str, Format]:
    """Every media type a client may ask for the formats of a kind, canonical ones first."""
    formats = of_kind(kind)
    found = {f.media_type: f for f in formats}
    found.update({media: f for f in formats for media in f.media_aliases})
    return found
