"""SHACL validation whose problems point to the file and line a person wrote.

A SHACL engine (atelier_kg.shacl, or pyshacl the reference) reports on RDF nodes; this module
maps each result back through the loader's SourceMap to `file:line`, takes the constraint's own
message in the user's language, and names the YAML key rather than the RDF property. Nothing here
prints.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, RDF
from rdflib.term import Node

from . import kinds as k
from .labels import labels
from .load import LoadedGraph
from .messages import LANGS, CodedError, EntryError, counted, inline, phrase
from .namespaces import ID, SH

ATDS = Namespace("https://w3id.org/atelier-des-territoires/shapes#")
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
# "unreadable": what the loader could not read (a key, a value, a reference); the rest is SHACL's.
SEVERITY_ORDER = {"unreadable": 0, "violation": 1, "warning": 2, "info": 3}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, with where it was written and how to say it."""

    severity: str
    messages: dict[str, str]
    rule: str
    focus: URIRef | None
    path: str | None = None
    line: int | None = None
    key: str | None = None
    value: str | None = None

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages.get("fr") or next(iter(self.messages.values()))

    def entity(self) -> str:
        text = str(self.focus or "")
        return text[len(ID):].replace("/", ":", 1) if text.startswith(ID) else text

    def as_dict(self, lang: str) -> dict[str, object]:
        return {"file": self.path, "line": self.line, "severity": self.severity,
                "kind": "load" if self.severity == "unreadable" else "shacl",
                "message": self.message(lang), "messages": self.messages, "rule": self.rule,
                "entity": str(self.focus) if self.focus is not None else None, "key": self.key,
                "value": self.value}

    @classmethod
    def unreadable(cls, error: EntryError) -> Problem:
        """A problem the loader met: its sentence without the place, which the report shows."""
        messages = {lang: CodedError.message(error, lang) for lang in LANGS}
        return cls("unreadable", messages, error.code, None, error.path, error.line,
                   str(error.params.get("key")) if error.params.get("key") is not None else None)


@dataclass
class ValidationReport:
    problems: list[Problem]
    report_graph: Graph = field(repr=False)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def conforms(self, strict: bool = False) -> bool:
        blocking = ("unreadable", "violation", "warning") if strict else ("unreadable", "violation")
        return not any(p.severity in blocking for p in self.problems)

    def readable(self) -> bool:
        """Whether every input could be read (if not: exit code 2)."""
        return self.count("unreadable") == 0


