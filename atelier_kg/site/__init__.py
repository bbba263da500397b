"""The static linked-data site: a page per resource at the path of its IRI, with its Turtle,
JSON-LD and N-Triples beside it; class indexes, a home page with the map, client-side search,
the vocabulary at /def in every format with its documentation and diagram, the query page with
its service description, VoID, a guide to writing entries drawn from the SHACL shapes, the 404
page, and the nginx and Apache configurations that serve it all by content negotiation.

This module writes the folder; pages.py renders the pages (Jinja2, autoescaped).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Graph, URIRef

from ..export import bind_prefixes, serialize, write_folder
from ..map import render_map
from ..messages import EntryError, inline
from ..namespaces import PREFIXES
from ..outputs import verify_rdf
from ..query.library import SavedQuery
from .diagram import render_diagram
from .pages import REPRESENTATIONS, Site, local_path
from .service import graph_files, service_description, site_void
from .vocabulary import ontology_representations
from .webconfig import apache_conf, htaccess, nginx_conf

# id/KIND/SLUG[/…]: each part lower-case letters and digits, joined by hyphens; nothing else
# becomes a file name (no newline, no dot, no "..", no upper case that would collide on some disks).
_PART = r"[a-z0-9]+(?:-+[a-z0-9]+)*"
SAFE_PAGE_PATH = re.compile(rf"id(?:/{_PART}){{2,4}}")
MAX_PAGE_PATH = 300
RESERVED_PAGES = {"index"}  # id/KIND/index.html lists the kind


def page_path(node: URIRef) -> str:
    """The site path of a resource (id/laureat/mayenne), or EntryError if it cannot be a file name."""
    path = (local_path(str(node)) or "").lstrip("/")
    safe = len(path) <= MAX_PAGE_PATH and SAFE_PAGE_PATH.fullmatch(path) is not None
    if not safe or path.rsplit("/", 1)[1] in RESERVED_PAGES:
        raise EntryError(inline(str(node), 200), None, "unsafe_site_path")
    return path


def build_site(graph: Graph, ontology: Graph, shapes: Graph, out: Path, inputs: Iterable[Path] = (),
               models: Mapping[str, bytes] | None = None,
               queries: Mapping[str, SavedQuery] | None = None) -> list[Path]:
    """Write the whole site under out (built aside, then moved in place); return the files.

    models: the Turtle documents of the vocabulary ("ontologie.ttl") and of the shapes
    ("formes-….ttl"), published as they are; queries: the saved queries the query page offers.
    out is replaced only if it is absent, empty or an earlier site (export.write_folder): the site
    carries a marker file that proves it; inputs (data, shapes…) are never replaced.
    """
    site = Site(bind_prefixes(graph), ontology, shapes)
    dumps = graph_files(graph, "atelier-des-territoires")
    files = resource_files(site, graph, out, dumps)
    map_svg = render_map(graph).replace('href="https://w3id.org/atelier-des-territoires/', 'href="/')
    files["index.html"] = site.home(map_svg).encode("utf-8")
    files["carte-des-laureats.svg"] = map_svg.encode("utf-8")
    files.update(vocabulary_files(site, models or {}))
    files["guide/index.html"] = site.guide().encode("utf-8")
    files["sparql.html"] = site.sparql_page(queries or {}).encode("utf-8")
    files.update(graph_files(service_description(graph), "sparql/service"))
    files.update(graph_files(site_void(graph), ".well-known/void"))
    files.update(dumps)
    files["404.html"] = site.not_found().encode("utf-8")
    files["search-index.json"] = json.dumps(site.search_index(), ensure_ascii=False, sort_keys=True).encode()
    for name in ("style.css", "site.js", "sparql.js"):
        files[name] = (Path(__file__).parent / "static" / name).read_bytes()
    files["nginx.conf"] = nginx_conf().encode("utf-8")
    files["apache.conf"] = apache_conf().encode("utf-8")
    files[".htaccess"] = htaccess().encode("utf-8")
    write_folder(files, out, "site", inputs, mark=True)  # the old site or the new one, never a mix
    return sorted(out / name for name in files)


def resource_files(site: Site, graph: Graph, out: Path,
                   dumps: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """A page and the three graph files of each resource, and an index page per kind.

    dumps: the whole graph's files (stem.nt, stem.jsonld); a resource's N-Triples and JSON-LD are
    its part of them (same bytes as serializing its description alone, at a fraction of the cost).
    """
    files: dict[str, bytes] = {}
    by_kind: dict[str, list[URIRef]] = defaultdict(list)
    parts = _parts_by_subject(dumps or {})
    for node in site.resources():
        path = page_path(node)
        by_kind[path.split("/")[1]].append(node)
        files[f"{path}.html"] = site.resource_page(node).encode("utf-8")
        description = Graph()
        for triple in graph.triples((node, None, None)):
            description.add(triple)
        for suffix, name in REPRESENTATIONS.items():
            data = parts.get((str(node), suffix)) or serialize(description, name)
            verify_rdf(str(out / f"{path}{suffix}"), data, len(description))  # published: parses back
            files[f"{path}{suffix}"] = data
    for kind, nodes in by_kind.items():
        files[f"id/{kind}/index.html"] = site.kind_index(kind, nodes).encode("utf-8")
    return files


def _parts_by_subject(dumps: Mapping[str, bytes]) -> dict[tuple[str, str], bytes]:
    """Each subject's N-Triples lines and JSON-LD node object, from the whole graph's files.

    The N-Triples are sorted, one triple a line; the JSON-LD is flat (one node object per
    subject, no blank nodes). Anything else is left out: its resource is serialized alone.
    """
    parts: dict[tuple[str, str], bytes] = {}
    ntriples = next((data for name, data in dumps.items() if name.endswith(".nt")), b"")
    lines: dict[str, list[bytes]] = defaultdict(list)
    for line in ntriples.splitlines(keepends=True):
        if line.startswith(b"<"):
            lines[line[1:line.index(b">")].decode("utf-8")].append(line)
    parts.update({(subject, ".nt"): b"".join(found) for subject, found in lines.items()})
    jsonld = next((data for name, data in dumps.items() if name.endswith(".jsonld")), b"")
    if jsonld:
        document = json.loads(jsonld)
        # The context is written once; each node goes where the placeholder is, indented as
        # json.dumps(indent=2) would indent it there (two levels down).
        frame = json.dumps({"@context": document["@context"], "@graph": [_PLACEHOLDER]},
                           ensure_ascii=False, indent=2) + "\n"
        before, after = frame.split(json.dumps(_PLACEHOLDER))
        for node in document.get("@graph", []):
            if isinstance(node.get("id"), str) and "://" in node["id"]:
                text = json.dumps(node, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                parts[(node["id"], ".jsonld")] = (before + text + after).encode("utf-8")
    return parts


_PLACEHOLDER = "\u0000node\u0000"


def vocabulary_files(site: Site, models: Mapping[str, bytes]) -> dict[str, bytes]:
    """/def in every format, its page, its diagram, and the shapes as they are."""
    shapes = {f"def/{name}": data for name, data in sorted(models.items()) if name.startswith("formes-")}
    files = ontology_representations(site.ontology, models.get("ontologie.ttl"))
    files["def.html"] = site.vocabulary(sorted(shapes)).encode("utf-8")
    files["def/diagramme.svg"] = render_diagram(site.ontology).encode("utf-8")
    return {**files, **shapes}


__all__ = ["PREFIXES", "Site", "build_site", "local_path"]
