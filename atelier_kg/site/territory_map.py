"""The small map of one territory's page: its outline (a department, a region, an EPCI, a
commune), or for a laureate the outlines of what it covers (its territory's parts, else its
EPCIs, else its departments), drawn over its departments for context. Inline SVG with a title
and a description in French and English, so that it reads without the picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from xml.sax.saxutils import escape

from rdflib import Graph, URIRef

from .. import labels as naming
from ..map import Ring, parse_wkt
from ..namespaces import ATD, GEO

SIZE, PAD = 260.0, 8.0
FILL, CONTEXT, INK = "#56B4E9", "#ececE6", "#1d1d1b"


def outlines(graph: Graph, node: URIRef) -> list[list[Ring]]:
    return [polygon for geometry in sorted(graph.objects(node, GEO.hasGeometry), key=str)
            for wkt in graph.objects(geometry, GEO.asWKT) for polygon in parse_wkt(str(wkt))]


def covered(graph: Graph, node: URIRef) -> list[URIRef]:
    """What a page's map shows in colour: the resource itself, or what a laureate covers."""
    if outlines(graph, node):
        return [node]
    parts = [graph.value(part, ATD.entite) for part in graph.objects(node, ATD.territoire)]
    for found in ([p for p in parts if isinstance(p, URIRef)], list(graph.objects(node, ATD.epci)),
                  list(graph.objects(node, ATD.departement))):
        shown = sorted((n for n in found if isinstance(n, URIRef) and outlines(graph, n)), key=str)
        if shown:
            return shown
    return []


def territory_map(graph: Graph, node: URIRef) -> str | None:
    """The SVG, or None when the graph holds no outline for it."""
    shown = covered(graph, node)
    if not shown:
        return None
    context = sorted((d for d in graph.objects(node, ATD.departement)
                      if isinstance(d, URIRef) and d not in shown and outlines(graph, d)), key=str)
    layers = [(n, outlines(graph, n), CONTEXT) for n in context]
    layers += [(n, outlines(graph, n), FILL) for n in shown]
    points = [point for _, polygons, _ in layers for polygon in polygons for point in polygon[0]]
    project = _projection(points)
    names = {lang: ", ".join(naming.label(graph, n, lang) for n in shown) for lang in ("fr", "en")}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:.0f} {SIZE:.0f}" '
             f'width="{SIZE:.0f}" height="{SIZE:.0f}" role="img" aria-labelledby="carte-titre">',
             f'<title id="carte-titre">Carte : {escape(names["fr"])} / Map: {escape(names["en"])}</title>']
    for layer, polygons, fill in layers:
        path = " ".join("M" + " L".join("{:.1f},{:.1f}".format(*project(*point)) for point in ring) + " Z"
                        for polygon in polygons for ring in polygon)
        parts.append(f'<path d="{path}" fill="{fill}" stroke="{INK}" stroke-width="0.6" '
                     f'fill-rule="evenodd"><title>{escape(naming.label(graph, layer, "fr"))}</title></path>')
    parts.append("</svg>")
    return "\n".join(parts)


def _projection(points: list[tuple[float, float]]) -> Callable[[float, float], tuple[float, float]]:
    """An equirectangular projection that fits the points in the square, centred."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width = max((max(lons) - min(lons)) * cos_lat, 1e-6)
    height = max(max(lats) - min(lats), 1e-6)
    scale = (SIZE - 2 * PAD) / max(width, height)
    x0 = PAD + ((SIZE - 2 * PAD) - width * scale) / 2
    y0 = PAD + ((SIZE - 2 * PAD) - height * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return x0 + (lon - min(lons)) * cos_lat * scale, y0 + (max(lats) - lat) * scale

    return project


__all__ = ["covered", "territory_map"]
