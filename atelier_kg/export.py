"""Deterministic, atomic serialization of a graph in every published format.

Each RDF format of the registry (formats.py) has its function graph → bytes in SERIALIZERS;
writing goes through write_atomic, so a failed export leaves the previous file as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from . import formats
from .jsonld import to_jsonld
from .jsonld_context import context_document
from .messages import EntryError
from .namespaces import ID, PREFIXES
from .outputs import (
    MARKER,
    alive,
    check_folder,
    marker_text,
    real_path,
    remove_stale,
    temporary_pattern,
)
from .triples import sorted_ntriples


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the standard prefixes and one prefix per kind of resource (laureat:, equipe:…)."""
    for prefix, namespace in graph_prefixes(graph).items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def graph_prefixes(triples: Iterable[Any]) -> dict[str, str]:
    """The standard prefixes and one per kind of resource among the subjects (laureat:, equipe:…)."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    subjects = {s for s, _, _ in triples if isinstance(s, URIRef) and s.startswith(ID)}
    kinds = sorted({str(s)[len(ID):].split("/", 1)[0] for s in subjects if "/" in str(s)[len(ID):]})
    prefixes.update((kind, f"{ID}{kind}/") for kind in kinds)
    return prefixes


# What the serializers read: an rdflib Graph, or the loaded graph (load.LoadedGraph) whose sorted
# N-Triples are made once for every format and for the store.
GraphSource = Any


def to_turtle(source: GraphSource) -> bytes:
    """Turtle written by Oxigraph from the sorted N-Triples (a subject's triples together, in the same
    order in every run), with the prefixes it uses; a blank line between subjects, for readers."""
    ntriples = to_ntriples(source)
    triples = source if isinstance(source, Graph) else source.triples
    used = {prefix: namespace for prefix, namespace in sorted(graph_prefixes(triples).items())
            if b"<" + namespace.encode() in ntriples}
    text = ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                        prefixes=used)
    return _SUBJECT_START.sub(b" .\n\n", text)


# Oxigraph ends a subject's description with " ." and escapes line breaks inside literals: a line
# that ends so and is followed by one that starts with neither a tab nor "@" ends a subject.
_SUBJECT_START = re.compile(rb" \.\n(?=[^\t@\n])")


def to_ntriples(source: GraphSource) -> bytes:
    """Sorted N-Triples (diffable, stable): the loaded graph's own, or made from an rdflib Graph."""
    return sorted_ntriples(source) if isinstance(source, Graph) else source.ntriples


SERIALIZERS: dict[str, Callable[[GraphSource], bytes]] = {
    "ttl": to_turtle, "jsonld": to_jsonld, "nt": to_ntriples}
GRAPH_FORMATS = tuple(SERIALIZERS)


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a mix.

    The temporary beside it is named after this process (.NAME.PID.RANDOM.tmp), so that the next
    write removes one left by a killed run.
    """
    mode = _mode_for(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent, temporary_pattern(path.name))
    prefix = f".{path.name}.{os.getpid()}."
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, mode)  # mkstemp makes it 0600: the file keeps its mode, or gets the usual one
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _naming(error, path) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The mode the written file gets: the replaced file's; for a new one, what umask allows.

    Only a regular file is ever replaced: a link, a device or a FIFO named as the output would be
    turned into a file (as root, /dev/null would be), so it is refused.
    """
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if not stat.S_ISREG(status.st_mode):
        raise EntryError(str(path), None, "not_regular_target")
    return stat.S_IMODE(status.st_mode)


def _naming(error: OSError, path: Path) -> OSError:
    """The error with the file it concerns (a failed write() does not say)."""
    if error.filename is not None:
        return error
    return OSError(error.errno, error.strerror or str(error), str(path))


def write_folder(files: dict[str, bytes], target: Path, command: str = "build",
                 inputs: Iterable[Path] = (), mark: bool = False) -> None:
    """Make target hold exactly these files, all at once: readers see the old folder or the new.

    Only a folder the command may replace is replaced (outputs.check_folder: absent, empty, or
    provably its own output; never the working folder or the inputs), else EntryError. With mark,
    the folder gets the command's marker, which proves it is ours next time (for outputs whose
    file names follow the data). The files are written and synced in a folder beside target,
    which is then exchanged with target in one step (Linux renameat2 RENAME_EXCHANGE); where the
    system cannot exchange, target is moved aside and back, and a folder left aside by a kill is
    put back by the next run.
    """
    if mark:
        files = {**files, MARKER: marker_text(command)}
    check_folder(target, files, command, inputs)
    shown, target = target, real_path(target)  # a link to a folder: the folder is replaced, beside itself
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.{os.getpid()}.", dir=parent))
    try:
        _fill(staging, files, shown)
        if not target.exists():
            os.rename(staging, target)
        elif _exchange(staging, target):
            shutil.rmtree(staging)  # now the old folder
        else:
            aside = parent / f".{target.name}.old.{os.getpid()}"  # named after us: never a user's folder
            os.rename(target, aside)
            os.rename(staging, target)
            shutil.rmtree(aside)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _fill(staging: Path, files: dict[str, bytes], shown: Path) -> None:
    """Write and sync every file; an error names the file as the user knows it (not the staging)."""
    for name, data in files.items():
        path = staging / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            raise OSError(error.errno, error.strerror or str(error), str(shown / name)) from None
    os.chmod(staging, 0o755)


def _recover(target: Path) -> None:
    """Put back an old folder a killed run left aside, and remove what killed runs left.

    Only names of our making, with the pid of a run that is gone, are touched: a user's own
    `.site.old` is not ours.
    """
    aside = re.compile(rf"\.{re.escape(target.name)}\.old\.(?P<pid>\d+)")
    for entry in sorted(os.scandir(target.parent), key=lambda e: e.name):
        match = aside.fullmatch(entry.name)
        if match and not alive(int(match["pid"])) and entry.is_dir(follow_symlinks=False):
            if not target.exists():
                os.rename(entry.path, target)
            else:
                shutil.rmtree(entry.path, ignore_errors=True)
    remove_stale(target.parent, temporary_pattern(target.name, "folder"))


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


def serialize(source: GraphSource, format_name: str) -> bytes:
    return SERIALIZERS[formats.get(format_name).name](source)


def payload_names(stem: str = "atelier-des-territoires",
                  format_names: Iterable[str] = GRAPH_FORMATS) -> list[str]:
    return [f"{stem}{formats.get(name).suffix}" for name in format_names] + ["context.jsonld"]


def export_payloads(graph: GraphSource, stem: str = "atelier-des-territoires",
                    format_names: Iterable[str] = GRAPH_FORMATS) -> dict[str, bytes]:
    """Every format in memory, by file name, with the JSON-LD context."""
    payloads = {f"{stem}{formats.get(name).suffix}": serialize(graph, name) for name in format_names}
    payloads["context.jsonld"] = context_document()
    return payloads


def export_all(graph: GraphSource, out_dir: Path, stem: str = "atelier-des-territoires",
               format_names: Iterable[str] = GRAPH_FORMATS) -> list[Path]:
    """Serialize every format in memory first, then write them, so nothing half-done lands."""
    written = []
    for name, data in export_payloads(graph, stem, format_names).items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written

