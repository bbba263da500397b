"""Shared fixtures: the real shipped data, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_kg.load import LoadedGraph, load_graph

ROOT = Path(__file__).resolve().parent.parent
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
