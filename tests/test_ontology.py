"""The vocabulary defines every term the data uses, in French and English."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from atelier_kg.namespaces import ATD

from .conftest import ROOT

CONTRACT_CLASSES = ["Programme", "Session", "AppelAManifestationDInteret", "TerritoireLaureat",
                    "Ambition", "Objectif", "Equipe", "InstanceDeGouvernance"]


def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "atelier.ttl")


def test_ontology_header_has_version_and_metadata():
    graph = ontology()
    header = next(graph.subjects(RDF.type, OWL.Ontology))
    for predicate in (OWL.versionIRI, URIRef("http://purl.org/dc/terms/title"),
                      URIRef("http://purl.org/dc/terms/description"),
                      URIRef("http://purl.org/dc/terms/creator"),
                      URIRef("http://purl.org/dc/terms/license"),
                      URIRef("http://purl.org/dc/terms/issued"),
                      URIRef("http://purl.org/dc/terms/modified")):
        assert graph.value(header, predicate) is not None, predicate


def test_contract_classes_exist_and_teams_are_organisations():
    graph = ontology()
    for name in CONTRACT_CLASSES:
        assert (ATD[name], RDF.type, OWL.Class) in graph
    org = URIRef("http://www.w3.org/ns/org#Organization")
    assert (ATD.Equipe, RDFS.subClassOf, org) in graph
    assert (ATD.InstanceDeGouvernance, RDFS.subClassOf, org) in graph


def test_every_term_has_french_and_english_label_and_definition():
    graph = ontology()
    terms = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ATD))}
    assert len(terms) > 40
    for term in terms:
        for predicate in (RDFS.label, SKOS.definition):
            languages = {o.language for o in graph.objects(term, predicate) if isinstance(o, Literal)}
            assert {"fr", "en"} <= languages, (term, predicate)


def test_every_atd_term_the_data_uses_is_defined(graph):
    defined = set(ontology().subjects())
    used = {p for p in graph.predicates() if str(p).startswith(str(ATD))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(ATD))}
    assert used - defined == set()
