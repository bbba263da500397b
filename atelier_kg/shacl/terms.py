"""Terms between rdflib, Oxigraph and SPARQL text.

Oxigraph canonicalises typed literals ("05"^^xsd:integer is stored as "5") and names blank nodes
its own way; a report must name the data's own terms, so the conversion keeps the way back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
# Types Oxigraph stores as another (xsd:int as xsd:integer, xsd:dateTimeStamp as xsd:dateTime).
REWRITTEN = {XSD + name for name in (
    "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "dateTimeStamp")}
_BNODE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-.]*$")


class Unrepresentable(Exception):
    """A term of the data Oxigraph cannot hold as it is (an IRI without a scheme or with spaces, a
    language tag beyond BCP 47's lengths): that graph is validated by the reference engine."""


class TermMap:
    """rdflib → Oxigraph, remembering the rdflib term of everything Oxigraph would rename."""

    def __init__(self) -> None:
        self._to_ox: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self._back: dict[tuple[str, str, str], Node] = {}
        # Typed XSD literals by datatype and value: the store keeps "-5.0"^^xsd:decimal as "-5".
        self._by_value: dict[tuple[str, object], Literal] = {}

    def to_ox(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = self._to_ox.get(term)
        if found is None:
            found = self._convert(term)
            self._to_ox[term] = found
        return found

    def _convert(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        try:
            return self._converted(term)
        except ValueError as error:
            raise Unrepresentable(f"{term!r}: {error}") from None

    def _converted(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            # Oxigraph accepts only some identifiers; any other gets a fresh one (and the way back).
            node = ox.BlankNode(str(term)) if _BNODE_ID.match(str(term)) else ox.BlankNode()
            self._back[_key(node)] = term
            return node
        if isinstance(term, Literal):
            if term.datatype is not None and str(term.datatype) in REWRITTEN:
                # Oxigraph would store "5"^^xsd:int as "5"^^xsd:integer: another term.
                raise ValueError(f"Oxigraph stores {term.datatype} as another type")
            literal = _ox_literal(term)
            if literal.value != str(term) or (literal.language or None) != (term.language or None):
                self._back[_key(literal)] = term
            elif _canonicalised(term):
                self._by_value.setdefault((str(term.datatype), term.value), term)
            return literal
        raise TypeError(f"not an RDF term: {term!r}")

    def from_ox(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
        if term is None:
            return None
        back = self._back.get(_key(term))
        if back is not None:
            return back
        converted = to_rdflib(term)
        if isinstance(converted, Literal) and _canonicalised(converted):
            return self._by_value.get((str(converted.datatype), converted.value), converted)
        return converted

    @classmethod
    def of_literals(cls, triples: Iterable[tuple[Node, Node, Node]]) -> TermMap:
        """The way back for triples loaded into a store from their N-Triples: only typed literals
        (which Oxigraph may write canonically) and language tags it would lower-case need one."""
        terms = cls()
        for _, _, o in triples:
            if isinstance(o, Literal) and (o.datatype is not None or not (o.language or "x").islower()):
                terms.to_ox(o)  # remembers the literal as written; raises Unrepresentable
        return terms

    def quads(self, graph: Graph) -> Iterable[ox.Quad]:
        to_ox = self.to_ox
        default = ox.DefaultGraph()
        for s, p, o in graph:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), default)  # type: ignore[arg-type]


def _canonicalised(term: Literal) -> bool:
    datatype = term.datatype
    return (datatype is not None and str(datatype).startswith(XSD) and str(datatype) != XSD + "string"
            and term.value is not None)


def _ox_literal(term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> tuple[str, str, str]:
    if isinstance(term, ox.Literal):
        return ("l", term.value, term.language or term.datatype.value)
    return ("b" if isinstance(term, ox.BlankNode) else "i", term.value, "")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD + "string" else URIRef(datatype))


def sparql_term(term: Node) -> str:
    """A constant of the shapes written in SPARQL."""
    if isinstance(term, URIRef):
        return f"<{_iri(str(term))}>"
    if isinstance(term, Literal):
        text = sparql_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^<{_iri(str(term.datatype))}>"
        return text
    raise ValueError(f"a blank node cannot be a constant of a query: {term!r}")


def sparql_string(text: str) -> str:
    """A SPARQL string literal; line feeds and carriage returns are escaped, other characters kept."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def _iri(text: str) -> str:
    # A character SPARQL does not allow in an IRI would change the query's meaning: refuse it.
    if re.search(r'[<>"{}|^`\\\x00-\x20]', text):
        raise ValueError(f"IRI not writable in SPARQL: {text!r}")
    return text
