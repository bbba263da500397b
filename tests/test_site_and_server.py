"""The site, the server (content negotiation, SPARQL protocol, path safety), push, and a real browser."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import uvicorn
from rdflib import Graph

from atelier_kg.load import load_graph
from atelier_kg.push import push_graph
from atelier_kg.query import QueryEngine, library
from atelier_kg.serve import SparqlService, create_app, negotiate
from atelier_kg.site import build_site
from atelier_kg.validate import load_shapes
from atelier_kg.webserver import GuardedH11Protocol

from .conftest import DATA, LAUREATES, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA, data)
    organisations = data / "organisations.yaml"
    # A hostile label: it must be shown as text, never run.
    organisations.write_text(
        organisations.read_text("utf-8").replace(
            'label: {fr: "Meix", en: "Meix"}', 'label: {fr: "Meix <script>alert(1)</script>", en: "Meix"}'
        ),
        "utf-8",
    )
    graph = load_graph(data).graph
    out = tmp_path_factory.mktemp("site") / "site"
    models = {"ontologie.ttl": (ROOT / "ontology" / "atelier.ttl").read_bytes(),
              **{f"formes-{p.name}": p.read_bytes() for p in (ROOT / "shapes").glob("*.ttl")}}
    build_site(graph, Graph().parse(ROOT / "ontology" / "atelier.ttl"), load_shapes(ROOT / "shapes"), out,
               models=models, queries=library(ROOT / "queries"))
    return out


@pytest.fixture(scope="module")
def server(site_dir):  # type: ignore[no-untyped-def]
    """The app as `atelier-kg serve` puts it together: ad hoc and saved queries in their own pools."""
    engine = QueryEngine(load_graph(DATA).graph, workers=2, waiting=8)
    saved = engine.pool(1, waiting=32)
    texts = frozenset(q.text for q in library(ROOT / "queries").values())
    port = free_port()
    app = create_app(site_dir, SparqlService(engine, saved, texts, timeout=1.0, max_rows=50))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", http=GuardedH11Protocol)
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(5)
    engine.close()
    saved.close()


def get(url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None):  # type: ignore[no-untyped-def]
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_site_has_a_page_and_representations_per_resource(site_dir):
    for slug in LAUREATES:
        for suffix in (".html", ".ttl", ".jsonld", ".nt"):
            assert (site_dir / "id" / "laureat" / f"{slug}{suffix}").is_file()
    for name in (
        "index.html",
        "def.html",
        "guide/index.html",
        "search-index.json",
        "nginx.conf",
        "apache.conf",
        ".htaccess",
        "404.html",
        "sparql.html",
        "id/laureat/index.html",
    ):
        assert (site_dir / name).is_file(), name
    page = (site_dir / "id" / "laureat" / "mayenne.html").read_text("utf-8")
    assert '<html lang="fr"' in page and 'lang="en"' in page
    assert 'href="/id/equipe/mayenne"' in page, "links to the team's page"
    assert "Direction départementale des territoires de la Mayenne" in page, "links show labels, not IRIs"
    assert 'type="application/ld+json"' in page and '"@type"' in page


def test_labels_are_escaped_everywhere(site_dir):
    page = (site_dir / "id" / "organisation" / "meix.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    index = json.loads((site_dir / "search-index.json").read_text("utf-8"))
    assert any("<script>" in item["fr"] for item in index), (
        "kept as text; site.js inserts it with textContent"
    )


def test_vocabulary_and_guide(site_dir):
    vocabulary = (site_dir / "def.html").read_text("utf-8")
    assert "atd:TerritoireLaureat" in vocabulary and "org:Organization" in vocabulary
    guide = (site_dir / "guide" / "index.html").read_text("utf-8")
    assert "objectif principal" in guide and "DDT dans la région" in guide


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/html", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
        ("*/*", "text/html"),
        (None, "text/html"),
    ],
)
@pytest.mark.parametrize(
    "resource",
    [
        "laureat/mayenne",
        "organisation/dgaln",
        "equipe/charente",
        "adhesion/mayenne--caudex",
        "departement/53",
        "epci/200033298",
    ],
)
def test_content_negotiation(server, resource, accept, media):
    status, headers, body = get(f"{server}/id/{resource}", accept)
    assert status == 200 and headers["content-type"].startswith(media)
    assert headers.get("vary") == "Accept"
    if media == "text/turtle":
        assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) > 2


def test_not_acceptable_and_unknown(server):
    assert get(f"{server}/id/laureat/mayenne", "image/png")[0] == 406
    assert get(f"{server}/id/laureat/inconnu", "text/turtle")[0] == 404
    assert (
        negotiate("text/*;q=0.3, application/ld+json;q=0.9", ["text/html", "application/ld+json"])
        == "application/ld+json"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/id/laureat/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/id/laureat/mayenne.html/../../../../etc/passwd",
        "/static/../../pyproject.toml",
    ],
)
def test_no_path_outside_the_site(server, path):
    status, _, body = get(server + path)
    assert status in (400, 404) and b"root:" not in body and b"[project]" not in body


def test_sparql_protocol(server):
    query = "SELECT ?l WHERE { ?l a atd:TerritoireLaureat } ORDER BY ?l"  # default prefixes apply
    status, headers, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 6
    for accept, marker in (
        ("application/sparql-results+xml", b"<sparql"),
        ("text/csv", b"l\r\n"),
        ("text/tab-separated-values", b"?l"),
    ):
        status, headers, body = get(f"{server}/sparql", accept, query.encode(), "application/sparql-query")
        assert status == 200 and marker in body, accept
    form = urllib.parse.urlencode({"query": query}).encode()
    assert get(f"{server}/sparql", None, form, "application/x-www-form-urlencoded")[0] == 200
    construct = "CONSTRUCT { laureat:mayenne ?p ?o } WHERE { laureat:mayenne ?p ?o }"
    status, headers, body = get(f"{server}/sparql?query={urllib.parse.quote(construct)}", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, body = get(
        f"{server}/sparql?query={urllib.parse.quote(construct)}", "application/ld+json"
    )
    assert status == 200 and json.loads(body)


def test_sparql_refusals_bounds_and_time_limit(server):
    for query in (
        "LOAD <http://example.org/x>",
        "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s",
    ):
        assert get(f"{server}/sparql?query={urllib.parse.quote(query)}")[0] == 400
    status, headers, body = get(f"{server}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o }')}")
    assert (
        status == 200
        and len(json.loads(body)["results"]["bindings"]) == 50
        and "x-result-truncated" in headers
    )
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    assert get(f"{server}/sparql?query={urllib.parse.quote(slow)}")[0] == 503
    assert get(f"{server}/health")[0] == 200, "healthy after a stopped query"
    assert get(f"{server}/sparql")[0] == 400


def test_push_to_a_real_oxigraph_server(tmp_path):
    executable = shutil.which("oxigraph")
    assert executable, "the oxigraph server comes with the test dependencies (pip install oxigraph)"
    port = free_port()
    process = subprocess.Popen(
        [executable, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        graph = load_graph(DATA).graph
        named = "https://w3id.org/atelier-des-territoires/graphe"
        for _ in range(2):  # twice: the second PUT replaces, it does not add
            assert push_graph(graph, f"{base}/store", named) in (200, 201, 204)
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{named}> {{ ?s ?p ?o }} }}"
        _, _, body = get(f"{base}/query?query={urllib.parse.quote(count)}", "application/sparql-results+json")
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(graph)
    finally:
        process.kill()
        process.wait(10)


def chromium(*args: str) -> str:
    executable = shutil.which("chromium")
    assert executable, "Chromium (Debian package) is installed by .ci/run"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=3000",
    ]
    with __import__("tempfile").TemporaryDirectory() as profile:
        result = subprocess.run(
            [executable, *flags, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=90,
        )
    return result.stdout


def test_real_browser_shows_home_map_and_laureate(server, tmp_path):
    home = chromium("--dump-dom", f"{server}/")
    assert "Atelier des territoires" in home
    for slug in LAUREATES:
        assert f'id="laureat-{slug}"' in home, "each territory on the map"
        assert f'href="/id/laureat/{slug}"' in home
    page = chromium("--dump-dom", f"{server}/id/laureat/mayenne")
    assert "Lauréat Mayenne" in page and "Équipe pluridisciplinaire — Lauréat Mayenne" in page
    assert "CC des Coëvrons (porteur, à confirmer)" in page, "the lead body, and what is known of it"
    shot = tmp_path / "home.png"
    chromium("--window-size=1280,1600", f"--screenshot={shot}", f"{server}/")
    assert shot.is_file() and shot.stat().st_size > 10_000
