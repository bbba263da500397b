"""VoID statistics of a release: triples, entities, classes and properties, with their partitions."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..namespaces import BASE, ID, mint

VOID = Namespace("http://rdfs.org/ns/void#")
LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
STEM = "atelier-des-territoires"


def void_graph(graph: Graph, version: str) -> Graph:
    void = Graph()
    void.bind("void", VOID)
    dataset = URIRef(f"{BASE}void")
    add = void.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, Literal("Atelier des territoires", lang="fr")))
    add((dataset, DCTERMS.license, LICENCE))
    add((dataset, VOID.uriSpace, Literal(ID)))
    add((dataset, VOID.exampleResource, mint("laureat", "mayenne")))
    for name in (f"{STEM}.nt.gz", f"{STEM}.ttl"):
        add((dataset, VOID.dataDump, URIRef(f"{BASE}releases/{version}/{name}")))
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    add((dataset, VOID.triples, Literal(len(graph))))
    add((dataset, VOID.entities, Literal(len(set(graph.subjects(RDF.type, None))))))
    add((dataset, VOID.distinctSubjects, Literal(len(subjects))))
    add((dataset, VOID.distinctObjects, Literal(len(set(graph.objects())))))
    classes = Counter(o for _, o in graph.subject_objects(RDF.type))
    properties = Counter(p for _, p, _ in graph)
    add((dataset, VOID.classes, Literal(len(classes))))
    add((dataset, VOID.properties, Literal(len(properties))))
    namespace = graph.namespace_manager
    for cls, count in sorted(classes.items(), key=lambda x: str(x[0])):
        partition = URIRef(f"{BASE}void/classe/{namespace.normalizeUri(cls).replace(':', '/')}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(count)))
    for prop, count in sorted(properties.items(), key=lambda x: str(x[0])):
        partition = URIRef(f"{BASE}void/propriete/{namespace.normalizeUri(prop).replace(':', '/')}")
        add((dataset, VOID.propertyPartition, partition))
        add((partition, VOID.property, prop))
        add((partition, VOID.triples, Literal(count)))
    for vocabulary in sorted(
        {
            str(p).rsplit("#", 1)[0] + "#" if "#" in str(p) else str(p).rsplit("/", 1)[0] + "/"
            for p in properties
        }
    ):
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    return void
