"""The real `atelier-kg serve` under attack: SERVICE, huge bodies, trickling requests, connection
floods, expensive queries in numbers, and SIGTERM.

Each test starts the command as a user would, in its own process, and measures it from the
outside (its memory in /proc, its children, its port, its temporary folder).
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from atelier_kg.query import library

from .conftest import DATA, ROOT
from .test_hostile import atelier_kg
from .test_query_confinement import VARIANTS, Listener
from .test_site_and_server import free_port, get

# Times are part of what these tests check: run apart from the parallel run (.ci/run).
pytestmark = pytest.mark.serial

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Served:
    process: subprocess.Popen  # type: ignore[type-arg]
    base: str
    port: int

    def children(self) -> list[int]:
        tasks = Path(f"/proc/{self.process.pid}/task")
        found: list[int] = []
        for task in tasks.iterdir() if tasks.exists() else ():
            with open(task / "children", encoding="ascii") as listing:
                found += [int(pid) for pid in listing.read().split()]
        return found

    def peak_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text("ascii")
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024


def start_server(*options: str, descriptors: int | None = None) -> Served:
    port = free_port()

    def limit() -> None:
        if descriptors is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

    process = subprocess.Popen(
        [*atelier_kg(), "--data", str(DATA), "serve", "--port", str(port), *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if get(f"{base}/health")[0] == 200:
                return Served(process, base, port)
        except OSError:
            pass
        time.sleep(0.05)
    process.kill()
    raise AssertionError(process.stderr.read().decode() if process.stderr else "no server")


def stop_server(served: Served) -> None:
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
        try:
            served.process.wait(10)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    server = start_server("--timeout", "2", "--request-timeout", "1", "--queue", "4")
    yield server
    stop_server(server)


def quoted(text: str) -> str:
    return urllib.parse.quote(text, safe="")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_sparql_endpoint_never_reaches_the_network(served: Served, name: str):
    listener = Listener()
    try:
        text = VARIANTS[name].format(url=f"http://127.0.0.1:{listener.port}/sparql", port=listener.port)
        statuses = [
            get(f"{served.base}/sparql?query={quoted(text)}")[0],
            get(f"{served.base}/sparql", None, text.encode(), "application/sparql-query")[0],
            get(f"{served.base}/sparql", None, urllib.parse.urlencode({"query": text}).encode(),
                "application/x-www-form-urlencoded")[0],
        ]
        assert listener.calls == 0, f"{name} reached the listener"
        assert set(statuses) <= {200, 400}, statuses
    finally:
        listener.socket.close()


def _send_body(port: int, total: int, chunked: bool) -> tuple[int, int]:
    """POST a body of `total` bytes as fast as the server takes it; its status and bytes sent."""
    head = "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {total}\r\n\r\n"
    block = b"#" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.encode())
        try:
            while sent < total:
                connection.sendall(b"10000\r\n" + block + b"\r\n" if chunked else block)
                sent += len(block)
        except OSError:
            pass  # the server answered and closed: it read no further
        try:
            response = connection.recv(4096)
        except OSError:
            response = b""
    return (int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0), sent


def test_a_huge_body_is_refused_without_being_read(served: Served):
    before = served.peak_mib()
    for chunked in (False, True):
        status, sent = _send_body(served.port, 1024 ** 3, chunked)  # 1 GiB offered
        assert status == 413 or sent < 1024 ** 3, "the server read a whole gigabyte"
    grown = served.peak_mib() - before
    print(f"\n  1 GiB bodies (declared and chunked): server peak grew by {grown:.1f} MiB")
    assert grown < 32
    assert get(f"{served.base}/health")[0] == 200


def test_requests_that_trickle_in_are_cut(served: Served):
    connections = []
    for _ in range(40):
        connection = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        connections.append(connection)
    start = time.perf_counter()
    for connection in connections:
        for _ in range(20):  # keep trickling, as slowloris does: it must not buy time
            try:
                connection.sendall(b"X-a: b\r\n")
            except OSError:
                break
            time.sleep(0.1)
            if time.perf_counter() - start > 3:
                break
    closed = 0
    for connection in connections:
        connection.settimeout(3)
        try:
            closed += connection.recv(1) == b""
        except OSError:
            closed += 1
        connection.close()
    print(f"\n  40 requests trickling in: {closed} cut by the 1 s request deadline")
    assert closed == 40
    assert get(f"{served.base}/health")[0] == 200


def test_a_flood_of_idle_connections_does_not_lock_clients_out():
    """As in the attack: 1,100 idle connections against a server allowed 1,024 descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))  # this side needs 1,100 too
    flood = min(1100, min(hard, 4096) - 100)
    server = start_server("--request-timeout", "30", descriptors=1024)
    try:
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(flood)]
        start = time.perf_counter()
        status = get(f"{server.base}/health")[0]
        elapsed = time.perf_counter() - start
        print(f"\n  {flood} idle connections on a 1,024-descriptor server: /health {status} "
              f"in {elapsed * 1000:.0f} ms")
        assert status == 200 and elapsed < 2
        for connection in idle:
            connection.close()
    finally:
        stop_server(server)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    errors = server.process.stderr.read().decode() if server.process.stderr else ""
    assert "Too many open files" not in errors and "Traceback" not in errors, errors[-2000:]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_and_everything_it_started(signum: int):
    server = start_server()
    slow = threading.Thread(target=get, args=(f"{server.base}/sparql?query={quoted(CARTESIAN)}",))
    slow.start()
    time.sleep(0.5)
    workers = server.children()
    folders = [p for p in Path(tempfile.gettempdir()).glob(f"atelier-site-{server.process.pid}-*")]
    assert workers and folders
    start = time.perf_counter()
    server.process.send_signal(signum)
    server.process.wait(10)
    elapsed = time.perf_counter() - start
    slow.join(10)
    stderr = server.process.stderr.read().decode() if server.process.stderr else ""
    print(f"\n  {signal.Signals(signum).name}: stopped in {elapsed:.2f} s, exit {server.process.returncode}, "
          f"{len(workers)} workers ended, temporary site removed")
    assert elapsed < 5 and "Traceback" not in stderr
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "a worker outlived the server"
    assert not any(folder.exists() for folder in folders), "the temporary site was left behind"
    with socket.socket() as probe:  # the port can be listened on again, as a restarted server does
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server.port))
        probe.listen()


