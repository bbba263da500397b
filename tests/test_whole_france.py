"""A laureate anywhere in France, with the default commands and no download (issue 15, item 1).

In a copy of the project: a laureate in Hérault (CA Lunel Agglo, the DDTM of Hérault) and one in
La Réunion (the CINOR, the island's DEAL) validate, against the index of a build and without it,
build, and appear on the map; unknown codes get "did you mean"; the shipped build stays small.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from atelier_kg.load import load_graph
from atelier_kg.map import inset_box
from atelier_kg.namespaces import ATD, IGEO, mint
from atelier_kg.reference import add_referenced, read_extract

from .conftest import DATA, ROOT
from .test_hostile import atelier_kg

SVG = "{http://www.w3.org/2000/svg}"
LUNEL, CINOR = "243400520", "249740119"
# The shipped build before the reference covered all of France (commit 6cbc436): 3015 triples; with
# the Rives du Rhône laureate, its two sites (two more EPCIs and their communes) and its launch: 3917.
SHIPPED_TRIPLES = 3917
# What the shipped data refers to: the presumed Coëvrons and the EPCIs of the two demonstrator sites.
SHIPPED_EPCIS = {"200033298", "200085751", "200072015"}

LAUREATE = """\
sources: [page-session-2023-2025]

laureat:
  slug: {slug}
  session: 2023-2025
  label:
    fr: "{label}"
    en: "{label}"
  objective:
    fr: "Objectif d'essai."
    en: "A trial objective."
  ambitions:
    - slug: essai
      text: {{fr: "Ambition d'essai", en: "Trial ambition"}}
  ddts: [{ddt}]
  departments: ["{department}"]
  regions: ["{region}"]
  lead_bodies:
    - epci: "{epci}"
      status: etabli
  territory:
    - epci: "{epci}"
      status: etabli
  team:
    members:
      - organisation: interland
"""
HERAULT = {"slug": "essai-herault", "label": "Lauréat d'essai Hérault — Lunel Agglo", "ddt": "ddt-herault",
           "department": "34", "region": "76", "epci": LUNEL}
REUNION = {"slug": "essai-la-reunion", "label": "Lauréat d'essai La Réunion — CINOR",
           "ddt": "ddt-la-reunion", "department": "974", "region": "04", "epci": CINOR}


def run(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """A command as a user types it, in the project folder (data/ and shapes/ by default)."""
    return subprocess.run(atelier_kg() + ["--lang", "en", *arguments], cwd=project, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project, built once as shipped (so that `validate ENTRY` has an index)."""
    folder = tmp_path_factory.mktemp("whole-france")
    shutil.copytree(DATA, folder / "data")
    shutil.copytree(ROOT / "shapes", folder / "shapes")
    shutil.copytree(ROOT / "ontology", folder / "ontology")
    done = run(folder, "build")
    assert done.returncode == 0, done.stderr
    return folder


def write_laureate(project: Path, values: dict[str, str]) -> Path:
    path = project / "data" / "laureats" / f"{values['slug']}.yaml"
    path.write_text(LAUREATE.format(**values), encoding="utf-8")
    return path.relative_to(project)


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    """The project with the Hérault and La Réunion laureates, each validated first, then built."""
    for values in (HERAULT, REUNION):
        entry = write_laureate(project, values)
        for options in ([], ["--no-index"]):  # against the build's index, and reading everything
            done = run(project, "validate", *options, str(entry))
            assert done.returncode == 0, (options, done.stdout, done.stderr)
            assert "no violation" in done.stdout
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    return project


@pytest.fixture(scope="module")
def built_graph(built: Path) -> Graph:
    return Graph().parse(built / "out" / "atelier-des-territoires.nt")


def test_the_laureates_name_their_epci_and_state_service(built_graph: Graph):
    graph = built_graph
    for values, kind, name in (
        (HERAULT, "DDTM", "Direction départementale des territoires et de la mer de l'Hérault"),
        (REUNION, "DEAL", "Direction de l'environnement, de l'aménagement et du logement de La Réunion"),
    ):
        laureate = mint("laureat", values["slug"])
        service = graph.value(laureate, ATD.ddt)
        assert service == mint("organisation", values["ddt"])
        assert (service, SKOS.prefLabel, Literal(name, lang="fr")) in graph
        assert graph.value(service, ATD.natureDuService) == Literal(kind)
        assert graph.value(service, DCTERMS.spatial) == mint("departement", values["department"])
        assert any(note.language == "fr" and "règle officielle" in note
                   for note in graph.objects(service, SKOS.editorialNote)), "says how the name was made"
        (part,) = graph.objects(laureate, ATD.territoire)
        epci = graph.value(part, ATD.entite)
        assert epci == mint("epci", values["epci"])
        assert graph.value(graph.value(laureate, ATD.portage), ATD.entite) == epci
        assert graph.value(epci, ATD.population).toPython() > 0
        communes = list(graph.objects(epci, DCTERMS.hasPart))
        assert communes and all(graph.value(c, DCTERMS.isPartOf) == mint("departement", values["department"])
                                for c in communes)


