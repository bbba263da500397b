"""`atelier-kg validate --release DIR`: a release checked offline with what it carries, and the
validators this project did not write (frictionless, the official DCAT-AP 3.0.1 shapes) agreeing.

A good release of the shipped data and one of the benchmark's synthetic data (100k triples) pass
all three; a release broken on purpose (a changed byte, a CSV row against its schema, a missing
distribution, a catalog against DCAT-AP, a graph against its shapes, a link to /etc/passwd) is
said line by line, `file:line: message`, with exit 1; a folder that is not a release, exit 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import frictionless
import pytest
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Graph

from atelier_kg import Project
from atelier_kg.cli import main

from .conftest import ROOT

EPOCH = "1764288000"  # 2025-11-28
STANDARDS = ROOT / "standards" / "dcat-ap-3.0.1"
DATASET = "https://w3id.org/atelier-des-territoires/jeu-de-donnees/1.0"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release 1.0 of the shipped data (copied by each test that breaks it)."""
    project = tmp_path_factory.mktemp("good")
    for folder in ("data", "shapes", "ontology"):
        shutil.copytree(ROOT / folder, project / folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        made = Project(data=project / "data", shapes=project / "shapes",
                       ontology=project / "ontology" / "atelier.ttl", root=project)
        made.release("1.0", project / "releases")
    return project / "releases" / "1.0"


def check(folder: Path, lang: str = "en") -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["--lang", lang, "validate", "--release", str(folder)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output.splitlines()


def broken(good: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "1.0"
    shutil.copytree(good, folder)
    return folder


def redo_sums(folder: Path) -> None:
    """What someone would do to hide a change: the checksums made again (not the catalog's)."""
    names = [line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()]
    sums = "".join(f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (folder / "SHA256SUMS").write_text(sums, "utf-8")


def frictionless_rows(folder: Path) -> list[tuple[str, int | None, str]]:
    report = frictionless.validate(str(folder / "datapackage.json"))
    return [(task.name, getattr(error, "row_number", None), error.type) for task in report.tasks
            for error in task.errors] + [("package", None, error.type) for error in report.errors]


def test_a_good_release_passes_every_check(good: Path):
    code, lines = check(good)
    assert code == 0, lines
    files = sorted(p.name for p in good.iterdir())
    tables = [name for name in files if name.endswith(".csv")]
    assert lines == [f"{good}: the release conforms — {len(files)} files and their checksums, DCAT-AP 3.0.1 "
                     f"catalog ({len(files) - 4} distributions), {len(tables)} tables against their schemas, "
                     f"graph of {_triples(good)} triples against its shapes; 0 warnings"]
    assert frictionless_rows(good) == []
    catalog = Graph().parse(good / "catalog.ttl")
    for shapes_file in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        conforms, _, text = validate(catalog, shacl_graph=Graph().parse(STANDARDS / shapes_file),
                                     inference="none")
        assert conforms, text
    assert check(good, "fr")[1][-1].startswith(f"{good} : publication conforme — {len(files)} fichiers")


def _triples(folder: Path) -> int:
    return sum(1 for line in (folder / "atelier-des-territoires.nt").read_bytes().split(b"\n") if line)


def test_a_changed_byte_is_found(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    table = folder / "laureats.csv"
    data = bytearray(table.read_bytes())
    data[data.index(b"mayenne")] ^= 0x20  # mayenne -> Mayenne
    table.write_bytes(bytes(data))
    code, lines = check(folder)
    assert code == 1
    at = _line(folder, "laureats.csv#distribution")
    assert lines[:-1] == [
        f"{table}: damaged release: this file does not match its checksum in SHA256SUMS; use an intact copy "
        "of the release",
        f"{table}: this file does not have the size or SHA-256 the catalog gives it (catalog.ttl:{at})",
        f"{table}: this table does not have the size or SHA-256 that datapackage.json gives it",
    ]
    assert lines[-1] == f"{folder}: the release does not conform — 3 problems"
    assert any(kind == "hash-count" for _, _, kind in frictionless_rows(folder)), "frictionless agrees"


def _line(folder: Path, suffix: str) -> int:
    text = (folder / "catalog.ttl").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(text, start=1) if line.startswith("<") and suffix + ">" in line)


def test_a_row_against_its_schema_is_said_with_its_line(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    table = folder / "ambitions.csv"
    lines = table.read_bytes().decode("utf-8").split("\r\n")
    cells = lines[2].split(",")
    assert cells[2] == "1"  # the first laureate's first ambition: rang
    cells[2] = "premier"
    lines[2] = ",".join(cells)
    lines[4] = lines[3]  # and a row twice: its id is the primary key
    table.write_bytes("\r\n".join(lines).encode("utf-8"))
    redo_sums(folder)
    code, said = check(folder)
    assert code == 1
    rank = f'{table}:3: does not conform to ambitions.schema.json: rang: "premier" is not of type integer'
    assert rank in said, said
    unique = rf'{re.escape(str(table))}:5: does not conform to ambitions.schema.json: id: ".*" already ' \
        r"appears on line 4 \(unique value expected\)"
    assert any(re.fullmatch(unique, line) for line in said), said
    # frictionless finds the same rows wrong, for the same reasons.
    found = {(row, kind) for name, row, kind in frictionless_rows(folder) if name == "ambitions"}
    assert {(3, "type-error"), (5, "unique-error")} <= found, found


def test_a_missing_distribution_is_found_where_it_is_announced(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    (folder / "organisations.csv").unlink()
    code, lines = check(folder)
    assert code == 1
    sums_line = next(n for n, line in enumerate((folder / "SHA256SUMS").read_text().splitlines(), start=1)
                     if line.endswith("  organisations.csv"))
    assert lines == [
        f"{folder}/SHA256SUMS:{sums_line}: organisations.csv is missing: the release is incomplete",
        f"{folder}/catalog.ttl:{_line(folder, 'organisations.csv#distribution')}: the catalog announces the "
        "distribution organisations.csv, missing from the release",
        f"{folder}/datapackage.json: the package announces the table organisations.csv, missing from the "
        "release",
        f"{folder}: the release does not conform — 3 problems",
    ]
    assert frictionless_rows(folder), "frictionless agrees"


def test_a_file_that_is_not_a_distribution_or_not_listed_is_found(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    (folder / "notes.txt").write_text("a file of someone else\n", "utf-8")
    code, lines = check(folder)
    assert code == 1 and lines[:-1] == [
        f"{folder}/notes.txt: this file is not in SHA256SUMS: a release holds only the files it lists",
        f"{folder}/notes.txt: this file is not a distribution of the catalog (catalog.ttl)"]


def test_a_catalog_against_dcat_ap_is_said_at_its_line(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    catalog = folder / "catalog.ttl"
    with open(catalog, "a", encoding="utf-8") as stream:  # dcat:version is at most one
        stream.write(f'<{DATASET}> <http://www.w3.org/ns/dcat#version> "une autre" .\n')
    redo_sums(folder)
    code, lines = check(folder)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{catalog}:{_line(folder, 'jeu-de-donnees/1.0')}: does not conform to "
                               f"DCAT-AP 3.0.1: {DATASET}: http://www.w3.org/ns/dcat#version")


def test_a_graph_against_its_shapes_is_said_at_its_line(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    graph = folder / "atelier-des-territoires.nt"
    label = (b"<https://w3id.org/atelier-des-territoires/id/laureat/mayenne> "
             b"<http://www.w3.org/2004/02/skos/core#prefLabel> ")
    lines = graph.read_bytes().split(b"\n")
    removed = next(n for n, line in enumerate(lines, start=1)
                   if line.startswith(label) and line.endswith(b"@fr ."))
    graph.write_bytes(b"\n".join(line for n, line in enumerate(lines, start=1) if n != removed))
    redo_sums(folder)
    code, said = check(folder)
    assert code == 1
    problem = "violation: The French name is missing: fill in label.fr. (laureat:mayenne, label)"
    assert f"{graph}:{removed}: {problem}" in said, said
    copies = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in said if "triples instead of" in line}
    assert copies == {"atelier-des-territoires.ttl", "atelier-des-territoires.jsonld", "void.ttl"}


def test_nothing_outside_the_release_is_read_or_shown(good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    (folder / "laureats.csv").unlink()
    (folder / "laureats.csv").symlink_to("/etc/passwd")
    code, lines = check(folder, "fr")
    assert code == 1 and "root:" not in "\n".join(lines)
    assert f"{folder}/laureats.csv: ce fichier de la publication est un lien ou un fichier spécial, jamais " \
        "lu : une publication ne contient que ses propres fichiers" in lines


@pytest.mark.parametrize("what", ["an empty folder", "no folder", "a file"])
def test_what_is_not_a_release_is_one_line_and_exit_2(what: str, tmp_path: Path):
    target = tmp_path / "target"
    if what == "an empty folder":
        target.mkdir()
    elif what == "a file":
        target.write_text("x", "utf-8")
    code, lines = check(target)
    assert code == 2 and len(lines) == 1
    assert lines[0] == f"{target}: this is not a release (neither SHA256SUMS nor catalog.ttl): give the " \
        "folder of one version, e.g. releases/1.0"


def test_release_and_entries_together_are_refused():
    result = CliRunner().invoke(main, ["--lang", "en", "validate", "--release", "x", "data/programme.yaml"])
    assert result.exit_code == 2 and "--release checks a release" in result.output


# -- the benchmark's synthetic data: 100k triples ----------------------------------------------------------


def test_a_release_of_100k_synthetic_triples_passes_frictionless_dcat_ap_and_validate_release(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    data = generate(tmp_path, 1280)  # the benchmark's "100k"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    project = Project(data=data, shapes=ROOT / "shapes", ontology=ROOT / "ontology" / "atelier.ttl",
                      root=tmp_path)
    folder = project.release("1.0", tmp_path / "releases")
    made = time.perf_counter() - start
    triples = _triples(folder)
    assert triples > 100_000
    assert frictionless_rows(folder) == []
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    rows = {r["name"]: r["path"] for r in package["resources"]}
    assert {"laureats", "ambitions", "adhesions-equipes", "organisations"} <= rows.keys()
    catalog = Graph().parse(folder / "catalog.ttl")
    for shapes_file in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        conforms, _, text = validate(catalog, shacl_graph=Graph().parse(STANDARDS / shapes_file),
                                     inference="none")
        assert conforms, text
    start = time.perf_counter()
    report = project.validate_release(folder)
    checked = time.perf_counter() - start
    assert report.conforms() and report.problems == [], [p.message("en") for p in report.problems]
    assert report.triples == triples and report.tables == len(rows)
    with capsys.disabled():
        print(f"\n  synthetic release: {triples:,} triples, {len(rows)} tables; made in {made:.0f} s, "
              f"checked by validate --release in {checked:.0f} s; frictionless and DCAT-AP 3.0.1: valid")


# -- a downloaded release may be hostile: nothing runs, hangs or is read beyond it ---------------------

SERVICE_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix atd: <https://w3id.org/atelier-des-territoires/def#> .
<urn:x:shape> a sh:NodeShape ; sh:targetClass atd:TerritoireLaureat ;
    sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { $this ?p ?o } }" ] .
"""


def _hostile(folder: Path, case: str) -> str:
    """Damage the release as a hostile one would; the sentence (or part) expected in its place."""
    if case == "shapes that query the network":
        (folder / "formes-atelier-shapes.ttl").write_text(SERVICE_SHAPE, "utf-8")
        return "formes-atelier-shapes.ttl: these shapes hold a refused SPARQL query"
    if case == "a schema with a pattern":
        schema = json.loads((folder / "sessions.schema.json").read_text("utf-8"))
        schema["fields"][1]["constraints"] = {"pattern": "(a+)+$"}
        (folder / "sessions.schema.json").write_text(json.dumps(schema), "utf-8")
        return 'sessions.csv:2: does not conform to sessions.schema.json: slug: "2023-2025" does not meet ' \
            'the constraint pattern ("(a+)+$")'
    if case == "a schema of the wrong shape":
        (folder / "laureats.schema.json").write_text('{"fields": [{"name": 1}], "missingValues": 3}', "utf-8")
        return "laureats.schema.json: damaged release: this is not valid Table Schema (JSON)"
    if case == "a package nested 100,000 deep":
        (folder / "datapackage.json").write_text("[" * 100_000, "utf-8")
        return "datapackage.json: damaged release: this is not valid Data Package (JSON)"
    if case == "a resource outside the release":
        package = json.loads((folder / "datapackage.json").read_text("utf-8"))
        package["resources"][0]["path"] = "/etc/passwd"
        (folder / "datapackage.json").write_text(json.dumps(package), "utf-8")
        return "datapackage.json: the resource"
    if case == "a number of 5,000 digits":
        table = folder / "laureats.csv"
        lines = table.read_bytes().decode("utf-8").split("\r\n")
        cells = lines[1].split(",")
        cells[-1] = "9" * 5000
        lines[1] = ",".join(cells)
        table.write_bytes("\r\n".join(lines).encode("utf-8"))
        return "laureats.csv:2: does not conform to laureats.schema.json: taille_equipe:"
    if case == "SHA256SUMS missing":
        (folder / "SHA256SUMS").unlink()
        return "SHA256SUMS: incomplete release: SHA256SUMS is missing"
    assert case == "a FIFO"
    os.mkfifo(folder / "fifo")
    return "fifo: this file of the release is a link or a special file, never read"


HOSTILE = ["shapes that query the network", "a schema with a pattern", "a schema of the wrong shape",
           "a package nested 100,000 deep", "a resource outside the release", "a number of 5,000 digits",
           "a FIFO", "SHA256SUMS missing"]


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_release_is_said_never_obeyed(case: str, good: Path, tmp_path: Path):
    folder = broken(good, tmp_path)
    expected = _hostile(folder, case)
    if case not in ("a FIFO", "SHA256SUMS missing"):
        redo_sums(folder)
    start = time.perf_counter()
    code, lines = check(folder)
    assert time.perf_counter() - start < 60
    assert code == 1, lines
    assert any(line.startswith(f"{folder}/{expected}") for line in lines), lines
    assert "root:" not in "\n".join(lines)
