"""An open-data release: graph files, CSV tables with Table Schemas, a DCAT-AP 3.0.1 catalog with
PROV-O provenance, VoID statistics, SHA256SUMS and a changelog people can read.

Reproducible: the same data and version give the same bytes (dates come from SOURCE_DATE_EPOCH or
the data's last commit, never the clock). Atomic: the folder is built aside, then exchanged with
the old one.

- versions: dates and versions (compared as versions, never paths);
- tables: the CSV tables and Table Schemas, from the kinds' descriptions;
- catalog (+ catalog.ttl), provenance, void: the metadata.
"""

from __future__ import annotations

import datetime
import gzip
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ..diff import compare, format_changes, read_snapshot
from ..export import bind_prefixes, serialize, to_jsonld, write_folder
from ..jsonld_context import context_document
from ..outputs import verify_outputs
from .catalog import catalog_graph
from .provenance import sha256
from .tables import release_tables, safe_cell, table_csv, table_schema
from .versions import ReleaseError, check_version, previous_release, release_date, version_key
from .void import void_graph

STEM = "atelier-des-territoires"
MAP_FILE = "carte-des-laureats.svg"
_METADATA = ("context.jsonld", MAP_FILE, "CHANGES.md", "catalog.ttl", "catalog.jsonld", "void.ttl",
             "SHA256SUMS")


def build_release(graph: Graph, project: Path, data_dir: Path, out: Path, version: str, force: bool = False,
                  previous: Path | None = None, map_svg: bytes | None = None,
                  inputs: Iterable[Path] = ()) -> Path:
    """Write the release folder out/version, whole or not at all; return its path.

    Every graph file is parsed back first (outputs.verify_outputs), and out/version is replaced
    only if it is a release (export.write_folder): never a folder holding anything else or inputs.
    """
    target = out / check_version(version)
    if target.exists() and not force:
        raise ReleaseError("release_exists", target=str(target))
    day = release_date(project)
    files = _content_files(graph, version, day, map_svg)
    files["CHANGES.md"] = _changelog(graph, previous, version, day)
    catalog = catalog_graph(graph, files, version, day, project, data_dir)
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


def release_names() -> list[str]:
    """The name of every file a release holds (what may be replaced by a release with --force)."""
    tables = [f"{table.name}{suffix}" for _, table in release_tables() for suffix in (".csv", ".schema.json")]
    graphs = [f"{STEM}{suffix}" for suffix in (".ttl", ".jsonld", ".nt", ".nt.gz")]
    return graphs + tables + list(_METADATA)


def _content_files(graph: Graph, version: str, day: datetime.date, map_svg: bytes | None) -> dict[str, bytes]:
    nt = serialize(graph, "nt")
    files = {
        f"{STEM}.ttl": serialize(graph, "ttl"),
        f"{STEM}.jsonld": serialize(graph, "jsonld"),
        f"{STEM}.nt": nt,
        f"{STEM}.nt.gz": gzip.compress(nt, mtime=0),
        "context.jsonld": context_document(),
    }
    for kind, table in release_tables():
        files[f"{table.name}.csv"] = table_csv(kind, table, graph)
        files[f"{table.name}.schema.json"] = table_schema(table, version, day)
    if map_svg is not None:
        files[MAP_FILE] = map_svg
    return files


def _changelog(graph: Graph, previous: Path | None, version: str, day: datetime.date) -> bytes:
    lines = [f"# Atelier des territoires — {version} ({day.isoformat()})", ""]
    if previous is None:
        lines += ["Première publication. — First release.", ""]
    else:
        changes = compare(read_snapshot(previous), graph)
        lines += [f"## Changements depuis {previous.name}", "", format_changes(changes, "fr", markdown=True),
                  "", f"## Changes since {previous.name}", "", format_changes(changes, "en", markdown=True)]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


__all__ = ["STEM", "ReleaseError", "build_release", "check_version", "previous_release", "release_date",
           "release_names", "safe_cell", "version_key"]
