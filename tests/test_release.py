"""Open-data release: complete, DCAT-AP 3.0.1, verifiable, reproducible, atomic, with a readable changelog;
tables that the frictionless validator accepts, a data package, versions that link to each other."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import frictionless
import pytest
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF

from atelier_kg import release as release_module
from atelier_kg.cli import main
from atelier_kg.release import DESCRIBING, safe_cell
from atelier_kg.release.tables import check_table, has_instances, release_tables
from atelier_kg.site.vocabulary import ONTOLOGY_IRI as ONTOLOGY
from atelier_kg.site.vocabulary import with_version

from .conftest import ROOT

EPOCH = "1764288000"  # 2025-11-28
STANDARDS = ROOT / "standards" / "dcat-ap-3.0.1"
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DATASET = "https://w3id.org/atelier-des-territoires/jeu-de-donnees"
CARRIED = {"ontologie.ttl": ROOT / "ontology" / "atelier.ttl",
           **{f"formes-{p.name}": p for p in sorted((ROOT / "shapes").glob("*.ttl"))}}


def shipped_tables(graph: Graph) -> list:  # type: ignore[type-arg]
    """The tables a release of this graph holds: those of every kind that has instances."""
    return [table for kind, table in release_tables() if has_instances(kind, graph)]


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


def test_release_has_every_file_and_checksums_verify(project, graph):
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
        "datapackage.json",
        *CARRIED,
    }
    tables = shipped_tables(graph)
    expected |= {f"{t.name}.csv" for t in tables} | {f"{t.name}.schema.json" for t in tables}
    assert names == expected
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(names) - 1
    # What it was made with, byte for byte: a reader can interpret and check it again offline.
    # The vocabulary is the one it was made with, under this release's version IRI (owl:versionIRI).
    for name, source in CARRIED.items():
        expected_bytes = source.read_bytes()
        if name == "ontologie.ttl":
            expected_bytes = with_version(expected_bytes, "1.0")
            ontology = Graph().parse(data=(folder / name).read_bytes(), format="turtle")
            assert (ONTOLOGY, OWL.versionIRI, URIRef(f"{ONTOLOGY}/1.0")) in ontology
            assert (ONTOLOGY, OWL.versionInfo, Literal("1.0")) in ontology
        assert (folder / name).read_bytes() == expected_bytes, name


def test_catalog_conforms_to_dcat_ap_3_0_1(project):
    publish("1.0")
    catalog = Graph().parse(project / "releases" / "1.0" / "catalog.ttl")
    for shapes_file in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "dcat-ap-SHACL.ttl"):
        shapes = Graph().parse(STANDARDS / shapes_file)
        conforms, _, text = validate(catalog, shacl_graph=shapes, inference="none")
        assert conforms, f"{shapes_file}:\n{text}"
    distributions = set(catalog.subjects(RDF.type, DCAT.Distribution))
    # Every file but those that describe the release is a distribution: the ontology, the shapes and
    # the JSON-LD context included, each saying which standard it conforms to.
    files = {p.name for p in (project / "releases" / "1.0").iterdir() if p.name not in DESCRIBING}
    named = {str(catalog.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]: d for d in distributions}
    assert set(named) == files
    conforms = {name: str(catalog.value(d, DCTERMS.conformsTo)) for name, d in named.items()
                if catalog.value(d, DCTERMS.conformsTo) is not None}
    assert conforms["ontologie.ttl"] == "https://www.w3.org/TR/owl2-overview/"
    assert conforms["context.jsonld"] == "https://www.w3.org/TR/json-ld11/"
    assert conforms["datapackage.json"] == "https://specs.frictionlessdata.io/tabular-data-package/"
    assert conforms["ambitions.csv"].endswith("/releases/1.0/ambitions.schema.json")
    shapes = [name for name in CARRIED if name.startswith("formes-")]
    assert shapes and all(conforms[name] == "https://www.w3.org/TR/shacl/" for name in shapes)


def test_csv_tables_are_clean_and_match_their_schemas(project, graph):
    publish("1.0")
    folder = project / "releases" / "1.0"
    counts = {}
    for table in shipped_tables(graph):
        text = (folder / f"{table.name}.csv").read_text("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        schema = json.loads((folder / f"{table.name}.schema.json").read_text("utf-8"))
        assert rows[0] == [f["name"] for f in schema["fields"]]
        assert all(len(row) == len(rows[0]) for row in rows)
        ids = [row[0] for row in rows[1:]]
        assert len(ids) == len(set(ids)), "the id column is a primary key"
        counts[table.name] = len(rows) - 1
        assert check_table((folder / f"{table.name}.csv").read_bytes(), schema) == [], table.name
    assert counts.items() >= {  # the kinds added later bring their own tables
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
    }.items()


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


# -- versions that link, and a changelog that grows ------------------------------------------------------


def test_each_release_names_its_predecessor_and_says_what_changed(project):
    publish("1.0")
    laureate = project / "data" / "laureats" / "charente.yaml"
    text = laureate.read_text("utf-8")
    member = "      - organisation: belvedere\n"
    laureate.write_text(text.replace(member, member + "        role: pilote\n"), "utf-8")
    assert publish("2.0").exit_code == 0
    _change_a_label(project)
    assert publish("3.0").exit_code == 0
    releases = project / "releases"

    def dataset(version: str) -> tuple[Graph, URIRef]:
        catalog = Graph().parse(releases / version / "catalog.ttl")
        found = next(catalog.subjects(RDF.type, DCAT.Dataset))
        assert str(found) == f"{DATASET}/{version}" and str(catalog.value(found, DCAT.version)) == version
        assert str(catalog.value(found, DCTERMS.isVersionOf)) == DATASET
        return catalog, found

    first, one = dataset("1.0")
    assert first.value(one, DCAT.previousVersion) is None
    assert {(n.language, str(n)) for n in first.objects(one, ADMS.versionNotes)} == {
        ("fr", "Première publication."), ("en", "First release.")}
    second, two = dataset("2.0")
    assert str(second.value(two, DCAT.previousVersion)) == f"{DATASET}/1.0"
    assert {(n.language, str(n)) for n in second.objects(two, ADMS.versionNotes)} == {
        ("fr", "Changements depuis la version 1.0 : adhésions : 1 modification."),
        ("en", "Changes since version 1.0: memberships: 1 change.")}
    third, three = dataset("3.0")
    assert str(third.value(three, DCAT.previousVersion)) == f"{DATASET}/2.0"
    # CHANGES.md grows: the new section on top of the previous file's sections, unchanged.
    changes = {v: (releases / v / "CHANGES.md").read_text("utf-8") for v in ("1.0", "2.0", "3.0")}
    title = "# Atelier des territoires — journal des versions / changelog\n\n"
    assert all(text.startswith(title) for text in changes.values())
    for newer, older in (("2.0", "1.0"), ("3.0", "2.0")):
        assert changes[newer].endswith("\n" + changes[older].removeprefix(title)), newer
    sections = [line for line in changes["3.0"].splitlines() if line.startswith("## ")]
    assert sections == ["## 3.0 (2025-11-28)", "## 2.0 (2025-11-28)", "## 1.0 (2025-11-28)"]
    assert "### Changements depuis 2.0" in changes["3.0"] and "#### Organisations" in changes["3.0"]


def _change_a_label(project: Path) -> None:
    organisations = project / "data" / "organisations.yaml"
    text = organisations.read_text("utf-8")
    assert 'label: {fr: "Meix", en: "Meix"}' in text
    changed = text.replace('label: {fr: "Meix", en: "Meix"}', 'label: {fr: "Meix (SCOP)", en: "Meix"}')
    organisations.write_text(changed, "utf-8")


def test_a_changelog_of_an_older_release_is_kept_below(project):
    """A release made before CHANGES.md grew had its own title: its headings go one level down."""
    publish("1.0")
    old = project / "releases" / "1.0"
    (old / "CHANGES.md").write_text("# Atelier des territoires — 1.0 (2025-11-28)\n\nPremière publication. — "
                                    "First release.\n", "utf-8")
    _redo_sums(old)
    assert publish("2.0").exit_code == 0
    changes = (project / "releases" / "2.0" / "CHANGES.md").read_text("utf-8")
    assert changes.endswith("\n## Atelier des territoires — 1.0 (2025-11-28)\n\nPremière publication. — "
                            "First release.\n")


def _redo_sums(release: Path) -> None:
    names = [line.split("  ", 1)[1] for line in (release / "SHA256SUMS").read_text().splitlines()]
    sums = "".join(f"{hashlib.sha256((release / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (release / "SHA256SUMS").write_text(sums, "utf-8")


# -- tables, schemas and the data package, as the frictionless validator reads them ----------------------


def frictionless_errors(folder: Path) -> list[str]:
    """What frictionless finds wrong with datapackage.json and every table it lists (none: valid)."""
    report = frictionless.validate(str(folder / "datapackage.json"))
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors]


def test_frictionless_accepts_the_data_package_and_every_table(project, graph):
    publish("1.0")
    folder = project / "releases" / "1.0"
    assert frictionless_errors(folder) == []
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in package["resources"]] == [t.name for t in shipped_tables(graph)]
    # schema.data.gouv.fr conventions: French titles and descriptions, licence, sources, contributors.
    assert package["title"].startswith("Atelier des territoires :") and package["title_en"]
    assert package["licenses"][0]["name"] == "etalab-2.0" and package["countryCode"] == "FR"
    assert package["contributors"][0]["role"] == "publisher"
    assert any(s["path"].startswith("https://www.atelier-territoires.logement.gouv.fr/")
               for s in package["sources"])
    for resource in package["resources"]:
        assert resource["schema"] == f"{resource['name']}.schema.json"
        assert resource["hash"] == "sha256:" + hashlib_of(folder / resource["path"])
    # Each table alone, against its schema, as the issue checked it (ambitions.csv was INVALID).
    for table in shipped_tables(graph):
        descriptor = json.loads((folder / f"{table.name}.schema.json").read_bytes())
        schema = frictionless.Schema.from_descriptor(descriptor)
        resource = frictionless.Resource(path=f"{table.name}.csv", basepath=str(folder), schema=schema)
        report = resource.validate()
        assert report.valid, (table.name, report.flatten(["rowNumber", "fieldName", "message"]))


def hashlib_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_field_is_described_in_french_and_english_with_an_example_of_its_type(project, graph):
    publish("1.0")
    folder = project / "releases" / "1.0"
    for table in shipped_tables(graph):
        schema = json.loads((folder / f"{table.name}.schema.json").read_text("utf-8"))
        assert schema["title"] == table.title_fr and schema["title_en"] == table.title_en
        for spec, column in zip(schema["fields"], table.columns, strict=True):
            assert spec["name"] == column.name  # stable, never translated
            assert spec["title"] == column.title_fr and spec["title_en"] == column.title_en
            assert spec["description"].endswith(".") and spec["description_en"].endswith("."), spec["name"]
            assert spec["description"] != spec["description_en"], spec["name"]
            assert spec["example"], spec["name"]
        # The examples, as one row, conform to the schema: to ours and to frictionless.
        row = folder / "examples.csv"
        with open(row, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerows([[f[key] for f in schema["fields"]] for key in ("name", "example")])
        assert check_table(row.read_bytes(), schema) == [], table.name
        declared = frictionless.Schema.from_descriptor(schema)
        report = frictionless.Resource(path=row.name, basepath=str(folder), schema=declared).validate()
        assert report.valid, (table.name, report.flatten(["fieldName", "message"]))
        row.unlink()


def test_a_session_ambition_has_no_rank_and_its_table_still_conforms(project):
    """The issue's finding: rang was required, and empty for the session-level ambition."""
    publish("1.0")
    folder = project / "releases" / "1.0"
    rows = list(csv.DictReader(io.StringIO((folder / "ambitions.csv").read_text("utf-8"))))
    session = [r for r in rows if "/session/" in r["porteur"]]
    assert session and all(r["rang"] == "" for r in session)
    fields = json.loads((folder / "ambitions.schema.json").read_text("utf-8"))["fields"]
    assert "constraints" not in next(f for f in fields if f["name"] == "rang")


def test_a_kind_with_a_table_and_no_instances_gets_no_table(project):
    """Tables for every kind that has instances: a kind described with a table, and no entry yet,
    adds no empty file to the release (kinds are picked up with no change to the release)."""
    from atelier_kg import kinds as k
    from atelier_kg.kinds.common import LABEL
    from atelier_kg.namespaces import ATD

    waiting = k.Kind("essai-attente", (ATD.EssaiAttente,), (LABEL,), name_fr="attentes", name_en="waits",
                     template=k.Excluded("a kind of the test, with no template"),
                     tables=(k.Table("essai-attentes", "Attentes", "Waits",
                                     (k.Column("id", "identifiant (IRI)", "identifier (IRI)", k.model.iri(),
                                               required=True),)),),
                     diff=k.Excluded("a kind of the test, not compared"), page=k.Page())
    k.register(waiting)
    try:
        assert publish("1.0").exit_code == 0
    finally:
        k.unregister(waiting.kind)
    folder = project / "releases" / "1.0"
    assert not any(name.startswith("essai-attentes") for name in (p.name for p in folder.iterdir()))
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert "essai-attentes" not in [r["name"] for r in package["resources"]]
