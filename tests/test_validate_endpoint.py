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


def test_validate_endpoint_on_the_command_line(server: str, tmp_path):
    import os

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        # A home without ~/.netrc: without --user, its entry for the host would be sent (as by push).
        return subprocess.run([sys.executable, "-m", "atelier_kg", "--lang", "en", "validate", *arguments],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "HOME": str(tmp_path)})

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


# -- credentials, as for push ---------------------------------------------------------------------------

@pytest.fixture
def guarded_endpoint() -> Iterator[tuple[str, list[str | None]]]:
    """A SPARQL endpoint that answers (no result) only to alice:secret over HTTP Basic, and sends
    /moved elsewhere; its query URL and the Authorization headers it received."""
    import base64
    import http.server
    import threading

    seen: list[str | None] = []
    expected = "Basic " + base64.b64encode(b"alice:secret").decode()

    class Endpoint(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.headers.get("Authorization"))
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()
                return
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                self.end_headers()
                self.wfile.write(b"who are you?")
                return
            body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _validate_endpoint(url: str, *arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "atelier_kg", "--lang", "en", "validate", "--endpoint", url,
                           *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
                          stdin=subprocess.DEVNULL)


def test_validate_endpoint_sends_the_credentials_push_would(guarded_endpoint, tmp_path):
    import os

    url, seen = guarded_endpoint
    home = {**os.environ, "HOME": str(tmp_path)}
    home.pop("ATELIER_KG_PASSWORD", None)
    refused = _validate_endpoint(f"{url}/query", env=home)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "HTTP 401" in refused.stderr
    with_user = _validate_endpoint(f"{url}/query", "--user", "alice",
                                   env={**home, "ATELIER_KG_PASSWORD": "secret"})
    assert with_user.returncode == 0 and "conforms" in with_user.stdout, with_user.stderr
    assert "unencrypted" not in with_user.stderr  # the loopback is not the network
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login alice password secret\n", "utf-8")
    (tmp_path / ".netrc").chmod(0o600)
    from_netrc = _validate_endpoint(f"{url}/query", env=home)
    assert from_netrc.returncode == 0, from_netrc.stderr
    no_password = _validate_endpoint(f"{url}/query", "--user", "alice", env=home)
    assert no_password.returncode == 2 and "ATELIER_KG_PASSWORD" in no_password.stderr
    assert None in seen and any(header and header.startswith("Basic ") for header in seen)


def test_validate_endpoint_does_not_follow_a_redirect_with_the_credentials(guarded_endpoint, tmp_path):
    import os

    url, seen = guarded_endpoint
    env = {**os.environ, "HOME": str(tmp_path), "ATELIER_KG_PASSWORD": "secret"}
    moved = _validate_endpoint(f"{url}/moved", "--user", "alice", env=env)
    assert moved.returncode == 2 and moved.stderr.count("\n") == 1 and "HTTP 302" in moved.stderr
    assert len(seen) == 1  # one query asked, nothing sent on to the new address
