"""`validate --endpoint`: the rules run as queries by a real Oxigraph server, after `push`.

The server is the `oxigraph` command (the Oxigraph CLI, a dependency of the tests); it listens on
the loopback only and keeps its store in a temporary folder.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from atelier_kg import Project
from atelier_kg.messages import EntryError

from .conftest import DATA, ROOT

SHAPES = ROOT / "shapes"
MAYENNE = "https://w3id.org/atelier-des-territoires/id/laureat/mayenne"
GRAPH = "https://example.org/graphe"
pytestmark = pytest.mark.skipif(shutil.which("oxigraph") is None,
                                reason="the oxigraph server is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding the shipped data, pushed by atelier-kg into the default graph and
    into a named graph; its base URL."""
    port = _free_port()
    process = subprocess.Popen(["oxigraph", "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        project = Project(data=DATA, shapes=SHAPES, root=ROOT)
        assert project.push(f"{base}/store")[0] in (200, 201, 204)
        assert project.push(f"{base}/store", GRAPH)[0] in (200, 201, 204)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()  # noqa: S310
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _update(base: str, text: str) -> None:
    request = urllib.request.Request(f"{base}/update", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=10).close()  # noqa: S310


def _located(report) -> list[tuple[str, str | None, int | None, str]]:  # type: ignore[no-untyped-def]
    return [(p.rule, p.path, p.line, str(p.focus)) for p in report.problems]


def test_the_pushed_data_conforms_in_the_store_as_on_disk(server: str):
    project = Project(data=DATA, shapes=SHAPES, root=ROOT)
    assert project.validate_endpoint(f"{server}/query").problems == []
    assert project.validate_endpoint(f"{server}/query", GRAPH).problems == []


def _remove_french_name(server: str) -> None:
    """In the named graph only: the French name of the Mayenne laureate (idempotent)."""
    _update(server, f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{MAYENNE}> <{SKOS.prefLabel}> ?label }} }} ; "
                    f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{MAYENNE}> <{SKOS.prefLabel}> \"Mayenne\"@en }} }}")


def test_a_fault_made_in_the_store_is_found_at_its_file_and_line(server: str):
    _remove_french_name(server)
    project = Project(data=DATA, shapes=SHAPES, root=ROOT)
    report = project.validate_endpoint(f"{server}/query", GRAPH)
    assert ("atds:label-fr", "data/laureats/mayenne.yaml") in {(p.rule, p.path) for p in report.problems}
    assert all(p.line for p in report.problems if p.path == "data/laureats/mayenne.yaml")
    # The same fault in the graph on disk: the local engine reports the same problems.
    loaded = project.load()
    loaded.graph.remove((URIRef(MAYENNE), SKOS.prefLabel, None))
    loaded.graph.add((URIRef(MAYENNE), SKOS.prefLabel, Literal("Mayenne", lang="en")))
    assert _located(project.check(loaded)) == _located(report)
    assert project.validate_endpoint(f"{server}/query").problems == []  # the default graph untouched


def test_validate_endpoint_on_the_command_line(server: str):
    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "atelier_kg", "--lang", "en", "validate", *arguments],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    _remove_french_name(server)
    clean = run("--endpoint", f"{server}/query")
    assert clean.returncode == 0 and "conforms" in clean.stdout, clean.stderr
    faulty = run("--endpoint", f"{server}/query", "--graph", GRAPH)
    assert faulty.returncode == 1
    assert "data/laureats/mayenne.yaml:" in faulty.stdout and "French name is missing" in faulty.stdout
    refused = run("--endpoint", f"http://127.0.0.1:{_free_port()}/query")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "the SPARQL endpoint did not answer" in refused.stderr


def test_an_endpoint_that_is_not_http_is_refused():
    with pytest.raises(EntryError) as refused:
        Project(data=DATA, shapes=SHAPES, root=ROOT).validate_endpoint("file:///etc/passwd")
    assert refused.value.code == "endpoint_failed"
