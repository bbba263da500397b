"""An open-data release: graph files, CSV tables with Table Schemas, a DCAT-AP 3.0.1 catalog with
PROV-O provenance, VoID statistics, SHA256SUMS and a changelog people can read.

Reproducible: the same data and version give the same bytes (dates come from SOURCE_DATE_EPOCH or
the data's last commit, never the clock). Atomic: the folder is built aside, then renamed into place.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from . import __version__
from .diff import compare, format_changes, read_snapshot
from .export import bind_prefixes, serialize, to_jsonld, write_folder
from .messages import BilingualError, EntryError, inline
from .namespaces import ATD, BASE, GEO, ID, IGEO, mint
from .outputs import verify_outputs

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
STEM = "atelier-des-territoires"
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's DCAT namespace predates it
LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
HOMEPAGE = URIRef("https://www.atelier-territoires.logement.gouv.fr/")
FRANCE_BBOX = "POLYGON((-5.2 41.3, 9.6 41.3, 9.6 51.1, -5.2 51.1, -5.2 41.3))"


class ReleaseError(BilingualError):
    pass


@dataclass(frozen=True)
class FileKind:
    title_fr: str
    title_en: str
    media_type: str
    eu_format: str


KINDS = {
    ".ttl": FileKind("Graphe en Turtle", "Graph in Turtle", "text/turtle", "RDF_TURTLE"),
    ".jsonld": FileKind("Graphe en JSON-LD", "Graph in JSON-LD", "application/ld+json", "JSON_LD"),
    ".nt": FileKind(
        "Graphe en N-Triples (trié)", "Graph in N-Triples (sorted)", "application/n-triples", "RDF_N_TRIPLES"
    ),
    ".nt.gz": FileKind(
        "Graphe en N-Triples compressé (gzip)",
        "Graph in N-Triples, gzip-compressed",
        "application/gzip",
        "GZIP",
    ),
    ".csv": FileKind("Table CSV", "CSV table", "text/csv", "CSV"),
    ".schema.json": FileKind("Schéma de table (Table Schema)", "Table Schema", "application/json", "JSON"),
    ".svg": FileKind("Carte des lauréats (SVG)", "Map of the laureates (SVG)", "image/svg+xml", "SVG"),
    "context.jsonld": FileKind("Contexte JSON-LD", "JSON-LD context", "application/ld+json", "JSON_LD"),
    "CHANGES.md": FileKind("Journal des changements", "Changelog", "text/markdown", "TXT"),
}


def _kind(name: str) -> FileKind:
    if name in KINDS:
        return KINDS[name]
    for suffix in sorted(KINDS, key=len, reverse=True):
        if name.endswith(suffix):
            return KINDS[suffix]
    raise KeyError(name)


# -- dates and inputs ------------------------------------------------------------------------------


def release_date(project: Path) -> datetime.date:
    """SOURCE_DATE_EPOCH if set, else the date of the data's last commit; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    try:
        output = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "data"],
            cwd=project,
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        output = ""
    if not output:
        raise ReleaseError(
            "date de publication inconnue : définissez SOURCE_DATE_EPOCH (secondes depuis 1970) "
            "ou publiez depuis un dépôt git",
            "unknown release date: set SOURCE_DATE_EPOCH (seconds since 1970) or release from "
            "a git repository",
        )
    return datetime.datetime.fromtimestamp(int(output), tz=datetime.UTC).date()


