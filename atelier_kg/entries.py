"""Validating entries before they join the data: which graph to check and which nodes in it.

With no entry, all of data/ is checked. With entries (YAML files, RDF contributions in Turtle,
N-Triples, JSON-LD or RDF/XML, or folders of them), they are checked together with the existing
graph: their references resolve against it and a duplicate of an existing entry is caught. When
the index of the last build describes exactly the current data, only the entries and their
neighbourhood are loaded (index.py); otherwise all of data/ is read again.

Every problem is said in one run: what cannot be read (in every file: keys, values, references),
then what SHACL finds in the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .contributions import RDF_SUFFIXES, YAML_SUFFIXES, merge_graph_file
from .messages import EntryError
from .paths import REFERENCE_DIR, display_path
from .readfile import check_regular
from .validate import ValidationReport, focus_of, inverse_predicates, validate_graph

if TYPE_CHECKING:
    from .load import LoadedGraph
    from .project import Project

ENTRY_SUFFIXES = (*YAML_SUFFIXES, *RDF_SUFFIXES)


def validate_entries(project: Project, paths: Sequence[Path] = (),
                     use_index: bool = True) -> ValidationReport:
    entries, problems = _entries(paths)
    yaml_paths = [p for p in entries if p.suffix.lower() in YAML_SUFFIXES]
    graph_paths = [p for p in entries if p.suffix.lower() in RDF_SUFFIXES]
    indexed = _from_index(project, yaml_paths) if yaml_paths and use_index else None
    if indexed is not None:
        loaded, focus = indexed
    else:
        loaded = project.load(yaml_paths, collect=True)
        focus = focus_of(loaded, {display_path(p) for p in yaml_paths}) if paths else None
    for path in graph_paths:
        try:
            focus |= merge_graph_file(loaded, path)  # type: ignore[operator]
        except EntryError as error:
            problems.append(error)
    loaded.problems = [*problems, *loaded.problems]
    return validate_graph(loaded, project.shapes_graph, focus, project.engine)


def _entries(paths: Sequence[Path]) -> tuple[list[Path], list[EntryError]]:
    """The entry files the paths name (a folder: the entries in it), and those that cannot be read."""
    entries: list[Path] = []
    problems: list[EntryError] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in ENTRY_SUFFIXES
                           and REFERENCE_DIR not in p.relative_to(path).parts[:-1])
            if not found:
                problems.append(EntryError(display_path(path), None, "no_entries_in_folder"))
            entries += found
            continue
        try:
            if path.suffix.lower() not in ENTRY_SUFFIXES:
                raise EntryError(display_path(path), None, "unsupported_entry", suffix=path.suffix)
            check_regular(path, display_path(path))  # before the index or the data are looked at
        except EntryError as error:
            problems.append(error)
            continue
        entries.append(path)
    return entries, problems


def _from_index(project: Project, entries: Sequence[Path]) -> tuple[LoadedGraph, set] | None:  # type: ignore[type-arg]
    """The entries and their neighbourhood from the index of the last build; None if it is stale."""
    from .index import Index
    from .load import load_entries

    # The fingerprint walks data/, which can hold what the data scan refuses: errors are ours.
    index = Index.open(project.data, project.reference, entries)
    if index is None:
        return None
    try:
        loaded = load_entries(entries, index, collect=True)
        neighbourhood, focus = index.neighbourhood(loaded, inverse_predicates(project.shapes_graph))
    except RuntimeError:
        # Oxigraph's word for a store replaced under the reader (a build running at the same time):
        # the index is a shortcut, the whole data is the answer.
        return None
    neighbourhood.problems = loaded.problems
    return neighbourhood, focus
