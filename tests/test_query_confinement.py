"""A query cannot reach the network, exhaust memory, answer without bound or outlast its limit.

A listener on loopback stands for any server a query might try to reach (SERVICE). It must
never be called: not through the command line, and not even when the text check is taken
away, because the worker that runs a query has no way to open a network socket. The control
test shows the same query does reach the listener when Oxigraph runs it unconfined, so a
silent listener means something.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from atelier_kg.query import Limits, QueryEngine, QueryError, check_safe, library
from atelier_kg.query import engine as engine_module

from .conftest import DATA, ROOT
from .test_hostile import atelier_kg

# Times are part of what these tests check: run apart from the parallel run (.ci/run).
pytestmark = pytest.mark.serial


class Listener:
    """A TCP server on loopback that counts the connections it is offered."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.calls = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.calls += 1
            connection.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.socket.close()


# Every way of writing SERVICE towards the listener that SPARQL or a lenient parser might accept:
# line terminators that end a comment for one parser and not another, codepoint escapes, case,
# nesting, a prefixed or relative IRI, a variable bound to the address.
VARIANTS = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "lower-case": "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "comment-cr": "SELECT * WHERE {{ # note\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment-crlf": "SELECT * WHERE {{ # note\r\nSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment-u000a": "SELECT * WHERE {{ # note\\u000aSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment-u000d": "SELECT * WHERE {{ # note\\u000DSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment-u2028": "SELECT * WHERE {{ # note\u2028SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment-nel": "SELECT * WHERE {{ # note\u0085SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment-form-feed": "SELECT * WHERE {{ # note\x0cSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped-keyword": "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped-keyword-long": "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped-iri": "SELECT * WHERE {{ SERVICE <http\\u003A//127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "tab-separated": "SELECT\t*\tWHERE\t{{\tSERVICE\t<{url}>\t{{\t?s\t?p\t?o\t}}\t}}",
    "after-dot": "SELECT * WHERE {{ {{ ?a ?b ?c }}.SERVICE<{url}>{{?s ?p ?o}} }}",
    "optional": "SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "union": "SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "exists": "SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "subquery": "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "prefixed": "PREFIX remote: <{url}>\nSELECT * WHERE {{ SERVICE remote: {{ ?s ?p ?o }} }}",
    "relative": "BASE <{url}>\nSELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
    "variable": "SELECT * WHERE {{ VALUES ?where {{ <{url}> }} SERVICE ?where {{ ?s ?p ?o }} }}",
    "ask": "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "construct": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "localhost": "SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}",
}


def variant(name: str, listener: Listener) -> str:
    return VARIANTS[name].format(url=f"http://127.0.0.1:{listener.port}/sparql", port=listener.port)


@pytest.fixture(scope="module")
def engine(graph) -> Iterator[QueryEngine]:  # type: ignore[no-untyped-def]
    with QueryEngine(graph, workers=2) as engine:
        yield engine


def test_control_an_unconfined_engine_does_reach_the_listener(listener: Listener):
    before = listener.calls
    with pytest.raises(OSError):
        list(ox.Store().query(variant("plain", listener)))
    assert listener.calls > before, "the listener must count a call, or its silence below proves nothing"


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_command_line_never_reaches_the_network(name: str, listener: Listener):
    before = listener.calls
    command = [*atelier_kg(), "--lang", "en", "--data", str(DATA), "query", "-", "--timeout", "3"]
    done = subprocess.run(command, input=variant(name, listener), capture_output=True, text=True, cwd=ROOT,
                          timeout=30)
    assert listener.calls == before, f"{name} reached the listener"
    assert "Traceback" not in done.stderr
    if done.returncode:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_worker_cannot_reach_the_network_even_unchecked(
        name: str, listener: Listener, engine: QueryEngine, monkeypatch: pytest.MonkeyPatch):
    """The text check taken away: the sandbox alone must stop the query."""
    monkeypatch.setattr(engine_module, "check_safe", lambda text: None)
    before = listener.calls
    try:
        engine.run(variant(name, listener), timeout=5)  # SERVICE SILENT and EXISTS may answer
    except QueryError as error:
        assert error.code in ("service", "syntax", "engine"), error.message("en")
    assert listener.calls == before, f"{name} reached the listener"


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_text_check_names_service(name: str, listener: Listener):
    if name in ("comment-u2028", "comment-nel", "comment-form-feed"):
        pytest.skip("not a line end in SPARQL: the whole line stays a comment for every parser")
    with pytest.raises(QueryError) as caught:
        check_safe(variant(name, listener))
    assert caught.value.code == "service"


def test_an_answer_is_bounded_in_bytes(graph):  # type: ignore[no-untyped-def]
    six_times = "SELECT * WHERE { ?s ?p ?o . ?l a atd:TerritoireLaureat }"
    with QueryEngine(graph, limits=Limits(answer_mib=1)) as engine:
        with pytest.raises(QueryError) as caught:
            engine.run(six_times, timeout=20)
        assert caught.value.code == "too_large" and "1 MiB" in caught.value.message("en")
        assert engine.run("ASK { ?s ?p ?o }").payload, "the worker still answers"


