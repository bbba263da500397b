"""How a resource is named for people: one function for the CSV tables, the diff, the map, the site
and the messages, so that they never name the same organisation two ways.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, SKOS
from rdflib.term import Node

from .namespaces import ATD, ID

LANGS = ("fr", "en")
# What names a resource, in order: its label, a person's name, a document's title.
NAMING = (SKOS.prefLabel, FOAF.name, DCTERMS.title)
_SHORT_DESCRIPTION = 90


def texts(graph: Graph, node: Node | None, predicate: URIRef) -> dict[str, str]:
    """The literal values of a property by language ("" for none); the first in sorted order wins."""
    found: dict[str, str] = {}
    if node is None:
        return found
    for value in sorted((o for o in graph.objects(node, predicate) if isinstance(o, Literal)), key=str):
        found.setdefault(value.language or "", str(value))
    return found


def text(graph: Graph, node: Node | None, predicate: URIRef, lang: str) -> str:
    """A property's value in exactly that language, "" if there is none (a table's column)."""
    return texts(graph, node, predicate).get(lang, "")


def label(graph: Graph, node: Node | None, lang: str = "fr") -> str:
    """A resource's name in a language, falling back to French, then to what else names it."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    for predicate in NAMING:
        found = texts(graph, node, predicate)
        if found:
            return found.get(lang) or found.get("fr") or found.get("") or found[min(found)]
    if (node, RDF.type, ORG.Membership) in graph:
        member, body = graph.value(node, ORG.member), graph.value(node, ORG.organization)
        return f"{label(graph, member, lang)} — {label(graph, body, lang)}"
    entity = graph.value(node, ATD.entite)  # a lead role or a part of a territory: what is known of it
    if entity is not None:
        qualifiers = [label(graph, graph.value(node, p), lang) for p in (ATD.rolePortage, ATD.statut)
                      if graph.value(node, p) is not None]
        name = label(graph, entity, lang)
        return f"{name} ({', '.join(qualifiers)})" if qualifiers else name
    described = texts(graph, node, DCTERMS.description)
    if described:
        words = described.get(lang) or described.get("fr") or described[min(described)]
        return words if len(words) <= _SHORT_DESCRIPTION else words[: _SHORT_DESCRIPTION - 1] + "…"
    return short(node)


def labels(graph: Graph, node: Node | None) -> dict[str, str]:
    """label() in each language."""
    return {lang: label(graph, node, lang) for lang in LANGS}


def short(node: Node | None) -> str:
    """One of our IRIs as kind:slug (laureat:mayenne); another IRI as it is."""
    text_ = str(node or "")
    return text_[len(ID):].replace("/", ":", 1) if text_.startswith(ID) else text_


def slug(node: Node | None) -> str:
    """The last segment of an IRI (mayenne, charente--eau-et-sols)."""
    return str(node).rsplit("/", 1)[-1] if node is not None else ""


def is_plain_organisation(graph: Graph, node: Node) -> bool:
    """An organisation of the registry, not a team nor a governance body (seen through their members)."""
    return ((node, RDF.type, ORG.Organization) in graph and (node, RDF.type, ATD.Equipe) not in graph
            and (node, RDF.type, ATD.InstanceDeGouvernance) not in graph)
