"""The release's CSV tables and their Table Schemas, derived from the kinds' descriptions.

Every kind that has tables and instances gets them (kinds/…: `tables=`), with the same labels as
the site and the diff; a cell a spreadsheet could run as a formula is quoted. Each schema follows
the conventions of schema.data.gouv.fr: French titles and descriptions (English ones beside them,
as `title_en` and `description_en`), an example per field, the licence, the version.

`check_table` checks a CSV against a Table Schema, as a Table Schema validator does for what these
schemas declare (header, types, missing values, constraints, primary key); the release runs it on
every table before publishing it, and `atelier-kg validate --release` on the tables of a release.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .. import kinds as k
from ..messages import phrase
from ..namespaces import BASE

LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCES = [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0", "path": LICENCE}]
PUBLISHER = {"title": "Direction générale de l'aménagement, du logement et de la nature (DGALN)",
             "path": f"{BASE}id/organisation/dgaln", "role": "publisher"}
TABLE_SCHEMA = "https://frictionlessdata.io/schemas/table-schema.json"
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
_TYPES = {"year": "year", "date": "date", "integer": "integer", "boolean": "boolean", "string": "string"}
TRUE, FALSE = ["true"], ["false"]


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ (or tab, CR) is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(UNSAFE_START) else text


def release_tables() -> list[tuple[k.Kind, k.Table]]:
    """Every table the kinds describe (a release writes those whose kind has instances)."""
    return list(k.with_tables())


def has_instances(kind: k.Kind, graph: Graph) -> bool:
    return any(isinstance(s, URIRef) for s in graph.subjects(RDF.type, kind.classes[0]))


def table_rows(kind: k.Kind, table: k.Table, graph: Graph) -> list[list[object]]:
    """One row per resource of the kind (its first class) that the table keeps, sorted by IRI."""
    nodes = sorted((s for s in graph.subjects(RDF.type, kind.classes[0]) if isinstance(s, URIRef)), key=str)
    return [[column.value(graph, node) for column in table.columns]
            for node in nodes if table.keep is None or table.keep(graph, node)]


def _cells(table: k.Table, rows: list[list[object]]) -> list[list[str]]:
    return [[str(value) if column.type != "string" else safe_cell(value)
             for column, value in zip(table.columns, row, strict=True)] for row in rows]


def csv_bytes(table: k.Table, cells: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(cells)
    return buffer.getvalue().encode("utf-8")


def table_csv(kind: k.Kind, table: k.Table, graph: Graph) -> bytes:
    return csv_bytes(table, _cells(table, table_rows(kind, table, graph)))


def table_files(kind: k.Kind, table: k.Table, graph: Graph, version: str,
                day: datetime.date) -> tuple[bytes, bytes]:
    """The table's CSV and its Table Schema (examples the kind does not give: the first value)."""
    cells = _cells(table, table_rows(kind, table, graph))
    firsts = [next((row[i] for row in cells if row[i]), "") for i in range(len(table.columns))]
    return csv_bytes(table, cells), table_schema(table, version, day, firsts)


