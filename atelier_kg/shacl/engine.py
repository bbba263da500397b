"""Run compiled rules where the graph is (an Oxigraph store or a SPARQL 1.1 endpoint) and
write a SHACL validation report with the same results pySHACL gives."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..namespaces import SH
from .compile import Rule, Target, compile_shapes
from .terms import TermMap, sparql_term, to_rdflib

Row = dict[str, Node]
Select = Callable[[str], Iterable[Row]]


class EndpointError(Exception):
    """The endpoint refused a query or could not be reached."""


def store_of(graph: Graph) -> tuple[ox.Store, TermMap]:
    """The graph in an in-memory Oxigraph store, with the way back to its own terms."""
    terms = TermMap()
    store = ox.Store()
    store.bulk_extend(terms.quads(graph))
    return store, terms


def store_select(store: ox.Store, terms: TermMap | None = None) -> Select:
    back = terms.from_ox if terms is not None else to_rdflib

    def select(query: str) -> Iterable[Row]:
        # Read whole in the calling thread, and let go of Oxigraph's answer there, even on an error:
        # it may only be dropped by the thread that made it.
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        rows: list[Row] = []
        solution = None
        try:
            for solution in solutions:
                row = {}
                for name in names:
                    term = solution[name]
                    if term is not None:
                        row[name] = back(term)
                rows.append(row)
        finally:  # an error's traceback keeps this frame: nothing of Oxigraph's is left in it
            del solutions
            solution = term = None  # noqa: F841
        return rows
    return select


def endpoint_select(url: str, timeout: float = 300.0, headers: dict[str, str] | None = None) -> Select:
    """Queries POSTed to a SPARQL 1.1 endpoint (protocol §2.1.3), answers in SPARQL JSON results."""
    def select(query: str) -> Iterable[Row]:
        request = urllib.request.Request(url, data=query.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json", **(headers or {})})
        try:
            with _OPENER.open(request, timeout=timeout) as response:  # caller checks the scheme
                document = json.load(response)
        except urllib.error.HTTPError as error:
            raise EndpointError(f"HTTP {error.code}: {error.read(300).decode('utf-8', 'replace')}") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise EndpointError(str(getattr(error, "reason", error))) from None
        for binding in document.get("results", {}).get("bindings", []):
            yield {name: _json_term(value) for name, value in binding.items()}
    return select


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: followed, a POST turns into a GET without its query, and urllib would
    carry the Authorization header to wherever it points."""

    def redirect_request(self, *_: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def _json_term(value: dict[str, str]) -> Node:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    string = "http://www.w3.org/2001/XMLSchema#string"
    return Literal(value["value"], datatype=URIRef(datatype) if datatype and datatype != string else None)


_COMPILED: dict[int, tuple[Graph, int, list[Rule]]] = {}


def rules_for(shapes: Graph) -> list[Rule]:
    """The compiled rules, kept per shapes graph object (and its size, should it be added to)."""
    kept = _COMPILED.get(id(shapes))
    if kept is None or kept[0] is not shapes or kept[1] != len(shapes):
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        kept = (shapes, len(shapes), compile_shapes(shapes))
        _COMPILED[id(shapes)] = kept
    return kept[2]


def run(select: Select, shapes: Graph, focus: Iterable[Node] | None = None, workers: int = 1) -> Graph:
    """Every rule over the whole graph (or the given focus nodes); the SHACL validation report.

    With workers > 1 the rules' queries run side by side (Oxigraph evaluates a query without
    holding Python's lock); the report is the same, in the same order."""
    narrowed = None if focus is None else tuple(sorted(set(focus), key=str))

    def rows_of(rule: Rule) -> list[Row]:
        rows = _distinct(select(rule.query_for(narrowed)))
        if rows and len(rule.targets) > 1:
            rows = _repeated(select, rule.targets, rows, narrowed)
        return rows

    rules = rules_for(shapes)
    if workers > 1:
        with ThreadPoolExecutor(workers, thread_name_prefix="atelier-kg-shacl") as pool:
            found = list(pool.map(rows_of, rules))
    else:
        found = [rows_of(rule) for rule in rules]
    return report([(rule, row) for rule, rows in zip(rules, found, strict=True) for row in rows], shapes)


def store_workers() -> int:
    """Queries side by side on a local store: one per core, at most four."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def _distinct(rows: Iterable[Row]) -> list[Row]:
    seen: set[tuple] = set()
    kept = []
    for row in rows:
        key = tuple(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _repeated(select: Select, targets: tuple[Target, ...], rows: list[Row],
              narrowed: tuple[Node, ...] | None) -> list[Row]:
    """A rule shared by several shapes reports a focus node once per shape that targets it (as pySHACL,
    which validates each shape on its own)."""
    focus = sorted({row["this"] for row in rows}, key=str)
    values = " ".join(sparql_term(f) for f in focus if not isinstance(f, BNode))
    times: dict[Node, int] = {}
    for target in targets:
        union = " UNION ".join(f"{{ {p} }}" for p in target.patterns(narrowed)) or "FILTER (false)"
        query = f"SELECT DISTINCT ?this WHERE {{ {union} VALUES ?this {{ {values} }} }}"
        for row in select(query):
            times[row["this"]] = times.get(row["this"], 0) + 1
    return [row for row in rows for _ in range(times.get(row["this"], 1))]


def report(results: list[tuple[Rule, Row]], shapes: Graph) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    top = BNode()
    graph.add((top, RDF.type, SH.ValidationReport))
    for rule, row in results:
        _result(graph, top, rule, row, shapes)
    conforms = not any(rule.severity == SH.Violation for rule, _ in results)
    graph.add((top, SH.conforms, Literal(conforms)))
    return graph


def _result(graph: Graph, top: BNode, rule: Rule, row: Row, shapes: Graph) -> None:
    node = BNode()
    graph.add((top, SH.result, node))
    graph.add((node, RDF.type, SH.ValidationResult))
    focus = row["this"]
    graph.add((node, SH.focusNode, focus))
    value = row.get("value", focus if rule.value_is_focus else None)
    if rule.component in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent,
                          SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent,
                          SH.UniqueLangConstraintComponent, SH.HasValueConstraintComponent):
        value = None
    if value is not None:
        graph.add((node, SH.value, value))
    path = row.get("path", rule.path)
    if path is not None:
        graph.add((node, SH.resultPath, _copy(shapes, graph, path)))
    component = rule.component or rule.components[str(row["failed"])]
    graph.add((node, SH.sourceConstraintComponent, component))
    graph.add((node, SH.sourceShape, rule.shape))
    graph.add((node, SH.resultSeverity, rule.severity))
    if rule.constraint is not None:
        graph.add((node, SH.sourceConstraint, rule.constraint))
    for message in _messages(shapes, rule, {**row, "this": focus, "value": value}):
        graph.add((node, SH.resultMessage, message))


def _messages(shapes: Graph, rule: Rule, bound: dict[str, Node | None]) -> list[Literal]:
    """The shape's messages, and a SPARQL constraint's own before them, as pySHACL writes them:
    a SPARQL rule's messages with its variables filled in, as plain literals."""
    own = [m for m in shapes.objects(rule.shape, SH.message) if isinstance(m, Literal)]
    if rule.constraint is None:
        return own
    extra = [m for m in shapes.objects(rule.constraint, SH.message)
             if isinstance(m, Literal) and m not in own]
    return [Literal(_substituted(str(m), bound)) for m in (*extra, *own)]


def _substituted(text: str, bound: dict[str, Node | None]) -> str:
    for name, term in bound.items():
        if term is not None:
            text = text.replace(f"{{?{name}}}", str(term)).replace(f"{{${name}}}", str(term))
    return text


def _copy(shapes: Graph, graph: Graph, node: Node) -> Node:
    """A path as it is written in the shapes (its blank nodes and lists copied into the report)."""
    if not isinstance(node, BNode):
        return node
    for p, o in shapes.predicate_objects(node):
        graph.add((node, p, _copy(shapes, graph, o)))
    return node


def validate(data: Graph | ox.Store, shapes: Graph, focus: Iterable[Node] | None = None,
             terms: TermMap | None = None) -> Graph:
    """Validate a graph (rdflib, or an Oxigraph store with the way back to the data's own terms)
    against the shapes: the SHACL report.

    With focus, class targets reach only those nodes (the whole graph is still read)."""
    if not isinstance(data, ox.Store):
        data, terms = store_of(data)
    return run(store_select(data, terms), shapes, focus, store_workers())


def validate_endpoint(url: str, shapes: Graph, timeout: float = 300.0,
                      headers: dict[str, str] | None = None) -> Graph:
    """Validate the default graph of a SPARQL 1.1 endpoint against the shapes."""
    if not url.startswith(("http://", "https://")):
        raise EndpointError(f"not an http(s) address: {url}")
    return run(endpoint_select(url, timeout, headers), shapes)