class _PreparedQueryGraph(Graph):
    """A view of the data graph that parses each SPARQL text once.

    pyshacl runs every SPARQL constraint once per focus node with the same text (the focus is
    bound through initBindings); rdflib would parse it again each time (38 of 44 s on the shipped
    data). A subclass through rdflib's public Graph.query: neither library is patched.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=512)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery  # only pySHACL's path queries with rdflib

    return prepareQuery(text)


@cache
def load_shapes(shapes_dir: Path) -> Graph:
    """Every Turtle file of shapes_dir; an empty or missing folder is an error, never a pass."""
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise EntryError(str(shapes_dir), None, "no_shapes", folder=str(shapes_dir))
    from .contributions import parse_problem
    from .paths import display_path
    from .readfile import read_text

    shapes = Graph()
    for path in files:
        display = display_path(path)
        text = read_text(path, display, MAX_SHAPES_BYTES)  # --shapes is a path the user gives
        if not _parsed_by_oxigraph(shapes, text, path.resolve().as_uri(), display):
            try:
                shapes.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
            except Exception as error:  # rdflib raises many kinds of parse errors
                line, problem = parse_problem(error)
                raise EntryError(display, line, "bad_graph_file", problem=problem) from None
        if len(shapes) > MAX_SHAPE_TRIPLES:
            raise EntryError(display, None, "too_many_shape_triples", limit=MAX_SHAPE_TRIPLES)
    return shapes


def _parsed_by_oxigraph(shapes: Graph, text: str, base: str, display: str) -> bool:
    """Add the triples and prefixes of a Turtle text to shapes, read by Oxigraph (a tenth of the time
    rdflib takes, on every command that validates); False, with nothing added, if Oxigraph refuses
    it: rdflib then reads it, and says what is wrong the way it always has."""
    import pyoxigraph as ox

    from .shacl.terms import to_rdflib

    blank: dict[str, BNode] = {}  # _:x of this file is not _:x of another: a fresh node each

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        if isinstance(node, ox.BlankNode):
            found = blank.get(node.value)
            if found is None:
                found = blank[node.value] = BNode()
            return found
        return to_rdflib(node)

    try:
        parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base)
        parsed = list(parser)
        prefixes = dict(parser.prefixes)
    except (SyntaxError, ValueError):
        return False
    if len(shapes) + len(parsed) > MAX_SHAPE_TRIPLES:  # said before any is converted
        raise EntryError(display, None, "too_many_shape_triples", limit=MAX_SHAPE_TRIPLES)
    for t in parsed:
        shapes.add((term(t.subject), term(t.predicate), term(t.object)))
    for prefix, namespace in prefixes.items():
        shapes.bind(prefix, namespace)
    return True


MAX_SHAPES_BYTES = 16 * 1024 * 1024
# Triples of all the shapes together: the shipped shapes hold 1,909, DCAT-AP 3.0.1's a few thousand.
# A 1 MB file of nested lists holds 400,000, 14 s and 650 MB to read into rdflib and compile.
MAX_SHAPE_TRIPLES = 100_000


def inverse_predicates(shapes: Graph) -> set[URIRef]:
    """The properties that some shape follows backwards (sh:inversePath)."""
    return {p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef)}


ENGINES = ("native", "pyshacl")


def validate_graph(loaded: LoadedGraph, shapes: Graph, focus: Iterable[URIRef] | None = None,
                   engine: str = "native") -> ValidationReport:
    """Validate the whole graph, or only the given focus nodes (against the whole graph).

    engine "native" compiles the shapes to SPARQL run on Oxigraph (atelier_kg.shacl); "pyshacl"
    is the reference implementation. Both write the same SHACL report, read the same way below.
    """
    check_chains(loaded)
    report_graph = shacl_report(loaded, shapes, engine, focus)
    problems = [_problem(result, report_graph, shapes, loaded)
                for result in report_graph.subjects(RDF.type, SH.ValidationResult)]
    unreadable = [Problem.unreadable(error) for error in loaded.problems]
    # What the loader could not read is missing from the graph: SHACL's complaint about the same
    # line would say the same thing again.
    said = {(p.path, p.line) for p in unreadable}
    problems = unreadable + [p for p in problems if (p.path, p.line) not in said]
    problems.sort(key=lambda p: (p.path or "~", p.line or 0, SEVERITY_ORDER[p.severity], p.rule,
                                 str(p.focus), p.value or ""))
    return ValidationReport(problems, report_graph)


def validate_endpoint(url: str, shapes: Graph, loaded: LoadedGraph | None = None,
                      graph_iri: str | None = None, timeout: float = 300.0,
                      credentials: tuple[str, str] | None = None) -> ValidationReport:
    """Validate the graph held by a SPARQL 1.1 endpoint with the native engine's queries.

    `loaded` (our data, when the graph came from it) gives each problem its file and line and the
    labels of its message; without it, problems name the resource only. `graph_iri` validates a
    named graph (the protocol's default-graph-uri) rather than the endpoint's default graph.
    `credentials` (user, password) go in an HTTP Basic Authorization header, as for `push`.
    """
    import urllib.parse

    from .builder import SourceMap
    from .push import authorization
    from .shacl import EndpointError, Unsupported
    from .shacl import validate_endpoint as run

    address = url
    if graph_iri is not None:
        address += ("&" if "?" in url else "?") + urllib.parse.urlencode({"default-graph-uri": graph_iri})
    try:
        headers = {"Authorization": authorization(*credentials)} if credentials is not None else None
        report_graph = run(address, shapes, timeout, headers)
    except Unsupported as error:
        raise EntryError(_shape_name(shapes, error.shape), None, "shacl_unsupported",
                         feature=error.feature) from None
    except EndpointError as error:
        raise EntryError(inline(url, 200), None, "endpoint_failed", reason=inline(str(error), 200)) from None
    known = loaded if loaded is not None else LoadedGraph(Graph(), SourceMap(), [])
    problems = [_problem(result, report_graph, shapes, known)
                for result in report_graph.subjects(RDF.type, SH.ValidationResult)]
    problems.sort(key=lambda p: (p.path or "~", p.line or 0, SEVERITY_ORDER[p.severity], p.rule,
                                 str(p.focus), p.value or ""))
    return ValidationReport(problems, report_graph)


# Properties a shape follows transitively (org:subOrganizationOf+). rdflib walks such a path
# depth-first and recursively, from every focus node: a chain of ~1,000 organisations raised
# RecursionError, and a chain of 500 took 5.7 s to validate. Real hierarchies are a few levels.
TRANSITIVE = (ORG.subOrganizationOf,)
MAX_ANCESTORS = 32


def check_chains(loaded: LoadedGraph) -> None:
    """Refuse a resource reaching more than MAX_ANCESTORS others through a transitive property."""
    for predicate in TRANSITIVE:
        parents: dict[Node, list[Node]] = {}
        for child, link, parent in loaded.triples:
            if link == predicate:
                parents.setdefault(child, []).append(parent)
        too_far = [start for start in parents if _reaches_more_than(parents, start, MAX_ANCESTORS)]
        if too_far:
            located = [(loaded.sources.locate(start, predicate) or ("?", 0), start) for start in too_far]
            (path, line), start = min(located, key=lambda item: (item[0], str(item[1])))
            key = _yaml_key(start, predicate) or "part_of"  # type: ignore[arg-type]
            raise EntryError(path, line or None, "chain_too_long", key=key, limit=MAX_ANCESTORS)


def _reaches_more_than(parents: dict[Node, list[Node]], start: Node, limit: int) -> bool:
    seen: set[Node] = set()
    frontier = [start]
    while frontier:
        frontier = [p for node in frontier for p in parents.get(node, ()) if p not in seen]
        seen.update(frontier)
        if len(seen) > limit:
            return True
    return False


def shacl_report(data: Graph | LoadedGraph, shapes: Graph, engine: str = "native",
                 focus: Iterable[URIRef] | None = None) -> Graph:
    """The SHACL validation report of data against shapes, by the chosen engine; with focus, class
    targets reach only those nodes (sh:targetNode for pySHACL, the same narrowing natively)."""
    if engine == "native":
        from .shacl import Unrepresentable, Unsupported, validate

        try:
            store, terms = _native_data(data)
            return validate(store, shapes, focus, terms)
        except Unsupported as error:
            raise EntryError(_shape_name(shapes, error.shape), None, "shacl_unsupported",
                             feature=error.feature) from None
        except Unrepresentable as error:
            # Data Oxigraph cannot hold as it is (hostile or broken RDF): the reference engine
            # validates it, with the same rules; nothing is skipped.
            logging.getLogger("atelier_kg.shacl").info("pyshacl validates this graph: %s", error)
            engine = "pyshacl"
    if isinstance(data, LoadedGraph):
        data = data.graph
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine: {engine}")
    from pyshacl import validate as pyshacl_validate
    from pyshacl.errors import ValidationFailure

    if focus is not None:
        shapes = _targeting(shapes, data, set(focus))
    view = _PreparedQueryGraph(store=data.store, identifier=data.identifier,
                               namespace_manager=data.namespace_manager)
    _, report_graph, _ = pyshacl_validate(view, shacl_graph=shapes, inference="none", inplace=True,
                                          allow_warnings=True, allow_infos=True)
    if isinstance(report_graph, ValidationFailure):  # pySHACL returns, not raises, a shape it cannot run
        raise EntryError("pyshacl", None, "shacl_failed", problem=inline(str(report_graph.message), 200))
    return report_graph


def _native_data(data: Graph | LoadedGraph) -> tuple[Any, Any]:
    """What the native engine reads: the loaded graph's own Oxigraph store, with the way back to
    the literals as written, when it has one to give; else an rdflib Graph (copied into a store)."""
    from .shacl.terms import TermMap, Unrepresentable
    from .triples import has_blank_nodes

    if not isinstance(data, LoadedGraph):
        return data, None
    if isinstance(data.triples, Graph) or has_blank_nodes(data.triples):
        return data.graph, None  # blank nodes keep their names only through a full term map
    terms = TermMap.of_literals(data.triples)
    try:
        return data.store, terms
    except Exception as error:  # noqa: BLE001 (rdflib and Oxigraph refuse an IRI in their own ways)
        raise Unrepresentable(str(error)) from None


def _targeting(shapes: Graph, data: Graph, focus: set[URIRef]) -> Graph:
    """A copy of the shapes whose class targets are narrowed to the focus nodes.

    Standard SHACL (sh:targetNode) rather than pyshacl's focus_nodes option, which
    mis-evaluates qualified value shapes (it drops real violations and invents others).
    """
    narrowed = Graph(namespace_manager=shapes.namespace_manager)
    for triple in shapes:
        if triple[1] != SH.targetClass:
            narrowed.add(triple)
    for shape, cls in shapes.subject_objects(SH.targetClass):
        for node in focus:
            if (node, RDF.type, cls) in data:
                narrowed.add((shape, SH.targetNode, node))
    return narrowed


def focus_of(loaded: LoadedGraph, files: Iterable[str]) -> set[URIRef]:
    """The resources written in these files, and those they link to or that link to them.

    Neighbours are validated too because rules span resources: a new laureate can make its
    session's "every laureate has a team" rule fail, or its team's "one mandataire" rule.
    """
    files = set(files)
    own = {iri for iri, (path, _) in loaded.sources.entities.items() if path in files}
    graph = loaded.graph
    neighbours: set[URIRef] = set()
    for iri in own:
        neighbours.update(o for o in graph.objects(iri) if isinstance(o, URIRef) and str(o).startswith(ID))
        neighbours.update(x for x in graph.subjects(None, iri) if isinstance(x, URIRef))
    return own | neighbours


def _problem(result: Node, report: Graph, shapes: Graph, loaded: LoadedGraph) -> Problem:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    if path is not None and not isinstance(path, URIRef):
        # A sequence path (ddts then their type) is written under the key of its first step.
        path = report.value(path, RDF.first)
    value = report.value(result, SH.value)
    shape = report.value(result, SH.sourceShape)
    constraint = report.value(result, SH.sourceConstraint)
    severity = SEVERITIES.get(report.value(result, SH.resultSeverity), "violation")
    rule_node = constraint if constraint is not None else shape
    graph = loaded.graph
    messages = _messages(shapes, rule_node, shape)
    replacements = {"{?value}": labels(graph, value), "{$this}": labels(graph, focus)}
    for lang, text in messages.items():
        for placeholder, label in replacements.items():
            text = text.replace(placeholder, label.get(lang, ""))
        messages[lang] = text
    location, key = _locate(loaded, focus, path, value, shapes.value(rule_node, ATDS.reportAt))
    return Problem(
        severity=severity, messages=messages, rule=_short(shapes, rule_node), focus=focus,
        path=location[0] if location else None, line=location[1] if location else None, key=key,
        value=None if value is None else str(value))


def _messages(shapes: Graph, rule_node: Node, shape: Node) -> dict[str, str]:
    for node in (rule_node, shape):
        found = {m.language or "fr": str(m) for m in shapes.objects(node, SH.message)
                 if isinstance(m, Literal)}
        if found:
            return found
    name = {n.language or "fr": str(n) for n in shapes.objects(shape, SH.name) if isinstance(n, Literal)}
    return name or {"fr": str(shape), "en": str(shape)}


def _locate(loaded: LoadedGraph, focus: Node, path: Node | None, value: Node | None,
            report_at: Node | None) -> tuple[tuple[str, int] | None, str | None]:
    sources = loaded.sources
    if report_at == Literal("value") and isinstance(value, URIRef) and sources.locate(value):
        return sources.locate(value), None
    predicate = report_at if isinstance(report_at, URIRef) else path
    if not isinstance(focus, URIRef):
        return None, None
    if isinstance(predicate, URIRef):
        return sources.locate(focus, predicate), _yaml_key(focus, predicate)
    return sources.locate(focus), None


def _yaml_key(focus: URIRef, predicate: URIRef) -> str | None:
    """The YAML key that writes `predicate` for an entry of focus's kind (None if unknown)."""
    text = str(focus)
    if not text.startswith(ID):
        return None
    spec = k.find(text[len(ID):].split("/", 1)[0])
    if spec is None:
        return None
    for spec_field in spec.fields:
        if spec_field.predicate == predicate and not spec_field.inverse:
            return spec_field.key
        for sub_field in spec_field.fields:
            if sub_field.predicate == predicate:
                return f"{spec_field.key}.{sub_field.key}"
    return None


def _short(shapes: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return shapes.namespace_manager.normalizeUri(node)
    return str(node)


def _shape_name(shapes: Graph, node: Node) -> str:
    """A shape named in an error: a blank node (a constraint inside a shape) by the shape that
    holds it, as its random label means nothing to the reader."""
    for _ in range(8):
        holder = next(shapes.subjects(None, node), None) if isinstance(node, BNode) else None
        if holder is None:
            break
        node = holder
    return _short(shapes, node)


# -- presentation (strings only; the CLI prints them) ------------------------------------------

def format_unreadable(report: ValidationReport, lang: str) -> list[str]:
    """What could not be read, one `file:line: message` line each (as every command says it)."""
    return [inline(f"{p.path}:{p.line}: {p.message(lang)}" if p.line else f"{p.path}: {p.message(lang)}")
            for p in report.problems if p.severity == "unreadable"]


def format_text(report: ValidationReport, lang: str, strict: bool = False) -> str:
    """One line per problem the shapes found, `file:line: severity: message (entity, key)`, grouped
    by file, and the summary (which counts what could not be read too: format_unreadable)."""
    lines: list[str] = []
    current: str | None = None
    for problem in (p for p in report.problems if p.severity != "unreadable"):
        place = problem.path or phrase("no_file", lang)
        if place != current:
            if current is not None:
                lines.append("")
            lines.append(inline(place))
            current = place
        where = f"{place}:{problem.line}" if problem.line else place
        detail = ", ".join(x for x in (problem.entity(), problem.key) if x)
        word = phrase(f"severity_{problem.severity}", lang)
        lines.append(inline(f"  {where}: {word}: {problem.message(lang)} ({detail})"))
    if lines:
        lines.append("")
    lines.append(summary(report, lang, strict))
    return "\n".join(lines)


def summary(report: ValidationReport, lang: str, strict: bool = False) -> str:
    """One sentence: what is wrong, in how many files, and the verdict."""
    parts = [counted("count_violations", report.count("violation"), lang),
             counted("count_warnings", report.count("warning"), lang)]
    if not report.readable():
        parts.insert(0, counted("count_unreadable", report.count("unreadable"), lang))
    files = len({p.path for p in report.problems})
    where = phrase("summary_where", lang, files=counted("count_files", files, lang)) if files else ""
    verdict = phrase("conforms" if report.conforms(strict) else "does_not_conform", lang)
    return phrase("summary", lang, counts=", ".join(parts), where=where, verdict=verdict)


def format_json(report: ValidationReport, lang: str, strict: bool = False) -> str:
    document = {"conforms": report.conforms(strict), "readable": report.readable(),
                "unreadable": report.count("unreadable"), "violations": report.count("violation"),
                "warnings": report.count("warning"),
                "problems": [p.as_dict(lang) for p in report.problems]}
    return json.dumps(document, ensure_ascii=False, indent=2)


def format_turtle(report: ValidationReport) -> str:
    return report.report_graph.serialize(format="turtle")
