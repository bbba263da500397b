"""One description per kind of entry drives every output.

Every kind says, for each output (template, CSV tables, diff, site page), what it gets or why it
gets nothing; the JSON-LD context is generated from the kinds; and a kind added by describing it
once (with its ontology term, its shape and an entry, in a copy of the project) reaches the
graph, the templates, the diff, a release table and the site, with nothing else touched.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from atelier_kg import Project
from atelier_kg import kinds as k
from atelier_kg.diff import compare, format_changes
from atelier_kg.jsonld_context import context_document
from atelier_kg.kinds.common import LABEL, SOURCES
from atelier_kg.namespaces import ATD, ID
from atelier_kg.templates import render, template_kinds

from .conftest import ROOT

FACETS = ("template", "tables", "diff", "page")


@pytest.mark.parametrize("kind", [kind.kind for kind in k.all_kinds()])
def test_every_kind_decides_every_output(kind: str):
    spec = k.get(kind)
    for facet in FACETS:
        value = getattr(spec, facet)
        assert value is not None, f"{kind} says nothing about its {facet}: give it one, or Excluded(why)"
        if isinstance(value, k.Excluded):
            assert len(value.why) > 10, f"{kind}: say why it has no {facet}"
    assert spec.classes and spec.name_fr and spec.name_en, kind
    if isinstance(spec.template, k.Template):
        assert spec.top_level is not None, f"{kind} has a template but no top-level key to hold it"
    for table in () if isinstance(spec.tables, k.Excluded) else spec.tables:  # type: ignore[union-attr]
        assert table.columns[0].name == "id" and table.columns[0].required, table.name


def test_the_shipped_context_is_the_generated_one():
    shipped = (ROOT / "atelier_kg" / "context.jsonld").read_bytes()
    remake = "python3 -m atelier_kg.jsonld_context > atelier_kg/context.jsonld"
    assert shipped == context_document(), f"the shipped context is stale: {remake}"


def test_the_commands_choices_come_from_the_kinds():
    assert set(template_kinds()) == {kind.kind for kind in k.with_template()} >= {"laureat", "session"}


def test_every_kind_in_the_shipped_graph_reaches_the_outputs_it_declares(graph: Graph):
    nothing = Graph()
    changes = compare(nothing, graph)
    for kind in k.all_kinds():
        present = any(True for _ in graph.subjects(RDF.type, kind.classes[0]))
        if not present:
            continue
        if isinstance(kind.diff, k.Diff):
            assert any(c.kind == kind.kind for c in changes.items), f"{kind.kind} is missing from the diff"


# -- a throw-away kind, described once -----------------------------------------------------------

EVENT = k.Kind(
    "essai-evenement", (ATD.EssaiEvenement,),
    (LABEL, SOURCES),
    name_fr="événements d'essai", name_en="trial events", registry="data/essais/",
    top_level=("essai_evenements", True),
    template=k.Template("data/essais/{slug}.yaml", "Nouvel événement d'essai", "New trial event"),
    tables=(k.Table("essai-evenements", "Événements d'essai", "Trial events",
                    (k.Column("id", "identifiant (IRI)", "identifier (IRI)", k.model.iri(), required=True),
                     k.Column("nom", "nom", "name", k.model.label("fr"), required=True))),),
    diff=k.Diff((k.Column("label", "nom", "name", k.model.text(SKOS.prefLabel)),)),
    page=k.Page("Event", "EssaiEvenementShape", 50),
)
ONTOLOGY_TERM = """
atd:EssaiEvenement a owl:Class ;
    rdfs:label "Événement d'essai"@fr , "Trial event"@en ;
    skos:definition "Un événement inventé pour le test."@fr , "An event made up for the test."@en ;
    rdfs:isDefinedBy <https://w3id.org/atelier-des-territoires/def> .
"""
SHAPE = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix atd:  <https://w3id.org/atelier-des-territoires/def#> .
@prefix atds: <https://w3id.org/atelier-des-territoires/shapes#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

atds:EssaiEvenementShape a sh:NodeShape ;
    sh:targetClass atd:EssaiEvenement ;
    sh:name "Événement d'essai"@fr , "Trial event"@en ;
    sh:description "Un événement d'essai a un nom."@fr , "A trial event has a name."@en ;
    sh:property [
        a sh:PropertyShape ; sh:path skos:prefLabel ; sh:minCount 1 ; sh:order 1 ;
        sh:name "nom"@fr , "name"@en ;
        sh:description "Le nom de l'événement."@fr , "The event's name."@en ;
        sh:message "Donnez un nom (label)"@fr , "Give a name (label)"@en ;
        sh:severity sh:Violation
    ] .
"""
ENTRY = """sources: [page-session-2023-2025]
essai_evenements:
  - slug: lancement-essai
    label: {fr: "Lancement d'essai", en: "Trial launch"}
"""


@pytest.fixture()
def event_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    for folder in ("data", "shapes", "ontology", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    with open(tmp_path / "ontology" / "atelier.ttl", "a", encoding="utf-8") as ontology:
        ontology.write(ONTOLOGY_TERM)
    (tmp_path / "shapes" / "essai.ttl").write_text(SHAPE, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")
    k.register(EVENT)
    yield Project(root=tmp_path)
    k.unregister(EVENT.kind)


def test_a_kind_described_once_reaches_every_output(event_project: Project, tmp_path: Path):
    assert "essai-evenement" in template_kinds()
    template = render("essai-evenement", "autre-essai")
    assert "essai_evenements:" in template and "slug: autre-essai" in template
    before = event_project.load().graph
    (tmp_path / "data" / "essais").mkdir()
    (tmp_path / "data" / "essais" / "lancement.yaml").write_text(ENTRY, "utf-8")

    loaded, report = event_project.conforming()
    iri = URIRef(f"{ID}essai-evenement/lancement-essai")
    assert (iri, RDF.type, ATD.EssaiEvenement) in loaded.graph, "the graph"
    assert "EssaiEvenement" in context_document().decode(), "the JSON-LD context"

    changes = compare(before, loaded.graph)
    assert [c.iri for c in changes.items] == [iri], "the diff"
    assert "Événements d'essai" in format_changes(changes, "fr")

    release = event_project.release("9.9", tmp_path / "releases")
    rows = list(csv.reader(io.StringIO((release / "essai-evenements.csv").read_text("utf-8"))))
    assert rows == [["id", "nom"], [str(iri), "Lancement d'essai"]], "a release table"
    assert (release / "essai-evenements.schema.json").is_file()
    package = json.loads((release / "datapackage.json").read_text("utf-8"))
    assert "essai-evenements" in [r["name"] for r in package["resources"]], "the data package"
    assert event_project.validate_release(release).conforms(), "validate --release"

    event_project.site(tmp_path / "site")
    page = (tmp_path / "site" / "id" / "essai-evenement" / "lancement-essai.html").read_text("utf-8")
    assert "Lancement d&#39;essai" in page and '"Event"' in page, "the site, typed schema:Event"
    guide = (tmp_path / "site" / "guide" / "index.html").read_text("utf-8")
    assert "Événement d&#39;essai" in guide, "the entry guide, from the kind's shape"
