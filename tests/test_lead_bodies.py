"""The next session's entries (issue 15): lead bodies of every kind, established or to be confirmed,
demonstrator sites and events; the CSV, the map, the site and the diff say what the data says; an
entry with several mistakes gets all of them in one run.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, SKOS

from atelier_kg import kinds as k
from atelier_kg.diff import compare
from atelier_kg.load import load_graph
from atelier_kg.map import render_map
from atelier_kg.namespaces import ATD, mint
from atelier_kg.paths import display_path
from atelier_kg.release.tables import table_csv
from atelier_kg.validate import focus_of, load_shapes, validate_graph

from .conftest import DATA, ROOT
from .test_hostile import atelier_kg

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = load_shapes(ROOT / "shapes")
LUNEL = "243400520"

# A laureate in Hérault; its lead bodies and territory are what each case changes.
ENTRY = """\
sources: [page-session-2023-2025]
organisations:
  - slug: essai-syndicat-mixte
    label: {{fr: "Syndicat mixte d'essai", en: "Test joint authority"}}
    type: syndicat-mixte
  - slug: essai-pnr
    label: {{fr: "Parc naturel régional d'essai", en: "Test regional park"}}
    type: parc-naturel-regional
    siren: "200011773"
  - slug: essai-petr
    label: {{fr: "PETR d'essai", en: "Test PETR"}}
    type: pays-petr
  - slug: prefecture-herault
    label: {{fr: "Préfecture de l'Hérault", en: "Prefecture of Hérault"}}
    type: prefecture
    department: "34"
laureat:
  slug: essai-porteurs
  session: 2023-2025
  label: {{fr: "Lauréat d'essai Hérault", en: "Hérault test laureate"}}
  objective: {{fr: "Un objectif.", en: "An objective."}}
  ambitions:
    - slug: premiere
      text: {{fr: "Une ambition.", en: "An ambition."}}
  ddts: [ddt-herault]
  departments: ["34"]
  regions: ["76"]
  lead_bodies:
{lead_bodies}
  territory:
{territory}
  team:
    members:
      - organisation: interland
