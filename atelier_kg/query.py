"""Saved SPARQL queries: the library, safe parameters, refusals, time limits and result formats.

Queries run on an in-memory Oxigraph store (rdflib's own engine is far slower on large
graphs). Each query runs in a forked worker process: a native query cannot be interrupted
from Python, so a query past its time limit is stopped by ending the worker, and the calling
process stays healthy. Parameters are bound by the engine (SPARQL substitutions), never pasted
into the query text.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .messages import BilingualError
from .namespaces import ID, PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
TEXT_FORMATS = ("table", "md")
GRAPH_FORMATS = ("ttl", "jsonld", "nt")
PARAMETER_TYPES = ("string", "integer", "decimal", "iri", "lang")
DEFAULT_TIMEOUT = 5.0


class QueryError(BilingualError):
    """A query that is refused, malformed, badly parameterised or too slow: say why, in fr and en."""

    def __init__(self, code: str, fr: str, en: str) -> None:
        super().__init__(fr, en)
        self.code = code


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    default: str | None
    description: dict[str, str]


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("fr") or self.name

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.descriptions.get("fr") or ""


@dataclass
class QueryResult:
    """A SELECT/ASK result as the engine serialized it, or a CONSTRUCT/DESCRIBE graph."""

    kind: str  # "solutions", "boolean" or "graph"
    payload: bytes  # results in the requested standard format, or N-Triples for graphs
    result_format: str
    truncated: bool = False
    variables: list[str] = field(default_factory=list)


# -- the library -----------------------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|description)@(fr|en):\s*(.+)$")
_PARAM = re.compile(r"^#\s*param:\s*(.+)$")


def parse_saved_query(text: str, name: str, path: Path | None = None) -> SavedQuery:
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        if match := _HEADER.match(line):
            (titles if match[1] == "title" else descriptions)[match[2]] = match[3].strip()
        elif match := _PARAM.match(line):
            parts = [p.strip() for p in match[1].split("|")]
            if len(parts) != 5 or parts[1] not in PARAMETER_TYPES:
                raise QueryError(
                    "bad_header",
                    f"{name} : ligne de paramètre invalide « {line} » (attendu : "
                    "nom | type | défaut | description fr | description en)",
                    f'{name}: invalid parameter line "{line}" (expected: '
                    "name | type | default | French description | English description)",
                )
            parameters.append(
                Parameter(parts[0], parts[1], parts[2] or None, {"fr": parts[3], "en": parts[4]})
            )
    return SavedQuery(name, text, titles, descriptions, tuple(parameters), path)


def library(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query of the folder, by name (the file name without .rq)."""
    return {
        path.stem: parse_saved_query(path.read_text("utf-8"), path.stem, path)
        for path in sorted(folder.glob("*.rq"))
    }


