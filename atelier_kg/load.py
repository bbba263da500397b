"""YAML data files → an rdflib Graph, with a map from every resource back to its file and line.

Only what makes input unreadable is an error here (syntax, unknown keys, wrong kinds of
value, unknown references, duplicate identifiers): those stop the load with exit code 2.
Whether an entry is complete is SHACL's question (see validate.py), so a half-filled
template still loads and can be reported on line by line.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from . import schema as s
from .messages import EntryError, quote
from .namespaces import ATD, ID, is_slug, mint, new_graph
from .readfile import read_text, require_regular, unreadable
from .yamlsource import YList, YMap, describe, load_yaml

Location = tuple[str, int]
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")  # used with fullmatch
REFERENCE_DIR = "reference"
# Entries (a laureate, each ambition, member, organisation, concept…) one file may hold.
# Organisations are the dearest to validate (6-8 ms each with a SIREN and a part_of chain, on
# the 2-core test machine): at this limit such an entry validates in about 2.5 s, half the
# 5 s budget; 300 ambitions, about 1 s. The largest shipped file holds 47.
MAX_RECORDS_PER_FILE = 300
GEO_CODE_KINDS = {"region", "departement", "commune"}


@dataclass
class SourceMap:
    """Where each resource, and each of its properties, was written."""

    entities: dict[URIRef, Location] = field(default_factory=dict)
    properties: dict[tuple[URIRef, URIRef], Location] = field(default_factory=dict)

    def locate(self, subject: URIRef, predicate: URIRef | None = None) -> Location | None:
        if predicate is not None and (subject, predicate) in self.properties:
            return self.properties[(subject, predicate)]
        return self.entities.get(subject)

    def files(self) -> set[str]:
        return {path for path, _ in self.entities.values()}


@dataclass
class LoadedGraph:
    graph: Graph
    sources: SourceMap
    files: list[Path]
    # With track_files: the triples each data file wrote (what the rest is: reference data).
    by_file: dict[str, list[tuple[URIRef, URIRef, Any]]] | None = None


@dataclass(frozen=True)
class _Reference:
    subject: URIRef
    predicate: URIRef
    target: str  # a kind, "agent", or "concept:<scheme>"
    slug: str
    path: str
    line: int
    key: str
    inverse: bool


@dataclass(frozen=True)
class _Context:
    path: str
    parent_path: tuple[str, ...] = ()
    parent_labels: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    sources_line: int = 0
    scheme: str | None = None


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML data file under data_dir, in a stable order (reference extracts aside)."""
    return [data_dir / name for name, _ in scan_data(data_dir)]