def table_schema(table: k.Table, version: str, day: datetime.date, firsts: list[str] | None = None) -> bytes:
    firsts = firsts or [""] * len(table.columns)
    schema = {
        "$schema": TABLE_SCHEMA,
        "name": table.name,
        "title": table.title_fr,
        "description": phrase("schema_description", "fr", title=table.title_fr, version=version),
        "title_en": table.title_en,
        "description_en": phrase("schema_description", "en", title=table.title_en, version=version),
        "countryCode": "FR",
        "homepage": BASE,
        "path": f"{BASE}releases/{version}/{table.name}.schema.json",
        "version": version,
        "lastModified": day.isoformat(),
        "contributors": [PUBLISHER],
        "licenses": LICENCES,
        "missingValues": [""],
        "primaryKey": "id",
        "fields": [_field(c, first) for c, first in zip(table.columns, firsts, strict=True)],
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _field(column: k.Column, first: str) -> dict[str, object]:
    constraints = {"required": True} if column.required else {}
    if column.name == "id":
        constraints = {"required": True, "unique": True}
    example = column.example or first
    return {
        "name": column.name,
        "title": column.title_fr,
        "description": column.description("fr"),
        "title_en": column.title_en,
        "description_en": column.description("en"),
        "type": _TYPES[column.type],
        **({"example": example} if example else {}),
        **({"constraints": constraints} if constraints else {}),
        **({"trueValues": TRUE, "falseValues": FALSE} if column.type == "boolean" else {}),
    }


# -- checking a CSV against its Table Schema ------------------------------------------------------

@dataclass(frozen=True)
class TableProblem:
    """One thing in a CSV that its schema does not allow: where (line) and what (a message code)."""

    line: int | None
    code: str
    params: dict[str, object] = field(default_factory=dict)


MAX_TABLE_PROBLEMS = 50  # per table: a table wrong everywhere is said in a screenful
MAX_CELL_CHARS = 16 << 20
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|[+-]?INF")
_YEAR = re.compile(r"[+-]?[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
_DEFAULT_FALSE = ["false", "False", "FALSE", "0"]


def readable_schema(schema: object) -> bool:
    """A Table Schema check_table can read: fields with names and types, lists of texts where the
    specification has them (a schema from a downloaded release may hold anything)."""
    def texts(value: object) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return False
    key = schema.get("primaryKey", [])
    if not (texts(schema.get("missingValues", [])) and (isinstance(key, str) or texts(key))):
        return False
    return all(isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("type", ""), str)
               and isinstance(f.get("constraints", {}), dict)
               and texts(f.get("trueValues", [])) and texts(f.get("falseValues", []))
               for f in schema["fields"])


def check_table(data: bytes, schema: dict[str, Any]) -> list[TableProblem]:
    """What in this CSV its schema does not allow, line by line (at most MAX_TABLE_PROBLEMS + 1)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [TableProblem(data[: error.start].count(b"\n") + 1, "table_encoding")]
    # A text of the data may be long (a data file holds up to 1 MiB); csv's default is 128 KiB a cell.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))
    problems: list[TableProblem] = []
    for problem in _table_problems(text, schema):
        problems.append(problem)
        if len(problems) > MAX_TABLE_PROBLEMS:
            problems[-1] = TableProblem(None, "table_more_problems", {"limit": MAX_TABLE_PROBLEMS})
            break
    return problems


def _table_problems(text: str, schema: dict[str, Any]) -> Iterator[TableProblem]:
    fields = schema.get("fields") or []
    names = [str(f.get("name", "")) for f in fields]
    missing = set(schema.get("missingValues", [""]))
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    key_positions = [names.index(name) for name in key if name in names]
    seen: dict[int, dict[str, int]] = {i: {} for i, f in enumerate(fields)
                                       if (f.get("constraints") or {}).get("unique")}
    keys_seen: dict[tuple[str, ...], int] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    try:
        for index, row in enumerate(reader):
            line, end = end + 1, reader.line_num
            if index == 0:
                if row != names:
                    yield TableProblem(1, "table_header", {"expected": ",".join(names),
                                                           "found": ",".join(row)})
                    return  # cells would be read under the wrong fields
                continue
            if len(row) != len(names):
                yield TableProblem(line, "table_width", {"found": len(row), "expected": len(names)})
                continue
            for position, (spec, cell) in enumerate(zip(fields, row, strict=True)):
                yield from _cell_problems(line, spec, cell, missing)
                if position in seen and cell not in missing:
                    first = seen[position].setdefault(cell, line)
                    if first != line:
                        yield TableProblem(line, "table_unique", {"field": names[position], "value": cell,
                                                                  "first": first})
            if key_positions and not (len(key_positions) == 1 and key_positions[0] in seen):
                values = tuple(row[i] for i in key_positions)
                if any(value in missing for value in values):
                    yield TableProblem(line, "table_primary_key_missing", {"key": ",".join(key)})
                elif (first := keys_seen.setdefault(values, line)) != line:
                    yield TableProblem(line, "table_primary_key", {"key": ",".join(key), "first": first})
    except csv.Error:
        yield TableProblem(end + 1, "table_syntax")
        return
    if end == 0:
        yield TableProblem(1, "table_header", {"expected": ",".join(names), "found": ""})


def _cell_problems(line: int, spec: dict[str, Any], cell: str, missing: set[str]) -> Iterator[TableProblem]:
    name = str(spec.get("name", ""))
    constraints = spec.get("constraints") or {}
    if cell in missing:
        if constraints.get("required"):
            yield TableProblem(line, "table_required", {"field": name})
        return
    kind = spec.get("type", "string")
    value = _typed(kind, spec, cell)
    if value is None:
        yield TableProblem(line, "table_type", {"field": name, "value": cell, "type": kind})
        return
    for constraint, expected in sorted(constraints.items()):
        if not _meets(constraint, expected, cell, value):
            shown = json.dumps(expected, ensure_ascii=False)
            yield TableProblem(line, "table_constraint", {"field": name, "value": cell,
                                                          "constraint": constraint, "expected": shown})


def _typed(kind: str, spec: dict[str, Any], cell: str) -> object | None:
    """The cell's value as its field's type reads it; None if it is not of that type."""
    if kind in ("string", "any"):
        return cell
    if kind in ("integer", "year"):
        pattern = _INTEGER if kind == "integer" else _YEAR
        try:  # int() refuses (ValueError) numbers of thousands of digits, as Python limits them
            return int(cell) if pattern.fullmatch(cell) else None
        except ValueError:
            return None
    if kind == "number":
        return float(cell) if _NUMBER.fullmatch(cell) else None
    if kind == "boolean":
        if cell in spec.get("trueValues", _DEFAULT_TRUE):
            return True
        return False if cell in spec.get("falseValues", _DEFAULT_FALSE) else None
    if kind == "date":
        try:
            return datetime.date.fromisoformat(cell) if _DATE.fullmatch(cell) else None
        except ValueError:
            return None
    return None  # a type these schemas never declare: reported, never passed unseen


def _meets(constraint: str, expected: object, cell: str, value: object) -> bool:
    if constraint in ("required", "unique"):
        return True  # checked with the row (missing values) and across rows
    if constraint == "pattern":
        # Never run: a regular expression from a downloaded schema can take for ever on a cell
        # (these schemas never declare one), so a pattern is reported, not passed unseen.
        return False
    if constraint == "enum":
        return isinstance(expected, list) and cell in [str(e) for e in expected]
    if constraint in ("minLength", "maxLength"):
        return isinstance(expected, int) and (len(cell) >= expected if constraint == "minLength"
                                              else len(cell) <= expected)
    if constraint in ("minimum", "maximum") and isinstance(value, int | float):
        bound = expected if isinstance(expected, int | float) else None
        return bound is not None and (value >= bound if constraint == "minimum" else value <= bound)
    return False  # a constraint these schemas never declare: reported