def git_commit(project: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def input_files(project: Path, data_dir: Path) -> list[Path]:
    folders = [data_dir, project / "ontology", project / "shapes"]
    files = [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()]
    return sorted(files, key=lambda p: p.resolve().as_posix())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- CSV tables ------------------------------------------------------------------------------------

UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ (or tab, CR) is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(UNSAFE_START) else text


@dataclass(frozen=True)
class Column:
    name: str
    title_fr: str
    title_en: str
    kind: str = "string"  # Table Schema types: string, integer, boolean, date, year
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    title_fr: str
    title_en: str
    columns: tuple[Column, ...]
    rows: Callable[[Graph], list[list[object]]]


def _fr(graph: Graph, node: Node | None, predicate: URIRef = SKOS.prefLabel, lang: str = "fr") -> str:
    if node is None:
        return ""
    values = sorted(
        str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language == lang
    )
    return values[0] if values else ""


def _number(node: Node | None) -> object:
    return node.toPython() if isinstance(node, Literal) else ""


def _slug(node: Node | None) -> str:
    return str(node).rsplit("/", 1)[-1] if node is not None else ""


def _joined(graph: Graph, node: Node, predicate: URIRef, code: URIRef | None = None) -> str:
    values = [
        str(graph.value(o, code)) if code is not None else _slug(o) for o in graph.objects(node, predicate)
    ]
    return ";".join(sorted(values))


def _subjects(graph: Graph, cls: URIRef) -> list[URIRef]:
    return sorted((s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)), key=str)


def _session_rows(graph: Graph) -> list[list[object]]:
    rows = []
    for session in _subjects(graph, ATD.Session):
        period = graph.value(session, DCTERMS.temporal)
        laureates = list(graph.subjects(ATD.session, session))
        rows.append(
            [
                str(session),
                _slug(session),
                _fr(graph, session),
                _fr(graph, session, lang="en"),
                _fr(graph, session, ATD.theme),
                str(graph.value(period, DCAT.startDate) or ""),
                str(graph.value(period, DCAT.endDate) or ""),
                str(graph.value(session, ATD.appel) or ""),
                len(laureates),
            ]
        )
    return rows


def _laureate_rows(graph: Graph) -> list[list[object]]:
    rows = []
    for laureate in _subjects(graph, ATD.TerritoireLaureat):
        team = graph.value(laureate, ATD.equipe)
        to_confirm = graph.value(laureate, ATD.identificationAConfirmer)
        rows.append(
            [
                str(laureate),
                _slug(laureate),
                _fr(graph, laureate),
                _fr(graph, laureate, lang="en"),
                _slug(graph.value(laureate, ATD.session)),
                _fr(graph, laureate, ATD.objectifPrincipal),
                _joined(graph, laureate, ATD.departement, IGEO.codeDepartement),
                _joined(graph, laureate, ATD.region, IGEO.codeRegion),
                _joined(graph, laureate, ATD.ddt),
                str(graph.value(laureate, ATD.nomDeLaCollectivite) or ""),
                "" if to_confirm is None else str(to_confirm.toPython()).lower(),
                _joined(graph, laureate, ATD.epci),
                _joined(graph, laureate, ATD.epciAConfirmer),
                len(list(graph.objects(laureate, ATD.ambition))),
                len(list(graph.subjects(ORG.organization, team))) if team is not None else 0,
            ]
        )
    return rows


def _ambition_rows(graph: Graph) -> list[list[object]]:
    rows = []
    for ambition in _subjects(graph, ATD.Ambition):
        carrier = graph.value(None, ATD.ambition, ambition)
        rows.append(
            [
                str(ambition),
                str(carrier or ""),
                _number(graph.value(ambition, ATD.rang)),
                _fr(graph, ambition, DCTERMS.description),
                _fr(graph, ambition, DCTERMS.description, "en"),
            ]
        )
    return rows


def _organisation_rows(graph: Graph) -> list[list[object]]:
    rows = []
    for organisation in _subjects(graph, ORG.Organization):
        if (organisation, RDF.type, ATD.Equipe) in graph or (
            organisation,
            RDF.type,
            ATD.InstanceDeGouvernance,
        ) in graph:
            continue
        rows.append(
            [
                str(organisation),
                _slug(organisation),
                _fr(graph, organisation),
                _fr(graph, organisation, lang="en"),
                ";".join(sorted(str(a) for a in graph.objects(organisation, SKOS.altLabel))),
                _joined(graph, organisation, DCTERMS.type),
                _joined(graph, organisation, ORG.subOrganizationOf),
                _joined(graph, organisation, DCTERMS.spatial),
                str(graph.value(organisation, ATD.siren) or ""),
            ]
        )
    return rows


