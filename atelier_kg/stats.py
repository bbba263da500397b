"""Counts that describe a graph: triples, typed resources, resources per class."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF


@dataclass(frozen=True)
class GraphStats:
    triples: int
    resources: int
    per_class: list[tuple[str, int]]  # (prefixed class name, count), most frequent first


def graph_stats(graph: Graph, triples: int | None = None) -> GraphStats:
    """Counts of a graph; `graph` may hold only the rdf:type statements when `triples` gives the
    number of them all."""
    per_class: Counter[str] = Counter()
    typed: set[URIRef] = set()
    for subject, cls in graph.subject_objects(RDF.type):
        per_class[graph.namespace_manager.normalizeUri(cls)] += 1
        typed.add(subject)  # type: ignore[arg-type]
    ordered = sorted(per_class.items(), key=lambda item: (-item[1], item[0]))
    return GraphStats(len(graph) if triples is None else triples, len(typed), ordered)
