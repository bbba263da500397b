"""The local linked-data server: each IRI by content negotiation, the site, and a read-only
SPARQL 1.1 Protocol endpoint with a time limit and bounds on what a request may cost.

It serves the files of a built site (the same pages as `atelier-kg site`) and answers SPARQL
through the same QueryEngine and refusals as `atelier-kg query`. No path outside the site folder
is ever served. Pages never wait behind queries: queries run in threads of their own, in two
pools of workers (the saved queries apart from the others), each with a bounded queue that
answers 503 with Retry-After when full; each request must arrive whole within a deadline.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import formats as registry
from .outputs import alive
from .query import (
    GRAPH_FORMATS,
    MAX_QUERY_BYTES,
    RESULT_MEDIA_TYPES,
    Limits,
    QueryEngine,
    QueryError,
)

# What each IRI can be served as (media type → file suffix), SPARQL results and graphs: all
# from the format registry.
_PAGES = {**registry.media_types(registry.PAGE), **registry.media_types(registry.GRAPH)}
REPRESENTATIONS = {media: found.suffix for media, found in _PAGES.items()}
# The vocabulary also in RDF/XML, which ontology tools still ask for.
VOCABULARY = {**REPRESENTATIONS, **{m: f.suffix for m, f in registry.media_types(registry.OTHER).items()
                                    if f.name == "rdf"}}
RESULT_TYPES = {media: found.name for media, found in registry.media_types(registry.RESULTS).items()}
GRAPH_TYPES = {media: found.name for media, found in registry.media_types(registry.GRAPH).items()}
GRAPH_SUFFIXES = {media: found.suffix for media, found in registry.media_types(registry.GRAPH).items()}
HTML = "text/html"
# ?format=csv (the query page's download links): a format by name, as if asked for by Accept.
FORMAT_PARAMETER = {f.name: f.media_type for kind in (registry.RESULTS, registry.GRAPH)
                    for f in registry.of_kind(kind)}
UPDATE_REFUSED = ("Mises à jour refusées : ce point d'accès SPARQL est en lecture seule "
                  "(SPARQL 1.1 Query). / "
                  "Updates refused: this SPARQL endpoint is read-only (SPARQL 1.1 Query).")
NOT_ACCEPTABLE = "Not acceptable / non acceptable: "
SAFE_PATH = re.compile(r"\A[a-z0-9-]+/[a-z0-9-]+(?:--[a-z0-9-]+)*\Z")  # whole string, however used
# A form-encoded query may take three bytes per character of the query it carries.
MAX_BODY_BYTES = 3 * MAX_QUERY_BYTES + 1024
RETRY_AFTER_SECONDS = 2
ANSWER_CHUNK = 64 * 1024


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


@dataclass
class SparqlService:
    """The endpoint's engines: saved queries (exact library texts) run apart from ad hoc ones."""

    adhoc: QueryEngine
    saved: QueryEngine | None = None
    saved_texts: frozenset[str] = frozenset()
    timeout: float = 5.0
    max_rows: int = 10_000
    answers_in_flight: int = 128 * 1024 * 1024  # bytes of answers held for slow readers, at most

    def engine_for(self, text: str) -> QueryEngine:
        return self.saved if self.saved is not None and text in self.saved_texts else self.adhoc


