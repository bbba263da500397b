"""What changed between two versions of the graph, said in the programme's terms.

Laureates, ambitions, organisations, sessions and memberships (with their roles) added,
removed or changed, field by field; never a list of triples.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, SKOS
from rdflib.term import Node

from .messages import EntryError
from .namespaces import ATD, ID

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


def _fr(graph: Graph, node: Node | None, predicate: URIRef = SKOS.prefLabel) -> str:
    if node is None:
        return ""
    values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
    french = [str(v) for v in values if v.language in ("fr", None)]
    return sorted(french)[0] if french else ""


def _name(graph: Graph, node: Node | None) -> str:
    return (
        _fr(graph, node)
        or (str(graph.value(node, FOAF.name)) if graph.value(node, FOAF.name) else "")
        or _short(node)
    )


def _short(node: Node | None) -> str:
    text = str(node or "")
    return text[len(ID) :].replace("/", ":", 1) if text.startswith(ID) else text


def _slugs(graph: Graph, node: Node, predicate: URIRef) -> str:
    return ", ".join(sorted(_short(o) for o in graph.objects(node, predicate)))


# Each kind: its class, how to name an entity, and the fields compared (label, extractor).
Extractor = Callable[[Graph, URIRef], str]
KINDS: dict[str, tuple[URIRef, list[tuple[str, Extractor]]]] = {
    "session": (
        ATD.Session,
        [
            ("label", lambda g, n: _fr(g, n)),
            ("theme", lambda g, n: _fr(g, n, ATD.theme)),
            (
                "period",
                lambda g, n: "-".join(
                    str(g.value(g.value(n, DCTERMS.temporal), p) or "")
                    for p in (
                        URIRef("http://www.w3.org/ns/dcat#startDate"),
                        URIRef("http://www.w3.org/ns/dcat#endDate"),
                    )
                ),
            ),
        ],
    ),
    "laureat": (
        ATD.TerritoireLaureat,
        [
            ("label", lambda g, n: _fr(g, n)),
            ("objective", lambda g, n: _fr(g, n, ATD.objectifPrincipal)),
            ("session", lambda g, n: _slugs(g, n, ATD.session)),
            ("ddts", lambda g, n: _slugs(g, n, ATD.ddt)),
            ("departments", lambda g, n: _slugs(g, n, ATD.departement)),
            ("regions", lambda g, n: _slugs(g, n, ATD.region)),
            ("epcis", lambda g, n: _slugs(g, n, ATD.epci)),
            ("collectivity", lambda g, n: str(g.value(n, ATD.nomDeLaCollectivite) or "")),
        ],
    ),
    "ambition": (
        ATD.Ambition,
        [
            ("text", lambda g, n: _fr(g, n, DCTERMS.description)),
            ("rank", lambda g, n: str(g.value(n, ATD.rang) or "")),
        ],
    ),
    "organisation": (
        ORG.Organization,
        [
            ("label", lambda g, n: _fr(g, n)),
            ("type", lambda g, n: _slugs(g, n, DCTERMS.type)),
            ("part_of", lambda g, n: _slugs(g, n, ORG.subOrganizationOf)),
        ],
    ),
    "membership": (
        ORG.Membership,
        [
            ("role", lambda g, n: _fr(g, g.value(n, ORG.role))),
            ("disciplines", lambda g, n: ", ".join(sorted(_fr(g, d) for d in g.objects(n, ATD.discipline)))),
        ],
    ),
}
WORDS = {
    "fr": {
        "session": "Sessions",
        "laureat": "Lauréats",
        "ambition": "Ambitions",
        "organisation": "Organisations",
        "membership": "Adhésions (équipes et instances)",
        "label": "nom",
        "theme": "thème",
        "period": "période",
        "objective": "objectif principal",
        "ddts": "DDT",
        "departments": "départements",
        "regions": "régions",
        "epcis": "EPCI",
        "collectivity": "collectivité",
        "text": "texte",
        "rank": "rang",
        "type": "type",
        "part_of": "relève de",
        "role": "rôle",
        "disciplines": "disciplines",
        "none": "Aucun changement.",
        "in": "dans",
    },
    "en": {
        "session": "Sessions",
        "laureat": "Laureates",
        "ambition": "Ambitions",
        "organisation": "Organisations",
        "membership": "Memberships (teams and bodies)",
        "label": "name",
        "theme": "theme",
        "period": "period",
        "objective": "headline objective",
        "ddts": "DDTs",
        "departments": "departments",
        "regions": "regions",
        "epcis": "EPCIs",
        "collectivity": "local authority",
        "text": "text",
        "rank": "rank",
        "type": "kind",
        "part_of": "part of",
        "role": "role",
        "disciplines": "disciplines",
        "none": "No change.",
        "in": "in",
    },
}


def _entities(graph: Graph, kind: str) -> dict[URIRef, tuple[str, dict[str, str]]]:
    cls, fields = KINDS[kind]
    result = {}
    for node in graph.subjects(RDF.type, cls):
        if not isinstance(node, URIRef):
            continue
        if kind == "organisation" and (
            (node, RDF.type, ATD.Equipe) in graph or (node, RDF.type, ATD.InstanceDeGouvernance) in graph
        ):
            continue  # teams and bodies are seen through their memberships
        if kind == "membership":
            member, body = graph.value(node, ORG.member), graph.value(node, ORG.organization)
            label = f"{_name(graph, member)} → {_name(graph, body)}"
        elif kind == "ambition":
            carrier = graph.value(None, ATD.ambition, node)
            text = _fr(graph, node, DCTERMS.description)
            text = text if len(text) <= 70 else text[:69] + "…"
            label = f"{_name(graph, carrier)} #{graph.value(node, ATD.rang) or '?'} : {text}"
        else:
            label = _fr(graph, node) or _short(node)
        result[node] = (label, {name: extract(graph, node) for name, extract in fields})
    return result


def compare(old: Graph, new: Graph) -> Changes:
    changes = Changes()
    for kind in KINDS:
        before, after = _entities(old, kind), _entities(new, kind)
        for iri in sorted(after.keys() - before.keys()):
            changes.items.append(Change(kind, "added", iri, after[iri][0]))
        for iri in sorted(before.keys() - after.keys()):
            changes.items.append(Change(kind, "removed", iri, before[iri][0]))
        for iri in sorted(before.keys() & after.keys()):
            fields = tuple(
                (name, before[iri][1][name], after[iri][1][name])
                for name in before[iri][1]
                if before[iri][1][name] != after[iri][1][name]
            )
            if fields:
                changes.items.append(Change(kind, "changed", iri, after[iri][0], fields))
    return changes


def format_changes(changes: Changes, lang: str, markdown: bool = False) -> str:
    words = WORDS[lang]
    if not changes:
        return words["none"] + "\n"
    lines: list[str] = []
    marks = {"added": "+", "removed": "−", "changed": "~"}
    for kind in KINDS:
        items = [c for c in changes.items if c.kind == kind]
        if not items:
            continue
        lines.append(f"### {words[kind]}" if markdown else words[kind])
        for change in items:
            head = (
                f"{marks[change.action]} {_short(change.iri)} « {change.label} »"
                if lang == "fr"
                else f'{marks[change.action]} {_short(change.iri)} "{change.label}"'
            )
            details = "; ".join(
                f"{words[name]} : « {old} » → « {new} »"
                if lang == "fr"
                else f'{words[name]}: "{old}" → "{new}"'
                for name, old, new in change.fields
            )
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
MAX_RELEASE_FILE_BYTES = 4 << 30


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
        if hashlib.sha256(_read_own(folder, name, MAX_RELEASE_FILE_BYTES)).hexdigest() != digest:
            raise EntryError(str(folder / name), None, "release_checksum")
    return _parse_ntriples(folder / RELEASE_GRAPH, _read_own(folder, RELEASE_GRAPH, MAX_RELEASE_FILE_BYTES))


def _read_own(folder: Path, name: str, limit: int) -> bytes:
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
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read(limit + 1)


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

    try:  # pyoxigraph first: it says where a file is wrong without quoting it
        for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            pass
        return Graph().parse(data=data, format="nt")
    except SyntaxError as error:
        line = error.args[1][1] if len(error.args) > 1 else None
        raise EntryError(str(path), line, "release_syntax", format="N-Triples") from None
    except Exception:  # noqa: BLE001 (rdflib's errors quote the file: none is shown)
        raise EntryError(str(path), None, "release_syntax", format="N-Triples") from None
