"""Saved SPARQL queries: the library in queries/*.rq, their headers and their parameters.

Parameters are bound by the engine (SPARQL substitutions) as typed RDF terms, never pasted
into the query text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..messages import message
from ..namespaces import ID, PREFIXES
from .errors import QueryError

PARAMETER_TYPES = ("string", "integer", "decimal", "iri", "lang")
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    default: str | None
    description: dict[str, str]


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("fr") or self.name

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.descriptions.get("fr") or ""


_HEADER = re.compile(r"#\s*(title|description)@(fr|en):\s*(.+)")
_PARAM = re.compile(r"#\s*param:\s*(.+)")


def parse_saved_query(text: str, name: str, path: Path | None = None) -> SavedQuery:
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        if match := _HEADER.fullmatch(line):
            (titles if match[1] == "title" else descriptions)[match[2]] = match[3].strip()
        elif match := _PARAM.fullmatch(line):
            parts = [p.strip() for p in match[1].split("|")]
            if len(parts) != 5 or parts[1] not in PARAMETER_TYPES:
                raise QueryError("bad_header", query=name, line=line)
            parameters.append(
                Parameter(parts[0], parts[1], parts[2] or None, {"fr": parts[3], "en": parts[4]})
            )
    return SavedQuery(name, text, titles, descriptions, tuple(parameters), path)


def library(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query of the folder, by name (the file name without .rq)."""
    return {path.stem: parse_saved_query(_read_query_file(path), path.stem, path)
            for path in sorted(folder.glob("*.rq"))}


def resolve(name_or_path: str, folder: Path, stdin_text: str | None = None) -> SavedQuery:
    """A saved query by name, a .rq file, or "-" for standard input."""
    if name_or_path == "-":
        return parse_saved_query(stdin_text or "", "-")
    saved = library(folder)
    if name_or_path in saved:
        return saved[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq" and (path.exists() or path.is_symlink()):  # the reader refuses what is not a file
        return parse_saved_query(_read_query_file(path), path.stem, path)
    close = difflib.get_close_matches(name_or_path, list(saved), n=1)
    hint = (lambda lang: message("did_you_mean", lang, suggestion=close[0])) if close else ""
    raise QueryError("unknown_query", name=name_or_path, hint=hint)


def _read_query_file(path: Path) -> str:
    """A .rq file, through the one reader of user files (regular, bounded, UTF-8)."""
    from ..paths import display_path
    from ..readfile import read_text
    from .safety import MAX_QUERY_BYTES

    return read_text(path, display_path(path), MAX_QUERY_BYTES)


def default_prefixes() -> dict[str, str]:
    """The standard prefixes and one per kind of resource (laureat:, organisation:…)."""
    from .. import kinds as k

    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    # Every kind, and every concept scheme a field takes its values from (roles:, disciplines:…).
    schemes = [f.target for kind in k.all_kinds() for f in k.fields_of(kind) if f.kind == k.CONCEPT]
    for name in (*(kind.kind for kind in k.all_kinds()), *schemes):
        prefixes.setdefault(name or "", f"{ID}{name}/")
    return prefixes


def bind_parameters(query: SavedQuery, given: Mapping[str, str]) -> dict[str, Any]:
    """Turn --param values into typed RDF terms for the engine's substitutions."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "—"
        raise QueryError("unknown_param", name=unknown[0], query=query.name, allowed=allowed)
    bindings: dict[str, Any] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            raise QueryError("missing_param", name=parameter.name)
        bindings[parameter.name] = _term(parameter, value)
    return bindings


# Plain forms only: int() and float() also take " 42\n", "4_2", "+2" and "1e999".
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_DECIMAL = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,9})?")
_LANG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")


def _term(parameter: Parameter, value: str) -> Any:
    kind = parameter.kind
    try:
        if kind == "integer" and _INTEGER.fullmatch(value):
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if kind == "decimal" and _DECIMAL.fullmatch(value):
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "decimal"))
        if kind == "iri":
            return ox.NamedNode(_expand(value))
        if kind == "lang" and _LANG.fullmatch(value):
            return ox.Literal(value)
        if kind == "string" and len(value) <= 1000:
            return ox.Literal(value)
    except (ValueError, SyntaxError):
        pass
    raise QueryError("bad_param", value=value, kind=kind, name=parameter.name)


# No white space of any kind (\s also takes U+2028, U+0085…), no control, nothing IRIs forbid.
_ABSOLUTE_IRI = re.compile(r"https?://[^\s\x00-\x20\x7f-\x9f<>\"{}|\\^`]+")
_LOCAL_NAME = re.compile(r"[^\s\x00-\x20\x7f-\x9f<>\"{}|\\^`]+")


def _expand(value: str) -> str:
    if _ABSOLUTE_IRI.fullmatch(value):
        return value
    prefix, _, local = value.partition(":")
    prefixes = default_prefixes()
    if prefix in prefixes and _LOCAL_NAME.fullmatch(local):
        return prefixes[prefix] + local
    raise ValueError(value)
