"""An open-data release: graph files, CSV tables with Table Schemas and a Frictionless Data
Package, a DCAT-AP 3.0.1 catalog with PROV-O provenance, VoID statistics, SHA256SUMS, a
changelog people can read, and the ontology, shapes and JSON-LD context it was made with, so that
it can be read and checked again offline (`atelier-kg validate --release`).

Reproducible: the same data and version give the same bytes (dates come from SOURCE_DATE_EPOCH or
the data's last commit, never the clock). Atomic: the folder is built aside, then exchanged with
the old one. Checked: every graph file is parsed back and every table checked against its schema
before anything is replaced.

- versions: dates and versions (compared as versions, never paths);
- tables: the CSV tables and Table Schemas, from the kinds' descriptions; package: datapackage.json;
- catalog (+ catalog.ttl), provenance, void: the metadata; changelog: version notes and CHANGES.md;
- check: what `atelier-kg validate --release` checks.
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Graph

from ..diff import compare, read_release_file, read_snapshot
from ..export import bind_prefixes, serialize, to_jsonld, write_folder
from ..jsonld_context import context_document
from ..messages import EntryError, message
from ..outputs import verify_outputs
from ..site.vocabulary import with_version
from .catalog import (
    DESCRIBING,
    ONTOLOGY_FILE,
    PACKAGE_FILE,
    SHAPES_PREFIX,
    catalog_graph,
    constant_description,
    dataset_version,
)
from .changelog import changelog, version_notes
from .package import data_package
from .provenance import sha256
from .tables import check_table, has_instances, release_tables, safe_cell, table_files
from .versions import ReleaseError, check_version, previous_release, release_date, version_key
from .void import void_graph

STEM = "atelier-des-territoires"
MAP_FILE = "carte-des-laureats.svg"
CHANGES_FILE = "CHANGES.md"
_METADATA = ("context.jsonld", MAP_FILE, CHANGES_FILE, PACKAGE_FILE, ONTOLOGY_FILE, *DESCRIBING)
_MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.ttl")
MAX_CHANGES_BYTES = 16 << 20


def model_files(ontology: Path, shapes_dir: Path) -> dict[str, Path]:
    """The vocabulary and the shapes a release carries, by their name in the release."""
    files = {ONTOLOGY_FILE: ontology}
    for path in sorted(shapes_dir.glob("*.ttl")):
        if not _MODEL_NAME.fullmatch(path.name):
            raise EntryError(str(path), None, "release_model_name")
        files[SHAPES_PREFIX + path.name] = path
    return files


def build_release(graph: Graph, project: Path, data_dir: Path, out: Path, version: str, force: bool = False,
                  previous: Path | None = None, map_svg: bytes | None = None,
                  inputs: Iterable[Path] = (), models: Mapping[str, Path] | None = None) -> Path:
    """Write the release folder out/version, whole or not at all; return its path.

    `models`: the ontology and shapes to carry (model_files). Every graph file is parsed back
    first (outputs.verify_outputs), every table checked against its schema, and out/version is
    replaced only if it is a release (export.write_folder): never a folder holding anything else
    or inputs.
    """
    target = out / check_version(version)
    if target.exists() and not force:
        raise ReleaseError("release_exists", target=str(target))
    day = release_date(project)
    files = _content_files(graph, map_svg)
    tables = _tables(graph, version, day, target, files)
    for name, path in sorted((models or {}).items()):
        files[name] = path.read_bytes()
    if ONTOLOGY_FILE in files:  # the vocabulary as published with this release: its own version IRI
        files[ONTOLOGY_FILE] = with_version(files[ONTOLOGY_FILE], version)
    files[PACKAGE_FILE] = data_package(graph, constant_description(version), dataset_version(version), tables,
                                       version, day)
    before = read_snapshot(previous) if previous is not None else None  # checked against its SHA256SUMS
    changes = compare(before, graph) if before is not None else None
    since = previous.name if previous is not None else None
    notes = version_notes(changes, since)
    earlier = _earlier_changes(previous) if previous is not None else None
    files[CHANGES_FILE] = changelog(changes, notes, since, earlier, version, day)
    catalog = catalog_graph(graph, files, version, day, project, data_dir, since, notes)
    void = void_graph(graph, version)
    files["catalog.ttl"] = bind_prefixes(catalog).serialize(format="turtle", encoding="utf-8")
    files["catalog.jsonld"] = to_jsonld(catalog)
    files["void.ttl"] = bind_prefixes(void).serialize(format="turtle", encoding="utf-8")
    sums = "".join(f"{sha256(data)}  {name}\n" for name, data in sorted(files.items()))
    files["SHA256SUMS"] = sums.encode()
    counts = {f"{STEM}{suffix}": len(graph) for suffix in (".ttl", ".jsonld", ".nt")}
    counts |= {"catalog.ttl": len(catalog), "catalog.jsonld": len(catalog), "void.ttl": len(void)}
    verify_outputs(target, files, counts)
    write_folder(files, target, "release", inputs)
    return target


def release_names(models: Iterable[str] = ()) -> list[str]:
    """The name of every file a release may hold (what may be replaced by a release with --force)."""
    tables = [f"{table.name}{suffix}" for _, table in release_tables() for suffix in (".csv", ".schema.json")]
    graphs = [f"{STEM}{suffix}" for suffix in (".ttl", ".jsonld", ".nt", ".nt.gz")]
    return graphs + tables + list(_METADATA) + [name for name in models if name not in _METADATA]


def _content_files(graph: Graph, map_svg: bytes | None) -> dict[str, bytes]:
    nt = serialize(graph, "nt")
    files = {
        f"{STEM}.ttl": serialize(graph, "ttl"),
        f"{STEM}.jsonld": serialize(graph, "jsonld"),
        f"{STEM}.nt": nt,
        f"{STEM}.nt.gz": gzip.compress(nt, mtime=0),
        "context.jsonld": context_document(),
    }
    if map_svg is not None:
        files[MAP_FILE] = map_svg
    return files


def _tables(graph: Graph, version: str, day: datetime.date, target: Path,
            files: dict[str, bytes]) -> list[tuple[object, bytes]]:
    """Every table of a kind that has instances, with its schema, each checked against it first."""
    written = []
    for kind, table in release_tables():
        if not has_instances(kind, graph):
            continue
        data, schema = table_files(kind, table, graph, version, day)
        problems = check_table(data, json.loads(schema))
        if problems:  # a kind's description promises what the data does not give: a bug, said here
            first = problems[0]
            raise EntryError(str(target / f"{table.name}.csv"), first.line, "output_not_conforming",
                             schema=f"{table.name}.schema.json",
                             problem=lambda lang, first=first: message(first.code, lang, **first.params))
        files[f"{table.name}.csv"], files[f"{table.name}.schema.json"] = data, schema
        written.append((table, data))
    return written


def _earlier_changes(previous: Path) -> str | None:
    """The previous release's CHANGES.md (the release was checked against its SHA256SUMS)."""
    try:
        return read_release_file(previous, CHANGES_FILE, MAX_CHANGES_BYTES).decode("utf-8")
    except EntryError as error:
        if error.code == "release_incomplete":  # a release without a changelog: this one starts it
            return None
        raise
    except UnicodeDecodeError:
        raise EntryError(str(previous / CHANGES_FILE), None, "release_syntax", format="UTF-8") from None


__all__ = ["DESCRIBING", "STEM", "ReleaseError", "build_release", "check_version",
           "model_files", "previous_release", "release_date", "release_names", "safe_cell", "version_key"]