def create_app(site_dir: Path, service: SparqlService) -> Starlette:
    site_dir = site_dir.resolve()
    # Queries wait in threads of their own: the default pool stays free for pages and files.
    query_threads = anyio.CapacityLimiter(64)
    answers = AnswerBudget(service.answers_in_flight)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def resource_page(request: Request) -> Response:
        path = request.path_params["path"]
        stem, dot, suffix = path.rpartition(".")
        if dot and f".{suffix}" in REPRESENTATIONS.values() and SAFE_PATH.fullmatch(stem):
            return _file(site_dir, f"id/{stem}.{suffix}", vary=False)
        if path.endswith("/") or path.count("/") == 0:
            return _file(site_dir, f"id/{path.rstrip('/')}/index.html", vary=False)
        if not SAFE_PATH.fullmatch(path):
            return _not_found(site_dir)
        return _negotiated(request, site_dir, f"id/{path}", REPRESENTATIONS)

    async def vocabulary(request: Request) -> Response:
        return _negotiated(request, site_dir, "def", VOCABULARY)

    async def void(request: Request) -> Response:
        return _negotiated(request, site_dir, ".well-known/void", GRAPH_SUFFIXES)

    async def to_vocabulary(request: Request) -> Response:
        return RedirectResponse("/def", status_code=301)

    async def sparql(request: Request) -> Response:
        started = time.monotonic()  # the time limit counts from here: queueing included
        try:
            query, update = await _query_text(request)
        except _BodyTooLarge:
            return PlainTextResponse(f"Request body over {MAX_BODY_BYTES} bytes", status_code=413)
        if update:
            return PlainTextResponse(UPDATE_REFUSED, status_code=400)
        accept = request.headers.get("accept")
        wanted = FORMAT_PARAMETER.get(request.query_params.get("format", ""))
        if query is None:
            return _sparql_without_query(site_dir, accept)
        if wanted is None and accept and negotiate(accept, [*RESULT_TYPES, *GRAPH_TYPES, HTML]) == HTML:
            return _file(site_dir, "sparql.html", vary=True)  # a browser: the page runs the query
        accept = wanted or accept
        result_type = negotiate(accept, list(RESULT_TYPES))
        graph_type = negotiate(accept, list(GRAPH_TYPES))
        standard = RESULT_TYPES.get(result_type or "", "json")
        engine = service.engine_for(query)
        # The worker writes the answer in the negotiated format, graphs included: this process
        # never parses nor re-serializes what a query made.
        run = functools.partial(engine.run, query, {}, standard, service.timeout, service.max_rows, started,
                                GRAPH_TYPES.get(graph_type or "", "ttl"))
        try:
            result = await anyio.to_thread.run_sync(run, limiter=query_threads)
        except QueryError as error:
            return _refusal(error)
        headers = {"Vary": "Accept"}
        if wanted is not None:
            name = request.query_params["format"]  # a name of the registry: nothing else is "wanted"
            headers["Content-Disposition"] = f'attachment; filename="resultats.{name}"'
        if result.truncated:
            headers["X-Result-Truncated"] = f"max {service.max_rows} rows"
        if result.kind == "graph":
            if graph_type is None and accept and result_type is not None:
                return PlainTextResponse("Not acceptable for a graph result", status_code=406,
                                         headers=headers)
            media = registry.get(result.result_format).content_type
        elif result_type is None and accept and graph_type is not None:
            return PlainTextResponse("Not acceptable for a results table", status_code=406, headers=headers)
        else:
            media = RESULT_MEDIA_TYPES[result.result_format]
        return _answer(result.payload, media, headers, answers)

    routes = [
        Route("/health", health),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/id/{path:path}", resource_page),
        Route("/def", vocabulary),
        Route("/def/", to_vocabulary),
        Route("/.well-known/void", void),
        Mount("/", StaticFiles(directory=site_dir, html=True, follow_symlink=False)),
    ]
    return Starlette(routes=routes)


