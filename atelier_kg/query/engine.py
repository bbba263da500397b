"""The query engine: a read-only Oxigraph store queried by a pool of confined worker processes.

A native query cannot be interrupted from Python, and anyone may send one to the server; so
each query runs in a forked worker (sandbox.py: no network, bounded memory, lower priority),
and the calling process stays healthy whatever the query does. One time limit covers the
whole life of a query: waiting for a worker, parsing and running. The pool says "busy" at
once when its queue is full, rather than letting callers pile up. An answer is bounded in
bytes as it is written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .errors import QueryError, timeout_error
from .library import default_prefixes
from .safety import check_safe
from .workers import MIB, Limits, Worker, portable

DEFAULT_TIMEOUT = 5.0


@dataclass
class QueryResult:
    """A SELECT/ASK result as the engine serialized it, or a CONSTRUCT/DESCRIBE graph."""

    kind: str  # "solutions", "boolean" or "graph"
    payload: bytes  # results in the requested standard format, or N-Triples for graphs
    result_format: str
    truncated: bool = False
    variables: list[str] = field(default_factory=list)


class QueryEngine:
    """A read-only Oxigraph copy of a graph and a pool of workers that query it.

    Workers are forked once and reused; one that runs past its time limit, crashes or runs
    out of memory is ended, and a fresh one is forked when next needed. `waiting` bounds
    how many callers may wait for a worker (None: no bound). `pool()` gives another pool on
    the same store (the server keeps one for the saved queries, apart from ad hoc ones).
    """

    def __init__(self, graph: Any = None, *, ntriples: bytes | None = None, workers: int = 1,
                 waiting: int | None = None, limits: Limits | None = None,
                 _store: ox.Store | None = None, _forker: ThreadPoolExecutor | None = None) -> None:
        self.store = _store if _store is not None else _load_store(graph, ntriples)
        self.prefixes = default_prefixes()
        self.limits = limits or Limits()
        self._size = workers
        self._waiting_bound = waiting
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._condition = threading.Condition()
        self._waiting = 0
        self._closed = False
        # Workers are forked from one long-lived thread: the kernel ends a worker when the
        # thread that forked it ends (PR_SET_PDEATHSIG), and request threads come and go.
        self._owns_forker = _forker is None
        self._forker = _forker or ThreadPoolExecutor(1, thread_name_prefix="atelier-kg-fork")

    def pool(self, workers: int, waiting: int | None = None, limits: Limits | None = None) -> QueryEngine:
        """Another pool of workers on the same store."""
        return QueryEngine(workers=workers, waiting=waiting, limits=limits or self.limits,
                           _store=self.store, _forker=self._forker)

    def run(self, text: str, bindings: Mapping[str, Any] | None = None, result_format: str = "json",
            timeout: float = DEFAULT_TIMEOUT, max_rows: int | None = None, started: float | None = None,
            graph_format: str = "ttl") -> QueryResult:
        """Run a query; `timeout` counts from `started` (time.monotonic(), default now).

        The answer comes in `result_format` (json, xml, csv, tsv) for SELECT and ASK, in
        `graph_format` (ttl, jsonld, nt) for CONSTRUCT and DESCRIBE.
        """
        deadline = (time.monotonic() if started is None else started) + timeout
        check_safe(text)
        worker = self._acquire(deadline, timeout)
        healthy = False
        try:
            request = (text, portable(bindings or {}), result_format, graph_format, max_rows,
                       self.limits.answer_mib * MIB)
            outcome = worker.ask(request, deadline, timeout)
            healthy = not outcome.get("unhealthy", False)
        finally:
            self._release(worker, healthy)
        if "error" in outcome:
            raise _engine_error(outcome, self.limits)
        return QueryResult(**outcome)

    def close(self) -> None:
        """End every worker, busy ones included: nothing outlives the engine."""
        with self._condition:
            self._closed = True
            idle, busy = list(self._idle), list(self._busy)
            self._idle.clear()
            self._condition.notify_all()
        for worker in idle:
            worker.discard()
        for worker in busy:
            worker.stop()  # the thread waiting on it sees the pipe close and discards it
        if self._owns_forker:
            self._forker.shutdown(wait=False)

    def __enter__(self) -> QueryEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the pool ---------------------------------------------------------------------------------
    def _acquire(self, deadline: float, timeout: float) -> Worker:
        with self._condition:
            if self._closed:
                raise _closed()
            if not self._idle and len(self._busy) >= self._size:
                if self._waiting_bound is not None and self._waiting >= self._waiting_bound:
                    raise QueryError("busy")
                self._waiting += 1
                try:
                    while not self._idle and len(self._busy) >= self._size and not self._closed:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            raise timeout_error(timeout, queued=True)
                        self._condition.wait(remaining)
                finally:
                    self._waiting -= 1
                if self._closed:
                    raise _closed()
            worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = Worker.placeholder()  # reserve the place before forking outside the lock
            self._busy.add(worker)
        if worker.pid == 0:
            try:
                started = self._forker.submit(Worker.start, self.store, self.prefixes, self.limits).result()
            except BaseException:
                with self._condition:
                    self._busy.discard(worker)
                    self._condition.notify()
                raise
            with self._condition:
                self._busy.discard(worker)
                self._busy.add(started)
            worker = started
        return worker

    def _release(self, worker: Worker, healthy: bool) -> None:
        with self._condition:
            self._busy.discard(worker)
            if healthy and not self._closed:
                self._idle.append(worker)
            self._condition.notify()
        if not healthy or self._closed:
            worker.discard()


def _load_store(graph: Any, ntriples: bytes | None) -> ox.Store:
    # Sorted N-Triples: Oxigraph's answers (the order inside GROUP_CONCAT, of unordered rows)
    # follow the order it was loaded in, which must not depend on Python's hash seed.
    if ntriples is None:
        from ..export import to_ntriples

        ntriples = to_ntriples(graph)
    store = ox.Store()
    store.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES)
    return store


def _closed() -> QueryError:
    return QueryError("closed")


def _engine_error(outcome: dict[str, Any], limits: Limits) -> QueryError:
    code = outcome["error"]
    if code == "service":  # the sandbox refused a socket: the text reached for the network
        return QueryError("service", text="query_service_tried")
    limit = limits.answer_mib if code == "too_large" else limits.memory_mib
    known = ("syntax", "too_large", "memory", "crashed", "sandbox", "engine", "closed")
    return QueryError(code if code in known else "engine", detail=outcome.get("detail", ""), limit=limit)


