"""Saved queries answer with the page's facts; parameters are safe; refusals and time limits hold."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from rdflib import Graph

from atelier_kg.cli import main
from atelier_kg.query import (
    QueryEngine,
    QueryError,
    bind_parameters,
    check_safe,
    graph_of,
    library,
    parse_saved_query,
    solutions,
)

from .conftest import DATA, ROOT

QUERIES = ROOT / "queries"
LIBRARY = library(QUERIES)


@pytest.fixture(scope="module")
def engine(graph):  # type: ignore[no-untyped-def]
    return QueryEngine(graph)


def rows(engine, name, **params):  # type: ignore[no-untyped-def]
    saved = LIBRARY[name]
    result = engine.run(saved.text, bind_parameters(saved, params), "json")
    variables, values = solutions(result)
    return [
        {v: (None if t is None else str(t)) for v, t in zip(variables, row, strict=True)} for row in values
    ]


def test_library_has_at_least_twelve_documented_queries():
    assert len(LIBRARY) >= 12
    for saved in LIBRARY.values():
        assert saved.titles.keys() == {"fr", "en"} and saved.descriptions.keys() == {"fr", "en"}, saved.name
        for parameter in saved.parameters:
            assert parameter.default and parameter.description["fr"] and parameter.description["en"]


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_saved_query_runs_with_its_defaults(engine, name):
    saved = LIBRARY[name]
    result = engine.run(saved.text, bind_parameters(saved, {}), "json")
    if result.kind == "graph":
        assert len(graph_of(result)) > 10
    else:
        assert solutions(result)[1], f"{name} returned no row on the shipped data"


def test_each_laureate_team_with_roles(engine):
    result = rows(engine, "equipes-par-laureat")
    assert len(result) == 27
    caudex = [r for r in result if r["membre"] == "Caudex" and r["laureat"].startswith("Lauréat Mayenne")]
    assert caudex[0]["role"] == "mandataire"
    rouget = next(r for r in result if r["membre"].startswith("Atelier du Rouget"))
    assert set(rouget["disciplines"].split(", ")) == {"urbanisme", "architecture", "paysage", "animation"}


def test_firms_in_several_teams_and_pairs(engine):
    firms = {r["organisation"]: int(r["equipes"]) for r in rows(engine, "firmes-plusieurs-equipes")}
    assert firms == {
        name: 2
        for name in (
            "Atelier du Rouget, Simon Teyssou & associés",
            "Belvédère",
            "Caudex",
            "Creaspace",
            "Fabriques Architectures Paysages",
            "INterland",
            "Ingerop",
            "Meix",
            "Modaal",
            "Mutatis",
        )
    }
    assert len(rows(engine, "paires-de-firmes", minimum="2")) == 14
    assert len(rows(engine, "paires-de-firmes")) > 14


def test_governance_ddts_and_mandataires(engine):
    governance = rows(engine, "organisations-gouvernance")
    assert len(governance) == 13 and governance[0]["organisation"] == "Direction générale des entreprises"
    assert len(rows(engine, "ddt-par-laureat")) == 7
    roles = {
        (r["laureat"].split(" — ")[0], r["role"], r["organisation"])
        for r in rows(engine, "mandataires-et-pilotes")
    }
    assert roles == {
        ("Lauréat Mayenne", "mandataire", "Caudex"),
        ("Lauréat Mayenne", "pilote", "Belvédère"),
        ("Lauréat Pas-de-Calais", "mandataire", "INterland"),
        ("Lauréat Charente", "mandataire", "Caudex"),
    }


def test_ambitions_by_keyword(engine):
    water = rows(engine, "ambitions-par-mot-cle", mot="eau")
    assert len(water) == 1 and "ressource en eau" in water[0]["ambition"]
    land = rows(engine, "ambitions-par-mot-cle", mot="FONCIER")  # case-insensitive; "foncière" does not match
    assert {r["porteur"].split(" — ")[0] for r in land} == {"Lauréat Charente", "Lauréat Mayenne"}


def test_coverage_types_disciplines_provenance_sessions(engine):
    coverage = {r["departement"]: int(r["laureats"]) for r in rows(engine, "couverture-par-region")}
    assert coverage == {"Ardèche": 1, "Isère": 1, "Jura": 2, "Mayenne": 1, "Pas-de-Calais": 1, "Charente": 1}
    kinds = {r["type"]: int(r["nombre"]) for r in rows(engine, "organisations-par-type")}
    assert kinds["prestataire de conception ou de conseil"] == 17
    disciplines = {r["discipline"]: int(r["equipes"]) for r in rows(engine, "disciplines")}
    assert len(disciplines) == 12 and disciplines["urbanisme"] == 2 and disciplines["mobilité"] == 1
    sources = rows(engine, "provenance", ressource="programme:atelier-des-territoires")
    assert {r["lien"] for r in sources} == {"prov:wasDerivedFrom", "dcterms:source"}
    sources = rows(engine, "provenance", ressource="laureat:ardeche-isere")
    press = {r["element"] for r in sources
             if r["document"].endswith("/communique-prefecture-isere-rives-du-rhone")}
    assert len(press) == 3, "each of its three lead bodies cites the prefecture's press release"
    assert len(rows(engine, "laureats-par-session")) == 6
    assert len(rows(engine, "divergences")) == 5


def test_construct_query_gives_a_graph(engine):
    saved = LIBRARY["fiche-laureat"]
    result = engine.run(saved.text, bind_parameters(saved, {"laureat": "laureat:charente"}), "json")
    graph = graph_of(result)
    assert isinstance(graph, Graph) and len(graph) > 20
    assert any(str(o).startswith("Remobiliser le site d’une friche industrielle") for o in graph.objects())


@pytest.mark.parametrize(
    "value", ['eau" ) } } DROP ALL', "eau } UNION { ?s ?p ?o", "'; DELETE WHERE { ?s ?p ?o }"]
)
def test_parameters_cannot_inject_sparql(engine, value):
    assert rows(engine, "ambitions-par-mot-cle", mot=value) == []


def test_bad_parameters_are_explained():
    saved = LIBRARY["paires-de-firmes"]
    for given, code in (({"minimum": "deux"}, "bad_param"), ({"maximum": "2"}, "unknown_param")):
        with pytest.raises(QueryError) as caught:
            bind_parameters(saved, given)
        assert caught.value.code == code and caught.value.message("fr") != caught.value.message("en")
    with pytest.raises(QueryError):
        bind_parameters(LIBRARY["provenance"], {"ressource": "pas une iri"})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "service"),
        ("SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x.example> { ?s ?p ?o } } }", "service"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "from"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "from"),
        ("LOAD <http://example.org/data.ttl>", "update"),
        ("INSERT DATA { <http://a.example/s> <http://a.example/p> 1 }", "update"),
        ("DELETE WHERE { ?s ?p ?o }", "update"),
        ("CLEAR ALL", "update"),
    ],
)
def test_refused_before_anything_runs(text, code):
    with pytest.raises(QueryError) as caught:
        check_safe(text)
    assert caught.value.code == code


def test_a_slow_query_is_stopped_and_the_process_stays_healthy(engine):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    with pytest.raises(QueryError) as caught:
        engine.run(cartesian, {}, "json", timeout=1.0)
    assert caught.value.code == "timeout"
    assert time.monotonic() - start < 5
    assert rows(engine, "ddt-par-laureat"), "the next query still runs"


def test_standard_result_formats(engine):
    saved = LIBRARY["ddt-par-laureat"]
    csv_text = engine.run(saved.text, {}, "csv").payload.decode("utf-8")
    assert csv_text.splitlines()[0] == "ddt,laureat,departement,region" and csv_text.count("\n") == 8
    tsv_text = engine.run(saved.text, {}, "tsv").payload.decode("utf-8")
    assert tsv_text.splitlines()[0] == "?ddt\t?laureat\t?departement\t?region"
    document = json.loads(engine.run(saved.text, {}, "json").payload)
    assert document["head"]["vars"] == ["ddt", "laureat", "departement", "region"]
    assert b"<sparql" in engine.run(saved.text, {}, "xml").payload


def test_result_size_bound(engine):
    result = engine.run("SELECT * WHERE { ?s ?p ?o }", {}, "json", max_rows=10)
    assert result.truncated and len(solutions(result)[1]) == 10


def test_header_lines_are_checked():
    with pytest.raises(QueryError):
        parse_saved_query("# param: x | colour | red | a | b\nSELECT * {}", "bad")


def test_cli_lists_runs_and_refuses():
    runner = CliRunner()
    base = ["--data", str(DATA), "--lang", "en"]
    listing = runner.invoke(main, [*base, "query", "--list", "--queries", str(QUERIES)])
    assert listing.exit_code == 0 and "firmes-plusieurs-equipes" in listing.output
    table = runner.invoke(main, [*base, "query", "firmes-plusieurs-equipes", "--queries", str(QUERIES)])
    assert table.exit_code == 0 and "Meix" in table.output and "10 rows" in table.output
    markdown = runner.invoke(
        main, [*base, "query", "disciplines", "--format", "md", "--queries", str(QUERIES)]
    )
    assert markdown.output.startswith("| discipline | equipes | organisations |")
    turtle = runner.invoke(
        main, [*base, "query", "fiche-laureat", "--format", "ttl", "--queries", str(QUERIES)]
    )
    assert turtle.exit_code == 0 and "laureat:mayenne" in turtle.output
    refused = runner.invoke(main, [*base, "query", "-"], input="CLEAR ALL")
    assert refused.exit_code == 1 and "read-only" in refused.output
    unknown = runner.invoke(main, [*base, "query", "firmes-plusieurs", "--queries", str(QUERIES)])
    assert unknown.exit_code == 1 and "did you mean" in unknown.output
