"""The class diagram of the vocabulary, an SVG drawn from the ontology at build time (no external
service): each class a box linked to its description on the page, each object property whose
domain and range are both known an arrow from the one to the other. Classes are laid out in
columns by how far they are from a class that nothing points to; classes with no such property
sit in a row beneath.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import ATD

BOX_W, BOX_H, COL_GAP, ROW_GAP, MARGIN = 212, 32, 110, 14, 14
CORRIDOR = 26  # above the boxes: the way of arrows that pass over a column
OURS, OTHERS, INK, EDGE = "#e8f0fa", "#f4f4f0", "#1d1d1b", "#00539f"


@dataclass(frozen=True)
class Edge:
    source: URIRef
    target: URIRef
    label: str


def class_edges(ontology: Graph) -> list[Edge]:
    names = ontology.namespace_manager
    edges = []
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        for domain in sorted(ontology.objects(prop, RDFS.domain), key=str):
            for range_ in sorted(ontology.objects(prop, RDFS.range), key=str):
                if isinstance(domain, URIRef) and isinstance(range_, URIRef) and domain != range_:
                    edges.append(Edge(domain, range_, names.normalizeUri(prop)))
    return edges


def _columns(nodes: list[URIRef], edges: list[Edge]) -> dict[URIRef, int]:
    """Each node's column: the longest chain of arrows that leads to it (cycles cut)."""
    column = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for edge in edges:
            wanted = column[edge.source] + 1
            if column[edge.target] < wanted <= len(nodes):
                column[edge.target], changed = wanted, True
        if not changed:
            break
    return column


def _barycentre(node: URIRef, edges: list[Edge], place: dict[URIRef, tuple[float, float]]) -> float:
    """The mean height of the boxes already placed that point to the node (fewer crossings)."""
    heights = [place[e.source][1] for e in edges if e.target == node and e.source in place]
    return sum(heights) / len(heights) if heights else 0.0


def render_diagram(ontology: Graph) -> str:
    names = ontology.namespace_manager
    ours = sorted((s for s in ontology.subjects(RDF.type, OWL.Class)
                   if isinstance(s, URIRef) and str(s).startswith(str(ATD))), key=str)
    edges = class_edges(ontology)
    linked = sorted({e.source for e in edges} | {e.target for e in edges}, key=str)
    column = _columns(linked, edges)
    by_column: dict[int, list[URIRef]] = defaultdict(list)
    for node in linked:
        by_column[column[node]].append(node)
    place: dict[URIRef, tuple[float, float]] = {}
    for index, members in sorted(by_column.items()):
        members.sort(key=lambda node: (_barycentre(node, edges, place), str(node)))
        for row, node in enumerate(members):
            place[node] = (MARGIN + index * (BOX_W + COL_GAP), MARGIN + CORRIDOR + row * (BOX_H + ROW_GAP))
    bottom = max((y for _, y in place.values()), default=0) + BOX_H + 3 * ROW_GAP
    alone = [c for c in ours if c not in place]
    per_row = max(1, len(by_column))
    for index, node in enumerate(alone):
        place[node] = (MARGIN + (index % per_row) * (BOX_W + COL_GAP),
                       bottom + (index // per_row) * (BOX_H + ROW_GAP))
    width = MARGIN * 2 + per_row * BOX_W + (per_row - 1) * COL_GAP
    height = max(y for _, y in place.values()) + BOX_H + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="diagram-title diagram-desc" '
        'font-family="system-ui, sans-serif" font-size="12">',
        '<title id="diagram-title">Diagramme des classes du vocabulaire atd: / '
        'Class diagram of the atd: vocabulary</title>',
        f'<desc id="diagram-desc">{len(ours)} classes atd:, {len(edges)} propriétés entre classes / '
        f'{len(ours)} atd: classes, {len(edges)} properties between classes</desc>',
        f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>',
    ]
    drawn = [_edge(edge, place) for edge in edges]
    parts += [line for line, _ in drawn]
    parts += [_box(node, place[node], names.normalizeUri(node)) for node in sorted(place, key=str)]
    parts += [label for _, label in drawn]  # last: over the boxes, on a white halo
    parts.append("</svg>\n")
    return "\n".join(parts)


def _edge(edge: Edge, place: dict[URIRef, tuple[float, float]]) -> tuple[str, str]:
    """The arrow, and the property's name near its head."""
    (sx, sy), (tx, ty) = place[edge.source], place[edge.target]
    x1, y1 = sx + BOX_W, sy + BOX_H / 2
    x2, y2 = tx, ty + BOX_H / 2
    if tx > sx + BOX_W + COL_GAP:  # over a column: by the corridor above the boxes
        c, bend = MARGIN + CORRIDOR / 2, COL_GAP / 3
        line = (f'<polyline points="{x1:.0f},{y1:.0f} {x1 + bend:.0f},{y1:.0f} {x1 + bend:.0f},{c:.0f} '
                f'{x2 - bend:.0f},{c:.0f} {x2 - bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" fill="none" '
                f'stroke="{EDGE}" stroke-width="1.2" marker-end="url(#arrow)"/>')
        return line, _label(edge.label, (x1 + x2) / 2, c - 4)
    if tx <= sx:  # backwards or in the same column: from the box's left side
        x1 = sx
        x2 = tx + BOX_W if tx < sx else tx
    # The name near the arrow's head, where arrows of one source have spread apart.
    lx, ly = x1 + (x2 - x1) * 0.62, y1 + (y2 - y1) * 0.62 - 3
    line = (f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{EDGE}" '
            f'stroke-width="1.2" marker-end="url(#arrow)"/>')
    return line, _label(edge.label, lx, ly)


def _label(text: str, x: float, y: float) -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" font-size="11" fill="{INK}" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(text)}</text>')


def _box(node: URIRef, at: tuple[float, float], curie: str) -> str:
    x, y = at
    local = str(node)[len(str(ATD)):] if str(node).startswith(str(ATD)) else None
    fill = OURS if local else OTHERS
    box = (f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{fill}" '
           f'stroke="{INK}"/><text x="{x + BOX_W / 2:.0f}" y="{y + BOX_H / 2 + 4:.0f}" text-anchor="middle" '
           f'fill="{INK}">{escape(curie)}</text>')
    if local is None:
        return f'<g class="class external">{box}</g>'
    return f'<a href="#{escape(local)}" class="class">{box}</a>'


__all__ = ["class_edges", "render_diagram"]
