"""One description per kind of entry, read by every part of the project.

For each kind: its class, its IRI (`…/id/KIND/slug`), its YAML keys and their RDF properties,
its names in both languages, its template for `atelier-kg new`, its CSV tables, how `diff`
names and compares it, and how the site types it. The loader, `new`, `diff`, the release, the
site, the JSON-LD context and the command line's choices all read this registry, so adding a
kind is: a term in the ontology, a shape, one `Kind` here, and data.

Business rules (what is required, cardinalities, cross-entity constraints) live in the SHACL
shapes, not here.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef
from rdflib.namespace import XSD

from ..namespaces import ID
from . import activity, geography, laureat, registry, session
from .model import (
    BOOLEAN,
    CONCEPT,
    DATE,
    DECIMAL,
    GROUP,
    INTEGER,
    RECORD,
    RECORDS,
    REF,
    STRING,
    TEXT,
    TEXTS,
    URL,
    YEAR,
    Column,
    Diff,
    Excluded,
    Field,
    Kind,
    Page,
    Table,
    Template,
)

_KINDS: dict[str, Kind] = {}
_CHANGES = [0]  # bumped by every change: what is derived from the registry is remade


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (its position: the last)."""
    _KINDS[kind.kind] = kind
    _CHANGES[0] += 1
    return kind


def unregister(name: str) -> None:
    if _KINDS.pop(name, None) is not None:
        _CHANGES[0] += 1


def generation() -> int:
    """A number that changes whenever the registry does (for caches of what derives from it)."""
    return _CHANGES[0]


for _kind in (*registry.KINDS, *geography.KINDS, *session.KINDS, *laureat.KINDS, *activity.KINDS):
    register(_kind)


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def get(name: str) -> Kind:
    return _KINDS[name]


def find(name: str) -> Kind | None:
    return _KINDS.get(name)


def kind_of(iri: object) -> Kind | None:
    """The kind of one of our IRIs (…/id/laureat/mayenne → laureat)."""
    text = str(iri)
    return _KINDS.get(text[len(ID):].split("/", 1)[0]) if text.startswith(ID) else None


def top_level() -> dict[str, tuple[str, bool]]:
    """The top-level keys a data file may hold: key → (kind, whether it holds a list)."""
    return {kind.top_level[0]: (kind.kind, kind.top_level[1]) for kind in _KINDS.values() if kind.top_level}


def with_template() -> list[Kind]:
    return [kind for kind in _KINDS.values() if isinstance(kind.template, Template)]


def with_tables() -> Iterator[tuple[Kind, Table]]:
    for kind in _KINDS.values():
        if not isinstance(kind.tables, Excluded):
            for table in kind.tables:
                yield kind, table


def with_diff() -> list[Kind]:
    return [kind for kind in _KINDS.values() if isinstance(kind.diff, Diff)]


def by_class() -> dict[URIRef, Kind]:
    """The kind each class belongs to (the first kind listing it)."""
    found: dict[URIRef, Kind] = {}
    for kind in _KINDS.values():
        for cls in kind.classes:
            found.setdefault(cls, kind)
    return found


def fields_of(kind: Kind) -> Iterator[Field]:
    """Every field of a kind, those inside groups included."""
    for field in kind.fields:
        yield field
        yield from field.fields


FILE_SOURCES_KEY = "sources"
# An "agent" reference may name an organisation or a person.
AGENT_KINDS = ("organisation", "personne")
XSD_FOR = {INTEGER: XSD.integer, DECIMAL: XSD.decimal, YEAR: XSD.gYear, DATE: XSD.date, BOOLEAN: XSD.boolean}

__all__ = [
    "AGENT_KINDS", "BOOLEAN", "CONCEPT", "DATE", "DECIMAL", "FILE_SOURCES_KEY", "GROUP", "INTEGER", "RECORD",
    "RECORDS", "REF", "STRING", "TEXT", "TEXTS", "URL", "XSD_FOR", "YEAR", "Column", "Diff", "Excluded",
    "Field", "Kind", "Page", "Table", "Template", "all_kinds", "by_class", "fields_of", "find", "get",
    "generation", "kind_of", "register", "top_level", "unregister", "with_diff", "with_tables",
    "with_template",
]
