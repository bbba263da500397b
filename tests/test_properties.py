"""Round-trip properties, with generated entries (Hypothesis).

Any entry the loader accepts gives a graph that Turtle, JSON-LD and N-Triples carry without
loss (isomorphic after re-reading), and any text becomes a CSV cell a spreadsheet will not run.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from atelier_kg.export import serialize
from atelier_kg.load import load_graph
from atelier_kg.messages import EntryError
from atelier_kg.release.tables import UNSAFE_START, safe_cell

from .conftest import DATA

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
SLUG = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
KINDS = st.sampled_from(["prestataire", "ministere", "administration-centrale", "association"])


@st.composite
def organisations(draw: st.DrawFn) -> list[dict]:  # type: ignore[type-arg]
    slugs = draw(st.lists(SLUG, min_size=1, max_size=5, unique=True))
    entries = []
    for slug in slugs:
        entry = {"slug": slug, "label": {"fr": draw(TEXT), "en": draw(TEXT)}, "type": draw(KINDS)}
        if draw(st.booleans()):
            entry["acronym"] = draw(TEXT)
        if draw(st.booleans()):
            entry["note"] = {"fr": draw(TEXT)}
        entries.append(entry)
    return entries


def load_entries(entries: list[dict]) -> Graph | None:  # type: ignore[type-arg]
    """The graph of a data folder holding these organisations; None if the loader refuses them."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(DATA / "concepts", data / "concepts")
        text = yaml.safe_dump({"organisations": entries}, allow_unicode=True, sort_keys=False)
        (data / "organisations.yaml").write_text(text, "utf-8")
        try:
            return load_graph(data, reference="none").graph
        except EntryError:
            return None


ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(organisations())
def test_every_format_carries_the_graph_without_loss(entries: list[dict]):  # type: ignore[type-arg]
    graph = load_entries(entries)
    if graph is None:
        return  # refused with a message (tested elsewhere): nothing to carry
    for name, rdflib_format in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        again = Graph().parse(data=serialize(graph, name).decode("utf-8"), format=rdflib_format)
        assert isomorphic(graph, again), name


@ROUND_TRIP
@given(organisations())
def test_the_loader_accepts_any_printable_text(entries: list[dict]):  # type: ignore[type-arg]
    assert load_entries(entries) is not None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_csv_cells_are_never_formulas(text: str):
    cell = safe_cell(text)
    assert not cell.startswith(UNSAFE_START)
    assert cell in (text, "'" + text)
