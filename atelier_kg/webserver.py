"""The HTTP server that runs the app: uvicorn, guarded against requests that trickle in, floods
of connections and descriptor exhaustion, and stopped by SIGTERM as by Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import resource
import signal
import socket
import sys
import time
from collections.abc import Collection
from typing import Any

import anyio
import h11
import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from .query import QueryEngine

REQUEST_DEADLINE = 10.0
# asyncio accepts up to `backlog` connections in one go before any protocol runs: the
# connection cap keeps that many descriptors (and some for files and workers) in reserve,
# so the server never meets "too many open files" (asyncio then stalls accepting).
ACCEPT_BATCH = 32
RESERVED_DESCRIPTORS = 8 * ACCEPT_BATCH  # closing a shed connection lags a batch or two
LISTEN_QUEUE = 1024  # the kernel's queue of connections not yet accepted, apart from the batch


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with deadlines for a request to arrive and for an answer to go.

    uvicorn closes idle kept-alive connections but waits forever for a request that trickles
    in (slowloris), and for a client that never reads its answer: here a request whose headers
    and body are not all received within `deadline` seconds has its connection closed, and so
    has one whose answer makes no progress for `write_deadline` seconds (the client stopped
    reading). When the open connections reach the cap, the oldest of those still waiting for
    their request, or stalled in their answer, is closed to make room.
    """

    deadline = REQUEST_DEADLINE
    write_deadline = 3 * REQUEST_DEADLINE
    max_connections = 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline_task: asyncio.TimerHandle | None = None
        self._write_task: asyncio.TimerHandle | None = None
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
        self.resume_writing()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        """The client is not reading fast enough: it has `write_deadline` seconds to catch up."""
        super().pause_writing()
        if self._write_task is None:
            self._write_task = self.loop.call_later(self.write_deadline, self._stalled)

    def resume_writing(self) -> None:
        if self._write_task is not None:
            self._write_task.cancel()
            self._write_task = None
        super().resume_writing()

    def _stalled(self) -> None:
        self._write_task = None
        if not self.transport.is_closing():
            self.transport.abort()  # close() would wait for the buffer to drain, which it never will

    def _waiting_for_request(self) -> bool:
        return self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and self._deadline_task is not None

    def _sheddable(self) -> bool:
        """Idle between requests, still receiving one, or stalled in its answer: not at work."""
        between = self.conn.their_state is h11.IDLE and (self.cycle is None or self.cycle.response_complete)
        return between or self._waiting_for_request() or self._write_task is not None

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
        # One already closing stays in the set until its connection_lost: it frees nothing more.
        waiting = [c for c in self.connections if isinstance(c, GuardedH11Protocol) and c._sheddable()
                   and not c.transport.is_closing()]
        oldest = min(waiting, key=lambda c: c._opened, default=self)
        oldest._disarm()
        oldest.transport.abort()


def _return_freed_memory() -> None:
    """Large blocks (answers of megabytes) are given back to the system when freed.

    glibc raises its mmap threshold each time such a block is freed, so the next ones come from
    the heap of the thread that asked, which keeps them after they are freed: answers received
    in many threads then grow the server by their total, never shrinking. A fixed threshold
    (128 KiB, glibc's initial one) keeps every answer in its own mapping, unmapped when freed.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


_M_MMAP_THRESHOLD = -3


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
    _return_freed_memory()
    descriptors = _raise_descriptor_limit()
    GuardedH11Protocol.max_connections = max(16, min(4096, descriptors - RESERVED_DESCRIPTORS))
    GuardedH11Protocol.deadline = request_timeout
    GuardedH11Protocol.write_deadline = 3 * request_timeout
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", http=GuardedH11Protocol,
                            timeout_graceful_shutdown=2, backlog=ACCEPT_BATCH)
    server = _Server(config, engines)
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)  # unwinds like Ctrl-C: temporary folders are removed

    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again with the handler
    # found at start: with the default one the process would die before its clean-up. It does
    # not watch SIGHUP (the terminal closed): that one asks for the same graceful shutdown.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, lambda signum, frame: setattr(server, "should_exit", True))
    try:
        server.run()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for engine in engines:
            engine.close()