def test_the_time_limit_covers_waiting(served: Served):
    """Workers and queue full of expensive queries: a new query is answered within its limit."""
    hogs = [threading.Thread(target=get, args=(f"{served.base}/sparql?query={quoted(CARTESIAN)}",))
            for _ in range(8)]
    for hog in hogs:
        hog.start()
    time.sleep(0.3)
    start = time.perf_counter()
    status, headers, _ = get(f"{served.base}/sparql?query={quoted('SELECT * WHERE { ?s ?p ?o } LIMIT 1')}")
    elapsed = time.perf_counter() - start
    for hog in hogs:
        hog.join(10)
    assert status in (200, 503) and elapsed < 2.5, (status, elapsed)
    if status == 503:
        assert "retry-after" in {k.lower() for k in headers} or elapsed > 1.5


@pytest.mark.load
def test_pages_and_saved_queries_stay_fast_while_45_expensive_queries_starve(
        capsys: pytest.CaptureFixture[str]):
    server = start_server("--timeout", "5")
    saved = [quoted(q.text) for q in library(ROOT / "queries").values()]
    stop = time.perf_counter() + 8
    pages: list[float] = []
    answers: list[tuple[int, float]] = []
    expensive: Counter[int] = Counter()
    retry_after: list[bool] = []

    def timed(url: str, accept: str | None = None) -> tuple[int, dict[str, str], float]:
        begin = time.perf_counter()
        status, headers, _ = get(url, accept)
        return status, headers, time.perf_counter() - begin

    def hog() -> None:
        while time.perf_counter() < stop:
            status, headers, _ = timed(f"{server.base}/sparql?query={quoted(CARTESIAN)}")
            expensive[status] += 1
            if status == 503:
                retry_after.append("Retry-After" in headers or "retry-after" in headers)
                time.sleep(0.05)

    def client(turn: int) -> None:
        while time.perf_counter() < stop:
            status, _, elapsed = timed(f"{server.base}/sparql?query={saved[turn % len(saved)]}")
            answers.append((status, elapsed))
            turn += 1

    def reader() -> None:
        while time.perf_counter() < stop:
            for path in ("/", "/id/laureat/mayenne", "/health", "/style.css", "/carte-des-laureats.svg"):
                status, _, elapsed = timed(server.base + path, "text/html")
                assert status == 200
                pages.append(elapsed)

    threads = [threading.Thread(target=hog) for _ in range(45)]
    threads += [threading.Thread(target=client, args=(n,)) for n in range(20)]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        stop_server(server)
    page_p99 = statistics.quantiles(pages, n=100)[-1]
    saved_p99 = statistics.quantiles([elapsed for _, elapsed in answers], n=100)[-1]
    with capsys.disabled():
        print(f"\n  starvation, 8 s: 45 expensive clients ({dict(expensive)}), 20 saved-query clients "
              f"({len(answers)} answers, p99 {saved_p99 * 1000:.0f} ms), pages and files "
              f"({len(pages)} requests, p99 {page_p99 * 1000:.0f} ms)")
    assert set(expensive) <= {200, 503} and all(retry_after)
    assert all(status == 200 for status, _ in answers), Counter(status for status, _ in answers)
    assert page_p99 < 1.0 and saved_p99 < 2.0


# -- the second attack: what a query makes never runs in the server process -------------------------