class AnswerBudget:
    """The bytes of query answers the server holds for its clients at once.

    An answer is held until the client has read it; a client that never reads would otherwise
    keep it in memory for as long as it keeps the connection. Past the budget, 503.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, size: int) -> bool:
        if self.used + size > self.limit:
            return False
        self.used += size
        return True

    def give(self, size: int) -> None:
        self.used -= size


def _answer(payload: bytes, media: str, headers: dict[str, str], answers: AnswerBudget) -> Response:
    if not answers.take(len(payload)):
        return PlainTextResponse("Too many answers waiting to be read: try again in a moment",
                                 status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    async def chunks() -> AsyncIterator[bytes]:
        try:
            for start in range(0, len(payload), ANSWER_CHUNK):
                yield payload[start:start + ANSWER_CHUNK]
        finally:  # read whole, or the client went away: either way the answer is let go
            answers.give(len(payload))

    headers = {**headers, "Content-Length": str(len(payload))}
    return StreamingResponse(chunks(), media_type=media, headers=headers)


_REFUSAL_STATUS = {"busy": 503, "timeout": 503, "closed": 503, "too_long": 413}


def _refusal(error: QueryError) -> Response:
    status = _REFUSAL_STATUS.get(error.code, 400)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return PlainTextResponse(error.message("en"), status_code=status, headers=headers)


class _BodyTooLarge(Exception):
    pass


async def _body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, read no further than the limit: a huge body costs at most the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _query_text(request: Request) -> tuple[str | None, bool]:
    """The query of a request, and whether it asks for an update (which is refused)."""
    if request.method == "GET":
        return request.query_params.get("query"), "update" in request.query_params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        return None, True
    if content_type == "application/sparql-query":
        return (await _body(request)).decode("utf-8", errors="replace"), False
    if content_type == "application/x-www-form-urlencoded":
        fields = urllib.parse.parse_qs((await _body(request)).decode("utf-8", errors="replace"))
        return fields.get("query", [None])[0], "update" in fields
    return None, False


def _sparql_without_query(site_dir: Path, accept: str | None) -> Response:
    """A browser gets the query page; a client asking for RDF, the service description."""
    if accept:
        media = negotiate(accept, [HTML, *GRAPH_SUFFIXES])
        if media == HTML:
            return _file(site_dir, "sparql.html", vary=True)
        if media is not None:
            return _file(site_dir, f"sparql/service{GRAPH_SUFFIXES[media]}", vary=True)
    return PlainTextResponse("Missing query: give ?query=… or POST it", status_code=400)


def _negotiated(request: Request, site_dir: Path, stem: str, offered: dict[str, str]) -> Response:
    media = negotiate(request.headers.get("accept"), list(offered))
    if media is None:
        names = ", ".join(dict.fromkeys(m for m in offered if registry.by_media_type(m) is not None))
        return PlainTextResponse(NOT_ACCEPTABLE + names, status_code=406, headers={"Vary": "Accept"})
    return _file(site_dir, f"{stem}{offered[media]}", vary=True)


def _not_found(site_dir: Path, vary: bool = False) -> Response:
    page = site_dir / "404.html"
    headers = {"Vary": "Accept"} if vary else None
    if page.is_file():
        return HTMLResponse(page.read_text("utf-8"), status_code=404, headers=headers)
    return PlainTextResponse("Not found", status_code=404, headers=headers)


def _file(site_dir: Path, relative: str, vary: bool) -> Response:
    target = (site_dir / relative).resolve()
    # Belt and braces: the routes admit only slug paths, and the file must still be inside the site.
    if not target.is_relative_to(site_dir) or not target.is_file():
        return _not_found(site_dir, vary)
    found = registry.by_file_name(target.name)
    media = found.content_type if found is not None else None
    return FileResponse(target, media_type=media, headers={"Vary": "Accept"} if vary else None)


def serve_project(project: Any, host: str, port: int, timeout: float = 5.0, max_rows: int = 10_000,
                  limits: Limits | None = None, workers: int = 2, queue: int = 8,
                  request_timeout: float = 10.0, on_ready: Callable[[str], None] | None = None) -> None:
    """Build the site in a temporary folder and serve it with /sparql until Ctrl-C or SIGTERM.

    Saved queries (the exact texts of the library) run in a pool of their own; the temporary
    folder is named after this process, and those of dead processes are removed first.
    """
    from .site import build_site
    from .webserver import run_server

    loaded = project.load()
    with _temporary_site_folder() as folder:
        site_dir = Path(folder) / "site"
        build_site(loaded.graph, project.ontology_graph, project.shapes_graph, site_dir,
                   models=project.model_bytes(), queries=project.saved_queries())
        limits = limits or Limits(answer_mib=16)
        adhoc = QueryEngine(ntriples=loaded.ntriples, workers=workers, waiting=queue, limits=limits)
        saved = adhoc.pool(workers=1, waiting=32)
        texts = frozenset(item.text for item in project.saved_queries().values())
        if on_ready is not None:
            on_ready(f"http://{host}:{port}/")
        app = create_app(site_dir, SparqlService(adhoc, saved, texts, timeout, max_rows))
        run_server(app, host, port, (saved, adhoc), request_timeout)


def _temporary_site_folder() -> tempfile.TemporaryDirectory:  # type: ignore[type-arg]
    prefix = "atelier-site-"
    for leftover in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        owner = leftover.name[len(prefix):].split("-", 1)[0]
        if owner.isdigit() and not alive(int(owner)):
            shutil.rmtree(leftover, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-")


__all__ = ["GRAPH_FORMATS", "SparqlService", "create_app", "negotiate", "serve_project"]
