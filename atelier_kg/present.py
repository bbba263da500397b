"""How commands show their results on a terminal: tables, listings, summaries. Text only, in the
user's language; the command line prints what these return.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .messages import phrase, plural

if TYPE_CHECKING:
    from .project import Built
    from .query import QueryResult, SavedQuery
    from .release.report import ReleaseReport
    from .stats import Stats
    from .validate import ValidationReport


def validation_summary(report: ValidationReport, lang: str) -> str:
    from .validate import summary

    return phrase("validation_summary", lang, summary=summary(report, lang))


def validation_report(report: ValidationReport, lang: str, output_format: str, strict: bool) -> str:
    """The report for standard output (JSON and Turtle carry what could not be read too)."""
    from .validate import format_json, format_text, format_turtle

    if output_format == "json":
        return format_json(report, lang, strict)
    if output_format == "ttl":
        return format_turtle(report)
    return format_text(report, lang, strict)


def unreadable_lines(report: ValidationReport, lang: str, output_format: str) -> list[str]:
    """For standard error, in text: what could not be read, first, one line each."""
    from .validate import format_unreadable

    return format_unreadable(report, lang) if output_format == "text" else []


def built(result: Built, lang: str) -> Iterable[str]:
    from .paths import display_path

    yield validation_summary(result.report, lang)
    yield phrase("built", lang, triples=result.triples, resources=result.resources)
    for name, data in result.files.items():
        yield phrase("file_size", lang, path=result.out / name, size=len(data))
    yield phrase("indexed", lang, folder=display_path(result.index))


def files_written(paths: Iterable[Path], lang: str) -> Iterable[str]:
    for path in paths:
        yield phrase("file_size", lang, path=path, size=path.stat().st_size)


def release_report(report: ReleaseReport, lang: str, output_format: str = "text") -> Iterable[str]:
    """`validate --release`: one line per problem (`file:line: message`), then the verdict."""
    from .messages import inline

    if output_format != "json":
        for line in report.lines(lang):
            yield inline(line)
        return
    problems = [{"file": p.path, "line": p.line, "severity": p.severity, "message": p.say(lang)}
                for p in report.problems]
    document = {"conforms": report.conforms(), "files": report.files, "tables": report.tables,
                "triples": report.triples, "distributions": report.distributions, "problems": problems}
    yield json.dumps(document, ensure_ascii=False, indent=2)


def stats_table(stats: Stats, lang: str) -> str:
    width = max(len(name) for name, _ in stats.per_class)
    lines = [f"{phrase('stats_class', lang):<{width}}  {'n':>5}"]
    lines += [f"{name:<{width}}  {count:>5}" for name, count in stats.per_class]
    lines.append(f"{phrase('stats_triples', lang):<{width}}  {stats.triples:>5}")
    lines.append(f"{phrase('stats_resources', lang):<{width}}  {stats.resources:>5}")
    return "\n".join(lines)


def query_listing(saved: Mapping[str, SavedQuery], lang: str) -> Iterable[str]:
    for name, item in saved.items():
        yield click.style(name, bold=True) + f"  {item.title(lang)}"
        yield f"    {item.description(lang)}"
        for parameter in item.parameters:
            default = f" = {parameter.default}" if parameter.default else ""
            yield (f"    --param {parameter.name}=…  ({parameter.kind}{default}) "
                   f"{parameter.description.get(lang, '')}")


def query_result(result: QueryResult, output_format: str, max_width: int, lang: str) -> bytes:
    """A query's answer in the asked format, as the engine wrote it, or as a table for people.

    A CONSTRUCT/DESCRIBE answer comes in its RDF format (Turtle when a table was asked); a table
    asked in a graph format is a QueryError ("graph_format").
    """
    from . import query as q

    if result.kind == "graph":
        return result.payload
    if output_format in q.GRAPH_FORMATS:
        raise q.QueryError("graph_format")
    if output_format in q.RESULT_FORMATS:
        return result.payload
    if result.kind == "boolean":
        return f"{json.loads(result.payload)['boolean']}\n".encode()
    variables, rows = q.solutions(result)
    cut = f"\n{phrase('rows_cut', lang, count=len(rows))}" if result.truncated else ""
    if output_format == "md":
        return (q.format_markdown(variables, rows) + f"\n{cut}").encode("utf-8")
    count = phrase("rows", lang, count=len(rows), s=plural(len(rows), lang))
    return (q.format_table(variables, rows, max_width) + f"\n\n{count}{cut}\n").encode("utf-8")