def _membership_rows(graph: Graph, body_class: URIRef) -> list[list[object]]:
    rows = []
    for membership in _subjects(graph, ORG.Membership):
        body = graph.value(membership, ORG.organization)
        if (body, RDF.type, body_class) not in graph:
            continue
        member = graph.value(membership, ORG.member)
        name = _fr(graph, member) or str(graph.value(member, FOAF.name) or "")
        laureate = graph.value(None, ATD.equipe, body)
        disciplines = ";".join(sorted(_fr(graph, d) for d in graph.objects(membership, ATD.discipline)))
        common = [
            str(membership),
            str(body),
            _number(graph.value(membership, ATD.rang)),
            str(member),
            name,
            _fr(graph, graph.value(membership, ORG.role)),
        ]
        if body_class == ATD.Equipe:
            rows.append([*common[:2], str(laureate or ""), *common[2:], disciplines])
        else:
            rows.append([*common, str(graph.value(membership, ATD.texteDeLaSource) or "")])
    return rows


ID_COLUMN = Column("id", "identifiant (IRI)", "identifier (IRI)", required=True)
TABLES = (
    Table(
        "sessions",
        "Sessions nationales",
        "National sessions",
        (
            ID_COLUMN,
            Column("slug", "identifiant court", "short identifier", required=True),
            Column("titre", "titre", "title", required=True),
            Column("titre_en", "titre en anglais", "English title"),
            Column("theme", "thème", "theme"),
            Column("debut", "année de début", "start year", "year"),
            Column("fin", "année de fin", "end year", "year"),
            Column("ami", "appel (IRI)", "call (IRI)"),
            Column("nombre_laureats", "nombre de lauréats", "number of laureates", "integer"),
        ),
        _session_rows,
    ),
    Table(
        "laureats",
        "Territoires lauréats",
        "Laureate territories",
        (
            ID_COLUMN,
            Column("slug", "identifiant court", "short identifier", required=True),
            Column("nom", "nom", "name", required=True),
            Column("nom_en", "nom en anglais", "English name"),
            Column("session", "session", "session"),
            Column("objectif_principal", "objectif principal", "headline objective"),
            Column("departements", "codes INSEE des départements (;)", "INSEE codes of the departments (;)"),
            Column("regions", "codes INSEE des régions (;)", "INSEE codes of the regions (;)"),
            Column("ddt", "DDT (;)", "DDTs (;)"),
            Column("collectivite", "collectivité", "local authority"),
            Column(
                "collectivite_a_confirmer", "collectivité à confirmer", "authority to be confirmed", "boolean"
            ),
            Column("epci", "SIREN des EPCI (;)", "SIREN of the EPCIs (;)"),
            Column("epci_a_confirmer", "SIREN de l'EPCI à confirmer", "SIREN of the EPCI to be confirmed"),
            Column("nombre_ambitions", "nombre d'ambitions", "number of ambitions", "integer"),
            Column("taille_equipe", "membres de l'équipe", "team members", "integer"),
        ),
        _laureate_rows,
    ),
    Table(
        "ambitions",
        "Ambitions",
        "Ambitions",
        (
            ID_COLUMN,
            Column("porteur", "lauréat ou session (IRI)", "laureate or session (IRI)", required=True),
            Column("rang", "rang", "rank", "integer", True),
            Column("texte", "texte", "text", required=True),
            Column("texte_en", "texte en anglais", "English text"),
        ),
        _ambition_rows,
    ),
    Table(
        "organisations",
        "Organisations",
        "Organisations",
        (
            ID_COLUMN,
            Column("slug", "identifiant court", "short identifier", required=True),
            Column("nom", "nom", "name", required=True),
            Column("nom_en", "nom en anglais", "English name"),
            Column("sigles", "sigles (;)", "acronyms (;)"),
            Column("type", "type", "kind"),
            Column("releve_de", "relève de", "part of"),
            Column("territoire", "territoire de compétence", "area"),
            Column("siren", "SIREN", "SIREN"),
        ),
        _organisation_rows,
    ),
    Table(
        "adhesions-equipes",
        "Membres des équipes pluridisciplinaires",
        "Members of the multidisciplinary teams",
        (
            ID_COLUMN,
            Column("equipe", "équipe (IRI)", "team (IRI)", required=True),
            Column("laureat", "lauréat (IRI)", "laureate (IRI)"),
            Column("rang", "rang", "rank", "integer", True),
            Column("membre", "membre (IRI)", "member (IRI)", required=True),
            Column("membre_nom", "nom du membre", "member's name"),
            Column("role", "rôle", "role"),
            Column("disciplines", "disciplines (;)", "disciplines (;)"),
        ),
        lambda g: _membership_rows(g, ATD.Equipe),
    ),
    Table(
        "adhesions-gouvernance",
        "Membres des instances de gouvernance",
        "Members of the governance bodies",
        (
            ID_COLUMN,
            Column("instance", "instance (IRI)", "body (IRI)", required=True),
            Column("rang", "rang", "rank", "integer", True),
            Column("membre", "membre (IRI)", "member (IRI)", required=True),
            Column("membre_nom", "nom du membre", "member's name"),
            Column("role", "rôle", "role"),
            Column("texte_source", "texte de la source", "source text"),
        ),
        lambda g: _membership_rows(g, ATD.InstanceDeGouvernance),
    ),
)