def resolve(name_or_path: str, folder: Path, stdin_text: str | None = None) -> SavedQuery:
    """A saved query by name, a .rq file, or "-" for standard input."""
    if name_or_path == "-":
        return parse_saved_query(stdin_text or "", "-")
    saved = library(folder)
    if name_or_path in saved:
        return saved[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse_saved_query(path.read_text("utf-8"), path.stem, path)
    import difflib

    close = difflib.get_close_matches(name_or_path, list(saved), n=1)
    hint_fr = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    hint_en = f' (did you mean "{close[0]}"?)' if close else ""
    raise QueryError(
        "unknown_query",
        f"requête inconnue « {name_or_path} »{hint_fr} ; « atelier-kg query --list » montre la bibliothèque",
        f'unknown query "{name_or_path}"{hint_en}; "atelier-kg query --list" shows the library',
    )


# -- safety --------------------------------------------------------------------------------


# rdflib's SPARQL grammar (pyparsing) keeps parse state in shared objects: two threads
# parsing at once corrupt each other (the server's load test showed it), so one at a time.
_PARSER_LOCK = threading.Lock()


@lru_cache(maxsize=1024)
def check_safe(text: str) -> None:
    """Refuse, before anything runs, what could change data or reach outside the local graph.

    A query found safe is remembered (the server sees the same saved queries again and
    again); a refused one raises every time.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _PARSER_LOCK:
            parsed = parseQuery(text)
    except ParseException as error:
        try:
            with _PARSER_LOCK:
                parseUpdate(text)
        except ParseException:
            raise QueryError(
                "syntax",
                f"requête SPARQL invalide : {error.msg} (ligne {error.lineno}, colonne {error.col})",
                f"invalid SPARQL query: {error.msg} (line {error.lineno}, column {error.col})",
            ) from None
        raise QueryError(
            "update",
            "les mises à jour (INSERT, DELETE, LOAD, CLEAR…) sont refusées : le graphe est en lecture seule",
            "updates (INSERT, DELETE, LOAD, CLEAR…) are refused: the graph is read-only",
        ) from None
    for node in _walk(parsed):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryError(
                "service",
                "SERVICE est refusé : les requêtes ne sortent pas du graphe local",
                "SERVICE is refused: queries do not leave the local graph",
            )
        if isinstance(node, dict) and _has_dataset(node):
            raise QueryError(
                "from",
                "FROM et FROM NAMED sont refusés : la requête porte sur le graphe local",
                "FROM and FROM NAMED are refused: the query runs on the local graph",
            )


def _has_dataset(node: Any) -> bool:
    # rdflib's CompValue.get() answers the key itself when it is absent: test membership.
    return isinstance(node, dict) and bool(node.get("datasetClause")) if "datasetClause" in node else False


def _walk(node: Any) -> Iterable[Any]:
    """Every node of rdflib's parse tree (CompValue mappings and pyparsing result lists)."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple, ParseResults)):
            stack.extend(current)


# -- parameters --------------------------------------------------------------------------------


def default_prefixes() -> dict[str, str]:
    """The standard prefixes and one per kind of resource (laureat:, organisation:…)."""
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    from .schema import SPECS

    for kind in (
        *SPECS,
        "roles",
        "disciplines",
        "types-organisation",
        "types-instance",
        "commune",
        "geometrie",
    ):
        prefixes.setdefault(kind, f"{ID}{kind}/")
    return prefixes


def bind_parameters(query: SavedQuery, given: Mapping[str, str]) -> dict[str, Any]:
    """Turn --param values into typed RDF terms for the engine's substitutions."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "—"
        raise QueryError(
            "unknown_param",
            f"paramètre inconnu « {unknown[0]} » pour {query.name} ; paramètres possibles : {names}",
            f'unknown parameter "{unknown[0]}" for {query.name}; possible parameters: {names}',
        )
    bindings: dict[str, Any] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            raise QueryError(
                "missing_param",
                f"le paramètre « {parameter.name} » est requis (--param {parameter.name}=…)",
                f'the parameter "{parameter.name}" is required (--param {parameter.name}=…)',
            )
        bindings[parameter.name] = _term(parameter, value)
    return bindings


def _term(parameter: Parameter, value: str) -> Any:
    kind = parameter.kind
    try:
        if kind == "integer":
            value = str(int(_plain(r"-?[0-9]{1,18}", value)))
            return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        if kind == "decimal":
            _plain(r"-?[0-9]{1,18}(\.[0-9]{1,9})?", value)
            return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
        if kind == "iri":
            return ox.NamedNode(_expand(value))
        if kind == "lang":
            if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*", value):
                raise ValueError(value)
            return ox.Literal(value)
        return ox.Literal(value)
    except (ValueError, SyntaxError):
        raise QueryError(
            "bad_param",
            f"« {value} » n'est pas une valeur de type {kind} pour {parameter.name}",
            f'"{value}" is not a {kind} value for {parameter.name}',
        ) from None


def _plain(pattern: str, value: str) -> str:
    """value if the whole of it matches (int() and float() take " 42\n", "4_2", "1e999")."""
    if not re.fullmatch(pattern, value):
        raise ValueError(value)
    return value


def _expand(value: str) -> str:
    if re.fullmatch(r"https?://\S+", value):
        return value
    prefix, _, local = value.partition(":")
    prefixes = default_prefixes()
    if prefix in prefixes and local and not re.search(r"[\s<>\"{}|\\^`]", local):
        return prefixes[prefix] + local
    raise ValueError(value)


# -- the engine --------------------------------------------------------------------------------


class QueryEngine:
    """A read-only Oxigraph copy of a graph, queried by a pool of forked workers.

    Workers are forked once and reused; one that runs past the time limit is ended and
    replaced, so the calling process (a command, or the server) stays healthy.
    """

    def __init__(self, graph: Graph | None = None, workers: int = 1, ntriples: bytes | None = None) -> None:
        self.store = ox.Store()
        data = ntriples if ntriples is not None else graph.serialize(format="nt", encoding="utf-8")  # type: ignore[union-attr]
        self.store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
        self.prefixes = default_prefixes()
        self._size = workers
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = 0

    def run(
        self,
        text: str,
        bindings: Mapping[str, Any] | None = None,
        result_format: str = "json",
        timeout: float = DEFAULT_TIMEOUT,
        max_rows: int | None = None,
    ) -> QueryResult:
        check_safe(text)
        worker = self._acquire()
        healthy = False
        try:
            worker.connection.send((text, _portable(bindings or {}), result_format, max_rows))
            if not worker.connection.poll(timeout):
                raise QueryError(
                    "timeout",
                    f"la requête a dépassé {timeout:g} s et a été arrêtée ; "
                    "simplifiez-la ou augmentez --timeout",
                    f"the query ran past {timeout:g} s and was stopped; simplify it or raise --timeout",
                )
            try:
                outcome = worker.connection.recv()
            except EOFError:
                raise QueryError(
                    "crashed",
                    "le moteur de requête s'est arrêté sans réponse",
                    "the query engine stopped without an answer",
                ) from None
            healthy = True
        finally:
            self._release(worker, healthy)
        if "error" in outcome:
            raise QueryError(
                "engine",
                f"la requête n'a pas pu s'exécuter : {outcome['error']}",
                f"the query could not run: {outcome['error']}",
            )
        return QueryResult(**outcome)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().stop()

    def __enter__(self) -> QueryEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _acquire(self) -> _Worker:
        with self._lock:
            if self._idle.empty() and self._started < self._size:
                self._started += 1
                return _Worker.start(self.store, self.prefixes)
        return self._idle.get()

    def _release(self, worker: _Worker, healthy: bool) -> None:
        if healthy:
            self._idle.put(worker)
            return
        worker.stop()  # it may still be computing: end it, and fork a fresh one
        self._idle.put(_Worker.start(self.store, self.prefixes))


@dataclass
class _Worker:
    process: Any
    connection: Any

    @classmethod
    def start(cls, store: ox.Store, prefixes: dict[str, str]) -> _Worker:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(store, prefixes, child), daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(store: ox.Store, prefixes: dict[str, str], connection: Any) -> None:
    """The worker's loop: run each query it is sent and send back the outcome."""
    while True:
        try:
            text, bindings, result_format, max_rows = connection.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            outcome = _execute(store, prefixes, text, _terms(bindings), result_format, max_rows)
        except Exception as error:  # reported to the parent, which raises QueryError
            outcome = {"error": str(error).splitlines()[0] if str(error) else type(error).__name__}
        connection.send(outcome)


def _portable(bindings: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Oxigraph terms as plain tuples, to cross the pipe to a worker."""
    portable: dict[str, tuple[str, ...]] = {}
    for name, term in bindings.items():
        if isinstance(term, ox.NamedNode):
            portable[name] = ("iri", term.value)
        else:
            portable[name] = ("literal", term.value, term.datatype.value, term.language or "")
    return portable


def _terms(portable: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    terms: dict[str, Any] = {}
    for name, parts in portable.items():
        if parts[0] == "iri":
            terms[name] = ox.NamedNode(parts[1])
        elif parts[3]:
            terms[name] = ox.Literal(parts[1], language=parts[3])
        else:
            terms[name] = ox.Literal(parts[1], datatype=ox.NamedNode(parts[2]))
    return terms


def _execute(
    store: ox.Store,
    prefixes: dict[str, str],
    text: str,
    bindings: dict[str, Any],
    result_format: str,
    max_rows: int | None,
) -> dict[str, Any]:
    substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    results = store.query(text, prefixes=prefixes, substitutions=substitutions)
    if isinstance(results, ox.QueryBoolean):
        data = results.serialize(format=RESULT_FORMATS.get(result_format, ox.QueryResultsFormat.JSON))
        return {"kind": "boolean", "payload": data, "result_format": result_format}
    if isinstance(results, ox.QueryTriples):
        triples = list(results) if max_rows is None else _first(results, max_rows + 1)
        truncated = max_rows is not None and len(triples) > max_rows
        data = ox.serialize(triples[:max_rows] if truncated else triples, format=ox.RdfFormat.N_TRIPLES)
        return {"kind": "graph", "payload": data, "result_format": "nt", "truncated": truncated}
    variables = [v.value for v in results.variables]
    fmt = RESULT_FORMATS.get(result_format, ox.QueryResultsFormat.JSON)
    standard = result_format if result_format in RESULT_FORMATS else "json"
    if max_rows is None:
        return {
            "kind": "solutions",
            "payload": results.serialize(format=fmt),
            "result_format": standard,
            "variables": variables,
        }
    rows = _first(results, max_rows + 1)
    truncated = len(rows) > max_rows
    payload = _solutions_json(variables, rows[:max_rows])
    if result_format in ("csv", "tsv", "xml"):
        parsed = ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON)
        payload = parsed.serialize(format=RESULT_FORMATS[result_format])
    return {
        "kind": "solutions",
        "payload": payload,
        "result_format": standard,
        "variables": variables,
        "truncated": truncated,
    }


def _first(iterator: Any, count: int) -> list[Any]:
    items = []
    for item in iterator:
        items.append(item)
        if len(items) >= count:
            break
    return items


def _solutions_json(variables: list[str], rows: list[Any]) -> bytes:
    def term(value: Any) -> dict[str, str]:
        if isinstance(value, ox.NamedNode):
            return {"type": "uri", "value": value.value}
        if isinstance(value, ox.BlankNode):
            return {"type": "bnode", "value": value.value}
        result = {"type": "literal", "value": value.value}
        if value.language:
            result["xml:lang"] = value.language
        elif value.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            result["datatype"] = value.datatype.value
        return result

    bindings = [{v: term(row[v]) for v in variables if row[v] is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")


# -- presentation ------------------------------------------------------------------------------


def solutions(result: QueryResult) -> tuple[list[str], list[list[Node | None]]]:
    """Variables and rows (rdflib terms) of a SELECT result serialized as SPARQL JSON."""
    document = json.loads(result.payload)
    variables = document["head"].get("vars", [])
    rows = [[_rdflib_term(binding.get(v)) for v in variables] for binding in document["results"]["bindings"]]
    return variables, rows


def _rdflib_term(value: dict[str, str] | None) -> Node | None:
    if value is None:
        return None
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "literal" or value["type"] == "typed-literal":
        return Literal(
            value["value"],
            lang=value.get("xml:lang"),
            datatype=URIRef(value["datatype"]) if "datatype" in value else None,
        )
    from rdflib import BNode

    return BNode(value["value"])


def short(term: Node | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = max(
            ((p, ns) for p, ns in prefixes.items() if text.startswith(ns)),
            key=lambda x: len(x[1]),
            default=None,
        )
        return f"{best[0]}:{text[len(best[1]) :]}" if best else text
    return str(term)


def format_table(variables: list[str], rows: list[list[Node | None]], max_width: int = 60) -> str:
    """An aligned table for the terminal; long cells are cut at max_width (0: never)."""
    prefixes = default_prefixes()
    cells = [[short(term, prefixes) for term in row] for row in rows]
    if max_width:
        cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def format_markdown(variables: list[str], rows: list[list[Node | None]]) -> str:
    prefixes = default_prefixes()

    def cell(term: Node | None) -> str:
        return short(term, prefixes).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in rows]
    return "\n".join(lines)


def graph_of(result: QueryResult) -> Graph:
    graph = Graph()
    graph.parse(data=result.payload.decode("utf-8"), format="nt")
    return graph
