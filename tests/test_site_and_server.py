"""The site, the server (content negotiation, SPARQL protocol, path safety), push, and a real browser."""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
import uvicorn
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from atelier_kg.load import load_graph
from atelier_kg.namespaces import ID
from atelier_kg.push import push_graph
from atelier_kg.query import QueryEngine, library
from atelier_kg.query.library import bind_parameters
from atelier_kg.serve import SparqlService, create_app, negotiate
from atelier_kg.site.display import localized
from atelier_kg.site.service import with_defaults
from atelier_kg.webserver import GuardedH11Protocol

from .conftest import DATA, LAUREATES, ROOT

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site_dir(published_site) -> Path:  # type: ignore[no-untyped-def]
    """The site (tests/conftest.py), with one hostile label."""
    return published_site


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


def test_each_resource_file_is_its_description_serialized_alone(site_dir):
    """The site cuts resources' N-Triples and JSON-LD out of the whole graph's files: same bytes."""
    from atelier_kg.export import serialize
    from atelier_kg.site import page_path

    graph = Graph().parse(site_dir / "atelier-des-territoires.nt")
    subjects = sorted({s for s in graph.subjects() if str(s).startswith(str(ID))})
    assert len(subjects) > 500
    for node in subjects:
        description = Graph()
        for triple in graph.triples((node, None, None)):
            description.add(triple)
        for suffix, name in ((".nt", "nt"), (".jsonld", "jsonld")):
            published = (site_dir / f"{page_path(node)}{suffix}").read_bytes()
            assert published == serialize(description, name), f"{node}{suffix}"


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


# -- issue 17: the vocabulary, navigable pages, the query page ------------------------------------

ONTOLOGY_IRI = "https://w3id.org/atelier-des-territoires/def"
VOCABULARY_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                      "application/n-triples": "nt", "application/rdf+xml": "xml"}


@pytest.mark.parametrize(("accept", "parser"), sorted(VOCABULARY_FORMATS.items()))
def test_the_vocabulary_dereferences_in_every_rdf_format(server, accept, parser):
    status, headers, body = get(f"{server}/def", accept)
    assert status == 200 and headers["content-type"].startswith(accept) and headers["vary"] == "Accept"
    ontology = Graph().parse(data=body, format=parser)
    source = Graph().parse(ROOT / "ontology" / "atelier.ttl")
    assert len(ontology) == len(source) and not (set(source) ^ set(ontology)), "the same vocabulary"
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology
    assert (URIRef(ONTOLOGY_IRI + "#TerritoireLaureat"), RDF.type, OWL.Class) in ontology


