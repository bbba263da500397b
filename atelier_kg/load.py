"""YAML data files → an rdflib Graph, with a map from every resource back to its file and line.

The data of a folder (and the entries being proposed) go through the builder (builder.py); the
official reference adds the regions, the departments and what the data refers to.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from .builder import Builder, Registry, SourceMap
from .messages import EntryError, EntryErrors
from .paths import REFERENCE_DIR, data_files, display_path, resolved


@dataclass
class LoadedGraph:
    graph: Graph
    sources: SourceMap
    files: list[Path]
    # With track_files: the triples each data file wrote (what the rest is: reference data).
    by_file: dict[str, list[tuple[URIRef, URIRef, Any]]] | None = None
    # With collect: what could not be read (the graph holds the rest), in file order.
    problems: list[EntryError] = field(default_factory=list)


def load_graph(data_dir: Path, extra_files: Sequence[Path] = (), reference: str = "compact",
               track_files: bool = False, collect: bool = False) -> LoadedGraph:
    """Load every data file of data_dir, then extra_files (entries being proposed).

    Every problem of every file is found in one run: they are raised together (EntryErrors), or,
    with collect, kept in LoadedGraph.problems beside the graph of what could be read (so that
    `validate` says them and what SHACL finds in the rest, at once).

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
        return _load_graph(data_dir, extra_files, reference, track_files, collect)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load_graph(data_dir: Path, extra_files: Sequence[Path], reference: str,
                track_files: bool, collect: bool) -> LoadedGraph:
    files = data_files(data_dir)
    if not files:
        raise EntryError(display_path(data_dir), None, "no_data", folder=display_path(data_dir))
    seen = {resolved(p) for p in files}
    files += [p for p in extra_files if resolved(p) not in seen]
    builder = Builder(track_files)
    extract = None
    if reference != "none" and (data_dir / REFERENCE_DIR / "sources.json").exists():
        from . import reference as ref

        extract = ref.read_extract((data_dir / REFERENCE_DIR).resolve(), reference == "full")
        ref.add_sources(builder.graph, extract)
        folder = display_path(data_dir / REFERENCE_DIR)
        builder.register_reference(ref.add_regions_and_departments(builder.graph, extract), folder)
    for path in files:
        with builder.keep_going():
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
    return _result(LoadedGraph(builder.graph, builder.sources, files, builder.by_file), builder, collect)


def load_entries(entry_files: Sequence[Path], known: Registry, collect: bool = False) -> LoadedGraph:
    """Load only entry_files; their references resolve against `known` (the index of a build)."""
    builder = Builder(track_files=False, known=known)
    for path in entry_files:
        with builder.keep_going():
            builder.load_file(path, display_path(path))
    builder.resolve_references()
    return _result(LoadedGraph(builder.graph, builder.sources, list(entry_files)), builder, collect)


def _result(loaded: LoadedGraph, builder: Builder, collect: bool) -> LoadedGraph:
    if builder.problems and not collect:
        raise EntryErrors(builder.problems)
    loaded.problems = builder.problems
    return loaded


