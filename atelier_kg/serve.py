"""The local linked-data server: each IRI by content negotiation, the site, and a read-only
SPARQL 1.1 Protocol endpoint with a time limit and a bound on result size.

It serves the files of a built site (the same pages as `atelier-kg site`) and answers SPARQL
through the same QueryEngine and refusals as `atelier-kg query`. No path outside the site folder
is ever served.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .query import GRAPH_FORMATS, RESULT_MEDIA_TYPES, QueryEngine, QueryError, graph_of

# What each IRI can be served as: media type → file suffix.
REPRESENTATIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
}
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt"}
GRAPH_MEDIA = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
SAFE_PATH = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+(?:--[a-z0-9-]+)*\Z")  # \Z: "$" allows a final "\n"
MAX_QUERY_BYTES = 100_000


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers (q-values, wildcards); None if none fits."""
    if not accept:
        return offered[0]
    ranges = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media, quality = pieces[0].lower(), 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality, index))
    best, best_key = None, None
    for offer_index, offer in enumerate(offered):
        for media, quality, index in ranges:
            if quality <= 0:
                continue
            if media == offer or media == "*/*" or (media.endswith("/*") and offer.startswith(media[:-1])):
                specificity = 2 if media == offer else (1 if media.endswith("/*") and media != "*/*" else 0)
                key = (quality, specificity, -offer_index, -index)
                if best_key is None or key > best_key:
                    best, best_key = offer, key
    return best


def create_app(
    site_dir: Path, engine: QueryEngine, timeout: float = 5.0, max_rows: int = 10_000
) -> Starlette:
    site_dir = site_dir.resolve()

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def resource(request: Request) -> Response:
        path = request.path_params["path"]
        stem, dot, suffix = path.rpartition(".")
        if dot and f".{suffix}" in REPRESENTATIONS.values() and SAFE_PATH.match(stem):
            return _file(site_dir, f"id/{stem}.{suffix}", vary=False)
        if path.endswith("/") or path.count("/") == 0:
            return _file(site_dir, f"id/{path.rstrip('/')}/index.html", vary=False)
        if not SAFE_PATH.match(path):
            return PlainTextResponse("Not found", status_code=404)
        media = negotiate(request.headers.get("accept"), list(REPRESENTATIONS))
        if media is None:
            return PlainTextResponse(
                "Not acceptable: text/html, text/turtle, application/ld+json, application/n-triples",
                status_code=406,
                headers={"Vary": "Accept"},
            )
        return _file(site_dir, f"id/{path}{REPRESENTATIONS[media]}", vary=True)

    async def sparql(request: Request) -> Response:
        query = await _query_text(request)
        if query is None:
            return PlainTextResponse("Missing query: give ?query=… or POST it", status_code=400)
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return PlainTextResponse("Query too long", status_code=413)
        accept = request.headers.get("accept")
        result_type = negotiate(accept, list(RESULT_TYPES))
        graph_type = negotiate(accept, list(GRAPH_TYPES))
        standard = RESULT_TYPES.get(result_type or "", "json")
        try:
            result = await run_in_threadpool(engine.run, query, {}, standard, timeout, max_rows)
        except QueryError as error:
            status = 503 if error.code == "timeout" else 400
            return PlainTextResponse(error.message("en"), status_code=status)
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers["X-Result-Truncated"] = f"max {max_rows} rows"
        if result.kind == "graph":
            if graph_type is None and accept and result_type is not None:
                return PlainTextResponse(
                    "Not acceptable for a graph result", status_code=406, headers=headers
                )
            name = GRAPH_TYPES.get(graph_type or "", "ttl")
            from .export import serialize

            data = result.payload if name == "nt" else serialize(graph_of(result), name)
            return Response(data, media_type=GRAPH_MEDIA[name], headers=headers)
        if result_type is None and accept and graph_type is not None:
            return PlainTextResponse("Not acceptable for a results table", status_code=406, headers=headers)
        return Response(result.payload, media_type=RESULT_MEDIA_TYPES[result.result_format], headers=headers)

    routes = [
        Route("/health", health),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/id/{path:path}", resource),
        Mount("/", StaticFiles(directory=site_dir, html=True, follow_symlink=False)),
    ]
    return Starlette(routes=routes)


async def _query_text(request: Request) -> str | None:
    if request.method == "GET":
        return request.query_params.get("query")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8", errors="replace")
    if content_type == "application/x-www-form-urlencoded":
        fields = urllib.parse.parse_qs((await request.body()).decode("utf-8", errors="replace"))
        return fields.get("query", [None])[0]
    return None


def _file(site_dir: Path, relative: str, vary: bool) -> Response:
    target = (site_dir / relative).resolve()
    # Belt and braces: the routes admit only slug paths, and the file must still be inside the site.
    if not target.is_relative_to(site_dir) or not target.is_file():
        return PlainTextResponse("Not found", status_code=404, headers={"Vary": "Accept"} if vary else None)
    media = {
        ".html": "text/html; charset=utf-8",
        ".ttl": "text/turtle; charset=utf-8",
        ".jsonld": "application/ld+json",
        ".nt": "application/n-triples",
    }.get(target.suffix)
    return FileResponse(target, media_type=media, headers={"Vary": "Accept"} if vary else None)


__all__ = ["GRAPH_FORMATS", "create_app", "negotiate"]