def test_the_vocabulary_page_and_its_files(server, site_dir):
    status, headers, body = get(f"{server}/def", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert get(f"{server}/def", "image/png")[0] == 406
    assert get(f"{server}/def/")[0] == 200 and get(f"{server}/def.rdf")[0] == 200
    assert (site_dir / "def.ttl").read_bytes() == (ROOT / "ontology" / "atelier.ttl").read_bytes()
    shapes = site_dir / "def" / "formes-atelier-shapes.ttl"
    assert shapes.read_bytes() == (ROOT / "shapes" / "atelier-shapes.ttl").read_bytes()
    # Contents: every class and property has its anchor, and the table of contents points at them.
    ids = set(re.findall(r'<article id="([A-Za-z]+)" class="term">', page))
    source = Graph().parse(ROOT / "ontology" / "atelier.ttl")
    terms = {str(s).split("#")[1] for s in source.subjects() if str(s).startswith(ONTOLOGY_IRI + "#")}
    assert ids == terms
    toc = page[page.index('<nav class="toc"'):page.index("</nav>", page.index('<nav class="toc"'))]
    assert set(re.findall(r'href="#([A-Za-z]+)"', toc)) >= ids | {"prefixes", "diagramme", "telechargements"}
    assert "<code>igeo:</code>" in page and "<code>http://rdf.insee.fr/def/geo#</code>" in page, "prefixes"
    session = page[page.index('<article id="TerritoireLaureat"'):]
    session = session[:session.index("</article>")]
    assert 'lang="fr">territoire lauréat' in session and 'lang="en">laureate territory' in session
    assert "<code>atd:session</code>" in session or "atd:session" in page
    assert "Exigé par les formes" in session and "<code>atd:objectifPrincipal</code>" in session
    laureate_session = page[page.index('<article id="session"'):]
    laureate_session = laureate_session[:laureate_session.index("</article>")]
    assert 'href="#TerritoireLaureat"' in laureate_session and 'href="#Session"' in laureate_session
    diagram = (site_dir / "def" / "diagramme.svg").read_text("utf-8")
    ElementTree.fromstring(diagram)
    classes = {t for t in terms if t[0].isupper()}
    assert set(re.findall(r'<a href="#([A-Za-z]+)" class="class">', diagram)) == classes
    assert diagram.count("<line ") >= 20 and diagram in page.replace("\n</figure>", "</figure>") or (
        "<svg" in page[page.index('class="diagram"'):])
    for name in ("/def.ttl", "/def.jsonld", "/def.nt", "/def.rdf", "/def/formes-atelier-shapes.ttl"):
        assert f'href="{name}"' in page and get(server + name)[0] == 200, name


def test_deprecated_terms_say_so_and_name_their_replacement(site_dir):
    page = (site_dir / "def.html").read_text("utf-8")
    source = Graph().parse(ROOT / "ontology" / "atelier.ttl")
    deprecated = {s for s in source.subjects(OWL.deprecated, Literal(True))}
    assert len(deprecated) >= 3
    for term in deprecated:
        local = str(term).split("#")[1]
        article = page.split(f'<article id="{local}" class="term">')[1].split("</article>")[0]
        assert 'class="deprecated"' in article and "Obsolète" in article, local
        for replacement in source.objects(term, DCTERMS.isReplacedBy):
            assert f'href="#{str(replacement).split("#")[1]}"' in article, (local, replacement)
        assert f'<a href="#{local}">atd:{local}</a> <small>(' in page, "marked in the contents too"


def test_pages_link_both_ways_with_roles_maps_and_localized_values(site_dir):
    firm = (site_dir / "id" / "organisation" / "caudex.html").read_text("utf-8")
    assert 'href="/id/equipe/mayenne"' in firm and 'href="/id/equipe/charente"' in firm, "the firm's teams"
    assert '<span class="note">(<span lang="fr" class="l-fr">mandataire</span>' in firm, "with its role"
    team = (site_dir / "id" / "equipe" / "mayenne.html").read_text("utf-8")
    assert 'href="/id/organisation/caudex"' in team and "Référencé par" in team
    assert 'href="/id/laureat/mayenne"' in team, "the laureate that has this team, from the team's side"
    department = (site_dir / "id" / "departement" / "53.html").read_text("utf-8")
    referenced = department[department.index('id="liens"'):]
    assert "← département" in referenced and 'href="/id/laureat/mayenne"' in referenced
    assert ">comprend<" in referenced and 'href="/id/commune/53097"' in referenced, "its communes"
    laureate = (site_dir / "id" / "laureat" / "mayenne.html").read_text("utf-8")
    assert "membres de l&#39;équipe" in laureate and 'href="/id/organisation/caudex"' in laureate
    figure = laureate[laureate.index('<figure class="territory-map">'):laureate.index("</figure>")]
    assert figure.count("<path ") == 2 and "<title" in figure and "CC des Coëvrons" in figure
    assert '<svg' in (site_dir / "id" / "epci" / "200033298.html").read_text("utf-8")
    event = (site_dir / "id" / "evenement" / "lancement-rives-du-rhone.html").read_text("utf-8")
    assert ">12 février 2024<" in event and ">12 February 2024<" in event and "2024-02-12<" not in event
    call = (site_dir / "id" / "ami" / "2023-territoires-productifs.html").read_text("utf-8")
    assert ">1\u202f000\u202f000<" in call and ">1,000,000<" in call
    kind_index = (site_dir / "id" / "laureat" / "index.html").read_text("utf-8")
    assert "<title>Lauréats — " in kind_index and '<h1><span lang="fr" class="l-fr">Lauréats' in kind_index


def test_no_row_is_left_blank_in_either_language(site_dir):
    for path in sorted((site_dir / "id").glob("*/*.html")):
        page = path.read_text("utf-8")
        for block in re.findall(r"<dt>(.*?)(?=<dt>|</dl>)", page, re.S):
            dds = re.findall(r"<dd([^>]*)>(.*?)</dd>", block, re.S)
            assert dds, (path, block[:80])
            for lang in ("fr", "en"):
                shown = [body for attributes, body in dds if f'class="l-{"en" if lang == "fr" else "fr"}"'
                         not in attributes]
                assert shown and all(body.strip() for body in shown), (path, lang, block[:120])


@pytest.mark.parametrize(("true", "day", "number", "expected"), [
    (Literal(True), None, None, {"fr": "oui", "en": "yes"}),
    (Literal(False), None, None, {"fr": "non", "en": "no"}),
    (None, Literal("2024-03-01", datatype=XSD.date), None, {"fr": "1er mars 2024", "en": "1 March 2024"}),
    (None, None, Literal("150000", datatype=XSD.integer), {"fr": "150\u202f000", "en": "150,000"}),
    (None, None, Literal("-1234.50", datatype=XSD.decimal), {"fr": "-1\u202f234,5", "en": "-1,234.5"}),
])
def test_values_are_written_as_each_language_writes_them(true, day, number, expected):
    assert localized(true if true is not None else day if day is not None else number) == expected
    assert localized(Literal("not a date", datatype=XSD.date)) is None
    assert localized(Literal("texte", lang="fr")) is None


def test_unknown_paths_get_the_html_404_page(server):
    for path in ("/id/laureat/inconnu", "/nulle-part", "/id/laureat/inconnu.ttl"):
        status, headers, body = get(server + path)
        assert status == 404 and headers["content-type"].startswith("text/html"), path
        assert "Page introuvable" in body.decode("utf-8") and "Page not found" in body.decode("utf-8")


def test_sparql_page_service_description_and_void(server):
    status, headers, body = get(f"{server}/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<textarea id="query"' in page
    for query in library(ROOT / "queries").values():
        assert f'id="exemple-{query.name}"' in page and query.title("fr") in page.replace("&#39;", "'")
    assert '<script src="/sparql.js"></script>' in page and "https://" not in page.split("<main")[1].split(
        "</main>")[0].replace("https://w3id.org/", ""), "no asset from elsewhere"
    assert get(f"{server}/sparql.js")[0] == 200
    status, headers, body = get(f"{server}/sparql", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=body, format="turtle")
    service = next(description.subjects(RDF.type, SD.Service))
    assert (service, SD.endpoint, URIRef("https://w3id.org/atelier-des-territoires/sparql")) in description
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    assert len(list(description.objects(service, SD.resultFormat))) == 7
    status, headers, body = get(f"{server}/.well-known/void", "application/n-triples")
    void = Graph().parse(data=body, format="nt")
    assert status == 200 and (None, VOID.sparqlEndpoint, None) in void and (None, VOID.triples, None) in void
    assert get(f"{server}/.well-known/void")[1]["content-type"].startswith("text/turtle")


def test_updates_are_refused_with_a_clear_message(server):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    answers = [
        get(f"{server}/sparql?update={urllib.parse.quote(update)}"),
        get(f"{server}/sparql", None, update.encode(), "application/sparql-update"),
        get(f"{server}/sparql", None, urllib.parse.urlencode({"update": update}).encode(),
            "application/x-www-form-urlencoded"),
    ]
    for status, _, body in answers:
        assert status == 400 and b"read-only" in body and b"lecture seule" in body
    count = "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }"
    _, _, body = get(f"{server}/sparql?query={urllib.parse.quote(count)}")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"


def test_result_downloads_in_each_format(server):
    query = urllib.parse.quote("SELECT ?l WHERE { ?l a atd:TerritoireLaureat } ORDER BY ?l")
    for name, marker in (("csv", b"l\r\n"), ("tsv", b"?l\n"), ("json", b'"bindings"'), ("xml", b"<sparql")):
        status, headers, body = get(f"{server}/sparql?format={name}&query={query}",
                                    "text/html,application/xhtml+xml,*/*;q=0.8")
        assert status == 200 and marker in body, name
        assert headers["content-disposition"] == f'attachment; filename="resultats.{name}"'
    construct = urllib.parse.quote("CONSTRUCT { laureat:mayenne ?p ?o } WHERE { laureat:mayenne ?p ?o }")
    status, headers, body = get(f"{server}/sparql?format=nt&query={construct}", "text/html")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    # A browser that follows a link with a query gets the page, which runs it.
    status, headers, body = get(f"{server}/sparql?query={query}", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and b'<textarea id="query"' in body


PROBE = """<!DOCTYPE html><html lang="en"><body><pre id="probe">waiting</pre><iframe id="frame"
 style="width:1280px;height:900px" src="%(src)s"></iframe><script>
var frame = document.getElementById("frame");
function report(data) { document.getElementById("probe").textContent = JSON.stringify(data); }
frame.addEventListener("load", function () {
  var doc = frame.contentDocument;
  setTimeout(function () { report((%(check)s)(doc)); }, %(wait)s);
  %(act)s
});
</script></body></html>"""


def probe(server: str, site_dir: Path, name: str, src: str, check: str, act: str = "", wait: int = 200):
    """Open a page in the browser, act on it as a reader would, and read what the page shows."""
    (site_dir / f"sonde-{name}.html").write_text(PROBE % {"src": src, "check": check, "act": act,
                                                        "wait": wait}, "utf-8")
    dom = chromium("--virtual-time-budget=8000", "--dump-dom", f"{server}/sonde-{name}.html")
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[:500]
    return json.loads(html.unescape(found[1]))


def test_browser_runs_a_saved_query_from_the_query_page(server, site_dir, tmp_path):
    saved = library(ROOT / "queries")["equipes-par-laureat"]
    act = f"""var area = doc.getElementById("query"); area.value = {json.dumps(saved.text)};
  doc.querySelector("#sparql-form button").click();"""
    check = """function (doc) { return {rows: doc.querySelectorAll("#results tr.result").length,
      head: Array.from(doc.querySelectorAll("#results th")).map(function (th) { return th.textContent; }),
      first: (doc.querySelector("#results tr.result td") || {}).textContent,
      downloads: Array.from(doc.querySelectorAll("#downloads a")).map(function (a) { return a.textContent; }),
      address: doc.location.search.slice(0, 7), examples: doc.querySelectorAll(".examples li").length}; }"""
    seen = probe(server, site_dir, "sparql", "/sparql", check, act, wait=2500)
    assert seen["rows"] == 27 and seen["head"][:2] == ["laureat", "rang"], seen
    assert seen["first"].startswith("Lauréat") and seen["downloads"] == ["JSON", "XML", "CSV", "TSV"]
    assert seen["address"] == "?query=" and seen["examples"] == len(library(ROOT / "queries"))
    shot = tmp_path / "sparql.png"
    chromium("--window-size=1280,1400", "--virtual-time-budget=5000", f"--screenshot={shot}",
             f"{server}/sparql?query={urllib.parse.quote(saved.text)}")
    assert shot.stat().st_size > 50_000


def test_browser_shows_a_laureate_with_its_map_and_team(server, site_dir, tmp_path):
    check = """function (doc) { var map = doc.querySelector(".territory-map svg");
      var box = map ? map.getBoundingClientRect() : {width: 0, height: 0};
      var members = Array.from(doc.querySelectorAll("section[aria-labelledby=membres] dd a"));
      return {map: [Math.round(box.width), Math.round(box.height)],
        title: map ? map.querySelector("title").textContent : "",
        members: members.map(function (a) { return a.getAttribute("href"); }),
        lang: doc.documentElement.getAttribute("lang"),
        unlabelled: doc.querySelectorAll("img:not([alt]), svg:not([aria-labelledby])").length}; }"""
    seen = probe(server, site_dir, "laureat", "/id/laureat/mayenne", check)
    assert seen["map"] == [260, 260] and seen["title"].startswith("Carte : CC des Coëvrons"), seen
    assert "/id/organisation/caudex" in seen["members"] and seen["lang"] == "fr" and seen["unlabelled"] == 0
    # In English (the reader's switch), every row still shows a value: no blank row.
    check = """function (doc) {
      function shown(e) { return e.getClientRects().length > 0 && e.innerText.trim() !== ""; }
      var blank = Array.from(doc.querySelectorAll("dt")).filter(function (dt) {
        var next = dt.nextElementSibling, any = false;
        while (next && next.tagName === "DD") { any = any || shown(next); next = next.nextElementSibling; }
        return !any; }).map(function (dt) { return dt.textContent; });
      var empty = Array.from(doc.querySelectorAll("dd")).filter(function (dd) {
        return dd.getClientRects().length > 0 && dd.innerText.trim() === ""; }).length;
      return {blank: blank, empty: empty, rows: doc.querySelectorAll("dt").length,
        lang: doc.documentElement.lang,
        heading: doc.querySelector("#liens").innerText,
        links: Array.from(doc.querySelectorAll("section[aria-labelledby=liens] a")).map(function (a) {
          return a.getAttribute("href"); })}; }"""
    act = 'doc.getElementById("switch-lang").click();'
    seen = probe(server, site_dir, "langue", "/id/ambition/mayenne--territoire-apprenant", check, act)
    assert seen["lang"] == "en" and seen["rows"] > 2 and seen["blank"] == [] and seen["empty"] == 0, seen
    assert seen["heading"] == "Referenced by" and "/id/laureat/mayenne" in seen["links"], seen
    shot = tmp_path / "laureat.png"
    chromium("--window-size=1280,1400", f"--screenshot={shot}", f"{server}/id/laureat/mayenne")
    assert shot.stat().st_size > 50_000


def test_browser_shows_the_vocabulary_with_contents_and_diagram(server, site_dir, tmp_path):
    check = """function (doc) {
      var anchors = Array.from(doc.querySelectorAll("nav.toc a")).map(function (a) {
        return a.getAttribute("href"); });
      var missing = anchors.filter(function (href) { return !doc.getElementById(href.slice(1)); });
      var diagram = doc.querySelector(".diagram svg"); var box = diagram.getBoundingClientRect();
      var boxes = Array.from(diagram.querySelectorAll("a.class rect")).filter(function (r) {
        var b = r.getBoundingClientRect(); return b.width > 100 && b.height > 20; }).length;
      return {anchors: anchors.length, missing: missing,
        diagram: [Math.round(box.width), Math.round(box.height)],
        boxes: boxes, title: diagram.querySelector("title").textContent,
        langs: Array.from(doc.querySelectorAll("[lang]")).length}; }"""
    seen = probe(server, site_dir, "vocabulaire", "/def", check)
    assert seen["anchors"] > 60 and seen["missing"] == [], seen
    assert seen["diagram"][0] > 1000 and seen["diagram"][1] > 400 and seen["boxes"] == 19, seen
    assert "Diagramme des classes" in seen["title"] and seen["langs"] > 100
    shot = tmp_path / "vocabulaire.png"
    chromium("--window-size=1280,1000", f"--screenshot={shot}", f"{server}/def")
    assert shot.stat().st_size > 50_000


@pytest.fixture(scope="module")
def reference_engine(graph):  # type: ignore[no-untyped-def]
    engine = QueryEngine(graph, workers=1)
    yield engine
    engine.close()


@pytest.mark.parametrize("name", sorted(library(ROOT / "queries")))
def test_every_saved_query_is_an_example_that_answers_as_the_command_does(server, site_dir, reference_engine,
                                                                         name):
    """On the query page, each saved query runs as it is: its parameters at their defaults."""
    saved = library(ROOT / "queries")[name]
    page = html.unescape((site_dir / "sparql.html").read_text("utf-8"))
    text = with_defaults(saved)
    assert f'id="exemple-{name}"' in page and text is not None
    assert "/sparql?query=" + urllib.parse.quote(text, safe="/") in page
    expected = reference_engine.run(saved.text, bind_parameters(saved, {}), "json", graph_format="nt")
    accept = "application/n-triples" if expected.kind == "graph" else "application/sparql-results+json"
    status, _, body = get(f"{server}/sparql", accept, text.encode(), "application/sparql-query")
    assert status == 200, body[:300]
    if expected.kind == "graph":
        found, wanted = (set(Graph().parse(data=data, format="nt")) for data in (body, expected.payload))
        assert found == wanted and found
    else:
        def canonical(payload: bytes) -> list[str]:
            return sorted(json.dumps(b, sort_keys=True) for b in json.loads(payload)["results"]["bindings"])
        assert canonical(body) == canonical(expected.payload) and canonical(body), name
