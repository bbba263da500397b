"""The local linked-data server: each IRI by content negotiation, the site, and a read-only
SPARQL 1.1 Protocol endpoint with a time limit and bounds on what a request may cost.

It serves the files of a built site (the same pages as `atelier-kg site`) and answers SPARQL
through the same QueryEngine and refusals as `atelier-kg query`. No path outside the site folder
is ever served. Pages never wait behind queries: queries run in threads of their own, in two
pools of workers (the saved queries apart from the others), each with a bounded queue that
answers 503 with Retry-After when full; each request must arrive whole within a deadline.
"""

from __future__ import annotations

import asyncio
import functools
import re
import resource
import signal
import socket
import time
import urllib.parse
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import h11
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.protocols.http.h11_impl import H11Protocol

from . import formats as registry
from .query import GRAPH_FORMATS, MAX_QUERY_BYTES, RESULT_MEDIA_TYPES, QueryEngine, QueryError, graph_of

# What each IRI can be served as (media type → file suffix), SPARQL results and graphs: all
# from the format registry.
_PAGES = {**registry.media_types(registry.PAGE), **registry.media_types(registry.GRAPH)}
REPRESENTATIONS = {media: found.suffix for media, found in _PAGES.items()}
RESULT_TYPES = {media: found.name for media, found in registry.media_types(registry.RESULTS).items()}
GRAPH_TYPES = {media: found.name for media, found in registry.media_types(registry.GRAPH).items()}
SAFE_PATH = re.compile(r"\A[a-z0-9-]+/[a-z0-9-]+(?:--[a-z0-9-]+)*\Z")  # whole string, however used
# A form-encoded query may take three bytes per character of the query it carries.
MAX_BODY_BYTES = 3 * MAX_QUERY_BYTES + 1024
RETRY_AFTER_SECONDS = 2
REQUEST_DEADLINE = 10.0
# asyncio accepts up to `backlog` connections in one go before any protocol runs: the
# connection cap keeps that many descriptors (and some for files and workers) in reserve,
# so the server never meets "too many open files" (asyncio then stalls accepting).
ACCEPT_BATCH = 32
RESERVED_DESCRIPTORS = 8 * ACCEPT_BATCH  # closing a shed connection lags a batch or two
LISTEN_QUEUE = 1024  # the kernel's queue of connections not yet accepted, apart from the batch


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

    def engine_for(self, text: str) -> QueryEngine:
        return self.saved if self.saved is not None and text in self.saved_texts else self.adhoc


def create_app(site_dir: Path, service: SparqlService) -> Starlette:
    site_dir = site_dir.resolve()
    # Queries wait in threads of their own: the default pool stays free for pages and files.
    query_threads = anyio.CapacityLimiter(64)

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
        started = time.monotonic()  # the time limit counts from here: queueing included
        try:
            query = await _query_text(request)
        except _BodyTooLarge:
            return PlainTextResponse(f"Request body over {MAX_BODY_BYTES} bytes", status_code=413)
        if query is None:
            return PlainTextResponse("Missing query: give ?query=… or POST it", status_code=400)
        accept = request.headers.get("accept")
        result_type = negotiate(accept, list(RESULT_TYPES))
        graph_type = negotiate(accept, list(GRAPH_TYPES))
        standard = RESULT_TYPES.get(result_type or "", "json")
        engine = service.engine_for(query)
        run = functools.partial(engine.run, query, {}, standard, service.timeout, service.max_rows, started)
        try:
            result = await anyio.to_thread.run_sync(run, limiter=query_threads)
        except QueryError as error:
            return _refusal(error)
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers["X-Result-Truncated"] = f"max {service.max_rows} rows"
        if result.kind == "graph":
            if graph_type is None and accept and result_type is not None:
                return PlainTextResponse("Not acceptable for a graph result", status_code=406,
                                         headers=headers)
            name = GRAPH_TYPES.get(graph_type or "", "ttl")
            from .export import serialize

            data = result.payload if name == "nt" else serialize(graph_of(result), name)
            return Response(data, media_type=registry.get(name).content_type, headers=headers)
        if result_type is None and accept and graph_type is not None:
            return PlainTextResponse("Not acceptable for a results table", status_code=406, headers=headers)
        return Response(result.payload, media_type=RESULT_MEDIA_TYPES[result.result_format], headers=headers)

    routes = [
        Route("/health", health),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/id/{path:path}", resource_page),
        Mount("/", StaticFiles(directory=site_dir, html=True, follow_symlink=False)),
    ]
    return Starlette(routes=routes)


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


