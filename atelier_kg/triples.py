"""The loaded triples, and the same triples as sorted N-Triples and in an Oxigraph store.

The loader fills a TripleSet (a plain ordered set: rdflib's in-memory store indexes every
triple three ways as it is added, a third of the load time at 100k triples, and nothing
reads those indexes while loading). The sorted N-Triples are made from it once; the Oxigraph
store that validation, exports and queries read is bulk-loaded from them. An rdflib Graph is
only made for what needs its API (the site's pages, the release tables, the diff).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet:
    """Triples in the order they were added, each once."""

    __slots__ = ("_triples",)

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)


def sorted_ntriples(triples: Iterable[Any]) -> bytes:
    """N-Triples of the triples, one line each, sorted: the same bytes as rdflib's N-Triples
    serializer with its lines sorted (code point order is UTF-8's byte order)."""
    statement = NTriplesText().statement
    lines = [statement(triple) + " .\n" for triple in triples]
    lines.sort()
    return "".join(lines).encode("utf-8")


class NTriplesText:
    """A triple's N-Triples text, as rdflib writes it, without the final " .": subjects and
    predicates repeat a great deal, so their text is made once."""

    def __init__(self) -> None:
        self._names: dict[Node, str] = {}

    def statement(self, triple: Any) -> str:
        s, p, o = triple
        names = self._names
        subject = names.get(s) or self._name(s)
        predicate = names.get(p) or self._name(p)
        obj = _literal(o) if isinstance(o, Literal) else names.get(o) or self._name(o)
        return f"{subject} {predicate} {obj}"

    def _name(self, term: Node) -> str:
        text = self._names[term] = term.n3()  # raises on an IRI N-Triples cannot hold
        return text


def _literal(term: Literal) -> str:
    # As rdflib's N-Triples serializer quotes a literal (plugins/serializers/nt.py).
    text = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def has_blank_nodes(triples: Iterable[Any]) -> bool:
    return any(not isinstance(s, URIRef) or not isinstance(o, (URIRef, Literal)) for s, _, o in triples)


# What the loader and the reference add triples to: a TripleSet, or a Graph a caller gives.
Triples = TripleSet | Graph
