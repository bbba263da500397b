"""The release's Frictionless Data Package (`datapackage.json`): the tabular part of the release as
one set a portal can read, with its licence, sources and contributors, and each CSV as a
resource with its Table Schema, size and SHA-256.

It follows the conventions of schema.data.gouv.fr: French titles and descriptions (English ones
beside them, as `title_en` and `description_en`), the country, the version; the schemas give
each field an example. The titles, description and keywords are the catalog's (catalog.ttl).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from .. import kinds as k
from ..labels import label
from ..messages import phrase
from ..namespaces import BASE
from .provenance import sha256
from .tables import LICENCES, PUBLISHER

PACKAGE = "datapackage.json"
PACKAGE_PROFILE = "tabular-data-package"
RESOURCE_PROFILE = "tabular-data-resource"
DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def data_package(graph: Graph, description: Graph, dataset: URIRef, tables: Iterable[tuple[k.Table, bytes]],
                 version: str, day: datetime.date) -> bytes:
    """datapackage.json for these tables (each with its CSV bytes; its schema beside it)."""
    def text(predicate: URIRef, lang: str) -> str:
        return next((str(o) for o in sorted(description.objects(dataset, predicate), key=str)
                     if isinstance(o, Literal) and o.language == lang), "")

    keywords = sorted({str(o) for o in description.objects(dataset, DCAT.keyword)
                       if isinstance(o, Literal) and o.language == "fr"})
    landing = description.value(dataset, DCAT.landingPage)
    package = {
        "profile": PACKAGE_PROFILE,
        "name": "atelier-des-territoires",
        "id": f"{BASE}jeu-de-donnees/{version}",
        "title": text(DCTERMS.title, "fr"),
        "description": text(DCTERMS.description, "fr"),
        "title_en": text(DCTERMS.title, "en"),
        "description_en": text(DCTERMS.description, "en"),
        "version": version,
        "created": f"{day.isoformat()}T00:00:00Z",
        "homepage": str(landing) if landing is not None else BASE,
        "countryCode": "FR",
        "keywords": keywords,
        "licenses": LICENCES,
        "sources": _sources(graph),
        "contributors": [PUBLISHER],
        "resources": [_resource(table, data) for table, data in tables],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _resource(table: k.Table, data: bytes) -> dict[str, object]:
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": RESOURCE_PROFILE,
        "title": table.title_fr,
        "description": phrase("package_resource", "fr", title=table.title_fr, name=table.name),
        "title_en": table.title_en,
        "description_en": phrase("package_resource", "en", title=table.title_en, name=table.name),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{sha256(data)}",
        "dialect": DIALECT,
        "schema": f"{table.name}.schema.json",
    }


def _sources(graph: Graph) -> list[dict[str, str]]:
    """The documents the data comes from, with their web address when they have one."""
    found = []
    documents = {s for s in graph.subjects(RDF.type, FOAF.Document) if isinstance(s, URIRef)}
    for document in sorted(documents, key=str):
        page = graph.value(document, FOAF.page)
        source = {"title": label(graph, document, "fr")}
        if isinstance(page, URIRef) and str(page).startswith(("https://", "http://")):
            source["path"] = str(page)
        found.append(source)
    return found
