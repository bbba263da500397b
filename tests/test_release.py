"""Open-data release: complete, DCAT-AP 3.0.1, verifiable, reproducible, atomic, with a readable changelog."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDF

from atelier_kg import release as release_module
from atelier_kg.cli import main
from atelier_kg.release import safe_cell
from atelier_kg.release.tables import release_tables

from .conftest import ROOT

EPOCH = "1764288000"  # 2025-11-28
STANDARDS = ROOT / "standards" / "dcat-ap-3.0.1"
VOID = Namespace("http://rdfs.org/ns/void#")
TABLES = [table for _, table in release_tables()]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    for folder in ("data", "shapes", "ontology"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return tmp_path


def publish(version: str, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main, ["--lang", "en", "release", "--version", version, "--out", "releases", *extra]
    )


def test_release_has_every_file_and_checksums_verify(project):
    result = publish("1.0")
    assert result.exit_code == 0, result.output
    folder = project / "releases" / "1.0"
    names = {p.name for p in folder.iterdir()}
    expected = {
        "atelier-des-territoires.ttl",
        "atelier-des-territoires.jsonld",
        "context.jsonld",
        "atelier-des-territoires.nt",
        "atelier-des-territoires.nt.gz",
        "catalog.ttl",
        "catalog.jsonld",
        "void.ttl",
        "SHA256SUMS",
        "CHANGES.md",
        "carte-des-laureats.svg",
    }
    expected |= {f"{t.name}.csv" for t in TABLES} | {f"{t.name}.schema.json" for t in TABLES}
    assert names == expected
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(names) - 1


def test_catalog_conforms_to_dcat_ap_3_0_1(project):
    publish("1.0")
    catalog = Graph().parse(project / "releases" / "1.0" / "catalog.ttl")
    for shapes_file in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "dcat-ap-SHACL.ttl"):
        shapes = Graph().parse(STANDARDS / shapes_file)
        conforms, _, text = validate(catalog, shacl_graph=shapes, inference="none")
        assert conforms, f"{shapes_file}:\n{text}"
    distributions = set(catalog.subjects(RDF.type, URIRef("http://www.w3.org/ns/dcat#Distribution")))
    metadata = {"catalog.ttl", "catalog.jsonld", "void.ttl", "SHA256SUMS"}  # describe the release, not in it
    assert len(distributions) == len(
        [p for p in (project / "releases" / "1.0").iterdir() if p.name not in metadata]
    )


def test_csv_tables_are_clean_and_match_their_schemas(project):
    publish("1.0")
    folder = project / "releases" / "1.0"
    counts = {}
    for table in TABLES:
        text = (folder / f"{table.name}.csv").read_text("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        schema = json.loads((folder / f"{table.name}.schema.json").read_text("utf-8"))
        assert rows[0] == [f["name"] for f in schema["fields"]]
        assert all(len(row) == len(rows[0]) for row in rows)
        ids = [row[0] for row in rows[1:]]
        assert len(ids) == len(set(ids)), "the id column is a primary key"
        counts[table.name] = len(rows) - 1
    assert counts == {
        "sessions": 1,
        "laureats": 6,
        "ambitions": 23,
        "organisations": 45,  # with the Rives du Rhône's syndicat mixte and the two prefectures
        "adhesions-equipes": 27,
        "adhesions-gouvernance": 13,
        "porteurs": 4,
        "territoires": 1,
        "sites-demonstrateurs": 2,
        "evenements": 1,
    }


def test_formula_cells_are_made_safe(project):
    organisations = project / "data" / "organisations.yaml"
    organisations.write_text(
        organisations.read_text("utf-8").replace(
            'label: {fr: "Meix", en: "Meix"}', 'label: {fr: "=HYPERLINK(\\"http://x\\")", en: "Meix"}'
        ),
        "utf-8",
    )
    assert publish("1.0").exit_code == 0
    text = (project / "releases" / "1.0" / "organisations.csv").read_text("utf-8")
    assert "'=HYPERLINK" in text
    for value in ("=1+1", "+33", "-2", "@SUM(A1)", "\tx"):
        assert safe_cell(value).startswith("'")
    assert safe_cell("Meix") == "Meix"


def test_void_statistics_match_the_graph(project):
    publish("1.0")
    folder = project / "releases" / "1.0"
    graph = Graph().parse(folder / "atelier-des-territoires.nt", format="nt")
    void = Graph().parse(folder / "void.ttl")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    assert void.value(dataset, VOID.triples).toPython() == len(graph)
    assert len(list(void.objects(dataset, VOID.classPartition))) > 20


def test_same_data_and_version_give_identical_bytes(project):
    publish("1.0")
    first = {p.name: p.read_bytes() for p in (project / "releases" / "1.0").iterdir()}
    assert publish("1.0", "--force").exit_code == 0
    second = {p.name: p.read_bytes() for p in (project / "releases" / "1.0").iterdir()}
    assert first == second


def test_existing_release_is_kept_without_force(project):
    publish("1.0")
    marker = project / "releases" / "1.0" / "CHANGES.md"
    before = marker.read_bytes()
    result = publish("1.0")
    assert result.exit_code == 1 and "--force" in result.output
    assert marker.read_bytes() == before


def test_a_failed_release_leaves_nothing_behind(project, monkeypatch):
    publish("1.0")

    def broken(*args):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(release_module, "void_graph", broken)
    with pytest.raises(RuntimeError):
        CliRunner().invoke(main, ["release", "--version", "2.0", "--out", "releases"], catch_exceptions=False)
    assert sorted(p.name for p in (project / "releases").iterdir()) == ["1.0"]


def test_provenance_records_software_and_every_input_checksum(project):
    publish("1.0")
    catalog = Graph().parse(project / "releases" / "1.0" / "catalog.ttl")
    activity = next(catalog.subjects(RDF.type, PROV.Activity))
    used = list(catalog.objects(activity, PROV.used))
    inputs = [
        p for folder in ("data", "ontology", "shapes") for p in (project / folder).rglob("*") if p.is_file()
    ]
    assert len(used) == len(inputs)
    assert (None, RDF.type, PROV.SoftwareAgent) in catalog


def test_changelog_and_diff_name_exactly_the_change(project):
    publish("1.0")
    laureate = project / "data" / "laureats" / "charente.yaml"
    laureate.write_text(
        laureate.read_text("utf-8").replace(
            "      - organisation: belvedere\n", "      - organisation: belvedere\n        role: pilote\n"
        ),
        "utf-8",
    )
    assert publish("2.0").exit_code == 0
    changes = (project / "releases" / "2.0" / "CHANGES.md").read_text("utf-8")
    assert "## Changements depuis 1.0" in changes and "## Changes since 1.0" in changes
    bullets = [line for line in changes.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2  # the same change, in French and in English
    assert "adhesion:charente--belvedere" in bullets[0] and "« membre » → « pilote »" in bullets[0]
    result = CliRunner().invoke(main, ["--lang", "en", "diff", "releases/1.0", "releases/2.0"])
    assert result.exit_code == 0
    changed = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert changed == [bullets[1].removeprefix("- ")]
    same = CliRunner().invoke(main, ["--lang", "fr", "diff", "releases/2.0", "data"])
    assert same.output == "Aucun changement.\n"


def test_release_date_never_comes_from_the_clock(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    result = publish("1.0")  # not a git repository: the date cannot be known
    assert result.exit_code == 1 and "SOURCE_DATE_EPOCH" in result.output
    assert not (project / "releases" / "1.0").exists()
    os.environ.pop("SOURCE_DATE_EPOCH", None)
