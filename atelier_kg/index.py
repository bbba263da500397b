"""The index of the last build: an on-disk Oxigraph store that makes validating an entry fast.

`build` writes every data file's statements into a named graph of its own, with where each
resource and property was written, and a fingerprint of the inputs. `validate ENTRY.yaml`
then loads only the entry, resolves its references against the index and takes from it only
the neighbourhood that the shapes look at, instead of reading every YAML file again: the cost
follows the size of the entry, not of the programme. A missing or stale index is never used
(the caller falls back to a full load), and the index is only written after the data conformed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from . import __version__
from .builder import Location, SourceMap
from .export import _exchange, write_atomic
from .load import LoadedGraph
from .messages import EntryError, inline
from .namespaces import GEO, ID, mint, new_graph
from .outputs import remove_stale
from .paths import REFERENCE_DIR, display_path, scan_data
from .shacl.terms import to_rdflib
from .triples import NTriplesText

INDEX_DIR = ".atelier-kg"
FORMAT_VERSION = "1"
_AT = ox.NamedNode("urn:atelier-kg:at")
_ENTITIES = ox.NamedNode("urn:atelier-kg:locations")
_PROPERTIES = ox.NamedNode("urn:atelier-kg:property-locations")
_REFERENCE = ox.NamedNode("urn:atelier-kg:reference")
_FILE_PREFIX = "urn:atelier-kg:file:"
# How far the shapes look from a resource: laureate → EPCI → commune → department.
NEIGHBOURHOOD_DEPTH = 3


def index_dir(data_dir: Path) -> Path:
    return data_dir.resolve().parent / INDEX_DIR


def fingerprint(data_dir: Path, reference: str, exclude: Iterable[Path] = ()) -> dict[str, Any]:
    """Size and modification time of every input file, and what shaped the graph."""
    root = data_dir.resolve()
    excluded = {p.resolve().relative_to(root).as_posix() for p in exclude if p.resolve().is_relative_to(root)}
    extracts = [(p.relative_to(data_dir).as_posix(), p.stat())
                for p in sorted((data_dir / REFERENCE_DIR).rglob("*")) if p.is_file()]
    files = {name: f"{stat.st_size}:{stat.st_mtime_ns}"
             for name, stat in [*scan_data(data_dir), *extracts] if name not in excluded}
    return {"format": FORMAT_VERSION, "software": __version__, "reference": reference,
            "data": str(data_dir.resolve()), "files": files}


def write_index(loaded: LoadedGraph, data_dir: Path, reference: str) -> Path:
    """Write the index of a loaded (and conforming) graph; replace the previous one whole.

    Whatever fails (a full disk, a kill), no temporary stays behind for long (they are named
    after this process, and the next run removes those of a process that is gone), and the
    previous index is either intact or removed, never half-replaced: the new store is built
    aside, the fingerprint that makes an index usable is removed before the stores are
    exchanged and written again only after.
    """
    if loaded.by_file is None:
        raise ValueError("the graph was loaded without track_files")
    target = index_dir(data_dir)
    target.mkdir(exist_ok=True)
    remove_stale(target, _STALE, _LEGACY)
    pid = os.getpid()
    fresh, quads, store = target / f"store.new.{pid}", target / f"quads.{pid}.nq.tmp", target / "store"
    stamp = target / "fingerprint.json"
    try:
        _build_store(loaded, quads, fresh)
        stamp.unlink(missing_ok=True)  # no fingerprint: the index is not used
        _swap_in(fresh, store)
        text = json.dumps(fingerprint(data_dir, reference), sort_keys=True, indent=1)
        write_atomic(stamp, text.encode("utf-8"))
    except BaseException:
        if not stamp.exists():  # the old index was already given up: remove it, never leave half
            shutil.rmtree(store, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        quads.unlink(missing_ok=True)
    return target


# store.new.PID, store.old.PID, quads.PID.nq.tmp; and their names before pids were added.
_STALE = re.compile(r"(?:store\.new|store\.old|quads)\.(?P<pid>\d+)(?:\.nq\.tmp)?")
_LEGACY = re.compile(r"store\.new|store\.old|quads\.nq\.tmp|fingerprint\.json\.tmp")


def _build_store(loaded: LoadedGraph, quads: Path, fresh: Path) -> None:
    try:
        with open(quads, "w", encoding="utf-8") as stream:  # streamed: no second copy of the graph
            stream.writelines(_nquads(loaded))
        store = ox.Store(str(fresh))
        store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
    except OSError as error:
        if error.filename is None:
            raise OSError(error.errno, error.strerror or str(error), display_path(fresh.parent)) from None
        raise
    except SyntaxError as error:  # an IRI or literal the index cannot hold: say where, not a traceback
        raise EntryError(display_path(fresh.parent), None, "output_unparsable",
                         problem=inline(str(error.args[0]), 200)) from None


def _swap_in(fresh: Path, store: Path) -> None:
    """Put the fresh store in place of the old one, in one step where the system can."""
    if not store.exists():
        fresh.rename(store)
    elif _exchange(fresh, store):
        shutil.rmtree(fresh)  # now the old store
    else:
        old = store.with_name(f"store.old.{os.getpid()}")
        store.rename(old)
        fresh.rename(store)
        shutil.rmtree(old)


def _nquads(loaded: LoadedGraph) -> Iterator[str]:
    statement = NTriplesText().statement
    written: set[tuple[Node, Node, Node]] = set()
    for path, triples in sorted((loaded.by_file or {}).items()):
        suffix = f" <{_FILE_PREFIX}{_escape(path)}> .\n"
        for triple in triples:
            written.add(triple)
            yield statement(triple) + suffix
    suffix = f" {_REFERENCE} .\n"
    for triple in loaded.triples:
        if triple not in written:
            yield statement(triple) + suffix
    for iri, (path, line) in loaded.sources.entities.items():
        yield f"<{iri}> {_AT} {_literal(path, line)} {_ENTITIES} .\n"
    for (iri, predicate), (path, line) in loaded.sources.properties.items():
        yield f"<{iri}> <{predicate}> {_literal(path, line)} {_PROPERTIES} .\n"


def _escape(path: str) -> str:
    return path.replace("%", "%25").replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")


def _literal(path: str, line: int) -> str:
    return json.dumps(f"{path}\t{line}", ensure_ascii=False)


@dataclass
class Index:
    """A read-only view of the index that leaves out the files being re-validated."""

    store: ox.Store
    excluded: frozenset[str]  # graph names of the entry files
    data_dir: Path
    reference: str
    # In the reference, not yet in the index (EPCIs, communes, State services), by kind.
    new_reference: dict[str, set[str]] = field(default_factory=dict)
    _reference_keys: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def open(cls, data_dir: Path, reference: str, entries: Sequence[Path]) -> Index | None:
        """The index if it describes exactly the current data (entries aside), else None."""
        folder = index_dir(data_dir)
        try:
            stamp = json.loads((folder / "fingerprint.json").read_text(encoding="utf-8"))
            store = ox.Store.read_only(str(folder / "store"))
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a store being replaced by a build
            return None
        current = fingerprint(data_dir, reference, entries)
        inside = {p.resolve().relative_to(data_dir.resolve()).as_posix() for p in entries
                  if p.resolve().is_relative_to(data_dir.resolve())}
        recorded = {k: v for k, v in stamp.get("files", {}).items() if k not in inside}
        if {**stamp, "files": recorded} != current:
            return None
        names = {_FILE_PREFIX + _escape(display_path(data_dir / name)) for name in inside}
        return cls(store, frozenset(names), data_dir, reference)

    # -- Registry (see load.Registry) ---------------------------------------------------
    def locate(self, iri: URIRef) -> Location | None:
        for quad in self.store.quads_for_pattern(ox.NamedNode(str(iri)), _AT, None, _ENTITIES):
            if (location := self._location(quad)) is not None:
                return location
        return self._reference_resource(iri)

    def _location(self, quad: ox.Quad) -> Location | None:
        """The file:line a location quad records, unless that file is being re-validated."""
        path, line = quad.object.value.rsplit("\t", 1)
        return None if _FILE_PREFIX + _escape(path) in self.excluded else (path, int(line))

    def _reference_resource(self, iri: URIRef) -> Location | None:
        """An EPCI, commune or State service nothing referred to yet: the index has only those
        referred to, the reference all of France."""
        from .reference import FILES, KIND_OF_TARGET

        if self.reference == "none" or not str(iri).startswith(ID):
            return None
        kind, _, slug = str(iri)[len(ID):].partition("/")
        if kind not in KIND_OF_TARGET or slug not in self._keys(kind):
            return None
        self.new_reference.setdefault(kind, set()).add(slug)
        return display_path(self.data_dir / REFERENCE_DIR / FILES[kind]), 0

    def _keys(self, kind: str) -> frozenset[str]:
        if kind not in self._reference_keys:
            self._reference_keys[kind] = frozenset(self._extract().keys(kind))
        return self._reference_keys[kind]

    def _extract(self):  # type: ignore[no-untyped-def]
        from .reference import read_extract

        return read_extract((self.data_dir / REFERENCE_DIR).resolve(), self.reference == "full")

    def slugs(self, kind: str) -> list[str]:
        prefix = f"{ID}{kind.removeprefix('concept:')}/"
        quads = self.store.quads_for_pattern(None, _AT, None, _ENTITIES)
        indexed = {q.subject.value[len(prefix):] for q in quads if q.subject.value.startswith(prefix)}
        if self.reference != "none":  # what entries may refer to: the whole reference
            indexed |= self._keys(kind)
        return sorted(indexed)

    # -- neighbourhood ------------------------------------------------------------------
    def neighbourhood(self, entries: LoadedGraph,
                      inverse_predicates: Iterable[URIRef] = ()) -> tuple[LoadedGraph, set[URIRef]]:
        """The entries with what the shapes need around them, and the nodes to validate.

        Validated: the entries' resources and their neighbours (what they link to, what links
        to them). Added from the index: statements about those neighbours and, outward, about
        what they link to, up to NEIGHBOURHOOD_DEPTH; statements linking to the entries'
        resources, and to the neighbours through inverse_predicates (those the shapes follow
        backwards); and the organisations that share a label with them (the unique-name rule).
        Statements linking to a neighbour from elsewhere are not added: the rest of the
        programme conformed when the index was built, so only what the entries change is checked.
        """
        own = {iri for iri in entries.sources.entities if isinstance(iri, URIRef)}
        graph = new_graph()
        for triple in entries.graph:
            graph.add(triple)
        added: list[URIRef] = []
        if self.new_reference:
            from .reference import add_referenced

            wanted = [(kind, slug) for kind, slugs in sorted(self.new_reference.items())
                      for slug in sorted(slugs)
                      if mint(kind, slug) not in own]  # not what the entries describe themselves (a DDT)
            added = add_referenced(graph, self._extract(), wanted, lambda iri: False)
        sources = SourceMap(dict(entries.sources.entities), dict(entries.sources.properties))
        # What the entries link to, and what they make link to them (an inverse key: region).
        neighbours = {n for t in entries.graph for n in (t[0], t[2]) if _is_resource(n)}
        for iri in own:
            for quad in self._quads(None, None, iri):
                graph.add(self._triple(quad))
                neighbours.add(to_rdflib(quad.subject))  # type: ignore[arg-type]
        neighbours -= own
        # Rules that follow a link backwards (a department's region) need those links too.
        backwards = set()
        for node in neighbours:
            for predicate in inverse_predicates:
                for quad in self._quads(None, predicate, node):
                    graph.add(self._triple(quad))
                    backwards.add(to_rdflib(quad.subject))
        # What the reference resources just added link to (a DDT's kind and department).
        linked = {o for iri in added for p, o in graph.predicate_objects(iri)
                  if _is_resource(o) and p not in (DCTERMS.hasPart, GEO.hasGeometry)}
        self._add_outward(graph, neighbours | backwards | linked, own, set(inverse_predicates))
        for iri in own:
            for label in entries.graph.objects(iri, SKOS.prefLabel):
                for quad in self._quads(None, SKOS.prefLabel, label):
                    graph.add(self._triple(quad))
                    for typing in self._quads(quad.subject, RDF.type, None):
                        graph.add(self._triple(typing))
        self._add_locations(sources, {s for s in graph.subjects() if isinstance(s, URIRef)} - own)
        return LoadedGraph(graph, sources, entries.files), own | neighbours

    def _add_outward(self, graph: Graph, start: set[URIRef], own: set[URIRef],
                     inverse_predicates: set[URIRef]) -> None:
        """Statements about the nodes reached, outward, and those that link to them through the
        properties the shapes follow backwards (a team reached from a neighbour, and its members:
        a neighbour's rule may count them)."""
        seen, frontier = set(own), set(start)
        for _ in range(NEIGHBOURHOOD_DEPTH):
            following: set[URIRef] = set()
            for node in frontier - seen:
                seen.add(node)
                for quad in self._quads(node, None, None):
                    triple = self._triple(quad)
                    graph.add(triple)
                    if _is_resource(triple[2]) or isinstance(triple[2], BNode):
                        following.add(triple[2])  # type: ignore[arg-type]
                for predicate in inverse_predicates:
                    for quad in self._quads(None, predicate, node):
                        graph.add(self._triple(quad))
            frontier = following

    def _add_locations(self, sources: SourceMap, nodes: set[URIRef]) -> None:
        for node in nodes:
            location = self.locate(node)
            if location is not None:
                sources.entities.setdefault(node, location)
            for quad in self.store.quads_for_pattern(ox.NamedNode(str(node)), None, None, _PROPERTIES):
                if (found := self._location(quad)) is not None:
                    sources.properties.setdefault((node, URIRef(quad.predicate.value)), found)

    def _quads(self, subject: Node | ox.NamedNode | None, predicate: Node | None,
               obj: Node | None) -> Iterable[ox.Quad]:
        pattern = [_to_ox(x) if x is not None and not isinstance(x, (ox.NamedNode, ox.BlankNode)) else x
                   for x in (subject, predicate, obj)]
        for quad in self.store.quads_for_pattern(*pattern):
            name = quad.graph_name
            if isinstance(name, ox.NamedNode) and name.value.startswith(_FILE_PREFIX):
                if name.value in self.excluded:
                    continue
            elif name != _REFERENCE:
                continue  # the location graphs
            yield quad

    def _triple(self, quad: ox.Quad) -> tuple[Node, Node, Node]:
        return to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)


def _to_ox(term: Node) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or
                                                                "http://www.w3.org/2001/XMLSchema#string")))
    raise TypeError(term)


def _is_resource(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(ID)
