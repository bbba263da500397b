"""The pages of the site: a resource's page (what it links to, what links to it, its members or
teams with their roles, its map, its provenance), the kind indexes, the home page, the vocabulary,
the entry guide, the query page and the 404 page, rendered by Jinja2 with autoescaping (every
text from the data is escaped).
"""


from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .. import formats as registry
from .. import kinds as k
from .. import labels as naming
from ..namespaces import ATD, BASE, ID, SH
from ..query.library import SavedQuery
from .diagram import render_diagram
from .display import localized
from .service import examples
from .territory_map import territory_map
from .vocabulary import Vocabulary

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
MEMBERSHIP_LINKS = {ORG.member, ORG.organization}
# How a reader names a link seen from its other end, where the standard vocabulary names it.
INVERSE_LABELS = {
    DCTERMS.isPartOf: ("comprend", "has part"),
    DCTERMS.hasPart: ("fait partie de", "part of"),
    SKOS.inScheme: ("concepts du schéma", "concepts of the scheme"),
    SKOS.broader: ("concepts plus précis", "narrower concepts"),
    URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"): ("source de", "source of"),
    URIRef("http://www.w3.org/ns/org#subOrganizationOf"): ("entités rattachées", "sub-organisations"),
    URIRef("http://rdf.insee.fr/def/geo#subdivisionDirecte"): ("fait partie de", "part of"),
}
PROVENANCE = {URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), DCTERMS.source, ATD.texteDeLaSource}


