"""Where a release comes from (PROV-O): the software and its commit, and every input file with
its SHA-256."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

from .. import __version__
from ..namespaces import ATD, BASE
from .versions import git_commit

SPDX = Namespace("http://spdx.org/rdf/terms#")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_files(project: Path, data_dir: Path) -> list[Path]:
    folders = [data_dir, project / "ontology", project / "shapes"]
    files = [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()]
    return sorted(files, key=lambda p: p.resolve().as_posix())


def add_provenance(catalog: Graph, dataset: URIRef, version: str, day: datetime.date, project: Path,
                   data_dir: Path) -> None:
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
    root = project.resolve()
    for path in input_files(project, data_dir):
        inside = path.resolve().is_relative_to(root)
        relative = path.resolve().relative_to(root).as_posix() if inside else path.name
        entity = URIRef(f"{BASE}releases/{version}/entree/{relative}")
        add((activity, PROV.used, entity))
        add((entity, RDF.type, PROV.Entity))
        add((entity, DCTERMS.identifier, Literal(relative)))
        checksum = URIRef(f"{entity}#sha256")
        add((entity, SPDX.checksum, checksum))
        add((checksum, RDF.type, SPDX.Checksum))
        add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        add((checksum, SPDX.checksumValue, Literal(sha256(path.read_bytes()), datatype=XSD.hexBinary)))
