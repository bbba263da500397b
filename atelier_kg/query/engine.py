"""The query engine: a read-only Oxigraph store queried by a pool of confined worker processes.

A native query cannot be interrupted from Python, and anyone may send one to the server; so
each query runs in a forked worker (sandbox.py: no network, bounded memory, lower priority),
and the calling process stays healthy whatever the query does. One time limit covers the
whole life of a query: waiting for a worker, parsing and running. The pool says "busy" at
once when its queue is full, rather than letting callers pile up. An answer is bounded in
bytes as it is written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from . import sandbox
from .errors import QueryError
from .formats import RESULT_FORMATS, solutions_json
from .library import default_prefixes
from .safety import check_safe

DEFAULT_TIMEOUT = 5.0
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one query may use: memory of its worker beyond the shared store, bytes of its answer."""

    memory_mib: int = 1024
    answer_mib: int = 256


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
                 waiting: int | None = None, limits: Limits = Limits(),
                 _store: ox.Store | None = None, _forker: ThreadPoolExecutor | None = None) -> None:
        self.store = _store if _store is not None else _load_store(graph, ntriples)
        self.prefixes = default_prefixes()
        self.limits = limits
        self._size = workers
        self._waiting_bound = waiting
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
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
            timeout: float = DEFAULT_TIMEOUT, max_rows: int | None = None,
            started: float | None = None) -> QueryResult:
        """Run a query; `timeout` counts from `started` (time.monotonic(), default now)."""
        deadline = (time.monotonic() if started is None else started) + timeout
        check_safe(text)
        worker = self._acquire(deadline, timeout)
        healthy = False
        try:
            request = (text, _portable(bindings or {}), result_format, max_rows, self.limits.answer_mib * MIB)
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
    def _acquire(self, deadline: float, timeout: float) -> _Worker:
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
                            raise _timeout(timeout, queued=True)
                        self._condition.wait(remaining)
                finally:
                    self._waiting -= 1
                if self._closed:
                    raise _closed()
            worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = _Worker.placeholder()  # reserve the place before forking outside the lock
            self._busy.add(worker)
        if worker.pid == 0:
            try:
                started = self._forker.submit(_Worker.start, self.store, self.prefixes, self.limits).result()
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

    def _release(self, worker: _Worker, healthy: bool) -> None:
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


def _timeout(timeout: float, queued: bool = False) -> QueryError:
    return QueryError("timeout", text="query_timeout_queued" if queued else None, timeout=timeout)


def _engine_error(outcome: dict[str, Any], limits: Limits) -> QueryError:
    code = outcome["error"]
    if code == "service":  # the sandbox refused a socket: the text reached for the network
        return QueryError("service", text="query_service_tried")
    limit = limits.answer_mib if code == "too_large" else limits.memory_mib
    known = ("syntax", "too_large", "memory", "crashed", "sandbox", "engine", "closed")
    return QueryError(code if code in known else "engine", detail=outcome.get("detail", ""), limit=limit)


# -- the workers ----------------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    pid: int
    connection: Connection | None
    stopped: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def placeholder(cls) -> _Worker:
        return cls(0, None)

    @classmethod
    def start(cls, store: ox.Store, prefixes: dict[str, str], limits: Limits) -> _Worker:
        ours, theirs = socket.socketpair()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: confine, then serve until the parent goes
            code = 0
            try:
                ours.close()
                channel = Connection(theirs.detach())
                _serve(store, prefixes, channel, parent, limits)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        return cls(pid, Connection(ours.detach()))

    def ask(self, request: tuple[Any, ...], deadline: float, timeout: float) -> dict[str, Any]:
        """Send a query and wait for its outcome until the deadline; end the worker past it."""
        assert self.connection is not None
        try:
            self.connection.send(request)
            if not self.connection.poll(max(deadline - time.monotonic(), 0)):
                self.stop()
                raise _timeout(timeout)
            return self.connection.recv()
        except (EOFError, OSError):
            if self.stopped:  # ended by the engine's close(): the server is stopping
                return {"error": "closed", "unhealthy": True}
            return {"error": self._cause_of_death(), "unhealthy": True}

    def _cause_of_death(self) -> str:
        with self._lock:
            status = self._reap()
        if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:
            return "memory"  # Rust aborts when an allocation fails under the address-space limit
        if status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == _SANDBOX_FAILED:
            return "sandbox"
        return "crashed"

    def _reap(self) -> int | None:
        if self.pid <= 0:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        self.pid = -1
        return status

    def stop(self) -> None:
        """End the process and close the pipe; safe from two threads at once (close() and ask())."""
        with self._lock:
            self.stopped = True
            if self.pid > 0:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                self._reap()
        # The pipe stays open until the thread in ask() lets go: it then sees EOF, not a closed handle.

    def discard(self) -> None:
        """Stop the worker and close its pipe: once no thread is talking to it."""
        self.stop()
        with self._lock:
            if self.connection is not None:
                self.connection.close()
                self.connection = None


