"""An SVG map of France with the laureate territories, drawn offline from the graph.

Mainland France (with Corsica) fills the map; the five overseas departments (Guadeloupe,
Martinique, Guyane, La Réunion, Mayotte) are drawn in insets below it, each at its own scale.
Each laureate is drawn by its EPCIs where a source establishes them, else by its departments;
an EPCI still to be confirmed is outlined with dashes. Shapes link to the resources' IRIs.

Legibility: the numbered markers are drawn last, above every area and outline; a marker never
overlaps another one, and one whose area is smaller than itself is set beside it with a leader
line. The number on a marker is black or white, whichever contrasts more with its colour; every
text of the legend reaches WCAG AA (contrast ratio 4.5:1) on its background, which is painted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import labels as naming
from .kinds.portage import ESTABLISHED
from .messages import phrase
from .namespaces import ATD, GEO, IGEO

# What the map reads of the graph (LoadedGraph.subgraph): shapes, territories, departments, names.
PREDICATES = (RDF.type, GEO.hasGeometry, GEO.asWKT, ATD.territoire, ATD.entite, ATD.statut,
              ATD.departement, IGEO.codeDepartement, *naming.NAMING)
WIDTH, LEGEND_WIDTH = 620, 380
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -5.3, 9.7, 41.2, 51.2
LAT_CENTRE = math.radians(46.5)
MAINLAND_HEIGHT = 602  # (LAT_MAX - LAT_MIN) at the mainland's scale, and a margin
# The insets: one row of five boxes under the mainland, each with its department's name.
INSET_TOP, INSET_HEIGHT, INSET_GAP, INSET_LABEL = 612, 108, 8, 16
MAP_HEIGHT = INSET_TOP + INSET_HEIGHT + INSET_LABEL + 12
INSET_PADDING = 7
MARKER_RADIUS = 10
BACKGROUND = "#ffffff"
TEXT = "#222222"
SOURCE_TEXT = "#555555"
# Colour-blind-safe palette (Okabe & Ito)
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#D55E00", "#0072B2", "#F0E442", "#000000"]
Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Shape:
    iri: URIRef
    label: str
    polygons: list[list[Ring]]


@dataclass(frozen=True)
class Frame:
    """A part of the map: an equirectangular projection of a box of longitudes and latitudes."""

    name: str
    lon_min: float
    lat_max: float
    scale: float  # pixels per degree of latitude
    cos_lat: float
    x: float
    y: float
    # The degrees it shows (for telling which frame a shape belongs to)
    bounds: tuple[float, float, float, float]

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.x + (lon - self.lon_min) * self.cos_lat * self.scale,
                self.y + (self.lat_max - lat) * self.scale)

    def holds(self, lon: float, lat: float) -> bool:
        lon_min, lat_min, lon_max, lat_max = self.bounds
        return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


MAINLAND = Frame("mainland", LON_MIN, LAT_MAX, WIDTH / ((LON_MAX - LON_MIN) * math.cos(LAT_CENTRE)),
                 math.cos(LAT_CENTRE), 0.0, 0.0, (LON_MIN, LAT_MIN, LON_MAX, LAT_MAX))


def inset_box(index: int) -> tuple[float, float, float, float]:
    """The box (x, y, width, height) of the index-th inset, left to right."""
    width = (WIDTH - 4 * INSET_GAP) / 5
    return (index * (width + INSET_GAP), INSET_TOP, width, INSET_HEIGHT)


def inset_frame(name: str, polygons: list[list[Ring]], index: int) -> Frame:
    """The frame that fits a department's outline in the index-th inset, keeping its proportions."""
    points = [point for polygon in polygons for ring in polygon for point in ring]
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    cos_lat = math.cos(math.radians((lat_min + lat_max) / 2))
    x, y, width, height = inset_box(index)
    inner_width, inner_height = width - 2 * INSET_PADDING, height - 2 * INSET_PADDING
    scale = min(inner_width / ((lon_max - lon_min) * cos_lat), inner_height / (lat_max - lat_min))
    left = x + (width - (lon_max - lon_min) * cos_lat * scale) / 2
    top = y + (height - (lat_max - lat_min) * scale) / 2
    margin = 0.5  # degrees: what lies just off the coast (an islet) still belongs to the inset
    return Frame(name, lon_min, lat_max, scale, cos_lat, left, top,
                 (lon_min - margin, lat_min - margin, lon_max + margin, lat_max + margin))


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


