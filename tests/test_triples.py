"""The loaded graph: its triples, their sorted N-Triples and the Oxigraph store made from them,
and the rdflib Graph made on demand, always telling the same graph."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from atelier_kg.builder import SourceMap
from atelier_kg.load import LoadedGraph
from atelier_kg.triples import TripleSet, sorted_ntriples

EX = "https://w3id.org/atelier-des-territoires/id/test/"


def _by_value(triples) -> set:  # type: ignore[no-untyped-def,type-arg]
    """Triples with typed literals as their values: Oxigraph stores "150000.0"^^xsd:decimal as
    "150000" (the same number; validation maps it back to the text written)."""
    return {(s, p, (o.datatype, o.value) if isinstance(o, Literal) and o.datatype else o)
            for s, p, o in triples}


def _store_graph(store: ox.Store) -> Graph:
    return Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                         format="nt")


def test_a_triple_set_keeps_the_first_order_and_each_triple_once():
    a, b = (URIRef(EX + "a"), RDF.type, SKOS.Concept), (URIRef(EX + "b"), RDF.type, SKOS.Concept)
    triples = TripleSet([b, a])
    triples.add(b)
    assert list(triples) == [b, a] and len(triples) == 2 and a in triples


def test_the_store_the_n_triples_and_the_graph_tell_the_same_graph(loaded):
    fresh = LoadedGraph(TripleSet(loaded.triples), SourceMap(), [])
    assert fresh.ntriples == sorted_ntriples(loaded.triples)
    assert len(fresh.store) == len(fresh) == len(loaded.triples)
    assert _by_value(_store_graph(fresh.store)) == _by_value(fresh.graph)
    assert isomorphic(Graph().parse(data=fresh.ntriples, format="nt"), fresh.graph)


def test_what_is_added_reaches_the_n_triples_and_the_store(loaded):
    fresh = LoadedGraph(TripleSet(loaded.triples), SourceMap(), [])
    before = fresh.ntriples, len(fresh.store)
    added = (URIRef(EX + "nouveau"), SKOS.prefLabel, Literal("Nouveau", lang="fr"))
    fresh.add(added)
    assert fresh.ntriples != before[0] and len(fresh.store) == before[1] + 1


def test_a_graph_changed_in_place_is_what_the_store_holds_next(loaded):
    """Once the rdflib Graph is handed out it may be changed in place: the N-Triples and the store
    are made from it again, never served stale."""
    fresh = LoadedGraph(TripleSet(loaded.triples), SourceMap(), [])
    count = len(fresh.store)
    subject = next(iter(fresh.graph.subjects(RDF.type, SKOS.Concept)))
    fresh.graph.remove((subject, None, None))
    assert len(fresh.store) < count
    assert not any(line.startswith(f"<{subject}> ".encode()) for line in fresh.ntriples.splitlines())


def test_a_subgraph_holds_only_the_properties_asked_for(loaded):
    types = loaded.subgraph([RDF.type])
    assert len(types) == sum(1 for _, p, _ in loaded.triples if p == RDF.type) > 0
    assert set(types.predicates()) == {RDF.type}
