"""JSON-LD of the loaded triples, compacted with the shipped context, sorted for stable bytes.

rdflib's JSON-LD converter (`from_rdf`, the reference) reads the triples through a subject index
(`Described`) rather than an rdflib store. Most subjects are described by IRIs and literals only:
their nodes are written here with the converter's own rules and the context's own answers
(`Context.find_term`, `shrink_iri`, `to_symbol`, asked once per predicate, datatype and language
rather than once per triple); a subject with a blank node or an RDF list goes to the converter.
A test compares the two writers byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.serializers.jsonld import Converter, from_rdf
from rdflib.plugins.shared.jsonld.context import UNDEF, Context
from rdflib.plugins.shared.jsonld.keys import ID, LANG, LIST, SET, VOCAB

from .jsonld_context import generate_context

_RDF_FIRST = str(RDF.first)
_RDF_TYPE = str(RDF.type)
# The literal types the converter writes as JSON's own values (its PLAIN_LITERAL_TYPES).
_NATIVE = {XSD.boolean, XSD.integer, XSD.double, XSD.string}


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context, generated from the kinds (never fetched from the network)."""
    return generate_context()


def to_jsonld(source: Any) -> bytes:
    """The JSON-LD document of an rdflib Graph or of the loaded graph (its triples)."""
    triples = source if isinstance(source, Graph) else source.triples
    return jsonld_document(compact(triples))


def compact(triples: Iterable[Any], reference: bool = False) -> dict[str, Any]:
    """The triples compacted with the context: {"@context": …, "@graph": [nodes]}. With reference,
    every subject goes through rdflib's converter (what the tests compare with)."""
    context_data = jsonld_context()
    described = Described(triples)
    if reference:
        return from_rdf(described, context_data, use_native_types=True, auto_compact=True)
    writer = _NodeWriter(_context(json.dumps(context_data, sort_keys=True)), described)
    return {"@graph": writer.nodes(), "@context": context_data}


def jsonld_document(compacted: dict[str, Any]) -> bytes:
    """The published document of a compacted graph: the context, then its nodes sorted by id, with
    their keys and multi-valued arrays sorted."""
    context = jsonld_context()
    nodes = compacted.get("@graph", [compacted] if "id" in compacted else [])
    nodes = [_node_sorted(node) for node in nodes]
    nodes.sort(key=lambda node: node.get("id", ""))
    document = {"@context": context, "@graph": nodes}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


class Described:
    """What rdflib's JSON-LD converter reads of a graph (the statements about each subject, and who
    links to a blank node), over plain dictionaries.

    A subject's statements come with those whose JSON value is false ("", 0, false) last: the
    converter replaces a false first value of a key by the next one, so that given first, such a
    literal was lost (and which one depended on the order of the triples)."""

    context_aware = False
    identifier = None  # not a named graph

    def __init__(self, triples: Iterable[Any]) -> None:
        self.about: dict[Any, list[tuple[Any, Any]]] = {}
        self._linking: dict[Any, list[Any]] = {}  # blank node → subjects linking to it
        self.first: dict[Any, Any] = {}  # list node → its rdf:first (the converter asks of every object)
        false_last: dict[Any, list[tuple[Any, Any]]] = {}
        about = self.about
        for s, p, o in triples:
            if isinstance(o, Literal):
                if not o or (o.datatype is not None and not o.value):
                    false_last.setdefault(s, []).append((p, o))
                    continue
            elif isinstance(o, BNode):
                self._linking.setdefault(o, []).append(s)
            if str.__eq__(p, _RDF_FIRST):
                self.first.setdefault(s, o)
            about.setdefault(s, []).append((p, o))
        for s, statements in false_last.items():
            about.setdefault(s, []).extend(statements)

    def subjects(self, predicate: Any = None, obj: Any = None) -> Iterable[Any]:
        if predicate is not None:
            raise NotImplementedError("the converter asks only for all subjects, or those linking to a node")
        return iter(self.about) if obj is None else iter(self._linking.get(obj, ()))

    def predicate_objects(self, subject: Any) -> Iterable[tuple[Any, Any]]:
        return iter(self.about.get(subject, ()))

    def value(self, subject: Any, predicate: Any) -> Any:
        if str.__eq__(predicate, _RDF_FIRST):
            return self.first.get(subject)
        return next((o for p, o in self.about.get(subject, ()) if p == predicate), None)


@cache
def _context(data: str) -> Context:
    return Context(json.loads(data))


