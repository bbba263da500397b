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
