"""Where things are in a release's graph files, so that a problem names a line people can open."""

from __future__ import annotations

import re

from rdflib import URIRef

_SUBJECT = re.compile(r"(<[^>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|_:\S+)")
_NT_SUBJECT = re.compile(rb"(<[^>]*>|_:\S+) <([^>]*)>")


def turtle_subject_lines(text: str) -> dict[str, int]:
    """Where each subject's description starts in a Turtle file written by rdflib (IRI → line)."""
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("@prefix "):
            parts = line.split()
            if len(parts) >= 3:
                prefixes[parts[1].rstrip(":")] = parts[2].strip("<>")
            continue
        if not line or line[0] in " \t#":
            continue
        match = _SUBJECT.match(line)
        if match is None:
            continue
        token = match.group(1)
        if token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local
        lines.setdefault(iri, number)
    return lines


def nt_source_map(data: bytes, shown: str, sources):  # type: ignore[no-untyped-def]
    """Where each subject, and each of its properties, first appears in the N-Triples."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        match = _NT_SUBJECT.match(line)
        if match is None:
            continue
        subject = match.group(1).decode("utf-8", "replace")
        if not subject.startswith("<"):
            continue
        iri, predicate = URIRef(subject[1:-1]), URIRef(match.group(2).decode("utf-8", "replace"))
        sources.entities.setdefault(iri, (shown, number))
        sources.properties.setdefault((iri, predicate), (shown, number))
    return sources
