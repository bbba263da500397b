"""Result formats: the SPARQL 1.1 result formats the engine writes, and tables for people."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .. import formats as registry
from ..messages import inline
from .library import default_prefixes

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RESULT_MEDIA_TYPES = {name: registry.get(name).content_type for name in RESULT_FORMATS}
TEXT_FORMATS = ("table", "md")
GRAPH_FORMATS = registry.names(registry.GRAPH)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def solutions_json(variables: list[str], rows: list[Any]) -> bytes:
    """Oxigraph solutions as a SPARQL 1.1 JSON results document."""

    def term(value: Any) -> dict[str, str]:
        if isinstance(value, ox.NamedNode):
            return {"type": "uri", "value": value.value}
        if isinstance(value, ox.BlankNode):
            return {"type": "bnode", "value": value.value}
        result = {"type": "literal", "value": value.value}
        if value.language:
            result["xml:lang"] = value.language
        elif value.datatype.value != _XSD_STRING:
            result["datatype"] = value.datatype.value
        return result

    bindings = [{v: term(row[v]) for v in variables if row[v] is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")


@dataclass(frozen=True)
class Cell:
    """One value of a SELECT answer as the engine wrote it: an IRI, a literal's text, a blank node.

    Kept as text, never made into an rdflib term: rdflib would expand some literals (a decimal
    written 1e999999999) to billions of characters.
    """

    value: str
    kind: str  # "uri", "literal" or "bnode"

    def __str__(self) -> str:
        return self.value


def solutions(result: Any) -> tuple[list[str], list[list[Cell | None]]]:
    """Variables and rows of a SELECT result serialized as SPARQL JSON."""
    document = json.loads(result.payload)
    variables = document["head"].get("vars", [])
    rows = [[_cell(binding.get(v)) for v in variables] for binding in document["results"]["bindings"]]
    return variables, rows


def _cell(value: dict[str, str] | None) -> Cell | None:
    if value is None:
        return None
    kind = "literal" if value["type"] == "typed-literal" else value["type"]
    return Cell(value["value"], kind)


def short(term: object, prefixes: Mapping[str, str]) -> str:
    """An IRI with the longest matching prefix (laureat:mayenne); anything else as its text."""
    if term is None:
        return ""
    text = str(term)
    is_iri = isinstance(term, URIRef) or (isinstance(term, Cell) and term.kind == "uri")
    if not is_iri:
        return text
    best = max(((p, ns) for p, ns in prefixes.items() if text.startswith(ns)), key=lambda x: len(x[1]),
               default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else text


def format_table(variables: list[str], rows: list[list[Cell | None]], max_width: int = 60) -> str:
    """An aligned table for the terminal; long cells are cut at max_width (0: never).

    A value's control characters (escape sequences a terminal would obey) are shown as escapes.
    """
    prefixes = default_prefixes()
    cells = [[inline(short(term, prefixes)) for term in row] for row in rows]
    if max_width:
        cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def format_markdown(variables: list[str], rows: list[list[Cell | None]]) -> str:
    prefixes = default_prefixes()

    def cell(term: Cell | None) -> str:
        return inline(short(term, prefixes).replace("|", "\\|").replace("\n", " "))

    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in rows]
    return "\n".join(lines)


def graph_of(result: Any) -> Graph:
    """A CONSTRUCT/DESCRIBE answer as an rdflib Graph, for library users who trust the query."""
    names = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
    return Graph().parse(data=result.payload.decode("utf-8"), format=names[result.result_format])
