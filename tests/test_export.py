"""Exports re-parse to the same graph, are byte-identical from run to run, and are atomic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from atelier_kg.export import SERIALIZERS, export_all, serialize, write_atomic

from .conftest import ROOT

RDFLIB_FORMAT = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}


@pytest.mark.parametrize("name", sorted(SERIALIZERS))
def test_export_reparses_to_an_isomorphic_graph(graph, name):
    reparsed = Graph().parse(data=serialize(graph, name), format=RDFLIB_FORMAT[name])
    assert len(reparsed) == len(graph)
    assert isomorphic(reparsed, graph)


def test_jsonld_reads_like_plain_json(graph):
    document = json.loads(serialize(graph, "jsonld"))
    assert isinstance(document["@context"], dict), "the context is inline: no fetch needed"
    keys = {key for node in document["@graph"] for key in node}
    assert not [key for key in keys if ":" in key or key.startswith("http")]
    mayenne = next(n for n in document["@graph"] if n["id"].endswith("/laureat/mayenne"))
    assert mayenne["type"] == "TerritoireLaureat"
    assert mayenne["prefLabel"]["fr"].startswith("Lauréat Mayenne")
    lead = next(n for n in document["@graph"] if n["id"] == mayenne["portage"])
    assert lead["statut"].endswith("/statuts/a-confirmer") and lead["entite"].endswith("/epci/200033298")
    launch = next(n for n in document["@graph"] if n["id"].endswith("/evenement/lancement-rives-du-rhone"))
    assert launch["dateEvenement"] == "2024-02-12", "a typed date reads as a plain string"


def test_shipped_context_file_matches_the_embedded_one(tmp_path, graph):
    export_all(graph, tmp_path)
    shipped = json.loads((tmp_path / "context.jsonld").read_text("utf-8"))["@context"]
    embedded = json.loads((tmp_path / "atelier-des-territoires.jsonld").read_text("utf-8"))["@context"]
    assert shipped == embedded


def test_ntriples_are_sorted(graph):
    lines = serialize(graph, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)


def test_turtle_uses_readable_prefixes(graph):
    turtle = serialize(graph, "ttl").decode("utf-8")
    assert "@prefix laureat: <https://w3id.org/atelier-des-territoires/id/laureat/> ." in turtle
    assert "laureat:mayenne a atd:TerritoireLaureat" in turtle


def _build(out: Path, seed: str) -> dict[str, bytes]:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "atelier_kg", "build", "--out", str(out)], cwd=ROOT,
                   env=environment, check=True, capture_output=True)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_two_builds_with_different_hash_seeds_give_identical_bytes(tmp_path):
    first = _build(tmp_path / "a", "1")
    second = _build(tmp_path / "b", "2")
    assert first.keys() == second.keys() and len(first) >= 4
    assert first == second


def test_failed_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"previous")

    def broken_replace(source, destination):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"], "no temporary file left"


def test_failed_serialization_writes_nothing(tmp_path, graph, monkeypatch):
    export_all(graph, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(_graph):  # type: ignore[no-untyped-def]
        raise RuntimeError("serializer crashed")

    monkeypatch.setitem(SERIALIZERS, "nt", broken)
    with pytest.raises(RuntimeError):
        export_all(graph, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# -- the writers that read the loaded triples are rdflib's own output, made faster ------------------

def _tricky_graph(graph: Graph) -> Graph:
    """The shipped graph and what its writers must escape or keep: quotes, backslashes, line breaks,
    non-ASCII text, language tags, datatypes, blank nodes, a list."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDFS, XSD

    tricky = Graph()
    tricky += graph
    subject = URIRef("https://w3id.org/atelier-des-territoires/id/test/é")
    for text in ('a "quoted" \\ text', "two\nlines\r\n", "Île-de-France — œuvre 🌳", "\t tab", ""):
        tricky.add((subject, RDFS.comment, Literal(text)))
        tricky.add((subject, RDFS.label, Literal(text, lang="fr")))
    tricky.add((subject, RDFS.label, Literal("Region", lang="en-GB")))
    for value, datatype in (("05", XSD.integer), ("2.50", XSD.decimal), ("true", XSD.boolean),
                            ("2024", XSD.gYear), ("x", URIRef("https://example.org/type"))):
        tricky.add((subject, RDFS.seeAlso, Literal(value, datatype=datatype)))
    node, items = BNode("b1"), BNode("list")
    tricky.add((subject, RDFS.member, node))
    tricky.add((node, RDFS.label, Literal("anonyme")))
    Collection(tricky, items, [Literal(2), Literal(1)])  # an RDF list keeps its order
    tricky.add((node, RDFS.seeAlso, items))
    return tricky


def test_ntriples_are_rdflibs_own_lines_sorted(graph):
    from atelier_kg.triples import sorted_ntriples

    for source in (graph, _tricky_graph(graph)):
        lines = source.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        assert sorted_ntriples(source) == b"".join(sorted(line for line in lines if line.strip()))


def test_jsonld_is_rdflibs_compaction_of_the_whole_graph(graph):
    """to_jsonld reads the triples through a subject index; rdflib's serializer reading its own
    store, with the same context, gives the same document."""
    from atelier_kg.export import to_jsonld
    from atelier_kg.jsonld import jsonld_context, jsonld_document

    written = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    expected = jsonld_document(json.loads(written))
    assert to_jsonld(_loaded(graph)) == expected
    assert to_jsonld(graph) == expected


def test_jsonld_nodes_written_directly_are_the_converters(graph):
    """Subjects described by IRIs and literals are written without rdflib's converter, by its rules:
    the same document as the converter gives for every subject (blank nodes, lists, text to
    escape, typed and untyped literals, terms and no terms)."""
    from atelier_kg.jsonld import compact, jsonld_document

    for source in (graph, _tricky_graph(graph)):
        triples = list(source)
        assert jsonld_document(compact(triples)) == jsonld_document(compact(triples, reference=True))


def test_jsonld_keeps_every_value_whatever_the_order_of_the_triples(graph):
    """rdflib's converter drops a key's first value when it is false in JSON ("", 0, false) and
    another follows: given in any order, the triples give one document that reads back whole."""
    import random

    from atelier_kg.export import to_jsonld

    tricky = _tricky_graph(graph)
    tricky.add((URIRef("https://w3id.org/atelier-des-territoires/id/test/é"), RDFS.seeAlso, Literal(0)))
    triples = list(tricky)
    documents = set()
    for seed in range(4):
        random.Random(seed).shuffle(triples)
        documents.add(to_jsonld(_loaded(triples)))
    assert len(documents) == 1
    back = Graph().parse(data=documents.pop(), format="json-ld")
    assert isomorphic(back, tricky)


def _loaded(triples):  # type: ignore[no-untyped-def]
    from atelier_kg.builder import SourceMap
    from atelier_kg.load import LoadedGraph
    from atelier_kg.triples import TripleSet

    return LoadedGraph(TripleSet(triples), SourceMap(), [])


def test_jsonld_reads_back_the_same_graph_with_pyld(graph):
    """pyld (a JSON-LD processor we did not write) turns the published document into the same graph,
    with the context inline and no document fetched."""
    from pyld import jsonld
    from rdflib.compare import to_isomorphic

    from atelier_kg.export import to_jsonld

    def no_network(url: str, options: dict) -> dict:  # noqa: ARG001
        raise AssertionError(f"pyld tried to fetch {url}")

    document = json.loads(to_jsonld(_loaded(graph)))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_network})
    back = Graph().parse(data=nquads, format="nt")  # one graph: N-Quads without a graph name are N-Triples
    assert to_isomorphic(back) == to_isomorphic(graph)
