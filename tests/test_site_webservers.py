"""The site behind real web servers: the nginx and Apache configurations `atelier-kg site` writes
pass `nginx -t` and `apache2 -t` where the README says to put them, and, serving the built site
on a loopback port, negotiate as `atelier-kg serve` does (q-values, wildcards, 406), show the
404 page and keep every request inside the site.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier_kg.serve import GRAPH_SUFFIXES, REPRESENTATIONS, VOCABULARY, negotiate
from atelier_kg.site.webconfig import ANY_LEVEL, OFFERS, SITE_ROOT, levels, winners

# Accept headers as clients send them, and some that only q-values decide.
ACCEPTS = [
    None,
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/xhtml+xml",
    "*/*",
    "text/*",
    "image/png",
    "text/turtle;q=0.1, text/html",
    "text/html;q=0.5, text/turtle",
    "text/turtle;q=0",
    "text/turtle;q=0.5, application/ld+json",
    "text/*;q=0.3, application/ld+json;q=0.9",
    "*/*, text/turtle",
    "*/*;q=0.1, application/n-triples;q=0.2",
    "application/rdf+xml, text/turtle;q=0.9, */*;q=0.1",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "TEXT/Turtle ; charset=utf-8",
    "application/ld+json;profile=\"http://www.w3.org/ns/json-ld#compacted\"",
]
# What each address offers, as serve offers it.
ADDRESSES = {"/id/laureat/mayenne": REPRESENTATIONS, "/id/equipe/mayenne": REPRESENTATIONS,
             "/def": VOCABULARY, "/.well-known/void": GRAPH_SUFFIXES}
REGISTRY_NAMES = {".html": "html", ".ttl": "ttl", ".jsonld": "jsonld", ".nt": "nt", ".rdf": "rdf"}
TRAVERSALS = ["/id/../../etc/passwd", "/id/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
              "/id/laureat/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
              "/id/laureat/mayenne.html/../../../../etc/passwd", "/.atelier-kg-output", "/.htaccess"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request as sent (http.client keeps dots and escapes in the path)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept": accept} if accept is not None else {})
    answer = connection.getresponse()
    headers = {k.lower(): v for k, v in answer.getheaders()}
    body = answer.read()
    connection.close()
    return answer.status, headers, body


def wait_for(port: int, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the server did not start")


@pytest.fixture(scope="module")
def site(published_site) -> Path:  # type: ignore[no-untyped-def]
    """The built site (tests/conftest.py), readable by the servers' workers."""
    return published_site


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory) -> Iterator[int]:  # type: ignore[no-untyped-def]
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(executable).exists(), "nginx (Debian package) is installed by .ci/run"
    home = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (home / "conf.d").mkdir()
    text = (site / "nginx.conf").read_text("utf-8")
    assert text.count("    listen 80;") == 1 and text.count(f"    root {SITE_ROOT};") == 1
    text = text.replace("    listen 80;", f"    listen 127.0.0.1:{port};").replace(SITE_ROOT, str(site))
    (home / "conf.d" / "atelier-des-territoires.conf").write_text(text, "utf-8")
    # As Debian's /etc/nginx/nginx.conf reads /etc/nginx/conf.d/*.conf: inside http { }.
    (home / "nginx.conf").write_text(f"""
worker_processes 1;
pid {home}/nginx.pid;
error_log {home}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {home}/body; proxy_temp_path {home}/proxy; fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi; scgi_temp_path {home}/scgi;
    include /etc/nginx/mime.types;
    include {home}/conf.d/*.conf;
}}
""", "utf-8")
    check = subprocess.run([executable, "-t", "-p", str(home), "-c", str(home / "nginx.conf")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0 and "test is successful" in check.stderr, check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr
    command = [executable, "-p", str(home), "-c", str(home / "nginx.conf"), "-g", "daemon off;"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(10)


APACHE_MODULES = ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers")


@pytest.fixture(scope="module")
def apache_ports(site, tmp_path_factory) -> Iterator[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Apache with apache.conf (a VirtualHost), and a plain host that reads the site's .htaccess."""
    executable = shutil.which("apache2") or "/usr/sbin/apache2"
    assert Path(executable).exists(), "Apache (Debian package apache2) is installed by .ci/run"
    home = Path(tempfile.mkdtemp(prefix="atelier-apache-"))
    port, plain = free_port(), free_port()
    text = (site / "apache.conf").read_text("utf-8")
    assert text.count("<VirtualHost *:80>") == 1 and text.count(SITE_ROOT) >= 2
    text = text.replace("<VirtualHost *:80>", f"<VirtualHost *:{port}>").replace(SITE_ROOT, str(site))
    (home / "sites-available").mkdir()
    (home / "sites-available" / "atelier-des-territoires.conf").write_text(text, "utf-8")
    (home / "sites-available" / "htaccess.conf").write_text(f"""<VirtualHost *:{plain}>
    DocumentRoot {site}
    <Directory {site}>
        AllowOverride All
        Require all granted
    </Directory>
</VirtualHost>
""", "utf-8")
    modules = "\n".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so"
                        for name in APACHE_MODULES)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    # As Debian's apache2.conf reads sites-enabled/*.conf (a2ensite links them there).
    (home / "apache2.conf").write_text(f"""ServerRoot /etc/apache2
ServerName localhost
DefaultRuntimeDir {home}
PidFile {home}/apache2.pid
ErrorLog {home}/error.log
Listen 127.0.0.1:{port}
Listen 127.0.0.1:{plain}
{user}{modules}
TypesConfig /etc/mime.types
IncludeOptional {home}/sites-available/*.conf
""", "utf-8")
    check = subprocess.run([executable, "-t", "-f", str(home / "apache2.conf")], capture_output=True,
                           text=True, timeout=30)
    assert check.returncode == 0 and "Syntax OK" in check.stderr + check.stdout, check.stderr
    process = subprocess.Popen([executable, "-f", str(home / "apache2.conf"), "-DFOREGROUND"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(port, process)
        yield port, plain
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def apache(apache_ports) -> int:  # type: ignore[no-untyped-def]
    return apache_ports[0]


@pytest.fixture(scope="module")
def htaccess(apache_ports) -> int:  # type: ignore[no-untyped-def]
    return apache_ports[1]


def expected_file(site: Path, address: str, offered: dict[str, str], accept: str | None) -> Path | None:
    media = negotiate(accept, list(offered))
    return None if media is None else site / f"{address.lstrip('/')}{offered[media]}"


@pytest.fixture(params=["nginx", "apache", "htaccess"], scope="module")
def web(request, site) -> int:  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("address", sorted(ADDRESSES))
def test_web_servers_negotiate_as_serve_does(web, site, address):
    offered = ADDRESSES[address]
    for accept in ACCEPTS:
        status, headers, body = request(web, address, accept)
        wanted = expected_file(site, address, offered, accept)
        if wanted is None:
            assert status == 406, (address, accept, status)
        else:
            assert status == 200 and body == wanted.read_bytes(), (address, accept, status, wanted.name)
            suffix = wanted.name.rsplit(".", 1)[1]
            media = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
                     "nt": "application/n-triples", "rdf": "application/rdf+xml"}[suffix]
            assert headers["content-type"].startswith(media), (address, accept, headers["content-type"])
        assert "accept" in headers.get("vary", "").lower(), (address, accept)


def test_web_servers_serve_files_the_404_page_and_nothing_outside(web, site):
    for path, start in (("/", b"<!DOCTYPE html>"), ("/id/laureat/", b"<!DOCTYPE html>"),
                        ("/id/laureat/mayenne.ttl", b"@prefix"), ("/def.rdf", b"<?xml"),
                        ("/def/formes-atelier-shapes.ttl", b"#"), ("/sparql.js", b"//")):
        status, _, body = request(web, path)
        assert status == 200 and body.startswith(start), path
    status, headers, _ = request(web, "/def/")
    assert status == 301 and headers["location"].endswith("/def")
    for path in ("/id/laureat/inconnu", "/nulle-part", "/id/laureat/inconnu.ttl"):
        status, headers, body = request(web, path, "text/turtle")
        assert status == 404 and b"Page introuvable" in body, path
    for path in TRAVERSALS:
        status, _, body = request(web, path)
        assert status in (400, 403, 404) and b"root:" not in body and b"atelier-kg" not in body[:200], path


def test_the_configurations_name_where_they_go():
    from atelier_kg.site.webconfig import apache_conf, htaccess, nginx_conf

    assert "/etc/nginx/conf.d/" in nginx_conf() and "server {" in nginx_conf()
    assert "/etc/apache2/sites-available/" in apache_conf() and "a2enmod rewrite headers" in apache_conf()
    assert "RewriteEngine On" in htaccess() and "<VirtualHost" not in htaccess()


def choose(accept: str | None, offers: tuple[str, ...]) -> str | None:
    """What the generated rules choose, run with Python's regular expressions (PCRE's subset)."""
    codes = {}
    for offer in OFFERS:
        if not accept:
            codes[offer] = ANY_LEVEL
            continue
        codes[offer] = next((level.code for level in levels(offer) if re.search(level.pattern, accept, re.I)),
                            "00")
    together = "".join(codes[offer] for offer in OFFERS)
    return next((offer for pattern, offer in winners(offers) if re.search(pattern, together)), None)


RANGES = ["text/html", "application/xhtml+xml", "text/turtle", "application/ld+json", "application/n-triples",
          "application/rdf+xml", "text/*", "application/*", "*/*", "image/png", "application/json"]


QUALITIES = [None, "0", "0.1", "0.3", "0.5", "0.55", "0.9", "1", "1.0", "0.05"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(RANGES), st.sampled_from(QUALITIES)), min_size=0, max_size=5),
       st.sampled_from(sorted(ADDRESSES)))
def test_the_rules_choose_what_serve_chooses(ranges, address):
    """q-values to a tenth (0.55 reads as 0.5): where a tie at that precision is not the same tie
    for serve, the rules may choose another representation; every other header, the same one."""
    accept = ", ".join(media if q is None else f"{media};q={q}" for media, q in ranges) or None
    offered = ADDRESSES[address]
    offers = tuple(dict.fromkeys(REGISTRY_NAMES[suffix] for suffix in offered.values()))
    media = negotiate(accept, list(offered))
    expected = None if media is None else REGISTRY_NAMES[offered[media]]
    if any(q in ("0.55", "0.05") for _, q in ranges):
        rough = (accept or "").replace("0.55", "0.5").replace("0.05", "0.01")
        media = negotiate(rough or None, list(offered))
        expected = None if media is None else REGISTRY_NAMES[offered[media]]
    assert choose(accept, offers) == expected, accept
