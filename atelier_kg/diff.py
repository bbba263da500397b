"""What changed between two versions of the graph, said in the programme's terms.

The kinds' descriptions say which kinds are compared, how an entity is named and which of its
fields are compared (kinds/…: `diff=`): entities added, removed or changed, field by field;
never a list of triples.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import kinds as k
from .labels import label, short
from .messages import EntryError, inline, phrase

RELEASE_GRAPH = "atelier-des-territoires.nt"


@dataclass(frozen=True)
class Change:
    kind: str
    action: str  # "added", "removed" or "changed"
    iri: URIRef
    label: str
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, old, new)


@dataclass
class Changes:
    items: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)


def _entities(graph: Graph, kind: k.Kind) -> dict[URIRef, tuple[str, dict[str, str]]]:
    spec = kind.diff
    assert isinstance(spec, k.Diff)
    result = {}
    for node in graph.subjects(RDF.type, kind.classes[0]):
        if not isinstance(node, URIRef) or (spec.keep is not None and not spec.keep(graph, node)):
            continue
        name = spec.name(graph, node) if spec.name is not None else label(graph, node)
        result[node] = (str(name), {column.name: str(column.value(graph, node)) for column in spec.fields})
    return result


def compare(old: Graph, new: Graph) -> Changes:
    changes = Changes()
    for kind in k.with_diff():
        before, after = _entities(old, kind), _entities(new, kind)
        for iri in sorted(after.keys() - before.keys()):
            changes.items.append(Change(kind.kind, "added", iri, after[iri][0]))
        for iri in sorted(before.keys() - after.keys()):
            changes.items.append(Change(kind.kind, "removed", iri, before[iri][0]))
        for iri in sorted(before.keys() & after.keys()):
            fields = tuple((name, before[iri][1][name], after[iri][1][name])
                           for name in before[iri][1] if before[iri][1][name] != after[iri][1][name])
            if fields:
                changes.items.append(Change(kind.kind, "changed", iri, after[iri][0], fields))
    return changes


def format_changes(changes: Changes, lang: str, markdown: bool = False, heading: str = "###") -> str:
    """The changes, kind by kind; in Markdown, each kind under a `heading` (###: a changelog's level)."""
    if not changes:
        return phrase("no_change", lang) + "\n"
    lines: list[str] = []
    marks = {"added": "+", "removed": "−", "changed": "~"}
    for kind in k.with_diff():
        items = [c for c in changes.items if c.kind == kind.kind]
        if not items:
            continue
        lines.append(f"{heading} {kind.title(lang)}" if markdown else kind.title(lang))
        words = {c.name: c.title(lang) for c in kind.diff.fields}  # type: ignore[union-attr]
        for change in items:
            # Labels and values come from a release someone else may have made: escapes stay visible.
            head = phrase("diff_entity", lang, mark=marks[change.action], iri=inline(short(change.iri)),
                          label=inline(change.label))
            details = "; ".join(phrase("diff_field", lang, field=words[name], old=inline(old),
                                       new=inline(new)) for name, old, new in change.fields)
            text = f"{head} — {details}" if details else head
            lines.append(f"- {text}" if markdown else f"  {text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def read_snapshot(path: Path, reference: str = "compact") -> Graph:
    """A release folder (its N-Triples, once the release is checked) or a data folder (its YAML)."""
    if any(os.path.lexists(path / name) for name in RELEASE_SIGNS):
        return read_release(path)
    from .load import load_graph

    return load_graph(path, reference=reference).graph


# -- reading a release: only its own files, checked against its SHA256SUMS --------------------------

RELEASE_SIGNS = (RELEASE_GRAPH, "SHA256SUMS", "catalog.ttl")
SUMS_LINE = re.compile(r"(?P<digest>[0-9a-f]{64})  (?P<name>[A-Za-z0-9][A-Za-z0-9._-]{0,199})")
MAX_SUMS_BYTES = 1 << 20
MAX_RELEASE_FILE_BYTES = 4 << 30  # hashed as it is read, never held whole
MAX_RELEASE_GRAPH_BYTES = 512 << 20  # the graph is read into memory: the whole of France is 50 MB


def read_release(folder: Path) -> Graph:
    """The graph of a release, after checking that every file SHA256SUMS lists is there and intact.

    Files are opened without following links and must be regular files: a release file that
    links elsewhere (/etc/passwd) is refused, never read, and nothing read is ever quoted in an
    error (a damaged file is named, with a line number at most).
    """
    sums = _read_own(folder, "SHA256SUMS", MAX_SUMS_BYTES)
    listed = _parse_sums(folder, sums)
    if RELEASE_GRAPH not in listed:
        raise EntryError(str(folder), None, "release_incomplete", missing=RELEASE_GRAPH)
    for name, digest in listed.items():
        if _digest_own(folder, name, MAX_RELEASE_FILE_BYTES) != digest:
            raise EntryError(str(folder / name), None, "release_checksum")
    data = _read_own(folder, RELEASE_GRAPH, MAX_RELEASE_GRAPH_BYTES)
    if hashlib.sha256(data).hexdigest() != listed[RELEASE_GRAPH]:  # changed since it was hashed
        raise EntryError(str(folder / RELEASE_GRAPH), None, "release_checksum")
    return _parse_ntriples(folder / RELEASE_GRAPH, data)


def read_release_file(folder: Path, name: str, limit: int) -> bytes:
    """One of a release's own files: opened without following a link, a regular file within limit."""
    return _read_own(folder, name, limit)


def _digest_own(folder: Path, name: str, limit: int) -> str:
    """The SHA-256 of a release's own file, read in pieces (a file of gigabytes costs no memory)."""
    digest = hashlib.sha256()
    with _open_own(folder, name, limit) as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_own(folder: Path, name: str, limit: int) -> bytes:
    with _open_own(folder, name, limit) as stream:
        return stream.read(limit + 1)


def _open_own(folder: Path, name: str, limit: int):  # type: ignore[no-untyped-def]
    """A file of the release, opened without following a link, if it is a regular file within limit."""
    path = folder / name
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise EntryError(str(folder), None, "release_incomplete", missing=name) from None
    except OSError as error:
        if error.errno == errno.ELOOP:  # the name is a symbolic link
            raise EntryError(str(path), None, "release_not_regular") from None
        raise
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise EntryError(str(path), None, "release_not_regular")
        raise EntryError(str(path), None, "release_too_large", size=info.st_size, limit=limit)
    return os.fdopen(descriptor, "rb")


def _parse_sums(folder: Path, sums: bytes) -> dict[str, str]:
    listed: dict[str, str] = {}
    for number, line in enumerate(sums.split(b"\n"), start=1):
        if not line:
            continue
        match = SUMS_LINE.fullmatch(line.decode("ascii", "replace"))
        if match is None or ".." in match["name"] or match["name"] in listed:
            raise EntryError(str(folder / "SHA256SUMS"), number, "release_syntax", format="SHA256SUMS")
        listed[match["name"]] = match["digest"]
    return listed


def _parse_ntriples(path: Path, data: bytes) -> Graph:
    import pyoxigraph as ox

    from .contributions import check_terms

    try:  # pyoxigraph first: it says where a file is wrong without quoting it
        for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            pass
        check_terms(data, ox.RdfFormat.N_TRIPLES, str(path))  # numbers rdflib would blow up
        return Graph().parse(data=data, format="nt")
    except SyntaxError as error:
        line = error.args[1][1] if len(error.args) > 1 else None
        raise EntryError(str(path), line, "release_syntax", format="N-Triples") from None
    except EntryError:
        raise
    except Exception:  # noqa: BLE001 (rdflib's errors quote the file: none is shown)
        raise EntryError(str(path), None, "release_syntax", format="N-Triples") from None