def scan_data(data_dir: Path) -> list[tuple[str, os.stat_result]]:
    """The YAML data files (relative names) with their stat, in a stable order, in one walk.

    Strings rather than Paths: this runs before every `validate ENTRY` over every file.
    A link that leads out of data_dir is refused: data is what the folder holds.
    """
    found: list[tuple[str, os.stat_result]] = []
    root = data_dir.resolve()

    def walk(folder: str, relative: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = relative + entry.name
                if entry.is_symlink():
                    _check_link(entry.path, root)
                if entry.is_dir():
                    if name == REFERENCE_DIR:
                        continue
                    if entry.is_symlink():  # a folder of data/ again: read twice, or forever
                        raise EntryError(display_path(Path(entry.path)), None, "folder_link")
                    walk(entry.path, name + "/")
                elif name.endswith(".yaml"):
                    status = entry.stat()
                    require_regular(status.st_mode, display_path(Path(entry.path)))
                    found.append((name, status))

    if not data_dir.is_dir():
        raise EntryError(display_path(data_dir), None, "no_data", folder=display_path(data_dir))
    try:
        walk(str(data_dir), "")
    except OSError as error:  # a folder that cannot be listed (permissions)
        raise unreadable(error, display_path(Path(error.filename or data_dir))) from None
    found.sort(key=lambda item: item[0])
    return found


def _check_link(path: str, root: Path) -> None:
    """A link in data/ leads to a file or folder of data/ (not a loop, not nowhere, not outside)."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as error:
        raise unreadable(error, display_path(Path(path))) from None
    if not target.is_relative_to(root):
        raise EntryError(display_path(Path(path)), None, "outside_data", target=str(target))


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible.

    The folder is resolved, not the file: a link is named as the link, not as what it leads
    to (which may be a file outside, such as /etc/passwd).
    """
    try:
        return (resolved(path.parent) / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def resolved(path: Path) -> Path:
    """path.resolve(), which on a loop of links raises RuntimeError: then the path made absolute."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def load_graph(data_dir: Path, extra_files: Sequence[Path] = (), reference: str = "compact",
               track_files: bool = False) -> LoadedGraph:
    """Load every data file of data_dir, then extra_files (entries being proposed).

    reference: "compact" loads the regions and departments, and the EPCIs, communes and State
    services (DDT…) the data refers to, from data/reference/; "full" loads every EPCI, commune
    and State service of France; "none" skips it.
    """
    # Millions of new objects and none to free: the cyclic collector would walk the growing
    # graph again and again (a fifth of the load time at 100k triples).
    # Once loaded, the graph lives as long as the command: frozen, it is left out of every
    # later collection too (without it, validating full France took 2.2 s instead of 0.5 s).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_graph(data_dir, extra_files, reference, track_files)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load_graph(data_dir: Path, extra_files: Sequence[Path], reference: str,
                track_files: bool) -> LoadedGraph:
    files = data_files(data_dir)
    if not files:
        raise EntryError(display_path(data_dir), None, "no_data", folder=display_path(data_dir))
    seen = {resolved(p) for p in files}
    files += [p for p in extra_files if resolved(p) not in seen]
    builder = _Builder(track_files)
    extract = None
    if reference != "none" and (data_dir / REFERENCE_DIR / "sources.json").exists():
        from . import reference as ref

        extract = ref.read_extract((data_dir / REFERENCE_DIR).resolve(), reference == "full")
        ref.add_sources(builder.graph, extract)
        folder = display_path(data_dir / REFERENCE_DIR)
        builder.register_reference(ref.add_regions_and_departments(builder.graph, extract), folder)
    for path in files:
        builder.load_file(path, display_path(path))
    if extract is not None:
        from . import reference as ref

        # The EPCIs, communes and State services referred to (every one with "full").
        references = [(r.target, r.slug) for r in builder.references]
        added = ref.add_referenced(builder.graph, extract, references, builder.registry.__contains__,
                                   full=reference == "full")
        builder.register_reference(added, folder)
        builder.reference_slugs = extract.keys  # "did you mean" among all of France
    builder.resolve_references()
    return LoadedGraph(builder.graph, builder.sources, files, builder.by_file)


def load_entries(entry_files: Sequence[Path], known: Registry) -> LoadedGraph:
    """Load only entry_files; their references resolve against `known` (the index of a build)."""
    builder = _Builder(track_files=False, known=known)
    for path in entry_files:
        builder.load_file(path, display_path(path))
    builder.resolve_references()
    return LoadedGraph(builder.graph, builder.sources, list(entry_files))


# Formats of RDF contributions that `validate` accepts, by file suffix.
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}
YAML_SUFFIXES = (".yaml", ".yml")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')
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
    contribution = Graph()
    try:
        contribution.parse(data=text, format=rdf_format, publicID=f"{ID}contribution/")
    except Exception as error:  # rdflib raises many kinds of parse errors
        line, problem = parse_problem(error)
        raise EntryError(display, line, "bad_graph_file", problem=problem) from None
    for term in {t for triple in contribution for t in triple if isinstance(t, URIRef)}:
        if _BAD_IRI.search(term):  # rdflib only warns; such an IRI would break every export
            raise EntryError(display, None, "bad_graph_file",
                             problem=f"IRI invalide / invalid IRI <{quote(str(term))}>")
    return contribution


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
        loaded.graph.add(triple)
        # The contribution is what to fix when one of its statements breaks a rule.
        loaded.sources.properties[(triple[0], triple[1])] = (display, 0)  # type: ignore[index]
    subjects = {x for x in contribution.subjects() if isinstance(x, URIRef)}
    for subject in subjects:
        loaded.sources.entities.setdefault(subject, (display, 0))
    return subjects | {o for o in contribution.objects() if isinstance(o, URIRef)}


class Registry(Protocol):
    """Resources known outside the files being loaded (the index of the last build)."""

    def locate(self, iri: URIRef) -> Location | None: ...

    def slugs(self, kind: str) -> list[str]: ...


class _Builder:
    def __init__(self, track_files: bool = False, known: Registry | None = None) -> None:
        self.graph = new_graph()
        self.sources = SourceMap()
        self.registry: dict[URIRef, Location] = {}
        self.slugs_by_target: dict[str, list[str]] = defaultdict(list)
        self.references: list[_Reference] = []
        self.known = known
        # Which file wrote each triple: the index keeps them per file, so that a file being
        # re-validated replaces its own earlier statements and nothing else.
        self.by_file: dict[str, list[tuple[URIRef, URIRef, Any]]] | None = {} if track_files else None
        self._current: list[tuple[URIRef, URIRef, Any]] | None = None
        self.records: dict[str, int] = defaultdict(int)  # per file: see MAX_RECORDS_PER_FILE
        # For hints among the whole reference: see reference.Extract.keys
        self.reference_slugs: Callable[[str], list[str]] | None = None

    def _add(self, triple: tuple[URIRef, URIRef, Any], path: str | None = None) -> None:
        self.graph.add(triple)
        if self.by_file is not None:
            (self.by_file.setdefault(path, []) if path else self._current).append(triple)  # type: ignore[union-attr]

    def _locate(self, iri: URIRef) -> Location | None:
        if iri in self.registry:
            return self.registry[iri]
        return self.known.locate(iri) if self.known is not None else None

    def register_reference(self, resources: list[URIRef], folder: str) -> None:
        """Make reference resources (regions, departments, EPCIs, communes, DDTs) targets of references."""
        from .reference import FILES

        for iri in resources:
            kind, slug = str(iri)[len(ID):].split("/", 1)
            location = (f"{folder}/{FILES[kind]}", 0)
            self.registry.setdefault(iri, location)
            self.sources.entities.setdefault(iri, location)
            self.slugs_by_target[kind].append(slug)

    # -- files ------------------------------------------------------------------------
    def load_file(self, path: Path, display: str) -> None:
        document = load_yaml(path, display)
        if self.by_file is not None:
            self._current = self.by_file.setdefault(display, [])
        allowed = [*s.TOP_LEVEL, s.FILE_SOURCES_KEY]
        for key in document:
            if key not in allowed:
                raise _unknown_key(display, document.key_lines[key], key, allowed, display)
        if not any(key in s.TOP_LEVEL for key in document):
            raise EntryError(display, document.line, "no_entry", allowed=", ".join(s.TOP_LEVEL))
        sources = self._slug_list(document, s.FILE_SOURCES_KEY, display)
        context = _Context(display, sources=tuple(sources),
                           sources_line=document.key_lines.get(s.FILE_SOURCES_KEY, 0))
        for slug in sources:
            self._defer(None, None, "document", slug, display,
                        document.key_lines[s.FILE_SOURCES_KEY], s.FILE_SOURCES_KEY)
        if "concepts" in document and "scheme" not in document:
            raise EntryError(display, document.key_lines["concepts"], "missing_slug",
                             where="concepts", key="scheme")
        for key, (kind, many) in s.TOP_LEVEL.items():
            if key not in document:
                continue
            spec = s.SPECS[kind]
            line = document.key_lines[key]
            if kind == "concept":
                scheme_slug = str(document["scheme"].get("slug", ""))
                context = _Context(display, sources=context.sources, scheme=scheme_slug)
            if many:
                for item, item_line in _items(document[key], key, display, line):
                    self.record(spec, item, item_line, context)
            else:
                self.record(spec, document[key], line, context)

    # -- one entry ----------------------------------------------------------------------
    def record(self, spec: s.RecordSpec, data: Any, line: int, context: _Context) -> URIRef:
        path = context.path
        self.records[path] += 1
        if self.records[path] > MAX_RECORDS_PER_FILE:
            raise EntryError(path, line, "too_many_records", limit=MAX_RECORDS_PER_FILE)
        if not isinstance(data, YMap):
            raise EntryError(path, line, "expected_mapping", key=spec.kind, got=describe(data))
        allowed = [f.key for f in spec.fields] + ([spec.slug_key] if spec.slug_key else [])
        for key in data:
            if key not in allowed:
                raise _unknown_key(path, data.key_lines[key], key, allowed, spec.kind)
        slug = self._slug_of(spec, data, context)
        iri, own_path = self._mint(spec, slug, context)
        other = self._locate(iri)
        if spec.kind == "organisation" and other is not None and _in_reference(other):
            other = None  # a State service of the reference that the data describes itself (ddt-jura)
        if other is not None and not spec.slug_from:
            raise EntryError(path, data.line, "duplicate_slug", slug=slug, kind=spec.kind,
                             other=f"{other[0]}:{other[1]}")
        # A member listed twice merges into one membership; SHACL reports it at the repeat.
        self.registry.setdefault(iri, (path, data.line))
        self.slugs_by_target[context.scheme and f"concept:{context.scheme}" or spec.kind].append(slug)
        self.sources.entities[iri] = (path, data.line)
        for cls in spec.classes:
            self._add((iri, RDF.type, cls))
        if context.scheme:
            self._add((iri, SKOS.inScheme, mint("scheme", context.scheme)))
        if spec.slug_predicate is not None:
            self._add((iri, spec.slug_predicate, Literal(slug)))
        labels = self._labels(spec, data, context)
        if spec.label_from_parent:
            for lang, label in labels.items():
                self._add((iri, SKOS.prefLabel, Literal(label, lang=lang)))
        own_sources, sources_line = context.sources, context.sources_line
        if "sources" in data and spec.field("sources") is not None:
            own_sources = tuple(self._slug_list(data, "sources", path))
            sources_line = data.key_lines["sources"]
        child_context = _Context(path, own_path, labels, own_sources, sources_line)
        for spec_field in spec.fields:
            if spec_field.key == spec.slug_key and spec_field.predicate is None:
                continue
            self._field(iri, spec_field, data, child_context)
        if "sources" not in data or spec.field("sources") is None:
            if sources_line:
                self.sources.properties[(iri, s.SOURCES.predicate)] = (path, sources_line)
            for source in own_sources:
                self._add((iri, s.SOURCES.predicate, mint("document", source)))
        return iri

    def _slug_of(self, spec: s.RecordSpec, data: YMap, context: _Context) -> str:
        if spec.slug_from:
            present = [k for k in spec.slug_from if data.get(k) not in (None, "")]
            if len(present) != 1:
                raise EntryError(context.path, data.line, "member_needs_one")
            return self._check_slug(data, present[0], context.path)
        if spec.slug_key is None:
            return context.parent_path[-1]
        if data.get(spec.slug_key) in (None, ""):
            raise EntryError(context.path, data.line, "missing_slug", where=spec.kind,
                             key=spec.slug_key)
        return self._check_slug(data, spec.slug_key, context.path)

    @staticmethod
    def _check_slug(data: YMap, key: str, path: str) -> str:
        value = data.raw.get(key, str(data[key]))
        if not isinstance(data[key], (str, int)) or not is_slug(value):
            raise EntryError(path, data.key_lines[key], "bad_slug", value=value, key=key)
        return value

    @staticmethod
    def _mint(spec: s.RecordSpec, slug: str, context: _Context) -> tuple[URIRef, tuple[str, ...]]:
        if context.scheme:
            return mint(context.scheme, slug), (slug,)
        if spec.slug_key is None and not spec.slug_from:
            return mint(spec.kind, *context.parent_path), context.parent_path
        own_path = (*context.parent_path, slug) if spec.scoped else (slug,)
        return mint(spec.kind, *own_path), own_path

    def _labels(self, spec: s.RecordSpec, data: YMap, context: _Context) -> dict[str, str]:
        if spec.label_from_parent:
            fallback = context.parent_labels.get("fr", context.parent_path[-1])
            parent = {"fr": fallback, "en": fallback, **context.parent_labels}
            return {lang: prefix + parent[lang]
                    for lang, prefix in zip(("fr", "en"), spec.label_from_parent, strict=True)
                    if lang in parent}
        label = data.get("label")
        if isinstance(label, str):
            return {"fr": label}
        if isinstance(label, dict):
            return {k: v for k, v in label.items() if isinstance(v, str) and v}
        name = data.get("name")
        return {"fr": name} if isinstance(name, str) else {}

    # -- one key ------------------------------------------------------------------------
    def _field(self, subject: URIRef, spec_field: s.Field, data: YMap, context: _Context) -> None:
        key, kind, predicate = spec_field.key, spec_field.kind, spec_field.predicate
        path = context.path
        if key in data and predicate is not None:
            self.sources.properties[(subject, predicate)] = (path, data.key_lines[key])
        if key not in data or data[key] is None or data[key] == "":
            if spec_field.default is not None and kind == s.CONCEPT:
                self._defer(subject, predicate, f"concept:{spec_field.target}",
                            spec_field.default, path, data.line, key)
            return
        value, line = data[key], data.key_lines[key]
        if kind == s.GROUP:
            if not isinstance(value, YMap):
                raise EntryError(path, line, "expected_mapping", key=key, got=describe(value))
            allowed = [f.key for f in spec_field.fields]
            for sub_key in value:
                if sub_key not in allowed:
                    raise _unknown_key(path, value.key_lines[sub_key], sub_key, allowed, key)
            for sub_field in spec_field.fields:
                self._field(subject, sub_field, value, context)
        elif kind in (s.RECORD, s.RECORDS):
            self._nested(subject, spec_field, value, line, context)
        elif kind in (s.REF, s.CONCEPT):
            target = spec_field.target if kind == s.REF else f"concept:{spec_field.target}"
            fold = target in GEO_CODE_KINDS  # INSEE codes: "2A" names the slug "2a"
            slugs = self._slug_list(data, key, path, fold) if spec_field.many else [
                self._scalar_slug(data, key, path, fold)]
            for slug in slugs:
                self._defer(subject, predicate, target or "", slug, path, line, key,
                            spec_field.inverse)
        elif kind == s.TEXTS:
            for item, item_line in _items(value, key, path, line):
                for literal in _text(item, key, path, item_line):
                    self._add((subject, predicate, literal))
        elif kind == s.TEXT:
            for literal in _text(value, key, path, line, data.raw.get(key)):
                self._add((subject, predicate, literal))
        elif predicate is not None:
            literal = _typed(value, data.raw.get(key), kind, key, path, line)
            if literal is not None:
                self._add((subject, predicate, literal))

    def _nested(self, subject: URIRef, spec_field: s.Field, value: Any, line: int,
                context: _Context) -> None:
        child_spec = s.SPECS[spec_field.target or ""]
        many = spec_field.kind == s.RECORDS
        entries = list(_items(value, spec_field.key, context.path, line)) if many else [(value, line)]
        for rank, (item, item_line) in enumerate(entries, start=1):
            child = self.record(child_spec, item, item_line, context)
            if spec_field.inverse:
                self._add((child, spec_field.predicate, subject))
            else:
                self._add((subject, spec_field.predicate, child))
            if many:
                self._add((child, ATD.rang, Literal(rank)))

    def _slug_list(self, data: YMap, key: str, path: str, fold: bool = False) -> list[str]:
        value = data.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, YList):
            return [self._scalar_slug(data, key, path, fold)]
        slugs = []
        for item, raw, line in zip(value, value.raw, value.item_lines, strict=True):
            text = raw if raw is not None else item
            text = str(text).lower() if fold else text
            if not isinstance(item, (str, int)) or not is_slug(str(text)):
                raise EntryError(path, line, "bad_slug", value=_as_written(item, raw), key=key)
            slugs.append(str(text))
        return slugs

    @staticmethod
    def _scalar_slug(data: YMap, key: str, path: str, fold: bool = False) -> str:
        value = data[key]
        text = data.raw.get(key, value)
        text = str(text).lower() if fold else text
        if isinstance(value, (dict, list)) or not is_slug(str(text)):
            written = _as_written(value, data.raw.get(key))
            raise EntryError(path, data.key_lines[key], "bad_slug", value=written, key=key)
        return str(text)

    # -- references ------------------------------------------------------------------------
    def _defer(self, subject: URIRef | None, predicate: URIRef | None, target: str, slug: str,
               path: str, line: int, key: str, inverse: bool = False) -> None:
        self.references.append(_Reference(subject, predicate, target, slug, path, line, key,  # type: ignore[arg-type]
                                          inverse))

    def resolve_references(self) -> None:
        for ref in self.references:
            iri = self._resolve(ref)
            if ref.subject is None:
                continue  # a file-level source: only its existence is checked
            triple = (iri, ref.predicate, ref.subject) if ref.inverse else (
                ref.subject, ref.predicate, iri)
            self._add(triple, ref.path)

    def _resolve(self, ref: _Reference) -> URIRef:
        if ref.target.startswith("concept:"):
            candidates = [(ref.target, mint(ref.target.removeprefix("concept:"), ref.slug))]
        elif ref.target == "agent":
            candidates = [(kind, mint(kind, ref.slug)) for kind in s.AGENT_KINDS]
        else:
            candidates = [(ref.target, mint(ref.target, ref.slug))]
        for _, iri in candidates:
            if self._locate(iri) is not None:
                return iri
        known = [slug for target, _ in candidates for slug in self.slugs_by_target[target]]
        if self.known is not None:
            known += [slug for target, _ in candidates for slug in self.known.slugs(target)]
        if self.reference_slugs is not None:
            known += [slug for target, _ in candidates for slug in self.reference_slugs(target)]
        padded = ref.slug.zfill(2)  # "7" for "07": YAML reads an unquoted 07 as the number 7
        close = [padded] if padded in known else difflib.get_close_matches(ref.slug, known, n=1, cutoff=0.6)
        kinds = [k for k, _ in candidates]
        spec = s.SPECS.get(kinds[0])
        raise EntryError(
            ref.path, ref.line, "unknown_reference", key=ref.key, slug=ref.slug,
            kind=lambda lang: " / ".join(_kind_name(k, lang) for k in kinds),
            hint=_hint(close),
            registry=(spec.registry if spec and spec.registry else "data/concepts/"))


def _in_reference(location: Location) -> bool:
    """Whether a resource was found in the reference extract (data/reference/…), not in a data file."""
    return location[1] == 0 and Path(location[0]).parent.name == REFERENCE_DIR


def _kind_name(kind: str, lang: str) -> str:
    if kind.startswith("concept:"):
        scheme = kind.removeprefix("concept:")
        return f"concepts « {scheme} »" if lang == "fr" else f"\"{scheme}\" concepts"
    spec = s.SPECS[kind]
    return spec.name_fr if lang == "fr" else spec.name_en


def _hint(close: list[str]):  # type: ignore[no-untyped-def]
    if not close:
        return ""
    from .messages import message

    return lambda lang: message("did_you_mean", lang, suggestion=close[0])


def _unknown_key(path: str, line: int, key: str, allowed: Iterable[str], where: str) -> EntryError:
    allowed = list(allowed)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return EntryError(path, line, "unknown_key", key=key, where=where, hint=_hint(close),
                      allowed=", ".join(allowed))


def _items(value: Any, key: str, path: str, line: int) -> Iterable[tuple[Any, int]]:
    if not isinstance(value, YList):
        raise EntryError(path, line, "expected_list", key=key, got=describe(value))
    return zip(value, value.item_lines, strict=True)


def _as_written(value: Any, raw: str | None) -> str:
    """A scalar as typed (YAML 1.1 reads 0x10 as 16), or the kind of a list or mapping."""
    if raw is not None and not isinstance(value, (dict, list)):
        return raw
    return describe(value).strip("« »")


def _text(value: Any, key: str, path: str, line: int, raw: str | None = None) -> list[Literal]:
    if isinstance(value, str):
        return [Literal(value.strip(), lang="fr")] if value.strip() else []
    if isinstance(value, YMap):
        literals = []
        for lang, text in value.items():
            if lang not in ("fr", "en"):
                raise EntryError(path, value.key_lines[lang], "unknown_language", language=lang, key=key)
            if text is None or text == "":
                continue
            if not isinstance(text, str):
                raise EntryError(path, value.key_lines[lang], "expected_text", key=f"{key}.{lang}",
                                 got=describe(text, value.raw.get(lang)))
            literals.append(Literal(text.strip(), lang=lang))
        return literals
    raise EntryError(path, line, "expected_text", key=key, got=describe(value, raw))


# The one form each typed value is written in, as the templates show it, decided on the text
# as typed (YAML 1.1 reads 03747, 0x7E7 and 33:45 as 2023, yes and on as true). Digits are
# [0-9], not \d (which takes any script's digits), and bounded: nothing is converted that
# could cost more than its few characters.
_PLAIN_FORMS = {
    s.YEAR: re.compile(r"[0-9]{4}"),
    s.INTEGER: re.compile(r"-?(?:0|[1-9][0-9]{0,17})"),
    s.DECIMAL: re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,9})?"),
    s.BOOLEAN: re.compile(r"true|false"),
}
_FORM_ERRORS = {s.YEAR: "expected_year", s.INTEGER: "expected_integer", s.DECIMAL: "expected_number",
                s.BOOLEAN: "expected_boolean"}


def _typed(value: Any, raw: str | None, kind: str, key: str, path: str, line: int) -> Literal | None:
    if isinstance(value, (dict, list)):
        raise EntryError(path, line, "expected_text", key=key, got=describe(value))
    text = raw if raw is not None else str(value)
    if kind == s.STRING:
        return Literal(text.strip()) if text.strip() else None
    if kind == s.URL:
        if not _URL.fullmatch(text):
            raise EntryError(path, line, "bad_url", key=key, value=text)
        return URIRef(text)  # type: ignore[return-value]
    form = _PLAIN_FORMS.get(kind)
    if form is None:
        raise AssertionError(f"unhandled field kind {kind}")
    if not form.fullmatch(text):
        raise EntryError(path, line, _FORM_ERRORS[kind], key=key, value=text)
    if kind == s.BOOLEAN:
        return Literal(text == "true")
    if kind == s.YEAR:
        return Literal(text, datatype=XSD.gYear)
    if kind == s.INTEGER:
        return Literal(int(text))
    # The canonical xsd:decimal form always has a dot: "1000000.0", as Turtle writes it.
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)
