"""The release's DCAT-AP 3.0.1 catalog: the constant description (catalog.ttl, beside this file)
merged with what each release computes (version, dates, covered period, one distribution per
file with its format, size and checksum) and its provenance.

Each release's dataset is a version of the dataset (`…/jeu-de-donnees/VERSION`, dcterms:isVersionOf
`…/jeu-de-donnees`), with its version, its version notes (drawn from the business diff) and the
version it follows (dcat:previousVersion).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, XSD

from .. import formats
from ..messages import phrase
from ..namespaces import ATD, BASE
from .provenance import add_provenance, sha256

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
ADMS = Namespace("http://www.w3.org/ns/adms#")
# DCAT 3 terms; rdflib's DCAT namespace predates them.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
DCAT_PREVIOUS_VERSION = URIRef("http://www.w3.org/ns/dcat#previousVersion")
CATALOG = URIRef(f"{BASE}catalogue")
DATASET = URIRef(f"{BASE}jeu-de-donnees")  # the dataset; each release is one of its versions
LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
# What the release carries besides the data, so that it can be read and checked offline.
ONTOLOGY_FILE = "ontologie.ttl"
SHAPES_PREFIX = "formes-"
PACKAGE_FILE = "datapackage.json"
# The files that describe the release rather than belong to it: not distributions of the dataset.
DESCRIBING = ("catalog.ttl", "catalog.jsonld", "void.ttl", "SHA256SUMS")
# Files whose title says more than their format's: (message code, standard they conform to).
_SPECIAL = {
    "context.jsonld": ("title_context", "https://www.w3.org/TR/json-ld11/"),
    ONTOLOGY_FILE: ("title_ontology", "https://www.w3.org/TR/owl2-overview/"),
    PACKAGE_FILE: ("title_package", "https://specs.frictionlessdata.io/tabular-data-package/"),
    SHAPES_PREFIX: ("title_shapes", "https://www.w3.org/TR/shacl/"),
}


def dataset_version(version: str) -> URIRef:
    """The dataset as one release publishes it."""
    return URIRef(f"{DATASET}/{version}")


def catalog_graph(graph: Graph, files: dict[str, bytes], version: str, day: datetime.date, project: Path,
                  data_dir: Path, previous: str | None = None,
                  notes: dict[str, str] | None = None) -> Graph:
    """The catalog of release `version`; `previous` is the version it follows, `notes` its version
    notes by language."""
    catalog = constant_description(version)
    dataset = dataset_version(version)
    date = Literal(day.isoformat(), datatype=XSD.date)
    for node in (CATALOG, dataset):
        catalog.add((node, DCTERMS.issued, date))
        catalog.add((node, DCTERMS.modified, date))
    catalog.add((dataset, DCAT_VERSION, Literal(version)))
    catalog.add((dataset, DCTERMS.isVersionOf, DATASET))
    if previous is not None:
        catalog.add((dataset, DCAT_PREVIOUS_VERSION, dataset_version(previous)))
    for lang, note in sorted((notes or {}).items()):
        catalog.add((dataset, ADMS.versionNotes, Literal(note, lang=lang)))
    _covered_period(catalog, graph, dataset)
    release = f"{BASE}releases/{version}/"
    for name, data in sorted(files.items()):
        _distribution(catalog, dataset, release, name, data, version)
    add_provenance(catalog, dataset, version, day, project, data_dir)
    return catalog


def constant_description(version: str | None = None) -> Graph:
    """catalog.ttl; with a version, its dataset is that version's."""
    catalog = Graph().parse(Path(__file__).with_name("catalog.ttl"), format="turtle")
    dataset = dataset_version(version) if version is not None else None
    if dataset is None:
        return catalog
    for s, p, o in list(catalog.triples((DATASET, None, None))):
        catalog.remove((s, p, o))
        catalog.add((dataset, p, o))
    for s, p, o in list(catalog.triples((None, None, DATASET))):
        catalog.remove((s, p, o))
        catalog.add((s, p, dataset))
    return catalog


def _covered_period(catalog: Graph, graph: Graph, dataset: URIRef) -> None:
    periods = [graph.value(s, DCTERMS.temporal) for s in graph.subjects(RDF.type, ATD.Session)]
    starts = [int(str(graph.value(p, DCAT.startDate))) for p in periods if graph.value(p, DCAT.startDate)]
    ends = [int(str(graph.value(p, DCAT.endDate))) for p in periods if graph.value(p, DCAT.endDate)]
    if not starts:
        return
    period = URIRef(f"{BASE}periode-couverte")
    catalog.add((period, RDF.type, DCTERMS.PeriodOfTime))
    catalog.add((period, DCAT.startDate, Literal(f"{min(starts)}-01-01", datatype=XSD.date)))
    catalog.add((period, DCAT.endDate, Literal(f"{max(ends or starts)}-12-31", datatype=XSD.date)))
    catalog.add((dataset, DCTERMS.temporal, period))


def _special(name: str) -> tuple[str, str] | None:
    return _SPECIAL.get(name) or (_SPECIAL[SHAPES_PREFIX] if name.startswith(SHAPES_PREFIX) else None)


def _distribution(catalog: Graph, dataset: URIRef, release: str, name: str, data: bytes,
                  version: str) -> None:
    add = catalog.add
    found = formats.by_file_name(name) if name != "SHA256SUMS" else None
    special = _special(name)
    if special is not None:
        title_fr, title_en = phrase(special[0], "fr"), phrase(special[0], "en")
    elif found is not None:
        title_fr, title_en = found.title_fr, found.title_en
    else:
        title_fr, title_en = phrase("title_checksums", "fr"), phrase("title_checksums", "en")
    media_type, file_type = (found.media_type, found.eu_file_type) if found else ("text/plain", "TXT")
    distribution, url = URIRef(f"{release}{name}#distribution"), URIRef(f"{release}{name}")
    add((dataset, DCAT.distribution, distribution))
    add((distribution, RDF.type, DCAT.Distribution))
    for lang, title in (("fr", title_fr), ("en", title_en)):
        add((distribution, DCTERMS.title, Literal(phrase("distribution_title", lang, title=title, name=name),
                                                  lang=lang)))
        add((distribution, DCTERMS.description,
             Literal(phrase("distribution_description", lang, title=title, version=version), lang=lang)))
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
    standard = URIRef(f"{release}{name.removesuffix('.csv')}.schema.json") if name.endswith(".csv") \
        else URIRef(special[1]) if special is not None else None
    if standard is not None:
        add((standard, RDF.type, DCTERMS.Standard))
        add((distribution, DCTERMS.conformsTo, standard))