def _path(polygons: list[list[Ring]], frame: Frame) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [frame.project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return " ".join(parts)


def _box(polygons: list[list[Ring]], frame: Frame) -> tuple[float, float, float, float]:
    """The projected bounding box (x_min, y_min, x_max, y_max) of the outer rings."""
    points = [frame.project(lon, lat) for polygon in polygons for lon, lat in polygon[0]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _shape(graph: Graph, node: URIRef) -> Shape | None:
    polygons = [
        p
        for geometry in graph.objects(node, GEO.hasGeometry)
        for wkt in graph.objects(geometry, GEO.asWKT)
        for p in parse_wkt(str(wkt))
    ]
    return Shape(node, naming.label(graph, node), polygons) if polygons else None


def _territory(graph: Graph, laureate: URIRef, established: bool) -> list[URIRef]:
    """What the laureate covers (EPCIs, communes, departments), established or to be confirmed:
    the map says what the data says, nothing more."""
    parts = graph.objects(laureate, ATD.territoire)
    return sorted((graph.value(part, ATD.entite) for part in parts
                   if (str(graph.value(part, ATD.statut)) == ESTABLISHED) == established), key=str)


def is_mainland(graph: Graph, department: URIRef) -> bool:
    return not str(graph.value(department, IGEO.codeDepartement) or "").startswith("97")


# --- colours --------------------------------------------------------------------------------------
def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with the fill."""
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#ffffff") else "#ffffff"


# --- the map --------------------------------------------------------------------------------------
def _frames(graph: Graph) -> tuple[list[tuple[Frame, Shape]], list[URIRef]]:
    """The insets (frame and department shape) of the overseas departments, and the mainland ones."""
    departments = sorted(graph.subjects(RDF.type, IGEO.Departement),
                         key=lambda d: str(graph.value(d, IGEO.codeDepartement)))
    overseas = [(d, s) for d in departments if not is_mainland(graph, d) and (s := _shape(graph, d))]
    insets = [(inset_frame(shape.label, shape.polygons, index), shape)
              for index, (_, shape) in enumerate(overseas[:5])]
    return insets, [d for d in departments if is_mainland(graph, d)]


def _frame_of(polygons: list[list[Ring]], insets: list[tuple[Frame, Shape]]) -> Frame:
    points = [point for polygon in polygons for point in polygon[0]]
    lon = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    lat = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    return next((frame for frame, _ in insets if frame.holds(lon, lat)), MAINLAND)


def render_map(graph: Graph, lang: str = "fr") -> str:
    """The SVG document (a string). Deterministic: the same graph gives the same bytes."""
    insets, departments = _frames(graph)
    laureates = sorted(graph.subjects(RDF.type, ATD.TerritoireLaureat), key=str)
    title, description = phrase("map_title", lang), phrase("map_description", lang)
    total_width = WIDTH + LEGEND_WIDTH
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {total_width} {MAP_HEIGHT}" width="{total_width}" '
        f'height="{MAP_HEIGHT}" role="img" aria-labelledby="map-title map-desc" lang="{lang}">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(description)}</desc>',
        f"<style>.departement{{fill:#f4f4f1;stroke:#9a9a94;stroke-width:0.5}}"
        ".medaillon{fill:none;stroke:#9a9a94;stroke-width:0.8}"
        ".laureat path{stroke:#333;stroke-width:0.8}"
        ".candidat{fill:none;stroke:#111;stroke-width:1.6;stroke-dasharray:3 2}"
        ".renvoi{stroke:#222;stroke-width:1}"
        ".marker{font:bold 12px sans-serif;text-anchor:middle}"
        f".legend{{font:13px sans-serif;fill:{TEXT}}}.legend-title{{font:bold 15px sans-serif;fill:{TEXT}}}"
        f".inset-label{{font:11px sans-serif;fill:{TEXT};text-anchor:middle}}"
        f".source{{font:10px sans-serif;fill:{SOURCE_TEXT}}}</style>",
        f'<rect id="fond" x="0" y="0" width="{total_width}" height="{MAP_HEIGHT}" fill="{BACKGROUND}"/>',
        '<g id="departements">',
    ]
    for department in departments:
        shape = _shape(graph, department)
        if shape:
            out.append(
                f'<path class="departement" d="{_path(shape.polygons, MAINLAND)}">'
                f"<title>{escape(shape.label)}</title></path>"
            )
    out.append("</g>")
    out.append('<g id="outre-mer">')
    for index, (frame, shape) in enumerate(insets):
        x, y, width, height = inset_box(index)
        out.append(
            f'<g class="inset" id="medaillon-{index + 1}"><rect class="medaillon" x="{x:.1f}" y="{y:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}"/>'
            f'<path class="departement" d="{_path(shape.polygons, frame)}"><title>{escape(shape.label)}'
            f'</title></path><text class="inset-label" x="{x + width / 2:.1f}" y="{y + height + 13:.1f}">'
            f"{escape(shape.label)}</text></g>"
        )
    out.append("</g>")
    outlines: list[str] = []
    markers: list[str] = []
    legend: list[tuple[int, str, str, bool]] = []
    placed = _PlacedMarkers()
    for number, laureate in enumerate(laureates, start=1):
        colour = PALETTE[(number - 1) % len(PALETTE)]
        areas = [s for e in _territory(graph, laureate, established=True) if (s := _shape(graph, e))]
        if not areas:
            areas = [
                s
                for d in sorted(graph.objects(laureate, ATD.departement), key=str)
                if (s := _shape(graph, d))
            ]
        candidates = [s for e in _territory(graph, laureate, established=False) if (s := _shape(graph, e))]
        label = naming.label(graph, laureate, lang)
        slug = str(laureate).rsplit("/", 1)[-1]
        out.append(
            f'<a href={quoteattr(str(laureate))}><g class="laureat" id="laureat-{escape(slug)}" '
            f"data-iri={quoteattr(str(laureate))}><title>{escape(label)}</title>"
        )
        by_frame: dict[str, tuple[Frame, list[list[Ring]]]] = {}
        for area in areas:
            frame = _frame_of(area.polygons, insets)
            by_frame.setdefault(frame.name, (frame, []))[1].extend(area.polygons)
            out.append(
                f'<path d="{_path(area.polygons, frame)}" fill="{colour}" fill-opacity="0.55">'
                f"<title>{escape(area.label)}</title></path>"
            )
        out.append("</g></a>")
        for candidate in candidates:  # above the areas, under the markers
            note = phrase("map_to_confirm", lang)
            frame = _frame_of(candidate.polygons, insets)
            outlines.append(
                f'<path class="candidat" d="{_path(candidate.polygons, frame)}">'
                f"<title>{escape(candidate.label + note)}</title></path>"
            )
        for frame, polygons in by_frame.values():  # one marker in each part of the map it lies in
            markers.append(_marker(number, colour, label, _box(polygons, frame), placed))
        legend.append((number, colour, label, bool(candidates)))
    out += outlines
    out.append('<g id="reperes">')  # drawn last: nothing covers a marker
    out += markers
    out.append("</g>")
    out.append(f'<g id="legende" transform="translate({WIDTH + 10},40)">')
    out.append(
        f'<text class="legend-title" x="0" y="0">{escape(phrase("map_legend", lang))}</text>'
    )
    y = 30
    for number, colour, label, has_candidate in legend:
        out.append(
            f'<circle cx="10" cy="{y - 4}" r="{MARKER_RADIUS}" fill="{colour}" stroke="#222"/>'
            f'<text class="marker" x="10" y="{y}" fill="{text_colour_on(colour)}">{number}</text>'
        )
        for index, line in enumerate(_wrap(label, 44)):
            out.append(f'<text class="legend" x="28" y="{y + index * 16}">{escape(line)}</text>')
        y += 16 * len(_wrap(label, 44)) + 14
        if has_candidate:
            note = phrase("map_epci_to_confirm", lang)
            out.append(f'<text class="legend" x="28" y="{y - 10}">{escape(note)}</text>')
            y += 10
    sources = phrase("map_sources", lang).split("\n")
    for index, line in enumerate(sources):
        out.append(f'<text class="source" x="0" y="{MAP_HEIGHT - 70 + 13 * index}">{escape(line)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _PlacedMarkers:
    """Markers already placed, in a grid of cells one marker apart: an overlap is looked for in the
    nine cells around a point, not among all markers (a map of a thousand laureates stays linear)."""

    GAP = 2 * MARKER_RADIUS + 2

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def _cell(self, x: float, y: float) -> tuple[int, int]:
        return math.floor(x / self.GAP), math.floor(y / self.GAP)

    def overlaps(self, x: float, y: float) -> bool:
        cx, cy = self._cell(x, y)
        return any(math.hypot(x - px, y - py) < self.GAP
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                   for px, py in self.cells.get((cx + dx, cy + dy), ()))

    def add(self, x: float, y: float) -> None:
        self.cells.setdefault(self._cell(x, y), []).append((x, y))


def _marker(number: int, colour: str, label: str, box: tuple[float, float, float, float],
            placed: _PlacedMarkers) -> str:
    """A numbered disc at the centre of an area; beside it, with a leader line, if the area is
    smaller than the disc; moved right until it overlaps no marker already placed."""
    x_min, y_min, x_max, y_max = box
    centre_x, centre_y = (x_min + x_max) / 2, (y_min + y_max) / 2
    x, y = centre_x, centre_y
    small = max(x_max - x_min, y_max - y_min) < 2 * MARKER_RADIUS + 4
    if small:
        x, y = x_max + MARKER_RADIUS + 6, y_min - MARKER_RADIUS - 2
    while placed.overlaps(x, y):
        x += 2 * MARKER_RADIUS + 2
    placed.add(x, y)
    parts = ['<g class="marker-group">']
    if (x, y) != (centre_x, centre_y):
        parts.append(f'<line class="renvoi" x1="{centre_x:.1f}" y1="{centre_y:.1f}" '
                     f'x2="{x:.1f}" y2="{y:.1f}"/>')
    parts.append(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{MARKER_RADIUS}" fill="{colour}" stroke="#222" '
        f'stroke-width="1"><title>{escape(label)}</title></circle>'
        f'<text class="marker" x="{x:.1f}" y="{y + 4:.1f}" fill="{text_colour_on(colour)}">{number}</text>'
        "</g>"
    )
    return "".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current] if current else lines
