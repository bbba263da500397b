"""The release's CSV tables and their Table Schemas, derived from the kinds' descriptions.

Every kind that has tables gets them (kinds/…: `tables=`), with the same labels as the site and
the diff; a cell a spreadsheet could run as a formula is quoted.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .. import kinds as k
from ..namespaces import BASE

LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
_TYPES = {"year": "year", "date": "date", "integer": "integer", "boolean": "boolean", "string": "string"}


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ (or tab, CR) is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(UNSAFE_START) else text


def release_tables() -> list[tuple[k.Kind, k.Table]]:
    return list(k.with_tables())


def table_rows(kind: k.Kind, table: k.Table, graph: Graph) -> list[list[object]]:
    """One row per resource of the kind (its first class) that the table keeps, sorted by IRI."""
    nodes = sorted((s for s in graph.subjects(RDF.type, kind.classes[0]) if isinstance(s, URIRef)), key=str)
    return [[column.value(graph, node) for column in table.columns]
            for node in nodes if table.keep is None or table.keep(graph, node)]


def table_csv(kind: k.Kind, table: k.Table, graph: Graph) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table_rows(kind, table, graph):
        writer.writerow([value if column.type != "string" else safe_cell(value)
                         for column, value in zip(table.columns, row, strict=True)])
    return buffer.getvalue().encode("utf-8")


def table_schema(table: k.Table, version: str, day: datetime.date) -> bytes:
    schema = {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": table.name,
        "title": table.title_fr,
        "description": f"{table.title_fr} — {table.title_en} (Atelier des territoires)",
        "version": version,
        "lastModified": day.isoformat(),
        "homepage": BASE,
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0", "path": LICENCE}],
        "missingValues": [""],
        "primaryKey": "id",
        "fields": [_field(c) for c in table.columns],
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _field(column: k.Column) -> dict[str, object]:
    return {
        "name": column.name,
        "title": column.title_fr,
        "description": f"{column.title_fr} / {column.title_en}",
        "type": _TYPES[column.type],
        **({"constraints": {"required": True}} if column.required else {}),
        **({"trueValues": ["true"], "falseValues": ["false"]} if column.type == "boolean" else {}),
    }