"""

ESTABLISHED = "      status: etabli\n"
TO_CONFIRM = ('      status: a-confirmer\n'
              '      note: {fr: "Déduit d\'un indice.", en: "Inferred from a clue."}\n')

# Each kind of lead body, named the one way the data names it; co-leads may be State services.
LEAD_BODIES = {
    "epci": f'    - epci: "{LUNEL}"\n' + ESTABLISHED,
    "syndicat-mixte": "    - organisation: essai-syndicat-mixte\n" + ESTABLISHED,
    "pnr": "    - organisation: essai-pnr\n" + ESTABLISHED,
    "pays-petr": "    - organisation: essai-petr\n" + TO_CONFIRM,
    "department": '    - department: "34"\n' + ESTABLISHED,
    "commune": '    - commune: "34145"\n' + TO_CONFIRM,
    "with-state-co-leads": (f'    - epci: "{LUNEL}"\n' + ESTABLISHED
                            + "    - organisation: prefecture-herault\n      role: co-porteur\n" + ESTABLISHED
                            + "    - organisation: ddt-herault\n      role: co-porteur\n" + ESTABLISHED),
}
TERRITORY = f'    - epci: "{LUNEL}"\n' + ESTABLISHED + '    - commune: "34172"\n' + TO_CONFIRM


def load_with(tmp_path: Path, lead_bodies: str, territory: str = TERRITORY):
    entry = tmp_path / "essai.yaml"
    entry.write_text(ENTRY.format(lead_bodies=lead_bodies.rstrip("\n"), territory=territory.rstrip("\n")),
                     encoding="utf-8")
    loaded = load_graph(DATA, [entry])
    return loaded, validate_graph(loaded, SHAPES, focus_of(loaded, {display_path(entry)}))


def rows(graph: Graph, table_name: str) -> list[dict[str, str]]:
    kind, table = next((kind, table) for kind, table in k.with_tables() if table.name == table_name)
    return list(csv.DictReader(io.StringIO(table_csv(kind, table, graph).decode("utf-8"))))


@pytest.mark.parametrize("case", sorted(LEAD_BODIES))
def test_each_kind_of_lead_body_validates_and_is_published_as_entered(tmp_path: Path, case: str):
    loaded, report = load_with(tmp_path, LEAD_BODIES[case])
    assert report.problems == [], [(p.rule, p.line, p.message("en")) for p in report.problems]
    graph = loaded.graph
    laureate = mint("laureat", "essai-porteurs")
    published = {r["entite"]: r for r in rows(graph, "porteurs") if r["laureat"] == str(laureate)}
    entered = {graph.value(p, ATD.entite): p for p in graph.objects(laureate, ATD.portage)}
    assert set(published) == {str(e) for e in entered}
    for entity, lead in entered.items():
        row = published[str(entity)]
        assert row["statut"] == str(graph.value(lead, ATD.statut)).rsplit("/", 1)[-1]
        assert row["role"] == str(graph.value(lead, ATD.rolePortage)).rsplit("/", 1)[-1]
        assert row["entite_nom"] and row["nature"], row
        assert (row["statut"] == "a-confirmer") == bool(row["note"]), "a fact to confirm says why"
    (summary,) = [r for r in rows(graph, "laureats") if r["slug"] == "essai-porteurs"]
    established = {r["entite_nom"] for r in published.values()
                   if r["statut"] == "etabli" and r["role"] == "porteur"}
    assert set(filter(None, summary["porteurs"].split(";"))) == established
    assert summary["epci"] == LUNEL and summary["epci_a_confirmer"] == ""


@pytest.mark.parametrize("code", ["2A", "2a"])
def test_a_corsican_department_leads_as_its_insee_code_is_written(tmp_path: Path, code: str):
    """Department codes are folded as everywhere else: "2A" and "2a" name the same lead body."""
    lead = f'    - department: "{code}"\n' + ESTABLISHED
    entry = ENTRY.format(lead_bodies=lead.rstrip("\n"), territory='    - commune: "2A004"\n' + ESTABLISHED)
    entry = entry.replace("ddt-herault", "ddt-corse-du-sud").replace('["34"]', '["2A"]').replace('["76"]',
                                                                                                 '["94"]')
    path = tmp_path / "essai.yaml"
    path.write_text(entry, encoding="utf-8")
    loaded = load_graph(DATA, [path])
    report = validate_graph(loaded, SHAPES, focus_of(loaded, {display_path(path)}))
    assert report.problems == [], [(p.rule, p.line, p.message("en")) for p in report.problems]
    laureate = mint("laureat", "essai-porteurs")
    (lead_node,) = loaded.graph.objects(laureate, ATD.portage)
    assert str(lead_node).endswith("/porteur/essai-porteurs--2a")
    assert loaded.graph.value(lead_node, ATD.entite) == mint("departement", "2a")


def test_the_pnr_carries_its_siren_and_an_epci_its_legal_form(tmp_path: Path):
    co_lead = LEAD_BODIES["epci"].replace("status: etabli", "role: co-porteur\n      status: etabli")
    loaded, _ = load_with(tmp_path, LEAD_BODIES["pnr"] + co_lead)
    by_name = {r["entite_nom"]: r for r in rows(loaded.graph, "porteurs")}
    assert by_name["Parc naturel régional d'essai"]["code"] == "200011773"
    assert by_name["Parc naturel régional d'essai"]["nature"] == "parc naturel régional"
    assert by_name["CA Lunel Agglo"]["nature"] == "EPCI (CA)" and by_name["CA Lunel Agglo"]["code"] == LUNEL


@pytest.mark.parametrize(("lead_bodies", "rule", "key"), [
    ("    - organisation: prefecture-herault\n      role: co-porteur\n" + ESTABLISHED,
     "atds:Laureat-has-a-lead", "lead_bodies"),
    (f'    - epci: "{LUNEL}"\n      status: a-confirmer\n', "atds:status-explained", "status"),
    (f'    - epci: "{LUNEL}"\n', "atds:status", None),
])
def test_a_lead_body_is_never_ambiguous(tmp_path: Path, lead_bodies: str, rule: str, key: str | None):
    _, report = load_with(tmp_path, lead_bodies)
    found = [p for p in report.problems if p.rule == rule]
    assert found and all(p.severity == "violation" and p.line for p in found), report.problems
    if key:
        assert found[0].key == key


def test_csv_map_and_site_say_what_the_shipped_data_says():
    graph = load_graph(DATA).graph
    svg = ElementTree.fromstring(render_map(graph))
    outlines = {path.findtext(f"{SVG}title") for path in svg.iter(f"{SVG}path")
                if path.get("class") == "candidat"}
    summaries = {r["slug"]: r for r in rows(graph, "laureats")}
    for laureate in graph.subjects(ATD.session, None):
        slug = str(laureate).rsplit("/", 1)[-1]
        parts = [(graph.value(p, ATD.entite), str(graph.value(p, ATD.statut)).endswith("/etabli"))
                 for p in graph.objects(laureate, ATD.territoire)]
        to_confirm = {str(graph.value(e, ATD.siren)) for e, established in parts if not established}
        established = {str(graph.value(e, ATD.siren)) for e, established in parts if established}
        assert set(filter(None, summaries[slug]["epci_a_confirmer"].split(";"))) == to_confirm
        assert set(filter(None, summaries[slug]["epci"].split(";"))) == established
        group = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == f"laureat-{slug}")
        drawn = {p.findtext(f"{SVG}title") for p in group.iter(f"{SVG}path")}
        if established:
            assert drawn == {str(graph.value(mint("epci", s), SKOS.prefLabel)) for s in established}
    assert outlines == {"CC des Coëvrons (à confirmer)"}, "the presumed Coëvrons: dashed, and said so"
    legend = "".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert legend.count("territoire à confirmer") == 1


def test_diff_shows_a_lead_body_becoming_established():
    old = load_graph(DATA).graph
    new = Graph()
    for triple in old:
        new.add(triple)
    (lead,) = new.objects(mint("laureat", "mayenne"), ATD.portage)
    new.set((lead, ATD.statut, mint("statuts", "etabli")))
    changes = [c for c in compare(old, new).items if c.iri == mint("laureat", "mayenne")]
    assert changes, compare(old, new).items
    (change,) = changes
    assert "lead_bodies" in str(change)
    assert "CC des Coëvrons (porteur, à confirmer)" in str(change)
    assert "CC des Coëvrons (porteur, établi)" in str(change)


# -- demonstrator sites and events, as a programme officer writes them ----------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("next-session")
    shutil.copytree(DATA, folder / "data")
    shutil.copytree(ROOT / "shapes", folder / "shapes")
    shutil.copytree(ROOT / "ontology", folder / "ontology")
    return folder


def run(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(atelier_kg() + ["--lang", "en", *arguments], cwd=project, capture_output=True,
                          text=True, timeout=120)


FILLED = {
    "site": {'laureat: ""': "laureat: ardeche-isere", 'label: {fr: "", en: ""}':
             'label: {fr: "Zone d\'essai", en: "Test zone"}', "epcis: []": 'epcis: ["200085751"]',
             'description: {fr: "", en: ""}': "", 'place: {fr: "", en: ""}': "", "communes: []": ""},
    "evenement": {'kind: ""': "kind: restitution", 'label: {fr: "", en: ""}':
                  'label: {fr: "Restitution d\'essai", en: "Test presentation"}',
                  "date:\n": "date: 2025-06-30\n",
                  'laureat: ""': "laureat: ardeche-isere", "communes: []": 'communes: ["07010"]',
                  'place: {fr: "", en: ""}': "", "epcis: []": "", 'participants: {fr: "", en: ""}': "",
                  'description: {fr: "", en: ""}': ""},
}


@pytest.mark.parametrize("kind", ["site", "evenement"])
def test_new_site_and_event_from_their_template(project: Path, kind: str):
    made = run(project, "new", kind, f"essai-{kind}")
    assert made.returncode == 0, made.stderr
    path = project / "data" / ("sites" if kind == "site" else "evenements") / f"essai-{kind}.yaml"
    press = "sources: [communique-prefecture-isere-rives-du-rhone]"
    text = path.read_text("utf-8").replace("sources: []", press)
    empty = run(project, "validate", "--no-index", str(path.relative_to(project)))
    assert empty.returncode != 0, "an unfilled template does not pass"
    for blank, value in FILLED[kind].items():
        text = text.replace(blank, value)
    path.write_text(text, encoding="utf-8")
    try:
        done = run(project, "validate", "--no-index", str(path.relative_to(project)))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "no violation" in done.stdout
    finally:
        path.unlink()


def test_an_entry_with_three_mistakes_gets_all_three_in_one_run(project: Path):
    """An unknown key, an EPCI that does not exist (a load error each), and a fact to be confirmed
    without a note (SHACL): all three, at their lines, in text and in JSON."""
    entry = project / "data" / "laureats" / "trois-erreurs.yaml"
    text = ENTRY.format(lead_bodies=f'    - epci: "{LUNEL}"\n      status: a-confirmer\n      colour: blue',
                        territory='    - epci: "243400521"\n      status: etabli')
    entry.write_text(text.replace("organisations:", "people: []\nunused:", 1).replace(
        text[text.index("  - slug: essai-syndicat-mixte"):text.index("laureat:")], ""), encoding="utf-8")
    lines = entry.read_text("utf-8").splitlines()
    expected = {lines.index(line) + 1: word for line, word in (
        ("      colour: blue", "colour"), ('    - epci: "243400521"', "243400521"),
        ("      status: a-confirmer", "confirm"))}
    name = str(entry.relative_to(project))
    try:
        text = run(project, "validate", "--no-index", name)
        assert text.returncode == 2, text.stdout + text.stderr
        for line, word in expected.items():
            said = [x for x in (text.stdout + text.stderr).splitlines() if f"{name}:{line}:" in x]
            assert said and word in said[0], (line, word, text.stdout, text.stderr)
        as_json = run(project, "validate", "--no-index", "--format", "json", name)
        assert as_json.returncode == 2
        problems = json.loads(as_json.stdout)["problems"]
        found = {(p["line"], p["kind"]) for p in problems if p["file"] == name}
        assert set(zip(expected, ("load", "load", "shacl"), strict=True)) <= found, problems
    finally:
        entry.unlink()


def test_sites_and_events_are_published(tmp_path: Path):
    graph = load_graph(DATA).graph
    sites = {r["slug"]: r for r in rows(graph, "sites-demonstrateurs")}
    assert sites["inspira"]["epci"] == "200085751" and sites["inspira"]["lieu"] == "Salaise-Sablons"
    assert sites["parcs-activites-annonay-rhone-agglo"]["epci"] == "200072015"
    (launch,) = rows(graph, "evenements")
    assert (launch["date"], launch["type"], launch["communes"]) == ("2024-02-12", "lancement", "07051")
    assert launch["participants"] == "plus de soixante acteurs locaux"
    assert launch["de"] == str(mint("laureat", "ardeche-isere"))
    assert graph.value(mint("site", "inspira"), DCTERMS.spatial) == mint("epci", "200085751")
