"""Entries written in RDF (Turtle, N-Triples, JSON-LD, RDF/XML), read without letting them reach
anything else, and merged into a loaded graph for `validate`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .formats import oxigraph_format
from .load import LoadedGraph
from .messages import EntryError, quote
from .namespaces import ID
from .paths import display_path
from .readfile import read_text

# Formats of RDF contributions that `validate` accepts, by file suffix.
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}
YAML_SUFFIXES = (".yaml", ".yml")
_XML_DECLARATIONS = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)


def parse_contribution(path: Path) -> Graph:
    """Read an RDF file without letting it reach anything else.

    Size and encoding are checked as for YAML. RDF/XML may not declare a DOCTYPE or
    entities (no external or exponential entity expansion); JSON-LD contexts must be written
    inline (a remote or file: context would be fetched by the parser).
    """
    display = display_path(path)
    rdf_format = RDF_SUFFIXES[path.suffix.lower()]
    text = read_text(path, display)
    if rdf_format == "xml" and (found := _XML_DECLARATIONS.search(text)):
        raise EntryError(display, text.count("\n", 0, found.start()) + 1, "xml_doctype")
    if rdf_format == "json-ld":
        text = _inline_contexts_only(text, display)
    check_terms(text.encode("utf-8"), oxigraph_format(path.suffix), display)  # before rdflib sees it
    contribution = Graph()
    try:
        contribution.parse(data=text, format=rdf_format, publicID=f"{ID}contribution/")
    except Exception as error:  # rdflib raises many kinds of parse errors
        line, problem = parse_problem(error)
        raise EntryError(display, line, "bad_graph_file", problem=problem) from None
    return contribution


_FORMAT_NAMES = {ox.RdfFormat.TURTLE: "Turtle", ox.RdfFormat.N_TRIPLES: "N-Triples",
                 ox.RdfFormat.JSON_LD: "JSON-LD", ox.RdfFormat.RDF_XML: "RDF/XML"}
_XSD = "http://www.w3.org/2001/XMLSchema#"
# The lexical forms XSD gives numbers; a decimal has no exponent. Bounded: none needs more.
_NUMBER_FORMS = {
    "decimal": re.compile(r"[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})"),
    "integer": re.compile(r"[+-]?[0-9]{1,40}"),
    "double": re.compile(r"[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})(?:[eE][+-]?[0-9]{1,4})?"
                         r"|[+-]?INF|NaN"),
}
_INTEGERS = ("integer", "long", "int", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
             "negativeInteger", "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
             "unsignedByte")
_NUMBER_KINDS = {**{f"{_XSD}{name}": "integer" for name in _INTEGERS}, f"{_XSD}decimal": "decimal",
                 f"{_XSD}double": "double", f"{_XSD}float": "double"}


def check_terms(data: bytes, rdf_format: ox.RdfFormat, display: str) -> None:
    """Refuse RDF whose terms would break what reads them, read by Oxigraph before rdflib.

    An IRI must be one (what Oxigraph refuses to parse back would break every export); a
    number must be written in its XSD form, bounded: rdflib writes a decimal out in full, and
    "1e999999999"^^xsd:decimal would become a billion digits.
    """
    try:
        for quad in ox.parse(data, format=rdf_format, base_iri=f"{ID}contribution/"):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.Literal):
                    _check_number(term, display)
    except SyntaxError as error:  # Oxigraph's message quotes the file: only the place is shown
        line = getattr(error, "lineno", None)
        raise EntryError(display, line, "bad_graph_file", problem=_FORMAT_NAMES[rdf_format]) from None


def _check_number(literal: ox.Literal, display: str) -> None:
    kind = _NUMBER_KINDS.get(literal.datatype.value)
    if kind is not None and not _NUMBER_FORMS[kind].fullmatch(literal.value):
        raise EntryError(display, None, "bad_graph_number", value=literal.value,
                         datatype=literal.datatype.value)


def parse_problem(error: Exception) -> tuple[int | None, str]:
    """The line and the reason of a parse error, without the text it quotes from the file.

    rdflib's messages show the input around the error ("Invalid line: …", "at ^ in: …"):
    a file that is not RDF (a link to /etc/passwd) would be echoed. The reason alone is kept,
    and anything else is cut short.
    """
    why = getattr(error, "_why", None)  # Turtle and N3 (notation3.BadSyntax)
    if isinstance(why, str):
        return getattr(error, "lines", -1) + 1 or None, quote(" ".join(why.split()))
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):  # RDF/XML (SAX)
        return error.getLineNumber(), quote(str(error.getMessage()))
    if isinstance(getattr(error, "msg", None), str) and hasattr(error, "lineno"):  # JSON
        return error.lineno, quote(error.msg)  # type: ignore[attr-defined]
    text = " ".join(str(error).split())
    reason = text.split(":", 1)[0] if ":" in text else text  # "Invalid line: <the line>"
    return None, quote(reason or type(error).__name__)


def _inline_contexts_only(text: str, display: str) -> str:
    import json

    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise EntryError(display, getattr(error, "lineno", None), "bad_graph_file",
                         problem=str(error)[:300]) from None

    def check(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_a_document(value):
                    raise EntryError(display, None, "remote_context", value=str(_names_a_document(value)))
                check(value)
        elif isinstance(node, list):
            for item in node:
                check(item)

    try:
        check(document)
    except RecursionError:
        raise EntryError(display, None, "yaml_too_deep", limit=MAX_JSON_DEPTH) from None
    return text


MAX_JSON_DEPTH = 500


def _names_a_document(value: Any) -> str | None:
    """The IRI a context value would make the parser fetch, if any."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((item for item in value if isinstance(item, str)), None)
    return None


def merge_graph_file(loaded: LoadedGraph, path: Path) -> set[URIRef]:
    """Add an RDF contribution (Turtle, N-Triples, JSON-LD, RDF/XML) to a loaded graph.

    Returns the resources it mentions. Such a file has no line per resource: problems
    found in it are reported against the file.
    """
    display = display_path(path)
    contribution = parse_contribution(path)
    for triple in contribution:
        loaded.add(triple)
        # The contribution is what to fix when one of its statements breaks a rule.
        loaded.sources.properties[(triple[0], triple[1])] = (display, 0)  # type: ignore[index]
    subjects = {x for x in contribution.subjects() if isinstance(x, URIRef)}
    for subject in subjects:
        loaded.sources.entities.setdefault(subject, (display, 0))
    return subjects | {o for o in contribution.objects() if isinstance(o, URIRef)}
