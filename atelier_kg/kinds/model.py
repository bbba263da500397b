"""The shape of a kind's description: its YAML keys and their RDF properties, and what every output
does with it (template, CSV tables, diff, site pages).

A facet an output does not use is an explicit `Excluded("why")`, never left out: the tests check
that every kind says, for every output, what it gets or why it gets nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .. import labels as naming

# Field kinds: how a YAML value becomes triples.
TEXT = "text"  # language map {fr: ..., en: ...} or a plain string (French)
TEXTS = "texts"  # a list of language maps
STRING = "string"  # a literal without language (names, codes, verbatim lines of the page)
INTEGER = "integer"
DECIMAL = "decimal"
YEAR = "year"
DATE = "date"  # a day, written 2024-02-12
BOOLEAN = "boolean"
URL = "url"  # an IRI written as text
REF = "ref"  # the slug of another entry (target = kind, or "agent" for organisation|person)
CONCEPT = "concept"  # the slug of a concept of a SKOS scheme (target = scheme slug)
RECORD = "record"  # one nested entry (target = kind)
RECORDS = "records"  # a list of nested entries (target = kind)
GROUP = "group"  # a nested mapping whose keys describe the same entry


@dataclass(frozen=True)
class Field:
    key: str
    kind: str
    predicate: URIRef | None = None
    target: str | None = None
    many: bool = False
    inverse: bool = False  # for nested entries: child --predicate--> parent
    default: str | None = None
    fields: tuple[Field, ...] = ()  # for GROUP
    help_fr: str = ""
    help_en: str = ""
    term: str | None = None  # the JSON-LD term, when the property's local name will not do
    datatype: URIRef | None = None  # a STRING's datatype, when it has one (geo:wktLiteral)
    yaml: bool = True  # False: written by the reference data, never a key of a data file
    in_template: bool = True  # False: a key a new entry rarely needs (documented, not templated)
    placeholder: str | None = None  # a list that gets one item in templates: that item's slug
    nested_slug: str | None = None  # a nested entry's slug in templates ("ami-{slug}")


def f(key: str, kind: str, predicate: URIRef | None = None, target: str | None = None,
      fr: str = "", en: str = "", **options: object) -> Field:
    """A field, with its help text in French and English (shown in templates)."""
    return Field(key, kind, predicate, target, help_fr=fr, help_en=en, **options)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Excluded:
    """An output this kind deliberately does not appear in, and why."""

    why: str


# -- what outputs read ----------------------------------------------------------------------------

Extract = Callable[[Graph, URIRef], object]


@dataclass(frozen=True)
class Column:
    """A value computed from a resource: a CSV column, or a field the diff compares.

    As a CSV column, it becomes a field of the table's Table Schema: its name (stable, never
    translated), its titles and descriptions in French and English, its type, an example, and
    `required` only where every graph that validates gives it a value (the release checks each
    table against its schema before publishing it).
    """

    name: str
    title_fr: str
    title_en: str
    value: Extract
    type: str = "string"  # Table Schema: string, integer, boolean, year
    required: bool = False
    description_fr: str = ""
    description_en: str = ""
    example: str = ""  # a value as the CSV writes it (default: the table's first value)

    def title(self, lang: str) -> str:
        return self.title_fr if lang == "fr" else self.title_en

    def description(self, lang: str) -> str:
        """What the column holds, in a sentence (its title when the kind gives no description)."""
        described = self.description_fr if lang == "fr" else self.description_en
        return described or self.title(lang)


@dataclass(frozen=True)
class Table:
    """A CSV table of the release: one row per resource of the kind that `keep` accepts."""

    name: str
    title_fr: str
    title_en: str
    columns: tuple[Column, ...]
    keep: Callable[[Graph, URIRef], bool] | None = None


@dataclass(frozen=True)
class Diff:
    """How `diff` names a resource of the kind and which of its fields it compares."""

    fields: tuple[Column, ...]
    name: Extract | None = None  # default: the resource's label
    keep: Callable[[Graph, URIRef], bool] | None = None


@dataclass(frozen=True)
class Template:
    """What `atelier-kg new KIND SLUG` writes (the kind's top-level key, filled from its fields)."""

    path: str | None  # where the file goes ("data/laureats/{slug}.yaml"); None: standard output
    title_fr: str
    title_en: str


@dataclass(frozen=True)
class Page:
    """How the site presents the kind: its schema.org type and its place in the entry guide."""

    schema_type: str = "Thing"
    shape: str | None = None  # the node shape documented in the guide
    guide_order: int = 99  # its place in the guide to writing entries


@dataclass(frozen=True)
class Kind:
    """Everything the project knows about one kind of entry."""

    kind: str  # the IRI segment (…/id/laureat/slug) and the name commands use
    classes: tuple[URIRef, ...]
    fields: tuple[Field, ...]
    name_fr: str = ""  # plural, in a sentence: "territoires lauréats"
    name_en: str = ""
    title_fr: str = ""  # plural, as a heading: "Lauréats"
    title_en: str = ""
    registry: str = ""  # where a missing reference should be added
    top_level: tuple[str, bool] | None = None  # the YAML key that introduces it, and whether a list
    slug_key: str | None = "slug"  # None: the slug is the parent's (a team, a period)
    slug_from: tuple[str, ...] = ()  # the slug is the value of one of these keys
    scoped: bool = False  # the IRI joins the parent's slug path and the entry's slug
    concept_scheme: bool = False  # the entries nested in it are its concepts
    slug_predicate: URIRef | None = None  # where the slug is also written (INSEE codes)
    label_from_parent: tuple[str, str] | None = None  # (fr prefix, en prefix) + parent label
    # What each output does with the kind: a spec, or Excluded("why"). None means undecided, which
    # the tests refuse: a new kind cannot slip out of an output unnoticed.
    template: Template | Excluded | None = None
    tables: tuple[Table, ...] | Excluded | None = None
    diff: Diff | Excluded | None = None
    page: Page | Excluded | None = None

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def title(self, lang: str) -> str:
        title = self.title_fr if lang == "fr" else self.title_en
        name = self.name_fr if lang == "fr" else self.name_en
        return title or name[:1].upper() + name[1:] or self.kind

    def name(self, lang: str) -> str:
        return (self.name_fr if lang == "fr" else self.name_en) or self.kind


# -- extractors: small functions of (graph, resource) -------------------------------------------------


def iri() -> Extract:
    return lambda graph, node: str(node)


def slug() -> Extract:
    return lambda graph, node: naming.slug(node)


def label(lang: str = "fr") -> Extract:
    return lambda graph, node: naming.label(graph, node, lang)


def text(predicate: URIRef, lang: str = "fr") -> Extract:
    """The property's value in exactly that language ("" if none)."""
    return lambda graph, node: naming.text(graph, node, predicate, lang)


def value(predicate: URIRef) -> Extract:
    """The property's one value as text ("" if none)."""
    return lambda graph, node: _as_text(graph.value(node, predicate))


def number(predicate: URIRef) -> Extract:
    """A typed literal's Python value (a CSV integer), "" if none."""
    return lambda graph, node: _number(graph.value(node, predicate))


def linked(predicate: URIRef, inverse: bool = False) -> Extract:
    """The IRI of the one resource linked by the property ("" if none)."""
    if inverse:
        return lambda graph, node: _as_text(graph.value(None, predicate, node))
    return lambda graph, node: _as_text(graph.value(node, predicate))


def linked_slug(predicate: URIRef) -> Extract:
    def extract(graph: Graph, node: URIRef) -> str:
        target = graph.value(node, predicate)
        return naming.slug(target) if target is not None else ""

    return extract


def joined(predicate: URIRef, code: URIRef | None = None, separator: str = ";",
           show: Callable[[Node], str] = naming.slug) -> Extract:
    """The linked resources' slugs (or their `code`), sorted and joined."""

    def extract(graph: Graph, node: URIRef) -> str:
        linked_nodes = graph.objects(node, predicate)
        values = [str(graph.value(o, code)) if code is not None else show(o) for o in linked_nodes]
        return separator.join(sorted(values))

    return extract


def joined_labels(predicate: URIRef, separator: str = ";", lang: str = "fr") -> Extract:
    def extract(graph: Graph, node: URIRef) -> str:
        return separator.join(sorted(naming.label(graph, o, lang) for o in graph.objects(node, predicate)))

    return extract


def linked_label(predicate: URIRef, lang: str = "fr") -> Extract:
    return lambda graph, node: naming.label(graph, graph.value(node, predicate), lang) \
        if graph.value(node, predicate) is not None else ""


def count(predicate: URIRef, inverse: bool = False) -> Extract:
    if inverse:
        return lambda graph, node: len(list(graph.subjects(predicate, node)))
    return lambda graph, node: len(list(graph.objects(node, predicate)))


def _as_text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _number(node: Node | None) -> object:
    return node.toPython() if isinstance(node, Literal) else ""
