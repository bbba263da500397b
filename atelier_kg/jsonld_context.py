"""The JSON-LD context, generated from the kinds' descriptions and the namespaces (as LinkML
generates contexts from a schema), never written by hand.

Each class is a term named by its local name; each property of a field is a term named by its
local name (or the field's `term`), shaped by the field's kind: texts are language maps, links
are IRIs, years and decimals carry their datatype. The shipped `context.jsonld` is this output
(a test checks it); `python3 -m atelier_kg.jsonld_context > atelier_kg/context.jsonld` remakes it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS, XSD

from . import kinds as k
from .namespaces import ATD, PREFIXES

_LINKS = (k.REF, k.CONCEPT, k.RECORD, k.RECORDS, k.URL)
_TYPED = {k.YEAR: XSD.gYear, k.DATE: XSD.date, k.DECIMAL: XSD.decimal}
# Properties the loader writes itself, beside the fields: a nested entry's rank in its list, a
# concept's scheme.
_LOADER_PROPERTIES = ((ATD.rang, k.INTEGER), (SKOS.inScheme, k.REF))


class ContextConflict(ValueError):
    """Two fields give one term two meanings: one of them needs its own `term`."""


def generate_context() -> dict[str, Any]:
    """The context of the kinds registered now."""
    return _context(k.generation())


@cache
def _context(generation: int) -> dict[str, Any]:
    context: dict[str, Any] = {"@version": 1.1, "id": "@id", "type": "@type"}
    context.update({prefix: str(namespace) for prefix, namespace in PREFIXES.items()})
    for kind in k.all_kinds():
        for cls in kind.classes:
            _define(context, _local(cls), _curie(cls))
    for kind in k.all_kinds():
        for field in k.fields_of(kind):
            if field.predicate is not None:
                _define(context, field.term or _local(field.predicate), _definition(field.predicate, field))
        if kind.slug_predicate is not None:
            _define(context, _local(kind.slug_predicate), _curie(kind.slug_predicate))
    for predicate, field_kind in _LOADER_PROPERTIES:
        _define(context, _local(predicate), _definition(predicate, k.Field("", field_kind)))
    return context


def context_document() -> bytes:
    """The context as the file `context.jsonld` holds it."""
    text = json.dumps({"@context": generate_context()}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _definition(predicate: URIRef, field: k.Field) -> str | dict[str, str]:
    curie = _curie(predicate)
    if field.kind in (k.TEXT, k.TEXTS):
        return {"@id": curie, "@container": "@language"}
    if field.kind in _LINKS:
        return {"@id": curie, "@type": "@id"}
    datatype = _TYPED.get(field.kind) or field.datatype
    if datatype is not None:
        return {"@id": curie, "@type": _curie(datatype)}
    return curie  # strings, integers and booleans: JSON's own types


def _define(context: dict[str, Any], term: str, definition: str | dict[str, str]) -> None:
    if term in context and context[term] != definition:
        raise ContextConflict(f"the JSON-LD term {term!r} would mean both {context[term]} and {definition}")
    context.setdefault(term, definition)


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def _curie(iri: URIRef) -> str:
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and text != str(namespace):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(context_document())
