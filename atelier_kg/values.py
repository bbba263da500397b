"""YAML values → RDF literals, each accepted only in the form the templates show.

Text is a string (French) or a {fr:, en:} map; numbers, years and booleans are decided on the
text as typed, never on what YAML 1.1 made of it, and bounded before they are converted.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from . import kinds as k
from .messages import EntryError
from .yamlsource import YList, YMap, describe

_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")  # used with fullmatch


def items(value: Any, key: str, path: str, line: int) -> Iterable[tuple[Any, int]]:
    if not isinstance(value, YList):
        raise EntryError(path, line, "expected_list", key=key, got=describe(value))
    return zip(value, value.item_lines, strict=True)


def as_written(value: Any, raw: str | None) -> str:
    """A scalar as typed (YAML 1.1 reads 0x10 as 16), or the kind of a list or mapping."""
    if raw is not None and not isinstance(value, (dict, list)):
        return raw
    return describe(value).strip("« »")


def text_literals(value: Any, key: str, path: str, line: int, raw: str | None = None) -> list[Literal]:
    if isinstance(value, str):
        return [Literal(value.strip(), lang="fr")] if value.strip() else []
    if isinstance(value, YMap):
        literals = []
        for lang, text in value.items():
            if lang not in ("fr", "en"):
                raise EntryError(path, value.key_lines[lang], "unknown_language", language=lang, key=key)
            if text is None or text == "":
                continue
            if not isinstance(text, str):
                raise EntryError(path, value.key_lines[lang], "expected_text", key=f"{key}.{lang}",
                                 got=describe(text, value.raw.get(lang)))
            literals.append(Literal(text.strip(), lang=lang))
        return literals
    raise EntryError(path, line, "expected_text", key=key, got=describe(value, raw))


# The one form each typed value is written in, as the templates show it, decided on the text
# as typed (YAML 1.1 reads 03747, 0x7E7 and 33:45 as 2023, yes and on as true). Digits are
# [0-9], not \d (which takes any script's digits), and bounded: nothing is converted that
# could cost more than its few characters.
_PLAIN_FORMS = {
    k.YEAR: re.compile(r"[0-9]{4}"),
    k.DATE: re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"),
    k.INTEGER: re.compile(r"-?(?:0|[1-9][0-9]{0,17})"),
    k.DECIMAL: re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,9})?"),
    k.BOOLEAN: re.compile(r"true|false"),
}
_FORM_ERRORS = {k.YEAR: "expected_year", k.DATE: "expected_date", k.INTEGER: "expected_integer",
                k.DECIMAL: "expected_number", k.BOOLEAN: "expected_boolean"}


def typed_literal(value: Any, raw: str | None, kind: str, key: str, path: str, line: int) -> Literal | None:
    if isinstance(value, (dict, list)):
        raise EntryError(path, line, "expected_text", key=key, got=describe(value))
    text = raw if raw is not None else str(value)
    if kind == k.STRING:
        return Literal(text.strip()) if text.strip() else None
    if kind == k.URL:
        if not _URL.fullmatch(text) or not _is_iri(text):
            raise EntryError(path, line, "bad_url", key=key, value=text)
        return URIRef(text)  # type: ignore[return-value]
    form = _PLAIN_FORMS.get(kind)
    if form is None:
        raise AssertionError(f"unhandled field kind {kind}")
    if not form.fullmatch(text):
        raise EntryError(path, line, _FORM_ERRORS[kind], key=key, value=text)
    if kind == k.BOOLEAN:
        return Literal(text == "true")
    if kind == k.DATE:
        try:  # the form is right; the day must exist too (2023-02-30 does not)
            datetime.date.fromisoformat(text)
        except ValueError:
            raise EntryError(path, line, "expected_date", key=key, value=text) from None
        return Literal(text, datatype=XSD.date)
    if kind == k.YEAR:
        return Literal(text, datatype=XSD.gYear)
    if kind == k.INTEGER:
        return Literal(int(text))
    # The canonical xsd:decimal form always has a dot: "1000000.0", as Turtle writes it.
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def _is_iri(text: str) -> bool:
    """An IRI as RFC 3987 has it, decided by the parser that reads our outputs back (Oxigraph):
    "%zz", a port that is not a number, a bad IPv6 host or a non-character would break them."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
