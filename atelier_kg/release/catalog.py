"""The release's DCAT-AP 3.0.1 catalog: the constant description (catalog.ttl, beside this file)
merged with what each release computes (version, dates, covered period, one distribution per
file with its format, size and checksum) and its provenance.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, XSD

from .. import formats
from ..namespaces import ATD, BASE
from .provenance import add_provenance, sha256

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's DCAT namespace predates it
CATALOG = URIRef(f"{BASE}catalogue")
DATASET = URIRef(f"{BASE}jeu-de-donnees")
LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
# Files whose title says more than their format's.
_TITLES = {"context.jsonld": ("Contexte JSON-LD", "JSON-LD context")}


def catalog_graph(graph: Graph, files: dict[str, bytes], version: str, day: datetime.date, project: Path,
                  data_dir: Path) -> Graph:
    catalog = Graph().parse(Path(__file__).with_name("catalog.ttl"), format="turtle")
    date = Literal(day.isoformat(), datatype=XSD.date)
    for node in (CATALOG, DATASET):
        catalog.add((node, DCTERMS.issued, date))
        catalog.add((node, DCTERMS.modified, date))
    catalog.add((DATASET, DCAT_VERSION, Literal(version)))
    _covered_period(catalog, graph)
    release = f"{BASE}releases/{version}/"
    for name, data in sorted(files.items()):
        _distribution(catalog, release, name, data, version)
    add_provenance(catalog, DATASET, version, day, project, data_dir)
    return catalog


def _covered_period(catalog: Graph, graph: Graph) -> None:
    periods = [graph.value(s, DCTERMS.temporal) for s in graph.subjects(RDF.type, ATD.Session)]
    starts = [int(str(graph.value(p, DCAT.startDate))) for p in periods if graph.value(p, DCAT.startDate)]
    ends = [int(str(graph.value(p, DCAT.endDate))) for p in periods if graph.value(p, DCAT.endDate)]
    if not starts:
        return
    period = URIRef(f"{BASE}periode-couverte")
    catalog.add((period, RDF.type, DCTERMS.PeriodOfTime))
    catalog.add((period, DCAT.startDate, Literal(f"{min(starts)}-01-01", datatype=XSD.date)))
    catalog.add((period, DCAT.endDate, Literal(f"{max(ends or starts)}-12-31", datatype=XSD.date)))
    catalog.add((DATASET, DCTERMS.temporal, period))


def _distribution(catalog: Graph, release: str, name: str, data: bytes, version: str) -> None:
    add = catalog.add
    found = formats.by_file_name(name) if name != "SHA256SUMS" else None
    title_fr, title_en = _TITLES.get(name) or ((found.title_fr, found.title_en) if found else
                                               ("Sommes de contrôle SHA-256", "SHA-256 checksums"))
    media_type, file_type = (found.media_type, found.eu_file_type) if found else ("text/plain", "TXT")
    distribution, url = URIRef(f"{release}{name}#distribution"), URIRef(f"{release}{name}")
    add((DATASET, DCAT.distribution, distribution))
    add((distribution, RDF.type, DCAT.Distribution))
    for predicate, french, english in ((DCTERMS.title, f"{title_fr} : {name}", f"{title_en}: {name}"),
                                       (DCTERMS.description, f"{title_fr} de la version {version}.",
                                        f"{title_en} of version {version}.")):
        add((distribution, predicate, Literal(french, lang="fr")))
        add((distribution, predicate, Literal(english, lang="en")))
    add((distribution, DCAT.accessURL, url))
    add((distribution, DCAT.downloadURL, url))
    add((distribution, DCTERMS.license, LICENCE))
    add((distribution, DCATAP.availability, STABLE))
    file_type_iri = URIRef(EU_FILE_TYPE + file_type)
    add((file_type_iri, RDF.type, DCTERMS.MediaTypeOrExtent))
    add((file_type_iri, SKOS.prefLabel, Literal(file_type, lang="en")))
    add((distribution, DCTERMS.format, file_type_iri))
    media = URIRef(IANA + media_type)
    add((media, RDF.type, DCTERMS.MediaType))
    add((distribution, DCAT.mediaType, media))
    add((distribution, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{release}{name}#sha256")
    add((distribution, SPDX.checksum, checksum))
    add((checksum, RDF.type, SPDX.Checksum))
    add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    add((checksum, SPDX.checksumValue, Literal(sha256(data), datatype=XSD.hexBinary)))
    if name.endswith(".csv"):
        schema = URIRef(f"{release}{name.removesuffix('.csv')}.schema.json")
        add((schema, RDF.type, DCTERMS.Standard))
        add((distribution, DCTERMS.conformsTo, schema))
