"""Check a release folder, offline, with what it carries: `atelier-kg validate --release DIR`.

- checksums: every file SHA256SUMS lists is there, a regular file, with its SHA-256; no file
  is there that it does not list;
- catalog: catalog.ttl conforms to DCAT-AP 3.0.1 (the official mandatory, range and recommended
  shapes, shipped with atelier-kg); every distribution it announces is in the folder with the size
  and SHA-256 it states, and every file of the release is one of its distributions;
- tables: every CSV of datapackage.json (or beside a .schema.json, in older releases) conforms to
  its Table Schema, and has the size and SHA-256 the package states;
- graph: the Turtle, JSON-LD and gzip'ed copies hold the N-Triples' triples, VoID counts them,
  and the graph conforms to the shapes the release carries (formes-*.ttl).

The checks of a Table Schema are the ones its schemas declare (tables.check_table), not a
general validator: the release's own files, read bounded and without following links, with
messages in the user's language and lines people can open. The tests run the frictionless
validator on the same releases, so that both agree.

Every problem is a line `file:line: message`; nothing read is quoted beyond a short value.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import stat
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from ..diff import (
    MAX_RELEASE_FILE_BYTES,
    MAX_RELEASE_GRAPH_BYTES,
    MAX_SUMS_BYTES,
    RELEASE_GRAPH,
    SUMS_LINE,
    read_release_file,
)
from ..messages import CodedError, EntryError, message, phrase
from .catalog import DESCRIBING, PACKAGE_FILE, SHAPES_PREFIX
from .places import nt_source_map, turtle_subject_lines
from .report import ReleaseProblem, ReleaseReport, error_text
from .tables import check_table, readable_schema

SPDX = Namespace("http://spdx.org/rdf/terms#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT_AP = "dcat-ap-3.0.1"
DCAT_AP_FILES = ("shapes.ttl", "range.ttl", "shapes_recommended.ttl")  # mandatory, classes, recommended
MAX_METADATA_BYTES = 64 << 20  # catalog, VoID, schemas, the package, the shapes
GRAPH_COPIES = {"atelier-des-territoires.ttl": ox.RdfFormat.TURTLE,
                "atelier-des-territoires.jsonld": ox.RdfFormat.JSON_LD}


def dcat_ap_shapes() -> list[Path]:
    """The official DCAT-AP 3.0.1 shapes: in the installed package, or beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for root in (package / "standards", package.parent / "standards"):
        if all((root / DCAT_AP / name).is_file() for name in DCAT_AP_FILES):
            return [root / DCAT_AP / name for name in DCAT_AP_FILES]
    raise EntryError(str(package / "standards" / DCAT_AP), None, "release_no_standards")


def check_release(folder: Path) -> ReleaseReport:
    """Everything `validate --release` checks; EntryError only if folder is not a release at all."""
    return _Checker(folder).run()