_SANDBOX_FAILED = 3


def _serve(store: ox.Store, prefixes: dict[str, str], channel: Connection, parent: int,
           limits: Limits) -> None:
    """The worker's life: confine itself, then answer each query it is sent."""
    try:
        sandbox.confine(channel.fileno(), parent, limits.memory_mib * MIB)
    except sandbox.SandboxError as error:
        _answer_with_refusal(channel, str(error))
        os._exit(_SANDBOX_FAILED)
    while True:
        try:
            text, bindings, result_format, max_rows, max_bytes = channel.recv()
        except (EOFError, OSError):
            os._exit(0)
        outcome = _outcome(store, prefixes, text, bindings, result_format, max_rows, max_bytes)
        channel.send(outcome)


def _answer_with_refusal(channel: Connection, detail: str) -> None:
    try:
        channel.recv()
        channel.send({"error": "sandbox", "detail": detail, "unhealthy": True})
    except (EOFError, OSError):
        pass


def _outcome(store: ox.Store, prefixes: dict[str, str], text: str, bindings: dict[str, Any],
             result_format: str, max_rows: int | None, max_bytes: int) -> dict[str, Any]:
    try:
        return _execute(store, prefixes, text, _terms(bindings), result_format, max_rows, max_bytes)
    except _AnswerTooLarge:
        return {"error": "too_large"}
    except SyntaxError as error:
        return {"error": "syntax", "detail": _first_line(error)}
    except MemoryError:
        return {"error": "memory", "unhealthy": True}
    except OSError as error:
        # The sandbox refused a socket or a name lookup: the text reached for the network.
        reached_out = "os error 13" in str(error) or "lookup address" in str(error)
        return {"error": "service" if reached_out else "engine", "detail": _first_line(error)}
    except Exception as error:  # reported to the parent, which raises QueryError
        return {"error": "engine", "detail": _first_line(error)}


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


class _AnswerTooLarge(Exception):
    pass


class _BoundedWriter:
    """A file-like sink for Oxigraph's serializers that stops them past a number of bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _AnswerTooLarge
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.chunks)


def _execute(store: ox.Store, prefixes: dict[str, str], text: str, bindings: dict[str, Any],
             result_format: str, max_rows: int | None, max_bytes: int) -> dict[str, Any]:
    substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    results = store.query(text, prefixes=prefixes, substitutions=substitutions)
    sink = _BoundedWriter(max_bytes)
    fmt = RESULT_FORMATS.get(result_format, ox.QueryResultsFormat.JSON)
    standard = result_format if result_format in RESULT_FORMATS else "json"
    if isinstance(results, ox.QueryBoolean):
        results.serialize(sink, fmt)
        return {"kind": "boolean", "payload": sink.value(), "result_format": standard}
    if isinstance(results, ox.QueryTriples):
        triples = results if max_rows is None else _first(results, max_rows + 1)
        truncated = max_rows is not None and len(triples) > max_rows  # type: ignore[arg-type]
        ox.serialize(triples[:max_rows] if truncated else triples, sink, ox.RdfFormat.N_TRIPLES)  # type: ignore[index]
        return {"kind": "graph", "payload": sink.value(), "result_format": "nt", "truncated": truncated}
    variables = [v.value for v in results.variables]
    if max_rows is None:
        results.serialize(sink, fmt)
        return {"kind": "solutions", "payload": sink.value(), "result_format": standard,
                "variables": variables}
    rows = _first(results, max_rows + 1)
    truncated = len(rows) > max_rows
    sink.write(solutions_json(variables, rows[:max_rows]))
    payload = sink.value()
    if standard != "json":
        converted = _BoundedWriter(max_bytes)
        ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON).serialize(converted, fmt)
        payload = converted.value()
    return {"kind": "solutions", "payload": payload, "result_format": standard, "variables": variables,
            "truncated": truncated}


def _first(iterator: Any, count: int) -> list[Any]:
    items = []
    for item in iterator:
        items.append(item)
        if len(items) >= count:
            break
    return items


def _portable(bindings: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Oxigraph terms as plain tuples, to cross the pipe to a worker."""
    portable: dict[str, tuple[str, ...]] = {}
    for name, term in bindings.items():
        if isinstance(term, ox.NamedNode):
            portable[name] = ("iri", term.value)
        else:
            portable[name] = ("literal", term.value, term.datatype.value, term.language or "")
    return portable


def _terms(portable: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    terms: dict[str, Any] = {}
    for name, parts in portable.items():
        if parts[0] == "iri":
            terms[name] = ox.NamedNode(parts[1])
        elif parts[3]:
            terms[name] = ox.Literal(parts[1], language=parts[3])
        else:
            terms[name] = ox.Literal(parts[1], datatype=ox.NamedNode(parts[2]))
    return terms
