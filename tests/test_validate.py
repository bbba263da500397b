"""SHACL validation: every rule fires on its fixture, at the line the fixture marks.

Each file of fixtures/invalid/ starts with `# expect: RULE` lines. In a YAML fixture, the
line where the problem must be reported carries a comment `# ! RULE`; a Turtle fixture
(what only another RDF producer could write) is reported against the file, with no line.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from atelier_kg.load import load_graph
from atelier_kg.paths import display_path
from atelier_kg.validate import ValidationReport, inverse_predicates, load_shapes, validate_graph

from .conftest import DATA, FIXTURES, ROOT, fixture_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = ROOT / "shapes"
INVALID = sorted((FIXTURES / "invalid").iterdir())


@cache
def report_for(fixture: Path) -> ValidationReport:
    loaded, focus = fixture_graph(fixture)  # shared with test_shacl_equivalence
    return validate_graph(loaded, load_shapes(SHAPES), focus)


def expected_rules(fixture: Path) -> list[str]:
    return re.findall(r"^# expect: (\S+)", fixture.read_text("utf-8"), re.M)


def marked_lines(fixture: Path, rule: str) -> set[int]:
    lines = fixture.read_text("utf-8").splitlines()
    return {n for n, line in enumerate(lines, 1)
            if "# !" in line and rule in line.split("# !", 1)[1].split()}


def all_rules() -> set[str]:
    shapes = load_shapes(SHAPES)
    rules = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    rules |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, SH.pattern, None) in shapes}
    return {shapes.namespace_manager.normalizeUri(r) for r in rules}


@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_fixture_triggers_its_rule_at_its_line(fixture: Path):
    report = report_for(fixture)
    assert expected_rules(fixture), "a fixture names the rule it must trigger"
    for rule in expected_rules(fixture):
        found = [p for p in report.problems if p.rule == rule and p.path == display_path(fixture)]
        assert found, f"{rule} not reported; got {[(p.rule, p.path, p.line) for p in report.problems]}"
        if fixture.suffix == ".yaml":
            expected = marked_lines(fixture, rule)
            assert expected, f"{fixture.name} marks no line for {rule}"
            assert expected <= {p.line for p in found}, (rule, expected, [p.line for p in found])


def test_every_rule_of_the_shapes_has_a_fixture():
    covered = {rule for fixture in INVALID for rule in expected_rules(fixture)}
    assert all_rules() - covered == set()
    assert covered - all_rules() == set(), "fixtures name rules that do not exist"


def test_every_shape_and_constraint_speaks_french_and_english():
    shapes = load_shapes(SHAPES)
    nodes = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    nodes |= set(shapes.subjects(RDF.type, SH.NodeShape))
    for node in nodes:
        for predicate in (SH.name, SH.description):
            languages = {lit.language for lit in shapes.objects(node, predicate)}
            assert languages >= {"fr", "en"}, (node, predicate)
        if (node, RDF.type, SH.NodeShape) not in shapes:
            assert {lit.language for lit in shapes.objects(node, SH.message)} >= {"fr", "en"}, node
            assert shapes.value(node, SH.severity) in (SH.Violation, SH.Warning, SH.Info), node


def test_problems_have_complete_messages_in_both_languages():
    for fixture in INVALID:
        for problem in report_for(fixture).problems:
            french, english = problem.message("fr"), problem.message("en")
            assert french and english and french != english, problem
            assert "{?" not in french + english and "{$" not in french + english


def test_shipped_data_has_no_problem_at_all(loaded):
    report = validate_graph(loaded, load_shapes(SHAPES))
    assert report.problems == []


def test_a_complete_new_laureate_validates_cleanly():
    report = report_for(FIXTURES / "valid" / "laureat.yaml")
    assert report.problems == [] and report.conforms(strict=True)


def test_new_entry_is_checked_against_the_existing_graph():
    """References resolve against the graph, and rules see existing resources."""
    report = report_for(FIXTURES / "invalid" / "organisation-unique-label.yaml")
    problem = next(p for p in report.problems if p.rule == "atds:Organisation-unique-label")
    assert "Meix" in problem.message("fr")
    assert problem.key == "label"


def test_warnings_do_not_block_unless_strict():
    report = report_for(FIXTURES / "invalid" / "label-en.yaml")
    assert report.count("violation") == 0 and report.count("warning") == 1
    assert report.conforms() and not report.conforms(strict=True)


def test_report_graph_is_a_shacl_report():
    report = report_for(FIXTURES / "invalid" / "laureat-ddt.yaml")
    reports = list(report.report_graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert isinstance(report.report_graph, Graph)


@pytest.fixture(scope="module")
def indexed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ with the index of its build, as `atelier-kg build` leaves it."""
    import shutil

    from atelier_kg.index import write_index

    data = tmp_path_factory.mktemp("indexed") / "data"
    shutil.copytree(DATA, data)
    loaded = load_graph(data, track_files=True)
    assert validate_graph(loaded, load_shapes(SHAPES)).conforms()
    write_index(loaded, data, "compact")
    return data