@dataclass
class Value:
    text: dict[str, str]  # by language ("*" for any)
    href: str | None = None
    lang: str | None = None  # a literal's own language
    note: dict[str, str] | None = None  # what follows the link (a member's role…)
    only: str | None = None  # shown in this language only (the row has the other one too)


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
            shown = localized(term)
            return Value(shown, lang=None) if shown else Value({"*": str(term)}, lang=term.language)
        href = local_path(str(term))
        if href is not None and (term, None, None) in self.graph:
            return Value(self.labels(term), href)
        if str(term).startswith(str(ATD)) and (term, RDFS.label, None) in self.ontology:
            return Value(self.term_labels(term), "/def#" + str(term).split("#")[-1])
        text = self.graph.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else str(term)
        link = str(term) if str(term).startswith(("http://", "https://")) else None
        return Value({"*": text.strip("<>")}, link)

    def row(self, predicate: URIRef, objects: Iterable[Node]) -> Row:
        """A property and its values; a text given in French and in English shows in one of them."""
        values = [self.value(o) for o in _sorted(objects)]
        languages = {v.lang for v in values}
        if {"fr", "en"} <= languages:
            for value in values:
                value.only = value.lang if value.lang in ("fr", "en") else None
        return Row(self.term_labels(predicate), values)

    # -- pages ---------------------------------------------------------------------------------
    def resources(self) -> list[URIRef]:
        return sorted(
            {s for s in self.graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ID)}, key=str
        )

    def resource_page(self, node: URIRef) -> str:
        graph = self.graph
        rows: list[Row] = []
        provenance: list[Row] = []
        for predicate in sorted(set(graph.predicates(node)), key=str):
            if predicate in (SKOS.prefLabel, RDF.type):  # the name is the title; the types sit under it
                continue
            row = self.row(predicate, graph.objects(node, predicate))
            (provenance if predicate in PROVENANCE else rows).append(row)
        path = local_path(str(node)) or ""
        kind = path.split("/")[2] if path.count("/") >= 3 else ""
        return self.environment.get_template("resource.html").render(
            iri=str(node),
            path=path,
            labels=self.labels(node),
            kind=kind,
            kind_title=kind_titles(kind),
            types=[self.value(t) for t in _sorted(graph.objects(node, RDF.type))],
            rows=rows,
            memberships=self.memberships(node),
            incoming=self.incoming(node),
            provenance=provenance,
            schema=self.schema_org(node),
            title=self.labels(node),
            territory_map=territory_map(graph, node),
        )

    def incoming(self, node: URIRef) -> list[Row]:
        """Who links to the resource, grouped by property ("équipe de", "référencé par")."""
        by_property: dict[URIRef, Row] = {}
        for subject, predicate in sorted(graph_links(self.graph, node), key=lambda x: (str(x[1]), str(x[0]))):
            if predicate in MEMBERSHIP_LINKS and (subject, RDF.type, ORG.Membership) in self.graph:
                continue  # shown as members or teams, with their role
            if predicate not in by_property:
                by_property[predicate] = Row(self.inverse_labels(predicate))
            by_property[predicate].values.append(self.value(subject))
        return list(by_property.values())

    def inverse_labels(self, predicate: URIRef) -> dict[str, str]:
        """"comprend" for dcterms:isPartOf; else the property read backwards: "← département"."""
        if predicate in INVERSE_LABELS:
            return dict(zip(("fr", "en"), INVERSE_LABELS[predicate], strict=True))
        return {lang: f"← {text}" for lang, text in self.term_labels(predicate).items()}

    def memberships(self, node: URIRef) -> list[Row]:
        """A team's members, or the teams and bodies a member belongs to, each with its role."""
        graph = self.graph
        rows = []
        for here, there, labels in ((ORG.organization, ORG.member, {"fr": "membres", "en": "members"}),
                                    (ORG.member, ORG.organization, {"fr": "membre de", "en": "member of"})):
            values = []
            for membership in sorted(graph.subjects(here, node), key=str):
                other = graph.value(membership, there)
                if other is None or (membership, RDF.type, ORG.Membership) not in graph:
                    continue
                value = self.value(other)
                roles = [self.labels(r) for r in _sorted(graph.objects(membership, ORG.role))]
                if roles:
                    value.note = {lang: ", ".join(r[lang] for r in roles) for lang in ("fr", "en")}
                values.append(value)
            if values:
                rows.append(Row(labels, values))
        for team in _sorted(graph.objects(node, ATD.equipe)):  # a laureate: its team's members
            if isinstance(team, URIRef):
                rows += [Row({"fr": "membres de l'équipe", "en": "team members"}, row.values)
                         for row in self.memberships(team) if row.label["en"] == "members"]
        return rows

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
        return self.environment.get_template("list.html").render(kind=kind, items=items,
                                                                 title=kind_titles(kind), count=len(items))

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
            kinds=[(kind, kind_titles(kind)) for kind in self.kinds()],
        )

    def kinds(self) -> list[str]:
        return sorted({str(s)[len(ID) :].split("/", 1)[0] for s in self.resources()})

    def vocabulary(self, shapes_files: list[str]) -> str:
        vocabulary = Vocabulary(self.ontology, self.shapes)
        header = vocabulary.header()
        modified = Literal(header["modified"], datatype=XSD.date) if header["modified"] else None
        header["modified_text"] = (localized(modified) if modified is not None else None) or {}
        return self.environment.get_template("vocabulary.html").render(
            header=header, entries=vocabulary.terms(), prefixes=vocabulary.prefixes(),
            diagram=render_diagram(self.ontology), shapes_files=shapes_files,
            title={"fr": "Vocabulaire", "en": "Vocabulary"},
        )

    def sparql_page(self, queries: Mapping[str, SavedQuery]) -> str:
        found = examples(queries)
        return self.environment.get_template("sparql.html").render(
            examples=found, default_query=found[0]["text"] if found else "",
            title={"fr": "Interroger le graphe (SPARQL)", "en": "Query the graph (SPARQL)"},
        )

    def not_found(self) -> str:
        return self.environment.get_template("404.html").render(
            title={"fr": "Page introuvable", "en": "Page not found"})

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


def kind_titles(kind: str) -> dict[str, str]:
    """What a kind of resource is called in each language (Lauréats, Laureates), else its slug."""
    spec = k.find(kind)
    return {lang: spec.title(lang) if spec else kind for lang in ("fr", "en")}


def graph_links(graph: Graph, node: URIRef) -> list[tuple[Node, URIRef]]:
    """(subject, property) of every resource of ours that links to node."""
    return [(s, p) for s, p in graph.subject_predicates(node)
            if isinstance(s, URIRef) and isinstance(p, URIRef) and str(s).startswith(ID)]


def _texts(graph: Graph, node: Node | None, predicate: URIRef) -> dict[str, str]:
    return {
        lit.language or "fr": str(lit) for lit in graph.objects(node, predicate) if isinstance(lit, Literal)
    }


def _sorted(nodes) -> list[Node]:  # type: ignore[no-untyped-def]
    return sorted(nodes, key=lambda n: (str(type(n)), str(n)))


__all__ = ["REPRESENTATIONS", "Row", "Site", "Value", "local_path"]