async def _query_text(request: Request) -> str | None:
    if request.method == "GET":
        return request.query_params.get("query")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return (await _body(request)).decode("utf-8", errors="replace")
    if content_type == "application/x-www-form-urlencoded":
        fields = urllib.parse.parse_qs((await _body(request)).decode("utf-8", errors="replace"))
        return fields.get("query", [None])[0]
    return None


def _file(site_dir: Path, relative: str, vary: bool) -> Response:
    target = (site_dir / relative).resolve()
    # Belt and braces: the routes admit only slug paths, and the file must still be inside the site.
    if not target.is_relative_to(site_dir) or not target.is_file():
        return PlainTextResponse("Not found", status_code=404, headers={"Vary": "Accept"} if vary else None)
    found = registry.by_file_name(target.name)
    media = found.content_type if found is not None else None
    return FileResponse(target, media_type=media, headers={"Vary": "Accept"} if vary else None)


# -- the HTTP server ------------------------------------------------------------------------------


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline for each request to arrive whole.

    uvicorn closes idle kept-alive connections but waits forever for a request that trickles
    in (slowloris): here a request whose headers and body are not all received within
    REQUEST_DEADLINE seconds has its connection closed. When the open connections reach the
    cap, the oldest one still waiting for its request is closed to make room.
    """

    deadline = REQUEST_DEADLINE
    max_connections = 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline_task: asyncio.TimerHandle | None = None
        self._opened = time.monotonic()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()
        if len(self.connections) > self.max_connections:
            self._shed()

    def data_received(self, data: bytes) -> None:
        if self._deadline_task is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _waiting_for_request(self) -> bool:
        return self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and self._deadline_task is not None

    def _arm(self) -> None:
        self._disarm()
        self._deadline_task = self.loop.call_later(self.deadline, self._expire)

    def _disarm(self) -> None:
        if self._deadline_task is not None:
            self._deadline_task.cancel()
            self._deadline_task = None

    def _expire(self) -> None:
        self._deadline_task = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()

    def _shed(self) -> None:
        waiting = [c for c in self.connections
                   if isinstance(c, GuardedH11Protocol) and c._waiting_for_request()]
        oldest = min(waiting, key=lambda c: c._opened, default=self)
        oldest._disarm()
        oldest.transport.close()


def _raise_descriptor_limit() -> int:
    """Let the server hold as many connections as the system allows; the usable number."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft


class _Server(uvicorn.Server):
    """uvicorn's server that ends the query workers as soon as it starts shutting down.

    In-flight queries then answer 503 at once instead of holding the shutdown for their
    whole time limit.
    """

    def __init__(self, config: uvicorn.Config, engines: Collection[QueryEngine]) -> None:
        super().__init__(config)
        self.engines = engines

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        # asyncio gives listen() its accept batch; a longer kernel queue spares clients a
        # dropped connection (and a second's retry) while a flood is being accepted and shed.
        for server in self.servers:
            for listening in server.sockets:  # asyncio's wrapper has no listen(): a duplicate does
                with socket.fromfd(listening.fileno(), listening.family, listening.type) as same:
                    same.listen(LISTEN_QUEUE)

    async def shutdown(self, sockets: Any = None) -> None:
        for engine in self.engines:
            await anyio.to_thread.run_sync(engine.close)
        await super().shutdown(sockets)


def run_server(app: Starlette, host: str, port: int, engines: Collection[QueryEngine],
               request_timeout: float = REQUEST_DEADLINE) -> None:
    """Serve until Ctrl-C or SIGTERM; either way the workers are ended before returning."""
    descriptors = _raise_descriptor_limit()
    GuardedH11Protocol.max_connections = max(16, min(4096, descriptors - RESERVED_DESCRIPTORS))
    GuardedH11Protocol.deadline = request_timeout
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", http=GuardedH11Protocol,
                            timeout_graceful_shutdown=2, backlog=ACCEPT_BATCH)
    server = _Server(config, engines)
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)  # unwinds like Ctrl-C: temporary folders are removed

    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again with the handler
    # found at start: with the default one the process would die before its clean-up.
    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
        for engine in engines:
            engine.close()


__all__ = ["GRAPH_FORMATS", "SparqlService", "create_app", "negotiate", "run_server"]