DECIMAL = 'CONSTRUCT { <urn:a> <urn:b> "1e999999999"^^<http://www.w3.org/2001/XMLSchema#decimal> } WHERE {}'
BLANK_CHAIN = ("PREFIX : <urn:>\nCONSTRUCT { " + " ".join(f"_:a{i} :p _:a{i + 1} ." for i in range(3000))
               + " } WHERE {}")
MANY_BLANKS = ("CONSTRUCT { ?x <urn:p> ?o . ?x <urn:q> ?s } WHERE { ?s ?p ?o . "
               "?l a <https://w3id.org/atelier-des-territoires/def#TerritoireLaureat> BIND(BNODE() AS ?x) }")


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_a_graph_answer_is_written_by_the_worker_as_it_is(served: Served, accept: str):
    before = served.peak_mib()
    start = time.perf_counter()
    status, headers, body = get(f"{served.base}/sparql?query={quoted(DECIMAL)}", accept)
    elapsed = time.perf_counter() - start
    assert status == 200 and headers["content-type"].startswith(accept)
    assert b"1e999999999" in body and len(body) < 5000, "the literal goes out as it was written"
    assert elapsed < 2 and served.peak_mib() - before < 32
    status, _, body = get(f"{served.base}/sparql?query={quoted(BLANK_CHAIN)}", accept)
    assert status == 200 and body.count(b"urn:p") >= 3000 or body.count(b":p") >= 3000


def test_graph_answers_do_not_stall_pages(served: Served):
    stop = time.perf_counter() + 4
    pages: list[float] = []

    def hammer() -> None:
        while time.perf_counter() < stop:
            get(f"{served.base}/sparql?query={quoted(MANY_BLANKS)}", "application/ld+json")

    def reader() -> None:
        while time.perf_counter() < stop:
            begin = time.perf_counter()
            assert get(f"{served.base}/id/laureat/mayenne", "text/html")[0] == 200
            pages.append(time.perf_counter() - begin)

    threads = [threading.Thread(target=hammer) for _ in range(10)] + [threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    print(f"\n  10 clients on CONSTRUCT answers in JSON-LD for 4 s: {len(pages)} pages, slowest "
          f"{max(pages) * 1000:.0f} ms")
    assert max(pages) < 1.0


BIG_ANSWER = ("SELECT ?v WHERE { ?s ?p ?o . "
              "?l a <https://w3id.org/atelier-des-territoires/def#TerritoireLaureat> "
              "BIND(CONCAT(STR(?s),STR(?p),STR(?l)) AS ?a) "
              "BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a) AS ?v) }")


def test_clients_that_never_read_hold_neither_memory_nor_the_server():
    server = start_server("--request-timeout", "2", "--max-rows", "100000", "--max-answer", "64",
                          descriptors=300)
    try:
        before = server.peak_mib()
        body = BIG_ANSWER.encode()
        head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        idle = []
        for _ in range(6):  # waves of 8 (the queue), each asking for a ~14 MB answer, never read
            for _ in range(8):
                connection = socket.socket()
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                connection.connect(("127.0.0.1", server.port))
                connection.sendall(head + body)
                idle.append(connection)
            time.sleep(0.8)
        status = get(f"{server.base}/health")[0]
        grown = server.peak_mib() - before
        time.sleep(6.5)  # past the write deadline (3 × the request timeout): the stalled are cut
        cut = 0
        for connection in idle:
            connection.settimeout(0.5)
            try:
                while connection.recv(1 << 20):
                    pass
                cut += 1
            except OSError:
                cut += 1  # reset by the server
            connection.close()
        print(f"\n  48 clients never reading ~14 MB answers: /health {status}, server grew {grown:.0f} MiB "
              f"(answers held: 128 MiB at most), {cut} connections cut")
        # Held answers (the 128 MiB budget) and those arriving from the two workers (twice their size).
        assert status == 200 and grown < 128 + 4 * 32 and cut == len(idle)
        assert get(f"{server.base}/health")[0] == 200
    finally:
        stop_server(server)


def test_the_command_publishes_the_vocabulary_and_the_query_page(served: Served):
    """`atelier-kg serve` builds its site with the vocabulary, the shapes and the saved queries."""
    status, headers, body = get(f"{served.base}/def", "application/rdf+xml")
    assert status == 200 and headers["content-type"].startswith("application/rdf+xml") and b"<rdf:RDF" in body
    assert get(f"{served.base}/def/formes-atelier-shapes.ttl")[0] == 200
    status, _, body = get(f"{served.base}/sparql", "text/html")
    assert status == 200 and b'id="exemple-equipes-par-laureat"' in body
    status, headers, _ = get(f"{served.base}/sparql", "application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")


def test_no_worker_is_left_by_the_module_server(served: Served):
    """Last in the file: the shared server also ends cleanly (its workers with it)."""
    workers = served.children()
    stop_server(served)
    assert served.process.returncode in (0, 128 + signal.SIGTERM, -signal.SIGTERM)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    os.environ.get("PATH")  # keep the import of os used where /proc is not
