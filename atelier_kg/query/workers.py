"""The worker processes that run queries: forked once from a long-lived thread, confined
(sandbox.py), reused, and ended when a query runs past its time, crashes or takes too much memory.

A worker answers each request with an outcome: the answer serialized in the asked format and
bounded in bytes as it is written, or an error code the engine turns into a QueryError.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from ..formats import oxigraph_format
from . import sandbox
from .errors import timeout_error
from .formats import GRAPH_FORMATS, RESULT_FORMATS, solutions_json

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one query may use: memory of its worker beyond the shared store, bytes of its answer."""

    memory_mib: int = 1024
    answer_mib: int = 256


@dataclass(eq=False)
class Worker:
    pid: int
    connection: Connection | None
    stopped: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def placeholder(cls) -> Worker:
        return cls(0, None)

    @classmethod
    def start(cls, store: ox.Store, prefixes: dict[str, str], limits: Limits) -> Worker:
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
                raise timeout_error(timeout)
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
            text, bindings, result_format, graph_format, max_rows, max_bytes = channel.recv()
        except (EOFError, OSError):
            os._exit(0)
        outcome = _outcome(store, prefixes, text, bindings, result_format, graph_format, max_rows, max_bytes)
        channel.send(outcome)


def _answer_with_refusal(channel: Connection, detail: str) -> None:
    try:
        channel.recv()
        channel.send({"error": "sandbox", "detail": detail, "unhealthy": True})
    except (EOFError, OSError):
        pass


def _outcome(store: ox.Store, prefixes: dict[str, str], text: str, bindings: dict[str, Any],
             result_format: str, graph_format: str, max_rows: int | None, max_bytes: int) -> dict[str, Any]:
    try:
        return _execute(store, prefixes, text, _terms(bindings), (result_format, graph_format), max_rows,
                        max_bytes)
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
             formats: tuple[str, str], max_rows: int | None, max_bytes: int) -> dict[str, Any]:
    """Run the query and write its answer here, in the worker, bounded in memory and in bytes.

    A graph is written by Oxigraph in the asked RDF format, so that no other process ever parses
    or re-serializes what a query made (a literal such as "1e999999999"^^xsd:decimal, which rdflib
    would expand to a billion digits, stays as it is).
    """
    result_format, graph_format = formats
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
        name = graph_format if graph_format in GRAPH_FORMATS else "nt"
        rdf_format = oxigraph_format(name)
        named = {"prefixes": prefixes} if rdf_format == ox.RdfFormat.TURTLE else {}
        ox.serialize(triples[:max_rows] if truncated else triples, sink, rdf_format, **named)  # type: ignore[index]
        return {"kind": "graph", "payload": sink.value(), "result_format": name, "truncated": truncated}
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


def portable(bindings: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
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
