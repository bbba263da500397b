"""The server under attack and under load.

Path traversal is sent on a raw socket (no client normalises the path): encoded, doubled,
backslashes, NUL, and symbolic links placed inside the site that lead out of it. The load
test (marker `load`, run by .ci/run) has 20 clients run saved queries for a bounded time
while expensive queries hold the workers; no request may fail with a server error, and
/health and pages must answer within 1 s throughout. Its figures are printed.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from atelier_kg.query import library

from .conftest import ROOT
from .test_site_and_server import get, server, site_dir  # noqa: F401  (shared fixtures)

SECRET = "atelier-kg-secret-outside-the-site"


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """GET exactly `target` (bytes on the wire as written), with no client-side normalisation."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode("latin-1"))
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return status, response


@pytest.fixture(scope="module")
def escape_links(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """A secret outside the site, and links inside the site that lead to it."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    (site_dir / "escape").symlink_to(outside, target_is_directory=True)
    (site_dir / "id" / "escape.html").symlink_to(outside / "secret.txt")
    (site_dir / "secret.html").symlink_to(outside / "secret.txt")
    return outside


TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/....//....//....//etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/..%5c..%5c..%5cetc%5cpasswd",
    "/..\\..\\..\\etc\\passwd",
    "/id/..%2f..%2f..%2fpyproject.toml",
    "/id/%2e%2e/%2e%2e/pyproject.toml",
    "/id/laureat/mayenne/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/index.html%00../../etc/passwd",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "//etc/passwd",
    "/escape/secret.txt",
    "/secret.html",
    "/id/escape",
    "/id/escape.html",
    "/static/../../../pyproject.toml",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_no_path_leaves_the_site(server: str, escape_links: Path, target: str):  # noqa: F811
    status, response = raw_get(server, target)
    assert status in (400, 404, 406), (status, response[:200])
    assert SECRET.encode() not in response and b"root:" not in response and b"[project]" not in response


def _timed_get(url: str, accept: str | None = None) -> tuple[int, float]:
    start = time.perf_counter()
    status, _, _ = get(url, accept)
    return status, time.perf_counter() - start


ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


Probe = tuple[str, int, float]


def _load(base: str, seconds: float, hogs: int) -> tuple[list[int], list[float], list[Probe]]:
    """20 clients on the saved queries for `seconds`, with `hogs` expensive queries running."""
    saved = [urllib.parse.quote(q.text) for q in library(ROOT / "queries").values()]
    expensive = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    stop = time.perf_counter() + seconds
    statuses: list[int] = []
    latencies: list[float] = []
    probes: list[Probe] = []

    def client(turn: int) -> None:
        while time.perf_counter() < stop:
            status, elapsed = _timed_get(f"{base}/sparql?query={saved[turn % len(saved)]}", ACCEPT)
            statuses.append(status)
            latencies.append(elapsed)
            turn += 1

    def hog() -> None:
        while time.perf_counter() < stop:
            _timed_get(f"{base}/sparql?query={expensive}")

    def prober() -> None:
        while time.perf_counter() < stop:
            for path in ("/health", "/", "/id/laureat/mayenne"):
                status, elapsed = _timed_get(base + path, "text/html")
                probes.append((path, status, elapsed))
            time.sleep(0.2)

    threads = [threading.Thread(target=hog) for _ in range(hogs)] + [threading.Thread(target=prober)]
    threads += [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses, latencies, probes


@pytest.mark.load
def test_twenty_clients_alone_then_while_expensive_queries_run(
    server: str, capsys: pytest.CaptureFixture[str]  # noqa: F811
):
    for title, hogs in (("20 clients", 0), ("20 clients + 2 expensive queries", 2)):
        statuses, latencies, probes = _load(server, 5.0, hogs)
        assert statuses and all(status == 200 for status in statuses), Counter(statuses)
        assert all(status == 200 for _, status, _ in probes), probes
        slowest = max(elapsed for _, _, elapsed in probes)
        p95 = statistics.quantiles(latencies, n=20)[-1]
        with capsys.disabled():
            print(f"\n  load test, {title}, 5 s: {len(statuses)} saved-query requests, all 200; "
                  f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
                  f"/health and pages: {len(probes)} probes, slowest {slowest * 1000:.0f} ms")
        assert slowest < 1.0, f"health or a page took {slowest:.2f} s while queries ran"
