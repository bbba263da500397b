"""Deterministic, atomic serialization of a graph in every published format.

Each format is a function graph → bytes looked up by name in FORMATS; writing goes through
write_atomic, so a failed export leaves the previous file as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Namespace, URIRef

from .namespaces import ID, PREFIXES


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    suffix: str
    serialize: Callable[[Graph], bytes]


@cache
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context shipped with the package (never fetched from the network)."""
    text = (Path(__file__).parent / "context.jsonld").read_text("utf-8")
    return json.loads(text)["@context"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the standard prefixes and one prefix per kind of resource (laureat:, equipe:…)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    kinds = sorted({str(s)[len(ID):].split("/", 1)[0] for s in graph.subjects()
                    if isinstance(s, URIRef) and str(s).startswith(ID) and "/" in str(s)[len(ID):]})
    for kind in kinds:
        graph.bind(kind, Namespace(f"{ID}{kind}/"), replace=True)
    return graph


def to_turtle(graph: Graph) -> bytes:
    return bind_prefixes(graph).serialize(format="turtle", encoding="utf-8")


def to_ntriples(graph: Graph) -> bytes:
    # rdflib writes N-Triples in hash order; sorted lines make the file diffable and stable.
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(sorted(line + b"\n" for line in lines if line.strip()))


def to_jsonld(graph: Graph) -> bytes:
    context = jsonld_context()
    compacted = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = compacted.get("@graph", [compacted] if "id" in compacted else [])
    nodes = [_sorted_values({k: v for k, v in node.items() if k != "@context"}) for node in nodes]
    nodes.sort(key=lambda node: node.get("id", ""))
    document = {"@context": context, "@graph": nodes}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def _sorted_values(node: dict[str, Any]) -> dict[str, Any]:
    """Sort keys and multi-valued arrays: their order carries no meaning in JSON-LD."""
    result: dict[str, Any] = {}
    for key in sorted(node, key=lambda k: (k not in ("id", "type"), k)):
        value = node[key]
        if isinstance(value, list):
            value = sorted(value, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        elif isinstance(value, dict):
            value = dict(sorted(value.items()))
        result[key] = value
    return result


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", "text/turtle", ".ttl", to_turtle),
    "jsonld": Format("jsonld", "application/ld+json", ".jsonld", to_jsonld),
    "nt": Format("nt", "application/n-triples", ".nt", to_ntriples),
}


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_folder(files: dict[str, bytes], target: Path) -> None:
    """Make target hold exactly these files, all at once: readers see the old folder or the new.

    The files are written and synced in a folder beside target, which is then exchanged
    with target in one step (Linux renameat2 RENAME_EXCHANGE); where the system cannot
    exchange, target is moved aside and back, and a folder left aside by a kill is put
    back by the next run.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(staging, 0o755)
        if not target.exists():
            os.rename(staging, target)
        elif _exchange(staging, target):
            shutil.rmtree(staging)  # now the old folder
        else:
            aside = parent / f".{target.name}.old"
            os.rename(target, aside)
            os.rename(staging, target)
            shutil.rmtree(aside)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _recover(target: Path) -> None:
    aside = target.parent / f".{target.name}.old"
    if aside.exists() and not target.exists():
        os.rename(aside, target)
    for leftover in target.parent.glob(f".{target.name}.new.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux); False where the system cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return done == 0


def serialize(graph: Graph, format_name: str) -> bytes:
    return FORMATS[format_name].serialize(graph)


def export_payloads(graph: Graph, stem: str = "atelier-des-territoires",
                    formats: Iterable[str] = tuple(FORMATS)) -> dict[str, bytes]:
    """Every format in memory, by file name, with the JSON-LD context."""
    payloads = {f"{stem}{FORMATS[name].suffix}": serialize(graph, name) for name in formats}
    payloads["context.jsonld"] = _context_file()
    return payloads


def export_all(graph: Graph, out_dir: Path, stem: str = "atelier-des-territoires",
               formats: Iterable[str] = tuple(FORMATS)) -> list[Path]:
    """Serialize every format in memory first, then write them, so nothing half-done lands."""
    written = []
    for name, data in export_payloads(graph, stem, formats).items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written


def _context_file() -> bytes:
    text = json.dumps({"@context": jsonld_context()}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