def test_the_build_holds_only_what_the_data_refers_to(built_graph: Graph):
    epcis = set(built_graph.subjects(RDF.type, IGEO.Intercommunalite))
    assert epcis == {mint("epci", siren) for siren in (*SHIPPED_EPCIS, LUNEL, CINOR)}
    services = {s for s in built_graph.subjects(ATD.natureDuService, None)}
    assert services == {mint("organisation", "ddt-herault"), mint("organisation", "ddt-la-reunion")}
    assert len(set(built_graph.subjects(RDF.type, IGEO.Departement))) == 101
    assert len(set(built_graph.subjects(RDF.type, IGEO.Region))) == 18


def test_both_appear_on_the_map(built: Path):
    root = ElementTree.parse(built / "out" / "carte-des-laureats.svg").getroot()
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "laureat"}
    for values in (HERAULT, REUNION):
        group = groups[f"laureat-{values['slug']}"]
        assert group.findall(f"{SVG}path"), "its EPCI is drawn"
    markers = {m.findtext(f"{SVG}circle/{SVG}title"): m for m in root.iter(f"{SVG}g")
               if m.get("class") == "marker-group"}
    reunion = markers[REUNION["label"]].find(f"{SVG}circle")
    x, y, width, height = inset_box(3)  # La Réunion is the fourth inset (971, 972, 973, 974, 976)
    assert x <= float(reunion.get("cx")) <= x + width and y <= float(reunion.get("cy")) <= y + height
    herault = markers[HERAULT["label"]]
    assert herault.find(f"{SVG}line") is not None, "a small EPCI keeps its marker beside it, with a line"


def test_the_shipped_build_stays_small():
    graph = load_graph(DATA).graph
    assert abs(len(graph) - SHIPPED_TRIPLES) <= 0.03 * SHIPPED_TRIPLES
    epcis = set(graph.subjects(RDF.type, IGEO.Intercommunalite))
    assert epcis == {mint("epci", siren) for siren in SHIPPED_EPCIS}, "only the EPCIs the data names"
    members = {c for epci in epcis for c in graph.objects(epci, DCTERMS.hasPart)}
    communes = set(graph.subjects(RDF.type, IGEO.Commune))
    assert communes == members | {mint("commune", "07051")}, "their communes, and the launch's Champagne"
    assert not set(graph.subjects(ATD.natureDuService, None)), "the six DDTs are written in data/"


@pytest.mark.parametrize(("key", "wrong", "right"), [
    ("epci", LUNEL[:-1] + "1", LUNEL),
    ("ddts", "ddt-heraut", "ddt-herault"),
    ("ddts", "ddtm-herault", "ddt-herault"),
])
def test_unknown_codes_get_did_you_mean(project: Path, key: str, wrong: str, right: str):
    values = {**HERAULT, "slug": "essai-erreur", "epci": LUNEL, "ddt": "ddt-herault"}
    values["epci" if key == "epci" else "ddt"] = wrong
    entry = write_laureate(project, values)
    try:
        for options in ([], ["--no-index"]):
            done = run(project, "validate", *options, str(entry))
            assert done.returncode == 2, done.stdout
            expected = rf'"{key}" refers to "{wrong}".*did you mean "{right}"'
            assert re.search(expected, done.stderr), done.stderr
    finally:
        (project / entry).unlink()


def test_a_state_service_described_in_data_wins_over_the_reference(project: Path):
    """As ddt-jura: an organisation of data/ with a reference identifier is no duplicate."""
    entry = project / "data" / "essai-ddt.yaml"
    entry.write_text(
        "sources: [page-session-2023-2025]\norganisations:\n  - slug: ddt-gard\n"
        "    label: {fr: \"Direction départementale des territoires et de la mer du Gard\",\n"
        "            en: \"DDTM Gard\"}\n"
        "    type: service-deconcentre\n    department: \"30\"\n", encoding="utf-8")
    try:
        for options in ([], ["--no-index"]):
            done = run(project, "validate", *options, str(entry.relative_to(project)))
            assert done.returncode == 0, done.stderr
    finally:
        entry.unlink()


def test_communes_are_found_by_code_anywhere():
    """What a reference to a commune (a demonstrator site's) resolves to: its record, by INSEE code."""
    graph = Graph()
    extract = read_extract((DATA / "reference").resolve())
    added = add_referenced(graph, extract, [("commune", "2a004"), ("commune", "97411"), ("commune", "99999")],
                           lambda iri: False)
    assert added == [mint("commune", "2a004"), mint("commune", "97411")]
    assert graph.value(mint("commune", "97411"), SKOS.prefLabel) == Literal("Saint-Denis", lang="fr")
    assert graph.value(mint("commune", "2a004"), DCTERMS.isPartOf) == mint("departement", "2a")
    assert isinstance(graph.value(mint("commune", "2a004"), IGEO.codeCommune), Literal)
    assert not set(graph.subjects(RDF.type, IGEO.Intercommunalite)), "a commune alone brings no EPCI"
