"""The builder that turns YAML data files into triples, following the kinds' descriptions, and
remembers where each resource and property was written (the source map).

Only what makes input unreadable is an error here (syntax, unknown keys, wrong kinds of
value, unknown references, duplicate identifiers). Whether an entry is complete is SHACL's
question (validate.py), so a half-filled template still loads and is reported line by line.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from . import kinds as k
from .messages import EntryError, EntryErrors, phrase
from .namespaces import ATD, ID, is_slug, mint
from .paths import REFERENCE_DIR
from .triples import TripleSet
from .values import as_written, items, text_literals, typed_literal
from .yamlsource import YList, YMap, describe, load_yaml

Location = tuple[str, int]
# Entries (a laureate, each ambition, member, organisation, concept…) one file may hold.
# Organisations are the dearest to validate (6-8 ms each with a SIREN and a part_of chain, on
# the 2-core test machine): at this limit such an entry validates in about 2.5 s, half the
# 5 s budget; 300 ambitions, about 1 s. The largest shipped file holds 47.
MAX_RECORDS_PER_FILE = 300
MAX_PROBLEMS = 200  # said in one run; a file of garbage says no more
GEO_CODE_KINDS = {"region", "departement", "commune"}


@dataclass
class SourceMap:
    """Where each resource, and each of its properties, was written."""

    entities: dict[URIRef, Location] = field(default_factory=dict)
    properties: dict[tuple[URIRef, URIRef], Location] = field(default_factory=dict)

    def locate(self, subject: URIRef, predicate: URIRef | None = None) -> Location | None:
        if predicate is not None and (subject, predicate) in self.properties:
            return self.properties[(subject, predicate)]
        return self.entities.get(subject)

    def files(self) -> set[str]:
        return {path for path, _ in self.entities.values()}


class Registry(Protocol):
    """Resources known outside the files being loaded (the index of the last build)."""

    def locate(self, iri: URIRef) -> Location | None: ...

    def slugs(self, kind: str) -> list[str]: ...


@dataclass(frozen=True)
class _Reference:
    subject: URIRef
    predicate: URIRef
    target: str  # a kind, "agent", or "concept:<scheme>"
    slug: str
    path: str
    line: int
    key: str
    inverse: bool


@dataclass(frozen=True)
class _Context:
    path: str
    parent_path: tuple[str, ...] = ()
    parent_labels: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    sources_line: int = 0
    scheme: str | None = None


class _KeepGoing:
    """The builder's `with keep_going():` (a class: it wraps every field of every entry, and a
    generator-based context manager costs three times as much)."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: Any) -> bool:
        if kind is None or issubclass(kind, _TooMany) or not issubclass(kind, EntryError):
            return False
        self.builder._note(error)  # type: ignore[arg-type]
        return True