class _NodeWriter:
    """The converter's nodes (rdflib.plugins.serializers.jsonld.Converter.add_to_node, with an
    active context and native types) for subjects described by IRIs and literals."""

    def __init__(self, context: Context, described: Described) -> None:
        self.context = context
        self.described = described
        self.converter = Converter(context, use_native_types=True, use_rdf_type=False)
        # A term holding RDF lists: every subject goes to the converter (the shipped context has none).
        self.lists = any(LIST in term.container for term in context.terms.values())
        self.literal_keys: dict[tuple[str, str | None, str | None], tuple[Any, str | None]] = {}
        self.link_keys: dict[str, tuple[Any, str | None]] = {}
        self.iris: dict[str, str] = {}
        self.symbols: dict[str, str] = {}

    def nodes(self) -> list[dict[str, Any]]:
        nodemap: dict[Any, dict[str, Any]] = {}
        for subject, statements in self.described.about.items():
            if isinstance(subject, BNode) and any(self.described.subjects(None, subject)):
                continue  # written where it is linked to, by the converter
            if isinstance(subject, URIRef) and not self.lists and all(self._simple(o) for _, o in statements):
                node_id = self._iri(subject)
                if node_id not in nodemap:
                    nodemap[node_id] = self._node(node_id, statements)
            elif isinstance(subject, (URIRef, BNode)):
                self.converter.process_subject(self.described, subject, nodemap)
        return list(nodemap.values())

    def _simple(self, obj: Any) -> bool:
        return isinstance(obj, Literal) or (isinstance(obj, URIRef) and obj not in self.described.first)

    def _node(self, node_id: str, statements: list[tuple[Any, Any]]) -> dict[str, Any]:
        node: dict[str, Any] = {self.context.id_key: node_id}
        for predicate, obj in statements:
            self._add(node, predicate, obj)
        return node

    def _add(self, node: dict[str, Any], predicate: Any, obj: Any) -> None:
        literal = isinstance(obj, Literal)
        term, key = self._literal_key(predicate, obj) if literal else self._link_key(predicate)
        value: Any = None
        use_set = False
        if term:
            if term.type:
                value = self._coerced(obj, term.type)
            elif term.language and isinstance(obj, Literal) and obj.language == term.language:
                value = str(obj)
            if LANG in term.container and isinstance(obj, Literal) and obj.language:
                languages = node.setdefault(key, {})
                values = languages.get(obj.language)
                if values or SET in term.container:
                    if not isinstance(values, list):
                        languages[obj.language] = values = [values]
                    values.append(str(obj))
                else:
                    languages[obj.language] = str(obj)
                return
            use_set = SET in term.container
        elif str.__eq__(predicate, _RDF_TYPE) and isinstance(obj, URIRef):
            value = self._symbol(obj)
        if value is None:
            value = self._raw(obj)
        present = node.get(key)
        if present:
            if not isinstance(present, list):
                present = [present]
            present.append(value)
        elif use_set:
            present = [value]
        else:
            present = value
        node[key] = present

    def _literal_key(self, predicate: Any, obj: Literal) -> tuple[Any, str | None]:
        datatype = str(obj.datatype) if obj.datatype else None
        lookup = (str(predicate), datatype, obj.language)
        found = self.literal_keys.get(lookup)
        if found is None:
            term = self.context.find_term(lookup[0], datatype, language=obj.language)
            found = self.literal_keys[lookup] = (term, term.name if term else self._untermed(predicate))
        return found

    def _link_key(self, predicate: Any) -> tuple[Any, str | None]:
        found = self.link_keys.get(predicate)
        if found is None:
            term = None
            for coercion in (ID, VOCAB, UNDEF):
                term = self.context.find_term(str(predicate), coercion, None)
                if term:
                    break
            found = self.link_keys[predicate] = (term, term.name if term else self._untermed(predicate))
        return found

    def _untermed(self, predicate: Any) -> Any:
        """The key of a predicate no term names: as the converter makes it."""
        if str.__eq__(predicate, _RDF_TYPE):
            return self.context.type_key
        key = self.context.to_symbol(predicate)
        key_term = self.context.terms.get(key)
        return predicate if key_term and (key_term.type or key_term.container) else key

    def _coerced(self, obj: Any, coercion: str) -> Any:
        if coercion == ID:
            return self._iri(obj) if isinstance(obj, URIRef) else obj
        if coercion == VOCAB and isinstance(obj, URIRef):
            return self._symbol(obj)
        if isinstance(obj, Literal) and str(obj.datatype) == coercion:
            return obj
        return None

    def _raw(self, obj: Any) -> Any:
        if isinstance(obj, URIRef):
            return {self.context.id_key: self._iri(obj)}
        native = obj.datatype in _NATIVE
        value = obj.toPython() if native else str(obj)
        if obj.datatype:
            if native:
                return value
            return {self.context.type_key: self._symbol(obj.datatype), self.context.value_key: value}
        if obj.language and obj.language != self.context.language:
            return {self.context.lang_key: obj.language, self.context.value_key: value}
        if self.context.language and not obj.language:
            return {self.context.value_key: value}
        return value

    def _iri(self, iri: Any) -> str:
        text = self.iris.get(iri)
        if text is None:
            text = self.iris[iri] = self.context.shrink_iri(iri)
        return text

    def _symbol(self, iri: Any) -> str:
        text = self.symbols.get(iri)
        if text is None:
            text = self.symbols[iri] = self.context.to_symbol(iri)
        return text


def _node_sorted(node: dict[str, Any]) -> dict[str, Any]:
    """A node with its keys sorted (id and type first) and its multi-valued arrays sorted, also inside
    a language map: their order carries no meaning in JSON-LD (an @list's does: it is kept)."""
    return {key: _sorted_values(node[key]) for key in sorted(node, key=lambda k: (k not in ("id", "type"), k))
            if key != "@context"}


def _sorted_values(value: Any) -> Any:
    if isinstance(value, list):
        return sorted((_plain(item) for item in value), key=_canonical)
    if isinstance(value, dict):  # a language map {"fr": [...], "en": [...]}, a value or a list object
        return {key: sorted((_plain(item) for item in item_list), key=_canonical)
                if isinstance(item_list := value[key], list) and key != "@list" else _plain(item_list)
                for key in sorted(value)}
    return _plain(value)


def _plain(value: Any) -> Any:
    """Keys sorted at every depth ({"@value", "type"} in that order), arrays as they are, rdflib
    Literals as plain str (they compare in Python code)."""
    if isinstance(value, dict):
        return {key: _plain(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


# What json.dumps escapes in a str when ensure_ascii is off: any other text is written as it is.
_ESCAPED = re.compile(r'["\\\x00-\x1f]')


def _canonical(value: Any) -> str:
    """The JSON text of a value (keys sorted): the order of an array's items."""
    if isinstance(value, str) and not _ESCAPED.search(value):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