def _comparable(report: ValidationReport) -> set[tuple[str, str, int | None, str]]:
    return {(p.rule, Path(p.path or "").name, p.line, p.severity) for p in report.problems}


YAML_INVALID = [p for p in INVALID if p.suffix == ".yaml"]


@pytest.mark.parametrize("fixture", YAML_INVALID, ids=[p.name for p in YAML_INVALID])
def test_index_reports_what_a_full_load_reports(fixture: Path, indexed_data: Path):
    """`validate ENTRY` through the index finds the same problems, at the same lines."""
    from atelier_kg.index import Index
    from atelier_kg.load import load_entries

    index = Index.open(indexed_data, "compact", [fixture])
    assert index is not None, "the index matches the data it was built from"
    shapes = load_shapes(SHAPES)
    loaded, focus = index.neighbourhood(load_entries([fixture], index), inverse_predicates(shapes))
    fast = validate_graph(loaded, shapes, focus)
    assert _comparable(fast) == _comparable(report_for(fixture))


def test_index_is_not_used_once_data_changes(indexed_data: Path, tmp_path: Path):
    from atelier_kg.index import Index

    entry = FIXTURES / "valid" / "laureat.yaml"
    assert Index.open(indexed_data, "compact", [entry]) is not None
    assert Index.open(indexed_data, "full", [entry]) is None, "another reference mode"
    organisations = indexed_data / "organisations.yaml"
    original, stat = organisations.read_bytes(), organisations.stat()
    try:
        organisations.write_bytes(original + b"\n")
        assert Index.open(indexed_data, "compact", [entry]) is None
    finally:
        organisations.write_bytes(original)
        os.utime(organisations, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # An entry inside data/ is validated against the index without its own earlier version.
    laureate = indexed_data / "laureats" / "charente.yaml"
    laureate.write_bytes(laureate.read_bytes() + b"\n")
    assert Index.open(indexed_data, "compact", [laureate]) is not None
    assert Index.open(indexed_data, "compact", [entry]) is None


def test_a_sparql_rule_has_the_severity_of_the_shape_that_holds_it():
    """SHACL takes a SPARQL constraint's severity from its shape (5.3), not from the constraint:
    the severity the rule declares (shown in the guide) is the one every engine reports."""
    shapes = load_shapes(SHAPES)
    for holder, constraint in shapes.subject_objects(SH.sparql):
        declared = shapes.value(constraint, SH.severity)
        given = shapes.value(holder, SH.severity) or SH.Violation
        assert declared in (None, given), (holder, constraint, declared, given)


@pytest.mark.parametrize("name", ["event-in-session-period.yaml", "site-in-laureate-departments.yaml",
                                  "session-call-in-period.yaml", "appel-engineering-within-budget.yaml",
                                  "laureat-lead-or-note.yaml"])
def test_warning_rules_are_reported_as_warnings(name: str):
    report = report_for(FIXTURES / "invalid" / name)
    rule = expected_rules(FIXTURES / "invalid" / name)[0]
    assert {p.severity for p in report.problems if p.rule == rule} == {"warning"}


def test_shapes_read_by_oxigraph_are_what_rdflib_reads(tmp_path):
    """Shapes are read by Oxigraph (fast), the same triples and prefixes as rdflib's reading; blank
    node labels stay apart from one file to the next; what Oxigraph refuses, rdflib reads or names."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from atelier_kg.validate import load_shapes

    shapes_dir = ROOT / "shapes"
    expected = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        expected.parse(path, format="turtle", publicID=path.resolve().as_uri())
    read = load_shapes.__wrapped__(shapes_dir)
    assert isomorphic(read, expected)
    assert sorted(read.namespaces()) == sorted(expected.namespaces())
    (tmp_path / "a.ttl").write_text("@prefix ex: <https://example.org/> .\n_:x ex:p 1 .\n", "utf-8")
    (tmp_path / "b.ttl").write_text("@prefix ex: <https://example.org/> .\n_:x ex:q 2 .\n", "utf-8")
    assert len(set(load_shapes.__wrapped__(tmp_path).subjects())) == 2


def test_shapes_that_are_not_shapes_are_refused_before_they_are_read_in(tmp_path):
    """A 1 MB file of nested lists is 400,000 triples (14 s and 650 MB to read into rdflib and
    compile): refused on one line, by the count of triples Oxigraph parsed."""
    from atelier_kg.messages import EntryError
    from atelier_kg.validate import MAX_SHAPE_TRIPLES, load_shapes

    depth = 200_000
    (tmp_path / "nested.ttl").write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:p " + "(" * depth + ")" * depth + " .\n", "utf-8")
    with pytest.raises(EntryError) as refused:
        load_shapes.__wrapped__(tmp_path)
    assert refused.value.code == "too_many_shape_triples" and refused.value.path.endswith("nested.ttl")
    assert 2 * depth > MAX_SHAPE_TRIPLES