class Builder:
    def __init__(self, track_files: bool = False, known: Registry | None = None) -> None:
        self.triples = TripleSet()
        self.sources = SourceMap()
        self.registry: dict[URIRef, Location] = {}
        self.slugs_by_target: dict[str, list[str]] = defaultdict(list)
        self.references: list[_Reference] = []
        self.known = known
        # Which file wrote each triple: the index keeps them per file, so that a file being
        # re-validated replaces its own earlier statements and nothing else.
        self.by_file: dict[str, list[tuple[URIRef, URIRef, Any]]] | None = {} if track_files else None
        self._current: list[tuple[URIRef, URIRef, Any]] | None = None
        self.records: dict[str, int] = defaultdict(int)  # per file: see MAX_RECORDS_PER_FILE
        # For hints among the whole reference: see reference.Extract.keys
        self.reference_slugs: Callable[[str], list[str]] | None = None
        # Every problem met, so that one run says them all (a record, a key, a reference at a time).
        self.problems: list[EntryError] = []
        self._keep_going = _KeepGoing(self)

    def keep_going(self) -> _KeepGoing:
        """Note a problem of what the block reads, and go on with the next thing to read."""
        return self._keep_going

    def _note(self, error: EntryError) -> None:
        self.problems.extend(error.errors if isinstance(error, EntryErrors) else [error])
        if len(self.problems) > MAX_PROBLEMS:  # a file of garbage: enough has been said
            last = EntryError(self.problems[-1].path, None, "too_many_problems", limit=MAX_PROBLEMS)
            raise _TooMany([*self.problems[:MAX_PROBLEMS], last])

    def _add(self, triple: tuple[URIRef, URIRef, Any], path: str | None = None) -> None:
        self.triples.add(triple)
        if self.by_file is not None:
            (self.by_file.setdefault(path, []) if path else self._current).append(triple)  # type: ignore[union-attr]

    def _locate(self, iri: URIRef) -> Location | None:
        if iri in self.registry:
            return self.registry[iri]
        return self.known.locate(iri) if self.known is not None else None

    def register_reference(self, resources: list[URIRef], folder: str) -> None:
        """Make reference resources (regions, departments, EPCIs, communes, DDTs) targets of references."""
        from .reference import FILES

        for iri in resources:
            kind, slug = str(iri)[len(ID):].split("/", 1)
            location = (f"{folder}/{FILES[kind]}", 0)
            self.registry.setdefault(iri, location)
            self.sources.entities.setdefault(iri, location)
            self.slugs_by_target[kind].append(slug)

    # -- files ------------------------------------------------------------------------
    def load_file(self, path: Path, display: str) -> None:
        document = load_yaml(path, display)
        if self.by_file is not None:
            self._current = self.by_file.setdefault(display, [])
        allowed = [*k.top_level(), k.FILE_SOURCES_KEY]
        unknown = [key for key in document if key not in allowed]
        for key in unknown:
            self._note(_unknown_key(display, document.key_lines[key], key, allowed, display))
        if not any(key in k.top_level() for key in document):
            if unknown:
                return  # said: the unknown key's message lists the keys a file may start with
            raise EntryError(display, document.line, "no_entry", allowed=", ".join(k.top_level()))
        sources = self._slug_list(document, k.FILE_SOURCES_KEY, display)
        context = _Context(display, sources=tuple(sources),
                           sources_line=document.key_lines.get(k.FILE_SOURCES_KEY, 0))
        for slug in sources:
            self._defer(None, None, "document", slug, display,
                        document.key_lines[k.FILE_SOURCES_KEY], k.FILE_SOURCES_KEY)
        if "concepts" in document and "scheme" not in document:
            raise EntryError(display, document.key_lines["concepts"], "missing_slug",
                             where="concepts", key="scheme")
        for key, (kind, many) in k.top_level().items():
            if key not in document:
                continue
            spec = k.get(kind)
            line = document.key_lines[key]
            if kind == "concept":
                scheme_slug = str(document["scheme"].get("slug", ""))
                context = _Context(display, sources=context.sources, scheme=scheme_slug)
            with self.keep_going():
                if many:
                    for item, item_line in items(document[key], key, display, line):
                        with self.keep_going():
                            self.record(spec, item, item_line, context)
                else:
                    self.record(spec, document[key], line, context)

    # -- one entry ----------------------------------------------------------------------
    def record(self, spec: k.Kind, data: Any, line: int, context: _Context) -> URIRef:
        path = context.path
        self.records[path] += 1
        if self.records[path] > MAX_RECORDS_PER_FILE:
            raise EntryError(path, line, "too_many_records", limit=MAX_RECORDS_PER_FILE)
        if not isinstance(data, YMap):
            raise EntryError(path, line, "expected_mapping", key=spec.kind, got=describe(data))
        allowed = [f.key for f in spec.fields if f.yaml] + ([spec.slug_key] if spec.slug_key else [])
        for key in data:
            if key not in allowed:
                self._note(_unknown_key(path, data.key_lines[key], key, allowed, spec.kind))
        slug = self._slug_of(spec, data, context)
        iri, own_path = self._mint(spec, slug, context)
        other = self._locate(iri)
        if spec.kind == "organisation" and other is not None and _in_reference(other):
            other = None  # a State service of the reference that the data describes itself (ddt-jura)
        if other is not None and not spec.slug_from:
            raise EntryError(path, data.line, "duplicate_slug", slug=slug, kind=spec.kind,
                             other=f"{other[0]}:{other[1]}")
        # A member listed twice merges into one membership; SHACL reports it at the repeat.
        self.registry.setdefault(iri, (path, data.line))
        self.slugs_by_target[context.scheme and f"concept:{context.scheme}" or spec.kind].append(slug)
        self.sources.entities[iri] = (path, data.line)
        for cls in spec.classes:
            self._add((iri, RDF.type, cls))
        if context.scheme:
            self._add((iri, SKOS.inScheme, mint("scheme", context.scheme)))
        if spec.slug_predicate is not None:
            self._add((iri, spec.slug_predicate, Literal(slug)))
        labels = self._labels(spec, data, context)
        if spec.label_from_parent:
            for lang, label in labels.items():
                self._add((iri, SKOS.prefLabel, Literal(label, lang=lang)))
        own_sources, sources_line = context.sources, context.sources_line
        if "sources" in data and spec.field("sources") is not None:
            own_sources = tuple(self._slug_list(data, "sources", path))
            sources_line = data.key_lines["sources"]
        child_context = _Context(path, own_path, labels, own_sources, sources_line)
        for spec_field in spec.fields:
            if not spec_field.yaml:
                continue
            if spec_field.key == spec.slug_key and spec_field.predicate is None:
                continue
            with self.keep_going():
                self._field(iri, spec_field, data, child_context)
        if "sources" not in data or spec.field("sources") is None:
            if sources_line:
                self.sources.properties[(iri, PROV.wasDerivedFrom)] = (path, sources_line)
            for source in own_sources:
                self._add((iri, PROV.wasDerivedFrom, mint("document", source)))
        return iri

    def _slug_of(self, spec: k.Kind, data: YMap, context: _Context) -> str:
        if spec.slug_from:
            present = [k for k in spec.slug_from if data.get(k) not in (None, "")]
            if len(present) != 1:
                raise EntryError(context.path, data.line, "needs_one_of", where=spec.kind,
                                 keys=", ".join(spec.slug_from))
            key = present[0]
            source = next(f for f in spec.fields if f.key == key)
            return self._scalar_slug(data, key, context.path, fold=source.target in GEO_CODE_KINDS)
        if spec.slug_key is None:
            return context.parent_path[-1]
        if data.get(spec.slug_key) in (None, ""):
            raise EntryError(context.path, data.line, "missing_slug", where=spec.kind,
                             key=spec.slug_key)
        return self._check_slug(data, spec.slug_key, context.path)

    @staticmethod
    def _check_slug(data: YMap, key: str, path: str) -> str:
        value = data.raw.get(key, str(data[key]))
        if not isinstance(data[key], (str, int)) or not is_slug(value):
            raise EntryError(path, data.key_lines[key], "bad_slug", value=value, key=key)
        return value

    @staticmethod
    def _mint(spec: k.Kind, slug: str, context: _Context) -> tuple[URIRef, tuple[str, ...]]:
        if context.scheme:
            return mint(context.scheme, slug), (slug,)
        if spec.slug_key is None and not spec.slug_from:
            return mint(spec.kind, *context.parent_path), context.parent_path
        own_path = (*context.parent_path, slug) if spec.scoped else (slug,)
        return mint(spec.kind, *own_path), own_path

    def _labels(self, spec: k.Kind, data: YMap, context: _Context) -> dict[str, str]:
        if spec.label_from_parent:
            fallback = context.parent_labels.get("fr", context.parent_path[-1])
            parent = {"fr": fallback, "en": fallback, **context.parent_labels}
            return {lang: prefix + parent[lang]
                    for lang, prefix in zip(("fr", "en"), spec.label_from_parent, strict=True)
                    if lang in parent}
        label = data.get("label")
        if isinstance(label, str):
            return {"fr": label}
        if isinstance(label, dict):
            return {k: v for k, v in label.items() if isinstance(v, str) and v}
        name = data.get("name")
        return {"fr": name} if isinstance(name, str) else {}

    # -- one key ------------------------------------------------------------------------
    def _field(self, subject: URIRef, spec_field: k.Field, data: YMap, context: _Context) -> None:
        key, kind, predicate = spec_field.key, spec_field.kind, spec_field.predicate
        path = context.path
        if key in data and predicate is not None:
            self.sources.properties[(subject, predicate)] = (path, data.key_lines[key])
        if key not in data or data[key] is None or data[key] == "":
            if spec_field.default is not None and kind == k.CONCEPT:
                self._defer(subject, predicate, f"concept:{spec_field.target}",
                            spec_field.default, path, data.line, key)
            return
        value, line = data[key], data.key_lines[key]
        if kind == k.GROUP:
            if not isinstance(value, YMap):
                raise EntryError(path, line, "expected_mapping", key=key, got=describe(value))
            allowed = [f.key for f in spec_field.fields]
            for sub_key in value:
                if sub_key not in allowed:
                    self._note(_unknown_key(path, value.key_lines[sub_key], sub_key, allowed, key))
            for sub_field in spec_field.fields:
                with self.keep_going():
                    self._field(subject, sub_field, value, context)
        elif kind in (k.RECORD, k.RECORDS):
            self._nested(subject, spec_field, value, line, context)
        elif kind in (k.REF, k.CONCEPT):
            target = spec_field.target if kind == k.REF else f"concept:{spec_field.target}"
            fold = target in GEO_CODE_KINDS  # INSEE codes: "2A" names the slug "2a"
            slugs = self._slug_list(data, key, path, fold) if spec_field.many else [
                self._scalar_slug(data, key, path, fold)]
            for slug in slugs:
                self._defer(subject, predicate, target or "", slug, path, line, key,
                            spec_field.inverse)
        elif kind == k.TEXTS:
            for item, item_line in items(value, key, path, line):
                for literal in text_literals(item, key, path, item_line):
                    self._add((subject, predicate, literal))
        elif kind == k.TEXT:
            for literal in text_literals(value, key, path, line, data.raw.get(key)):
                self._add((subject, predicate, literal))
        elif predicate is not None:
            literal = typed_literal(value, data.raw.get(key), kind, key, path, line)
            if literal is not None:
                self._add((subject, predicate, literal))

    def _nested(self, subject: URIRef, spec_field: k.Field, value: Any, line: int,
                context: _Context) -> None:
        child_spec = k.get(spec_field.target or "")
        many = spec_field.kind == k.RECORDS
        entries = list(items(value, spec_field.key, context.path, line)) if many else [(value, line)]
        for rank, (item, item_line) in enumerate(entries, start=1):
            try:
                child = self.record(child_spec, item, item_line, context)
            except EntryError as error:
                self._note(error)
                continue
            if spec_field.inverse:
                self._add((child, spec_field.predicate, subject))
            else:
                self._add((subject, spec_field.predicate, child))
            if many:
                self._add((child, ATD.rang, Literal(rank)))

    def _slug_list(self, data: YMap, key: str, path: str, fold: bool = False) -> list[str]:
        value = data.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, YList):
            return [self._scalar_slug(data, key, path, fold)]
        slugs = []
        for item, raw, line in zip(value, value.raw, value.item_lines, strict=True):
            text = raw if raw is not None else item
            text = str(text).lower() if fold else text
            if not isinstance(item, (str, int)) or not is_slug(str(text)):
                raise EntryError(path, line, "bad_slug", value=as_written(item, raw), key=key)
            slugs.append(str(text))
        return slugs

    @staticmethod
    def _scalar_slug(data: YMap, key: str, path: str, fold: bool = False) -> str:
        value = data[key]
        text = data.raw.get(key, value)
        text = str(text).lower() if fold else text
        if isinstance(value, (dict, list)) or not is_slug(str(text)):
            written = as_written(value, data.raw.get(key))
            raise EntryError(path, data.key_lines[key], "bad_code" if fold else "bad_slug", value=written,
                             key=key)
        return str(text)

    # -- references ------------------------------------------------------------------------
    def _defer(self, subject: URIRef | None, predicate: URIRef | None, target: str, slug: str,
               path: str, line: int, key: str, inverse: bool = False) -> None:
        self.references.append(_Reference(subject, predicate, target, slug, path, line, key,  # type: ignore[arg-type]
                                          inverse))

    def resolve_references(self) -> None:
        for ref in self.references:
            try:
                iri = self._resolve(ref)
            except EntryError as error:
                self._note(error)
                continue
            if ref.subject is None:
                continue  # a file-level source: only its existence is checked
            triple = (iri, ref.predicate, ref.subject) if ref.inverse else (
                ref.subject, ref.predicate, iri)
            self._add(triple, ref.path)

    def _resolve(self, ref: _Reference) -> URIRef:
        if ref.target.startswith("concept:"):
            candidates = [(ref.target, mint(ref.target.removeprefix("concept:"), ref.slug))]
        elif ref.target == "agent":
            candidates = [(kind, mint(kind, ref.slug)) for kind in k.AGENT_KINDS]
        else:
            candidates = [(ref.target, mint(ref.target, ref.slug))]
        for _, iri in candidates:
            if self._locate(iri) is not None:
                return iri
        known = [slug for target, _ in candidates for slug in self.slugs_by_target[target]]
        if self.known is not None:
            known += [slug for target, _ in candidates for slug in self.known.slugs(target)]
        if self.reference_slugs is not None:
            known += [slug for target, _ in candidates for slug in self.reference_slugs(target)]
        padded = ref.slug.zfill(2)  # "7" for "07": YAML reads an unquoted 07 as the number 7
        close = [padded] if padded in known else difflib.get_close_matches(ref.slug, known, n=1, cutoff=0.6)
        kinds = [k for k, _ in candidates]
        spec = k.find(kinds[0])
        raise EntryError(
            ref.path, ref.line, "unknown_reference", key=ref.key, slug=ref.slug,
            kind=lambda lang: " / ".join(_kind_name(k, lang) for k in kinds),
            hint=_hint(close),
            registry=(spec.registry if spec and spec.registry else "data/concepts/"))


class _TooMany(EntryErrors):
    """More problems than anyone reads: the load stops there."""


def _in_reference(location: Location) -> bool:
    """Whether a resource was found in the reference extract (data/reference/…), not in a data file."""
    return location[1] == 0 and Path(location[0]).parent.name == REFERENCE_DIR


def _kind_name(kind: str, lang: str) -> str:
    if kind.startswith("concept:"):
        scheme = kind.removeprefix("concept:")
        return phrase("concepts_of", lang, scheme=scheme)
    spec = k.get(kind)
    return spec.name(lang)


def _hint(close: list[str]):  # type: ignore[no-untyped-def]
    if not close:
        return ""
    from .messages import message

    return lambda lang: message("did_you_mean", lang, suggestion=close[0])


def _unknown_key(path: str, line: int, key: str, allowed: Iterable[str], where: str) -> EntryError:
    allowed = list(allowed)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return EntryError(path, line, "unknown_key", key=key, where=where, hint=_hint(close),
                      allowed=", ".join(allowed))