def table_csv(table: Table, graph: Graph) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows(graph):
        writer.writerow(
            [
                value if column.kind != "string" else safe_cell(value)
                for column, value in zip(table.columns, row, strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def table_schema(table: Table, version: str, day: datetime.date) -> bytes:
    types = {"year": "year", "integer": "integer", "boolean": "boolean", "string": "string"}
    schema = {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": table.name,
        "title": table.title_fr,
        "description": f"{table.title_fr} — {table.title_en} (Atelier des territoires)",
        "version": version,
        "lastModified": day.isoformat(),
        "homepage": BASE,
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0", "path": str(LICENCE)}],
        "missingValues": [""],
        "primaryKey": "id",
        "fields": [
            {
                "name": c.name,
                "title": c.title_fr,
                "description": f"{c.title_fr} / {c.title_en}",
                "type": types[c.kind],
                **({"constraints": {"required": True}} if c.required else {}),
                **({"trueValues": ["true"], "falseValues": ["false"]} if c.kind == "boolean" else {}),
            }
            for c in table.columns
        ],
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- the release ------------------------------------------------------------------------------------


def build_release(
    graph: Graph,
    project: Path,
    data_dir: Path,
    out: Path,
    version: str,
    force: bool = False,
    previous: Path | None = None,
    map_svg: bytes | None = None,
    inputs: Iterable[Path] = (),
) -> Path:
    """Write the release folder out/version, whole or not at all; return its path.

    Every graph file is parsed back first (outputs.verify_outputs), and out/version is replaced
    only if it is a release (export.write_folder): never a folder holding anything else or inputs.
    """
    target = out / check_version(version)
    if target.exists() and not force:
        raise ReleaseError(
            f"la publication {target} existe déjà : choisissez une autre version ou ajoutez --force",
            f"the release {target} already exists: choose another version or add --force",
        )
    day = release_date(project)
    files = _content_files(graph, version, day, map_svg)
    files["CHANGES.md"] = _changelog(graph, previous, version, day)
    catalog = catalog_graph(graph, files, version, day, project, data_dir)
    void = void_graph(graph, version)
    files["catalog.ttl"] = bind_prefixes(catalog).serialize(format="turtle", encoding="utf-8")
    files["catalog.jsonld"] = to_jsonld(catalog)
    files["void.ttl"] = bind_prefixes(void).serialize(format="turtle", encoding="utf-8")
    files["SHA256SUMS"] = "".join(
        f"{sha256(data)}  {name}\n" for name, data in sorted(files.items())
    ).encode()
    counts = {f"{STEM}{suffix}": len(graph) for suffix in (".ttl", ".jsonld", ".nt")}
    counts |= {"catalog.ttl": len(catalog), "catalog.jsonld": len(catalog), "void.ttl": len(void)}
    verify_outputs(target, files, counts)
    write_folder(files, target, "release", inputs)
    return target


# A version names a folder: letters and digits, with . - + _ between them; never a path.
VERSION = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z_+-]|\.(?=[0-9A-Za-z]))*")
MAX_VERSION_LENGTH = 64


def check_version(version: str) -> str:
    if len(version) > MAX_VERSION_LENGTH or not VERSION.fullmatch(version):
        raise EntryError("--version", None, "bad_version", value=inline(version, 80))
    return version


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Versions compared as versions: 1.10 after 1.9, numeric parts as numbers, words after numbers."""
    return tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
                 for part in re.split(r"[.+_-]", version))


def release_names() -> list[str]:
    """The name of every file a release holds (what may be replaced by a release with --force)."""
    tables = [f"{table.name}{suffix}" for table in TABLES for suffix in (".csv", ".schema.json")]
    graphs = [f"{STEM}{suffix}" for suffix in (".ttl", ".jsonld", ".nt", ".nt.gz")]
    metadata = ["context.jsonld", "carte-des-laureats.svg", "CHANGES.md", "catalog.ttl", "catalog.jsonld",
                "void.ttl", "SHA256SUMS"]
    return graphs + tables + metadata


def _content_files(graph: Graph, version: str, day: datetime.date, map_svg: bytes | None) -> dict[str, bytes]:
    nt = serialize(graph, "nt")
    files = {
        f"{STEM}.ttl": serialize(graph, "ttl"),
        f"{STEM}.jsonld": serialize(graph, "jsonld"),
        f"{STEM}.nt": nt,
        f"{STEM}.nt.gz": gzip.compress(nt, mtime=0),
        "context.jsonld": (Path(__file__).parent / "context.jsonld").read_bytes(),
    }
    for table in TABLES:
        files[f"{table.name}.csv"] = table_csv(table, graph)
        files[f"{table.name}.schema.json"] = table_schema(table, version, day)
    if map_svg is not None:
        files["carte-des-laureats.svg"] = map_svg
    return files


def _changelog(graph: Graph, previous: Path | None, version: str, day: datetime.date) -> bytes:
    lines = [f"# Atelier des territoires — {version} ({day.isoformat()})", ""]
    if previous is None:
        lines += ["Première publication. — First release.", ""]
    else:
        changes = compare(read_snapshot(previous), graph)
        lines += [
            f"## Changements depuis {previous.name}",
            "",
            format_changes(changes, "fr", markdown=True),
            "",
            f"## Changes since {previous.name}",
            "",
            format_changes(changes, "en", markdown=True),
        ]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def previous_release(out: Path, version: str) -> Path | None:
    """The release before this version in out: the highest lower version (compared as versions)."""
    if not out.is_dir():
        return None
    key = version_key(version)
    candidates = [
        p
        for p in out.iterdir()
        if VERSION.fullmatch(p.name)
        and p.is_dir()
        and version_key(p.name) < key
        and (p / "catalog.ttl").is_file()
    ]
    return max(candidates, key=lambda p: (version_key(p.name), p.name)) if candidates else None


# -- DCAT-AP catalog with provenance ------------------------------------------------------------------


def catalog_graph(
    graph: Graph, files: dict[str, bytes], version: str, day: datetime.date, project: Path, data_dir: Path
) -> Graph:
    catalog = Graph()
    for prefix, namespace in (("spdx", SPDX), ("vcard", VCARD), ("dcatap", DCATAP), ("adms", ADMS)):
        catalog.bind(prefix, namespace)
    release = f"{BASE}releases/{version}/"
    catalog_iri, dataset = URIRef(f"{BASE}catalogue"), URIRef(f"{BASE}jeu-de-donnees")
    publisher, contact = mint("organisation", "dgaln"), URIRef(f"{BASE}contact")
    date = Literal(day.isoformat(), datatype=XSD.date)
    add = catalog.add

    def text(node: URIRef, predicate: URIRef, french: str, english: str) -> None:
        add((node, predicate, Literal(french, lang="fr")))
        add((node, predicate, Literal(english, lang="en")))

    def concept(iri: str, cls: URIRef, label: str) -> URIRef:
        node = URIRef(iri)
        add((node, RDF.type, cls))
        add((node, SKOS.prefLabel, Literal(label, lang="en")))
        return node

    add((catalog_iri, RDF.type, DCAT.Catalog))
    text(
        catalog_iri,
        DCTERMS.title,
        "Catalogue des données de l'Atelier des territoires",
        "Catalogue of the Atelier des territoires data",
    )
    text(
        catalog_iri,
        DCTERMS.description,
        "Les jeux de données ouverts publiés par atelier-kg pour le programme "
        "national Atelier des territoires.",
        "The open datasets published by atelier-kg for the national Atelier des territoires programme.",
    )
    add((catalog_iri, DCTERMS.publisher, publisher))
    add((catalog_iri, DCAT.dataset, dataset))
    add((catalog_iri, DCTERMS.issued, date))
    add((catalog_iri, DCTERMS.modified, date))
    add((catalog_iri, DCTERMS.license, LICENCE))
    add((catalog_iri, FOAF.homepage, HOMEPAGE))
    add((HOMEPAGE, RDF.type, FOAF.Document))
    for code in ("FRA", "ENG"):
        add((catalog_iri, DCTERMS.language, concept(f"{EU}language/{code}", DCTERMS.LinguisticSystem, code)))
    france = URIRef(f"{EU}country/FRA")
    add((france, RDF.type, DCTERMS.Location))
    add((france, DCAT.bbox, Literal(FRANCE_BBOX, datatype=GEO.wktLiteral)))
    add((france, DCAT.centroid, Literal("POINT(2.2 46.6)", datatype=GEO.wktLiteral)))
    add((catalog_iri, DCTERMS.spatial, france))
    themes = URIRef(f"{EU}data-theme")
    add((themes, RDF.type, SKOS.ConceptScheme))
    add((themes, DCTERMS.title, Literal("Data theme", lang="en")))
    add((catalog_iri, DCAT.themeTaxonomy, themes))

    add((publisher, RDF.type, FOAF.Agent))
    add(
        (
            publisher,
            FOAF.name,
            Literal("Direction générale de l'aménagement, du logement et de la nature", lang="fr"),
        )
    )
    add(
        (
            publisher,
            DCTERMS.type,
            concept(
                "http://purl.org/adms/publishertype/NationalAuthority", SKOS.Concept, "National authority"
            ),
        )
    )
    add((contact, RDF.type, VCARD.Organization))
    add((contact, RDF.type, VCARD.Kind))  # validators do not infer vcard:Kind from vcard:Organization
    add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    add((contact, VCARD.fn, Literal("DGALN — Atelier des territoires")))
    add((contact, VCARD.hasURL, HOMEPAGE))
    add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    add((LICENCE, RDFS.label, Literal("Licence Ouverte / Open Licence 2.0", lang="fr")))
    add(
        (
            LICENCE,
            DCTERMS.type,
            concept("http://purl.org/adms/licencetype/Attribution", SKOS.Concept, "Attribution"),
        )
    )

    add((dataset, RDF.type, DCAT.Dataset))
    text(
        dataset,
        DCTERMS.title,
        "Atelier des territoires : programme, sessions, lauréats et équipes",
        "Atelier des territoires: programme, sessions, laureates and teams",
    )
    text(
        dataset,
        DCTERMS.description,
        "Graphe de connaissances du programme national Atelier des territoires (DGALN) : "
        "la session 2023-2025, son appel à manifestation d'intérêt, les six territoires lauréats "
        "et leurs ambitions, les services de l'État, la gouvernance et les équipes "
        "pluridisciplinaires avec leurs membres, rôles et disciplines ; liens au Code officiel "
        "géographique.",
        "Knowledge graph of the national Atelier des territoires programme (DGALN): the 2023-2025 "
        "session, its call for expressions of interest, the six laureate territories and their "
        "ambitions, the State services, the governance and the multidisciplinary teams with their "
        "members, roles and disciplines; links to the official geographic code.",
    )
    add((dataset, DCTERMS.identifier, Literal(STEM)))
    add((dataset, DCAT_VERSION, Literal(version)))
    add((dataset, DCTERMS.publisher, publisher))
    add((dataset, DCAT.contactPoint, contact))
    add((dataset, DCTERMS.issued, date))
    add((dataset, DCTERMS.modified, date))
    add((dataset, DCTERMS.spatial, france))
    add((dataset, DCAT.landingPage, HOMEPAGE))
    for code, label in (("REGI", "Regions and cities"), ("GOVE", "Government and public sector")):
        theme = concept(f"{EU}data-theme/{code}", SKOS.Concept, label)
        add((theme, SKOS.inScheme, themes))
        add((dataset, DCAT.theme, theme))
    for french, english in (
        ("aménagement du territoire", "spatial planning"),
        ("transition écologique", "ecological transition"),
        ("territoires productifs", "productive territories"),
        ("urbanisme", "urban planning"),
        ("données liées", "linked data"),
    ):
        add((dataset, DCAT.keyword, Literal(french, lang="fr")))
        add((dataset, DCAT.keyword, Literal(english, lang="en")))
    periods = [graph.value(s, DCTERMS.temporal) for s in graph.subjects(RDF.type, ATD.Session)]
    starts = [int(str(graph.value(p, DCAT.startDate))) for p in periods if graph.value(p, DCAT.startDate)]
    ends = [int(str(graph.value(p, DCAT.endDate))) for p in periods if graph.value(p, DCAT.endDate)]
    if starts:
        period = URIRef(f"{BASE}periode-couverte")
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        add((period, DCAT.startDate, Literal(f"{min(starts)}-01-01", datatype=XSD.date)))
        add((period, DCAT.endDate, Literal(f"{max(ends or starts)}-12-31", datatype=XSD.date)))
        add((dataset, DCTERMS.temporal, period))
    stable = concept(f"{EU}planned-availability/STABLE", SKOS.Concept, "Stable")
    for name, data in sorted(files.items()):
        kind = _kind(name)
        distribution = URIRef(f"{release}{name}#distribution")
        url = URIRef(f"{release}{name}")
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        text(distribution, DCTERMS.title, f"{kind.title_fr} : {name}", f"{kind.title_en}: {name}")
        text(
            distribution,
            DCTERMS.description,
            f"{kind.title_fr} de la version {version}.",
            f"{kind.title_en} of version {version}.",
        )
        add((distribution, DCAT.accessURL, url))
        add((distribution, DCAT.downloadURL, url))
        add((distribution, DCTERMS.license, LICENCE))
        add((distribution, DCATAP.availability, stable))
        add(
            (
                distribution,
                DCTERMS.format,
                concept(f"{EU}file-type/{kind.eu_format}", DCTERMS.MediaTypeOrExtent, kind.eu_format),
            )
        )
        media = URIRef(IANA + kind.media_type)
        add((media, RDF.type, DCTERMS.MediaType))
        add((distribution, DCAT.mediaType, media))
        add((distribution, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{release}{name}#sha256")
        add((distribution, SPDX.checksum, checksum))
        add((checksum, RDF.type, SPDX.Checksum))
        add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        add((checksum, SPDX.checksumValue, Literal(sha256(data), datatype=XSD.hexBinary)))
        if name.endswith(".csv"):
            schema = URIRef(f"{release}{name.removesuffix('.csv')}.schema.json")
            add((schema, RDF.type, DCTERMS.Standard))
            add((distribution, DCTERMS.conformsTo, schema))
    _provenance(catalog, dataset, version, day, project, data_dir)
    return catalog


def _provenance(
    catalog: Graph, dataset: URIRef, version: str, day: datetime.date, project: Path, data_dir: Path
) -> None:
    add = catalog.add
    activity = URIRef(f"{BASE}releases/{version}/production")
    software = URIRef(f"{BASE}logiciel/atelier-kg/{__version__}")
    add((dataset, PROV.wasGeneratedBy, activity))
    add((activity, RDF.type, PROV.Activity))
    add((activity, RDFS.label, Literal(f"atelier-kg release {version}")))
    add((activity, PROV.endedAtTime, Literal(f"{day.isoformat()}T00:00:00Z", datatype=XSD.dateTime)))
    add((activity, PROV.wasAssociatedWith, software))
    add((software, RDF.type, PROV.SoftwareAgent))
    add((software, FOAF.name, Literal("atelier-kg")))
    add((software, OWL.versionInfo, Literal(__version__)))
    commit = git_commit(project)
    if commit:
        add((software, ATD.commitGit, Literal(commit)))
    for path in input_files(project, data_dir):
        relative = (
            path.resolve().relative_to(project.resolve()).as_posix()
            if path.resolve().is_relative_to(project.resolve())
            else path.name
        )
        entity = URIRef(f"{BASE}releases/{version}/entree/{relative}")
        add((activity, PROV.used, entity))
        add((entity, RDF.type, PROV.Entity))
        add((entity, DCTERMS.identifier, Literal(relative)))
        checksum = URIRef(f"{entity}#sha256")
        add((entity, SPDX.checksum, checksum))
        add((checksum, RDF.type, SPDX.Checksum))
        add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        add((checksum, SPDX.checksumValue, Literal(sha256(path.read_bytes()), datatype=XSD.hexBinary)))


# -- VoID ---------------------------------------------------------------------------------------------


def void_graph(graph: Graph, version: str) -> Graph:
    void = Graph()
    void.bind("void", VOID)
    dataset = URIRef(f"{BASE}void")
    add = void.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, Literal("Atelier des territoires", lang="fr")))
    add((dataset, DCTERMS.license, LICENCE))
    add((dataset, VOID.uriSpace, Literal(ID)))
    add((dataset, VOID.exampleResource, mint("laureat", "mayenne")))
    for name in (f"{STEM}.nt.gz", f"{STEM}.ttl"):
        add((dataset, VOID.dataDump, URIRef(f"{BASE}releases/{version}/{name}")))
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    add((dataset, VOID.triples, Literal(len(graph))))
    add((dataset, VOID.entities, Literal(len(set(graph.subjects(RDF.type, None))))))
    add((dataset, VOID.distinctSubjects, Literal(len(subjects))))
    add((dataset, VOID.distinctObjects, Literal(len(set(graph.objects())))))
    classes = Counter(o for _, o in graph.subject_objects(RDF.type))
    properties = Counter(p for _, p, _ in graph)
    add((dataset, VOID.classes, Literal(len(classes))))
    add((dataset, VOID.properties, Literal(len(properties))))
    namespace = graph.namespace_manager
    for cls, count in sorted(classes.items(), key=lambda x: str(x[0])):
        partition = URIRef(f"{BASE}void/classe/{namespace.normalizeUri(cls).replace(':', '/')}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(count)))
    for prop, count in sorted(properties.items(), key=lambda x: str(x[0])):
        partition = URIRef(f"{BASE}void/propriete/{namespace.normalizeUri(prop).replace(':', '/')}")
        add((dataset, VOID.propertyPartition, partition))
        add((partition, VOID.property, prop))
        add((partition, VOID.triples, Literal(count)))
    for vocabulary in sorted(
        {
            str(p).rsplit("#", 1)[0] + "#" if "#" in str(p) else str(p).rsplit("/", 1)[0] + "/"
            for p in properties
        }
    ):
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    return void
