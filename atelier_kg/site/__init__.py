"""The static linked-data site: a page per resource at the path of its IRI, with its Turtle,
JSON-LD and N-Triples beside it; class indexes, a home page with the map, client-side search,
the vocabulary's documentation and a guide to writing entries drawn from the SHACL shapes.

Pages are rendered by Jinja2 with autoescaping: every text from the data is escaped.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .. import formats as registry
from .. import kinds as k
from .. import labels as naming
from ..export import bind_prefixes, serialize, write_folder
from ..map import render_map
from ..messages import EntryError, inline
from ..namespaces import ATD, BASE, ID, PREFIXES, SH
from ..outputs import verify_rdf

REPRESENTATIONS = {f.suffix: f.name for f in registry.of_kind(registry.GRAPH)}
# Names of the standard properties, for readers (the project's own come from the ontology).
STANDARD_LABELS = {
    RDF.type: ("type", "type"),
    SKOS.prefLabel: ("nom", "name"),
    SKOS.altLabel: ("sigle", "acronym"),
    SKOS.hiddenLabel: ("autre graphie", "other spelling"),
    SKOS.definition: ("définition", "definition"),
    SKOS.note: ("note", "note"),
    SKOS.editorialNote: ("note éditoriale", "editorial note"),
    SKOS.inScheme: ("schéma", "scheme"),
    SKOS.broader: ("concept plus large", "broader concept"),
    DCTERMS.description: ("description", "description"),
    DCTERMS.title: ("titre", "title"),
    DCTERMS.abstract: ("résumé", "abstract"),
    DCTERMS.type: ("catégorie", "category"),
    DCTERMS.isPartOf: ("fait partie de", "part of"),
    DCTERMS.hasPart: ("comprend", "has part"),
    DCTERMS.spatial: ("territoire", "area"),
    DCTERMS.temporal: ("période", "period"),
    DCTERMS.source: ("source des faits", "source of the facts"),
    DCTERMS.rights: ("crédit", "credit"),
    DCTERMS.creator: ("auteur", "author"),
    DCTERMS.publisher: ("éditeur", "publisher"),
    DCTERMS.issued: ("date", "date"),
    DCTERMS.date: ("date", "date"),
    URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"): ("tiré de", "derived from"),
    URIRef("http://www.w3.org/ns/org#member"): ("membre", "member"),
    URIRef("http://www.w3.org/ns/org#organization"): ("équipe ou instance", "team or body"),
    URIRef("http://www.w3.org/ns/org#role"): ("rôle", "role"),
    URIRef("http://www.w3.org/ns/org#subOrganizationOf"): ("relève de", "part of"),
    URIRef("http://www.w3.org/ns/org#memberOf"): ("rattachement", "affiliation"),
    FOAF.name: ("nom", "name"),
    FOAF.page: ("page web", "web page"),
    FOAF.depiction: ("illustration", "picture"),
    RDF.value: ("valeur", "value"),
    OWL.versionInfo: ("version", "version"),
    URIRef("http://www.opengis.net/ont/geosparql#hasGeometry"): ("géométrie", "geometry"),
    URIRef("http://www.opengis.net/ont/geosparql#asWKT"): ("WKT", "WKT"),
    URIRef("http://rdf.insee.fr/def/geo#codeRegion"): ("code INSEE", "INSEE code"),
    URIRef("http://rdf.insee.fr/def/geo#codeDepartement"): ("code INSEE", "INSEE code"),
    URIRef("http://rdf.insee.fr/def/geo#codeCommune"): ("code INSEE", "INSEE code"),
    URIRef("http://rdf.insee.fr/def/geo#subdivisionDirecte"): ("subdivision", "subdivision"),
    URIRef("http://www.w3.org/ns/dcat#startDate"): ("début", "start"),
    URIRef("http://www.w3.org/ns/dcat#endDate"): ("fin", "end"),
}
PROVENANCE = {URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), DCTERMS.source, ATD.texteDeLaSource}


@dataclass
class Value:
    text: dict[str, str]  # by language ("*" for any)
    href: str | None = None
    lang: str | None = None  # a literal's own language


@dataclass
class Row:
    label: dict[str, str]
    values: list[Value] = field(default_factory=list)


def local_path(iri: str) -> str | None:
    """The site path of one of our IRIs (/id/laureat/mayenne), or None for others."""
    return "/" + iri[len(BASE) :] if iri.startswith(ID) else None


class Site:
    def __init__(self, graph: Graph, ontology: Graph, shapes: Graph) -> None:
        self.graph = graph
        self.ontology = ontology
        self.shapes = shapes
        self.environment = Environment(
            loader=PackageLoader("atelier_kg.site", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.environment.filters["json"] = lambda value: (
            json.dumps(value, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )

    # -- naming ------------------------------------------------------------------------------
    def labels(self, node: Node) -> dict[str, str]:
        return naming.labels(self.graph, node)

    def term_labels(self, term: URIRef) -> dict[str, str]:
        if term in STANDARD_LABELS:
            return dict(zip(("fr", "en"), STANDARD_LABELS[term], strict=True))
        found = {
            lit.language: str(lit)
            for lit in self.ontology.objects(term, RDFS.label)
            if isinstance(lit, Literal)
        }
        if found:
            return {"fr": found.get("fr", str(term)), "en": found.get("en", found.get("fr", str(term)))}
        short = self.graph.namespace_manager.normalizeUri(term)
        return {"fr": short, "en": short}

    def value(self, term: Node) -> Value:
        if isinstance(term, Literal):
            return Value({"*": str(term)}, lang=term.language)
        href = local_path(str(term))
        if href is not None and (term, None, None) in self.graph:
            return Value(self.labels(term), href)
        if str(term).startswith(str(ATD)) and (term, RDFS.label, None) in self.ontology:
            return Value(self.term_labels(term), "/def/#" + str(term).split("#")[-1])
        return Value({"*": str(term)}, str(term) if str(term).startswith(("http://", "https://")) else None)

    # -- pages ---------------------------------------------------------------------------------
    def resources(self) -> list[URIRef]:
        return sorted(
            {s for s in self.graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ID)}, key=str
        )

    def resource_page(self, node: URIRef) -> str:
        graph = self.graph
        outgoing: dict[URIRef, Row] = {}
        provenance: list[Row] = []
        for predicate in sorted(set(graph.predicates(node)), key=str):
            if predicate in (SKOS.prefLabel, RDF.type):  # the name is the title; the types sit under it
                continue
            row = Row(
                self.term_labels(predicate), [self.value(o) for o in _sorted(graph.objects(node, predicate))]
            )
            (provenance.append(row) if predicate in PROVENANCE else outgoing.setdefault(predicate, row))
        incoming: dict[URIRef, Row] = {}
        for subject, predicate in sorted(
            graph.subject_predicates(node), key=lambda x: (str(x[1]), str(x[0]))
        ):
            if isinstance(subject, URIRef):
                incoming.setdefault(predicate, Row(self.term_labels(predicate))).values.append(
                    self.value(subject)
                )
        path = local_path(str(node)) or ""
        kind = path.split("/")[2] if path.count("/") >= 3 else ""
        return self.environment.get_template("resource.html").render(
            iri=str(node),
            path=path,
            labels=self.labels(node),
            kind=kind,
            types=[self.value(t) for t in _sorted(graph.objects(node, RDF.type))],
            rows=list(outgoing.values()),
            incoming=list(incoming.values()),
            provenance=provenance,
            schema=self.schema_org(node),
            title=self.labels(node),
        )

    def schema_org(self, node: URIRef) -> dict[str, object]:
        kind = k.kind_of(node)
        page = kind.page if kind is not None else None
        types = {page.schema_type} if isinstance(page, k.Page) and page.schema_type != "Thing" else set()
        labels = self.labels(node)
        document: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": sorted(types) or ["Thing"],
            "@id": str(node),
            "url": str(node),
            "name": labels["fr"],
        }
        description = self.graph.value(node, DCTERMS.description) or self.graph.value(
            node, ATD.objectifPrincipal
        )
        if description is not None:
            document["description"] = str(description)
        return document

    def kind_index(self, kind: str, nodes: list[URIRef]) -> str:
        items = sorted(
            ((self.labels(n), local_path(str(n))) for n in nodes), key=lambda x: x[0]["fr"].lower()
        )
        spec = k.find(kind)
        title = {lang: spec.title(lang) for lang in ("fr", "en")} if spec else {"fr": kind, "en": kind}
        return self.environment.get_template("list.html").render(kind=kind, items=items, title=title)

    def home(self, map_svg: str) -> str:
        graph = self.graph
        programme = next(iter(graph.subjects(RDF.type, ATD.Programme)), None)
        sessions = sorted(graph.subjects(RDF.type, ATD.Session), key=str)
        laureates = sorted(
            graph.subjects(RDF.type, ATD.TerritoireLaureat), key=lambda n: self.labels(n)["fr"]
        )
        return self.environment.get_template("home.html").render(
            title={"fr": "Atelier des territoires", "en": "Atelier des territoires"},
            programme=self.labels(programme) if programme is not None else {},
            programme_text=_texts(graph, programme, DCTERMS.description) if programme is not None else {},
            sessions=[(self.labels(s), local_path(str(s)), _texts(graph, s, ATD.theme)) for s in sessions],
            laureates=[
                (self.labels(n), local_path(str(n)), _texts(graph, n, ATD.objectifPrincipal))
                for n in laureates
            ],
            map_svg=map_svg,
            kinds=self.kinds(),
        )

    def kinds(self) -> list[str]:
        return sorted({str(s)[len(ID) :].split("/", 1)[0] for s in self.resources()})

    def vocabulary(self) -> str:
        ontology = self.ontology
        terms = sorted(
            {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ATD))}, key=str
        )
        entries = []
        for term in terms:
            kinds = {ontology.namespace_manager.normalizeUri(t) for t in ontology.objects(term, RDF.type)}
            labels = {lit.language: str(lit) for lit in ontology.objects(term, RDFS.label)}
            definitions = {lit.language: str(lit) for lit in ontology.objects(term, SKOS.definition)}
            alignments = [
                (ontology.namespace_manager.normalizeUri(p), ontology.namespace_manager.normalizeUri(o))
                for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, RDFS.domain, RDFS.range)
                for o in _sorted(ontology.objects(term, p))
            ]
            entries.append(
                {
                    "id": str(term).split("#")[-1],
                    "curie": "atd:" + str(term).split("#")[-1],
                    "class": "owl:Class" in kinds,
                    "labels": labels,
                    "definitions": definitions,
                    "alignments": alignments,
                }
            )
        return self.environment.get_template("vocabulary.html").render(
            entries=entries, title={"fr": "Vocabulaire", "en": "Vocabulary"}
        )

    def guide(self) -> str:
        shapes = self.shapes
        pages = [kind.page for kind in k.all_kinds() if isinstance(kind.page, k.Page) and kind.page.shape]
        pages.sort(key=lambda page: page.guide_order)
        order = [page.shape for page in pages]
        sections = []
        for name in order:
            shape = URIRef(f"https://w3id.org/atelier-des-territoires/shapes#{name}")
            rules = []
            for prop in shapes.objects(shape, SH.property):
                severity = shapes.value(prop, SH.severity)
                rules.append(
                    {
                        "order": int(shapes.value(prop, SH.order) or 99),
                        "name": _texts(shapes, prop, SH.name),
                        "description": _texts(shapes, prop, SH.description),
                        "required": severity == SH.Violation,
                    }
                )
            # A SPARQL constraint's severity is its shape's: the warnings of a class are in a shape
            # of their own with the same target.
            targets = set(shapes.objects(shape, SH.targetClass))
            holders = [shape, *(s for t in targets for s in shapes.subjects(SH.targetClass, t) if s != shape)]
            for holder in holders:
                severity = shapes.value(holder, SH.severity) or SH.Violation
                for constraint in shapes.objects(holder, SH.sparql):
                    rules.append(
                        {
                            "order": 100,
                            "name": _texts(shapes, constraint, SH.name),
                            "description": _texts(shapes, constraint, SH.description),
                            "required": severity == SH.Violation,
                        }
                    )
            rules.sort(key=lambda r: (r["order"], r["name"].get("fr", "")))
            sections.append(
                {
                    "name": _texts(shapes, shape, SH.name),
                    "description": _texts(shapes, shape, SH.description),
                    "rules": rules,
                }
            )
        return self.environment.get_template("guide.html").render(
            sections=sections, title={"fr": "Écrire une entrée", "en": "Writing an entry"}
        )

    def search_index(self) -> list[dict[str, str]]:
        return [
            {
                "fr": self.labels(n)["fr"],
                "en": self.labels(n)["en"],
                "kind": str(n)[len(ID) :].split("/")[0],
                "url": local_path(str(n)) or "",
            }
            for n in self.resources()
        ]


# id/KIND/SLUG[/…]: each part lower-case letters and digits, joined by hyphens; nothing else
# becomes a file name (no newline, no dot, no "..", no upper case that would collide on some disks).
_PART = r"[a-z0-9]+(?:-+[a-z0-9]+)*"
SAFE_PAGE_PATH = re.compile(rf"id(?:/{_PART}){{2,4}}")
MAX_PAGE_PATH = 300
RESERVED_PAGES = {"index"}  # id/KIND/index.html lists the kind


def page_path(node: URIRef) -> str:
    """The site path of a resource (id/laureat/mayenne), or EntryError if it cannot be a file name."""
    path = (local_path(str(node)) or "").lstrip("/")
    safe = len(path) <= MAX_PAGE_PATH and SAFE_PAGE_PATH.fullmatch(path) is not None
    if not safe or path.rsplit("/", 1)[1] in RESERVED_PAGES:
        raise EntryError(inline(str(node), 200), None, "unsafe_site_path")
    return path


def build_site(graph: Graph, ontology: Graph, shapes: Graph, out: Path,
               inputs: Iterable[Path] = ()) -> list[Path]:
    """Write the whole site under out (built aside, then moved in place); return the files.

    out is replaced only if it is absent, empty or an earlier site (export.write_folder): the site
    carries a marker file that proves it; inputs (data, shapes…) are never replaced.
    """
    site = Site(bind_prefixes(graph), ontology, shapes)
    files: dict[str, bytes] = {}
    by_kind: dict[str, list[URIRef]] = defaultdict(list)
    for node in site.resources():
        path = page_path(node)
        by_kind[path.split("/")[1]].append(node)
        files[f"{path}.html"] = site.resource_page(node).encode("utf-8")
        description = Graph()
        for triple in graph.triples((node, None, None)):
            description.add(triple)
        for suffix, name in REPRESENTATIONS.items():
            data = serialize(description, name)
            verify_rdf(str(out / f"{path}{suffix}"), data, len(description))  # published: parses back
            files[f"{path}{suffix}"] = data
    for kind, nodes in by_kind.items():
        files[f"id/{kind}/index.html"] = site.kind_index(kind, nodes).encode("utf-8")
    map_svg = render_map(graph).replace('href="https://w3id.org/atelier-des-territoires/', 'href="/')
    files["index.html"] = site.home(map_svg).encode("utf-8")
    files["carte-des-laureats.svg"] = map_svg.encode("utf-8")
    files["def/index.html"] = site.vocabulary().encode("utf-8")
    files["guide/index.html"] = site.guide().encode("utf-8")
    files["search-index.json"] = json.dumps(site.search_index(), ensure_ascii=False, sort_keys=True).encode()
    for name in ("style.css", "site.js", "nginx.conf", "htaccess"):
        target = ".htaccess" if name == "htaccess" else name
        files[target] = (Path(__file__).parent / "static" / name).read_bytes()
    write_folder(files, out, "site", inputs, mark=True)  # the old site or the new one, never a mix
    return sorted(out / name for name in files)


def _texts(graph: Graph, node: Node | None, predicate: URIRef) -> dict[str, str]:
    return {
        lit.language or "fr": str(lit) for lit in graph.objects(node, predicate) if isinstance(lit, Literal)
    }


def _sorted(nodes) -> list[Node]:  # type: ignore[no-untyped-def]
    return sorted(nodes, key=lambda n: (str(type(n)), str(n)))


__all__ = ["PREFIXES", "Site", "build_site", "local_path"]