class _Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.report = ReleaseReport(folder)
        self.data: dict[str, bytes] = {}  # files read whole (bounded), by name
        self.digests: dict[str, tuple[int, str]] = {}  # every regular file: (size, SHA-256)
        self.listed: dict[str, int] | None = None  # SHA256SUMS: name → line (None: unreadable)

    # -- helpers -----------------------------------------------------------------------------------
    def shown(self, name: str) -> str:
        return str(self.folder / name)

    def problem(self, file: str, line: int | None, code: str, severity: str = "violation", /,
                **params: object) -> None:
        def say(lang: str) -> str:
            return message(code, lang, **{k: (v(lang) if callable(v) else v) for k, v in params.items()})

        self.report.problems.append(ReleaseProblem(self.shown(file), line, say, severity))

    def coded(self, error: CodedError, name: str) -> None:
        line = error.line if isinstance(error, EntryError) else None
        self.report.problems.append(ReleaseProblem(self.shown(name), line, error_text(error)))

    def read(self, name: str, limit: int = MAX_METADATA_BYTES) -> bytes | None:
        if name in self.data:
            return self.data[name]
        if name not in self.digests:
            return None
        try:
            data = read_release_file(self.folder, name, limit)
        except EntryError as error:
            self.coded(error, name)
            return None
        self.data[name] = data
        return data

    # -- the checks --------------------------------------------------------------------------------
    def run(self) -> ReleaseReport:
        self.listed = self.sums()
        self.files_present()
        graph_count = self.graph()
        catalog = self.catalog()
        if catalog is not None:
            self.distributions(catalog)
        self.tables()
        self.void(graph_count)
        self.report.files = len(self.digests)
        # Grouped by file, line by line (a stable sort: each file's problems keep the checks' order).
        self.report.problems.sort(key=lambda p: (p.path, p.line or 0))
        return self.report

    def sums(self) -> dict[str, int] | None:
        """SHA256SUMS: name → its line; each listed file's presence and digest."""
        if not os.path.isdir(self.folder):
            raise EntryError(str(self.folder), None, "release_not_a_release")
        try:
            sums = read_release_file(self.folder, "SHA256SUMS", MAX_SUMS_BYTES)
        except EntryError as error:
            if error.code == "release_incomplete" and not os.path.lexists(self.folder / "catalog.ttl"):
                raise EntryError(str(self.folder), None, "release_not_a_release") from None
            self.coded(error, "SHA256SUMS")
            self.scan()
            return None
        self.scan()
        listed: dict[str, int] = {}
        for number, raw in enumerate(sums.split(b"\n"), start=1):
            if not raw:
                continue
            match = SUMS_LINE.fullmatch(raw.decode("ascii", "replace"))
            if match is None or ".." in match["name"] or match["name"] in listed:
                self.problem("SHA256SUMS", number, "release_syntax", format="SHA256SUMS")
                continue
            name = match["name"]
            listed[name] = number
            if name not in self.digests:
                if os.path.lexists(self.folder / name):
                    continue  # not a regular file: said by scan()
                self.problem("SHA256SUMS", number, "release_missing_file", name=name)
            elif self.digests[name][1] != match["digest"]:
                self.problem(name, None, "release_checksum")
        return listed

    def scan(self) -> None:
        """Every entry of the folder: regular files are hashed (in pieces); anything else is said."""
        with os.scandir(self.folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    self.problem(entry.name, None, "release_not_regular")
                    continue
                if info.st_size > MAX_RELEASE_FILE_BYTES:
                    self.problem(entry.name, None, "release_too_large", size=info.st_size,
                                 limit=MAX_RELEASE_FILE_BYTES)
                    continue
                try:
                    self.digests[entry.name] = _digest(self.folder, entry.name)
                except EntryError as error:
                    self.coded(error, entry.name)

    def missing(self, name: str) -> None:
        """A file every release holds is not there (said once: SHA256SUMS may have said it)."""
        if name in self.digests or os.path.lexists(self.folder / name) or name in (self.listed or {}):
            return
        self.problem(name, None, "release_missing_file", name=name)

    def files_present(self) -> None:
        if self.listed is None:
            return  # without SHA256SUMS, nothing is listed: that one problem is said
        for name in sorted(self.digests):
            if name != "SHA256SUMS" and name not in self.listed:
                self.problem(name, None, "release_unlisted_file")

    def catalog(self) -> Graph | None:
        data = self.read("catalog.ttl")
        if data is None:
            self.missing("catalog.ttl")
            return None
        catalog = self.parse_rdf("catalog.ttl", data, ox.RdfFormat.TURTLE)
        if catalog is None:
            return None
        self.dcat_ap(catalog, data)
        return catalog

    def dcat_ap(self, catalog: Graph, data: bytes) -> None:
        from pyshacl import validate

        shapes = Graph()
        for path in dcat_ap_shapes():
            shapes.parse(path, format="turtle")
        _, results, _ = validate(catalog, shacl_graph=shapes, inference="none", allow_warnings=True)
        lines = turtle_subject_lines(data.decode("utf-8", "replace"))
        found = []
        for result in results.subjects(RDF.type, SH.ValidationResult):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            text = results.value(result, SH.resultMessage)
            severity = "warning" if results.value(result, SH.resultSeverity) != SH.Violation else "violation"
            detail = " ".join(str(x) for x in (path, text) if x is not None)
            found.append((lines.get(str(focus)), str(focus), detail, severity))
        for line, focus, detail, severity in sorted(found, key=lambda x: (x[0] or 0, x[1], x[2])):
            self.problem("catalog.ttl", line, "release_dcat_ap", severity, focus=focus, detail=detail)

    def distributions(self, catalog: Graph) -> None:
        """Each distribution the catalog announces is a file of the folder, as the catalog states it."""
        text = (self.data.get("catalog.ttl") or b"").decode("utf-8", "replace")
        lines = turtle_subject_lines(text)
        announced: set[str] = set()
        for distribution in sorted(catalog.subjects(RDF.type, DCAT.Distribution), key=str):
            url = catalog.value(distribution, DCAT.downloadURL)
            name = str(url).rsplit("/", 1)[-1] if isinstance(url, URIRef) else ""
            line = lines.get(str(distribution))
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}", name) or name in DESCRIBING:
                self.problem("catalog.ttl", line, "release_bad_distribution", distribution=str(distribution))
                continue
            announced.add(name)
            if name not in self.digests:
                self.problem("catalog.ttl", line, "release_missing_distribution", name=name)
                continue
            size, digest = self.digests[name]
            stated_size = catalog.value(distribution, DCAT.byteSize)
            checksum = catalog.value(distribution, SPDX.checksum)
            stated_digest = catalog.value(checksum, SPDX.checksumValue) if checksum is not None else None
            if not (isinstance(stated_size, Literal) and str(stated_size) == str(size)
                    and isinstance(stated_digest, Literal) and str(stated_digest) == digest):
                self.problem(name, None, "release_distribution_differs", at=line or "?")
        self.report.distributions = len(announced)
        for name in sorted(set(self.digests) - announced - set(DESCRIBING)):
            self.problem(name, None, "release_not_distributed")

    def tables(self) -> None:
        """Every CSV against its schema: those of datapackage.json, else each name.csv + name.schema.json."""
        resources = self.package_resources()
        packaged = {path for path, _ in resources}
        for name in sorted(n for n in self.digests if n.endswith(".csv")):
            if name not in packaged:
                if PACKAGE_FILE in self.digests:
                    self.problem(name, None, "release_table_not_packaged")
                resources.append((name, name.removesuffix(".csv") + ".schema.json"))
        for path, schema_name in resources:
            self.table(path, schema_name)

    def package_resources(self) -> list[tuple[str, str]]:
        """(CSV, schema file) of each resource of datapackage.json; what it states is checked too."""
        data = self.read(PACKAGE_FILE)
        if data is None:
            return []
        try:
            package = json.loads(data.decode("utf-8"))
            resources = package["resources"]
            assert isinstance(resources, list)
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AssertionError, RecursionError):
            self.problem(PACKAGE_FILE, None, "release_syntax", format="Data Package (JSON)")
            return []
        found = []
        for resource in resources:
            path = resource.get("path") if isinstance(resource, dict) else None
            schema = resource.get("schema") if isinstance(resource, dict) else None
            if not (isinstance(path, str) and isinstance(schema, str) and _plain(path) and _plain(schema)):
                name = resource.get("name") if isinstance(resource, dict) else None
                self.problem(PACKAGE_FILE, None, "release_bad_resource", name=str(name))
                continue
            if path not in self.digests:
                self.problem(PACKAGE_FILE, None, "release_missing_resource", name=path)
                continue
            size, digest = self.digests[path]
            stated = resource.get("bytes", size), resource.get("hash", f"sha256:{digest}")
            if stated != (size, f"sha256:{digest}"):
                self.problem(path, None, "release_resource_differs")
            found.append((path, schema))
        return found

    def table(self, name: str, schema_name: str) -> None:
        schema_data = self.read(schema_name)
        if schema_data is None:
            if schema_name not in self.digests:
                self.problem(name, None, "release_missing_schema", schema=schema_name)
            return
        try:
            schema = json.loads(schema_data.decode("utf-8"))
            assert readable_schema(schema)
        except (UnicodeDecodeError, ValueError, AssertionError, RecursionError):
            self.problem(schema_name, None, "release_syntax", format="Table Schema (JSON)")
            return
        data = self.read(name, MAX_RELEASE_GRAPH_BYTES)
        if data is None:
            return
        self.report.tables += 1
        for found in check_table(data, schema):
            self.report.problems.append(ReleaseProblem(
                self.shown(name), found.line,
                lambda lang, found=found: message("release_table", lang, schema=schema_name,
                                                  problem=message(found.code, lang, **found.params))))

    def graph(self) -> int | None:
        """The N-Triples against the shapes the release carries; the other copies hold the same."""
        data = self.read(RELEASE_GRAPH, MAX_RELEASE_GRAPH_BYTES)
        if data is None:
            self.missing(RELEASE_GRAPH)
            return None
        graph = self.parse_rdf(RELEASE_GRAPH, data, ox.RdfFormat.N_TRIPLES)
        if graph is None:
            return None
        count = len(graph)
        self.report.triples = count
        for name, rdf_format in GRAPH_COPIES.items():
            copy = self.read(name, MAX_RELEASE_GRAPH_BYTES)
            if copy is not None:
                self.same_triples(name, copy, rdf_format, count)
        packed = self.read(f"{RELEASE_GRAPH}.gz", MAX_RELEASE_GRAPH_BYTES)
        if packed is not None:
            try:
                same = gzip.decompress(packed) == data
            except (OSError, EOFError):
                same = False
            if not same:
                self.problem(f"{RELEASE_GRAPH}.gz", None, "release_copy_differs", reference=RELEASE_GRAPH)
        self.shapes_check(graph, data)
        return count

    def same_triples(self, name: str, data: bytes, rdf_format: object, expected: int) -> None:
        try:
            found = sum(1 for _ in ox.parse(data, format=rdf_format))
        except (SyntaxError, ValueError) as error:
            line = error.args[1][1] if isinstance(error, SyntaxError) and len(error.args) > 1 else None
            self.problem(name, line, "release_syntax", format=_FORMAT_NAMES.get(rdf_format, "RDF"))
            return
        if found != expected:
            self.problem(name, None, "release_triples", found=found, expected=expected,
                         reference=RELEASE_GRAPH)

    def shapes_check(self, graph: Graph, data: bytes) -> None:
        from ..builder import SourceMap
        from ..load import LoadedGraph
        from ..validate import validate_graph

        shapes = Graph()
        names = sorted(n for n in self.digests if n.startswith(SHAPES_PREFIX) and n.endswith(".ttl"))
        for name in names:
            text = self.read(name)
            found = self.parse_rdf(name, text, ox.RdfFormat.TURTLE) if text is not None else None
            if found is None or not self.safe_shapes(found, name):
                return
            shapes += found
        if not names:
            self.problem(RELEASE_GRAPH, None, "release_no_shapes", prefix=SHAPES_PREFIX)
            return
        sources = nt_source_map(data, self.shown(RELEASE_GRAPH), SourceMap())
        report = validate_graph(LoadedGraph(graph, sources, []), shapes)
        for found in report.problems:
            detail = ", ".join(x for x in (found.entity(), found.key) if x)
            self.report.problems.append(ReleaseProblem(
                found.path or self.shown(RELEASE_GRAPH), found.line,
                lambda lang, found=found, detail=detail: (
                    f"{phrase(f'severity_{found.severity}', lang)}: {found.message(lang)} ({detail})"),
                "violation" if found.severity == "violation" else "warning"))

    def safe_shapes(self, shapes: Graph, name: str) -> bool:
        """The shapes' SPARQL is a downloaded query: it runs only if it stays on the local graph and
        changes nothing (no SERVICE, LOAD, FROM or update), as `atelier-kg query` requires."""
        from ..query import check_safe

        for predicate in (SH.select, SH.ask, SH.construct, SH.update):
            for text in sorted(str(o) for o in shapes.objects(None, predicate)):
                try:
                    check_safe(text)
                except CodedError as error:
                    self.problem(name, None, "release_unsafe_shapes", problem=error_text(error))
                    return False
        return True

    def void(self, count: int | None) -> None:
        data = self.read("void.ttl")
        if data is None or count is None:
            return
        void = self.parse_rdf("void.ttl", data, ox.RdfFormat.TURTLE)
        if void is None:
            return
        stated = [o for o in void.objects(None, VOID.triples) if isinstance(o, Literal)]
        datasets = list(void.subjects(RDF.type, VOID.Dataset))
        whole = [void.value(d, VOID.triples) for d in datasets]
        if stated and not any(str(w) == str(count) for w in whole):
            self.problem("void.ttl", None, "release_triples", found=", ".join(str(w) for w in whole),
                         expected=count, reference=RELEASE_GRAPH)

    def parse_rdf(self, name: str, data: bytes, rdf_format: object) -> Graph | None:
        """An RDF file of the release: pyoxigraph says where it is wrong (without quoting it); then rdflib."""
        from ..contributions import check_terms

        try:
            for _ in ox.parse(data, format=rdf_format):
                pass
            check_terms(data, rdf_format, self.shown(name))
            graph = Graph()
            graph.parse(data=data, format={ox.RdfFormat.N_TRIPLES: "nt"}.get(rdf_format, "turtle"))
            return graph
        except SyntaxError as error:
            line = error.args[1][1] if len(error.args) > 1 else None
            self.problem(name, line, "release_syntax", format=_FORMAT_NAMES.get(rdf_format, "RDF"))
        except EntryError as error:
            self.coded(error, name)
        except Exception:  # noqa: BLE001 (rdflib's errors quote the file: none is shown)
            self.problem(name, None, "release_syntax", format=_FORMAT_NAMES.get(rdf_format, "RDF"))
        return None


_FORMAT_NAMES = {ox.RdfFormat.TURTLE: "Turtle", ox.RdfFormat.N_TRIPLES: "N-Triples",
                 ox.RdfFormat.JSON_LD: "JSON-LD"}


def _plain(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}", name) is not None


def _digest(folder: Path, name: str) -> tuple[int, str]:
    from ..diff import _open_own

    digest, size = hashlib.sha256(), 0
    with _open_own(folder, name, MAX_RELEASE_FILE_BYTES) as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()