MEMORY_PROBE = """
import json, resource, sys
from pathlib import Path
from atelier_kg.load import load_graph
from atelier_kg.query import Limits, QueryEngine, QueryError
graph = load_graph(Path(sys.argv[1])).graph
codes = []
with QueryEngine(graph, limits=Limits(memory_mib=200)) as engine:
    for text in sys.argv[2:]:
        try:
            engine.run(text, timeout=60)
            codes.append("ok")
        except QueryError as error:
            codes.append(error.code)
virtual = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize() / 2**20
# VmHWM, not ru_maxrss: this process's own peak, not that of the pytest it was spawned from
peak = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM"))) / 1024
print(json.dumps({"codes": codes, "parent_mib": peak,
                  "parent_virtual_mib": virtual,
                  "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def test_a_worker_is_bounded_in_memory_and_the_caller_stays_small():
    greedy = [
        "SELECT (GROUP_CONCAT(STR(?o)) AS ?x) WHERE { ?a ?b ?o . ?c ?d ?e }",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
    ]
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(DATA), *greedy], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    measured = json.loads(done.stdout)
    print(f"\n  memory-bound queries: {measured}")
    assert measured["codes"] == ["memory", "memory"]
    # The worker's peak: at most the address space it inherited (interpreter, graph, store) + 200 MiB.
    assert measured["worker_mib"] < measured["parent_virtual_mib"] + 200
    assert measured["parent_mib"] < 400


def test_parsing_is_bounded_and_refusals_are_one_line():
    long_chain = "SELECT * WHERE { BIND(1 AS ?x) FILTER(" + " || ".join(["?x = 1"] * 15_000) + ") }"
    deep = "SELECT * WHERE { BIND(1 AS ?x) FILTER(" + "(" * 70 + "?x" + ")" * 70 + ") }"
    for text, words in ((long_chain, "too long"), (deep, "nested too deeply")):
        start = time.perf_counter()
        done = subprocess.run([*atelier_kg(), "--lang", "en", "--data", str(DATA), "query", "-"],
                              input=text, capture_output=True, text=True, cwd=ROOT, timeout=30)
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert words in done.stderr and "Traceback" not in done.stderr and time.perf_counter() - start < 5
    thirty = "SELECT * WHERE { BIND(1 AS ?x) FILTER(" + "(" * 30 + "?x = 1" + ")" * 30 + ") }"
    done = subprocess.run([*atelier_kg(), "--data", str(DATA), "query", "-", "--format", "csv"],
                          input=thirty, capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert done.returncode == 0 and done.stdout.splitlines() == ["x", "1"], done.stderr


def test_a_slow_parse_is_inside_the_time_limit_and_blocks_nothing(graph):  # type: ignore[no-untyped-def]
    chain = "SELECT * WHERE { BIND(1 AS ?x) FILTER(" + " || ".join(["?x = 1"] * 4_500) + ") }"
    saved = library(ROOT / "queries")["ddt-par-laureat"].text
    with QueryEngine(graph, workers=3) as engine:
        outcomes: list[str] = []

        def slow() -> None:
            try:
                engine.run(chain, timeout=0.3)
                outcomes.append("ok")
            except QueryError as error:
                outcomes.append(error.code)

        threads = [threading.Thread(target=slow) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(0.05)
        start = time.perf_counter()
        engine.run(saved)
        other = time.perf_counter() - start
        for thread in threads:
            thread.join()
    assert other < 0.3, f"a saved query waited {other:.2f} s behind two slow parses"
    assert set(outcomes) <= {"ok", "timeout"}


def test_a_killed_worker_is_a_one_line_error_and_is_replaced(engine: QueryEngine):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            engine.run(cartesian, timeout=10)
        except QueryError as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    for _ in range(100):
        busy = [w for w in engine._busy if w.pid > 0]
        if busy:
            break
        time.sleep(0.02)
    os.kill(busy[0].pid, 11)  # as if the engine had crashed (SIGSEGV)
    thread.join(10)
    assert outcome and outcome[0].code == "crashed"
    assert engine.run("ASK { ?s ?p ?o }").payload


def test_the_time_limit_counts_the_wait_for_a_worker(graph):  # type: ignore[no-untyped-def]
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    def attempt(text: str, timeout: float) -> None:
        with contextlib.suppress(QueryError):
            engine.run(text, timeout=timeout)

    with QueryEngine(graph, workers=1, waiting=1) as engine:
        hog = threading.Thread(target=attempt, args=(cartesian, 3))
        hog.start()
        time.sleep(0.3)
        start = time.perf_counter()
        with pytest.raises(QueryError) as caught:
            engine.run("ASK { ?s ?p ?o }", timeout=1)
        waited = time.perf_counter() - start
        assert caught.value.code == "timeout" and "waiting" in caught.value.message("en")
        assert waited < 1.5
        waiting = threading.Thread(target=attempt, args=("ASK {}", 2))
        waiting.start()
        time.sleep(0.2)
        with pytest.raises(QueryError) as caught:
            engine.run("ASK {}", timeout=2)  # one running, one waiting: the queue is full
        assert caught.value.code == "busy"
        hog.join()
        waiting.join()


SEED_PROBE = """
import hashlib, sys
from pathlib import Path
from atelier_kg.load import load_graph
from atelier_kg.query import QueryEngine, bind_parameters, library
graph = load_graph(Path(sys.argv[1])).graph
with QueryEngine(graph) as engine:
    for name, saved in library(Path(sys.argv[2])).items():
        for form in ("csv", "json"):
            payload = engine.run(saved.text, bind_parameters(saved, {}), form).payload
            print(name, form, hashlib.sha256(payload).hexdigest()[:16])
"""


def test_every_saved_query_answers_the_same_bytes_whatever_the_hash_seed():
    answers = set()
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", SEED_PROBE, str(DATA), str(ROOT / "queries")],
                              capture_output=True, text=True, timeout=120, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        answers.add(done.stdout)
    assert len(answers) == 1, "a saved query's answer changed with PYTHONHASHSEED"
