"""Shared fixtures: the real shipped data, loaded once per session."""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import tempfile
from functools import cache
from pathlib import Path

import pytest
from rdflib import URIRef

ROOT = Path(__file__).resolve().parent.parent
GUARD = Path(__file__).resolve().parent / "guard"


def _install_guard() -> Path:
    """No network and no file outside the project, in this process and every Python child."""
    sys.path.insert(0, str(GUARD))
    import sitecustomize as guard  # tests/guard/sitecustomize.py

    log = Path(tempfile.mkdtemp(prefix="atelier-kg-guard-")) / "blocked.log"
    log.touch()
    roots = [str(ROOT), tempfile.gettempdir(), sys.prefix, sys.base_prefix, sys.exec_prefix,
             *site.getsitepackages(), site.getusersitepackages(), *sysconfig.get_paths().values()]
    os.environ[guard.LOG_VARIABLE] = str(log)
    os.environ[guard.ROOTS_VARIABLE] = os.pathsep.join(roots)
    inherited = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(GUARD), inherited) if p)
    guard.install(roots, str(log))
    return log


GUARD_LOG = _install_guard()


@pytest.fixture(autouse=True)
def no_network_no_outside_file():  # type: ignore[no-untyped-def]
    """Fails a test during which any process opened a socket or a file it should not have."""
    before = GUARD_LOG.stat().st_size
    yield
    with open(GUARD_LOG, encoding="utf-8") as log:
        log.seek(before)
        blocked = log.read()
    assert not blocked, f"blocked by the guard:\n{blocked}"


from atelier_kg.load import LoadedGraph, load_graph  # noqa: E402  (after the guard, on purpose)

DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAUREATES = ("ardeche-isere", "jura-modele-industriel-rural", "jura-ressources-naturelles", "mayenne",
             "pas-de-calais", "charente")


@pytest.fixture(scope="session")
def loaded() -> LoadedGraph:
    return load_graph(DATA)


@pytest.fixture(scope="session")
def graph(loaded):  # type: ignore[no-untyped-def]
    return loaded.graph


@cache
def fixture_graph(fixture: Path) -> tuple[LoadedGraph, set[URIRef]]:
    """The shipped data with an invalid fixture, and the resources it touches (validated as
    `validate FILE` does); loaded once for the tests of validation and of the SHACL engines."""
    from atelier_kg.contributions import merge_graph_file
    from atelier_kg.paths import display_path
    from atelier_kg.validate import focus_of

    if fixture.suffix == ".ttl":
        loaded = load_graph(DATA)
        focus = merge_graph_file(loaded, fixture)
    else:
        loaded = load_graph(DATA, [fixture])
        focus = focus_of(loaded, {display_path(fixture)})
    return loaded, focus


@pytest.fixture(scope="session")
def published_site():  # type: ignore[no-untyped-def]
    """The site of the shipped data, built once for the site, server, browser and web-server tests.

    One organisation has a hostile label (it must be shown as text, never run). The folder is
    readable by all, as a web server's workers (www-data, nobody) need it: not in pytest's private
    folder. Tests may add files of their own (the browser tests' probes).
    """
    import shutil

    from rdflib import Graph

    from atelier_kg.query import library
    from atelier_kg.site import build_site
    from atelier_kg.validate import load_shapes

    folder = Path(tempfile.mkdtemp(prefix="atelier-published-site-"))
    data = folder / "data"
    shutil.copytree(DATA, data)
    organisations = data / "organisations.yaml"
    organisations.write_text(
        organisations.read_text("utf-8").replace(
            'label: {fr: "Meix", en: "Meix"}', 'label: {fr: "Meix <script>alert(1)</script>", en: "Meix"}'
        ),
        "utf-8",
    )
    out = folder / "site"
    models = {"ontologie.ttl": (ROOT / "ontology" / "atelier.ttl").read_bytes(),
              **{f"formes-{p.name}": p.read_bytes() for p in (ROOT / "shapes").glob("*.ttl")}}
    build_site(load_graph(data).graph, Graph().parse(ROOT / "ontology" / "atelier.ttl"),
               load_shapes(ROOT / "shapes"), out, models=models, queries=library(ROOT / "queries"))
    for path in [folder, out, *out.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield out
    shutil.rmtree(folder)
