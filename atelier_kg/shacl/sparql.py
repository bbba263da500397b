"""SHACL-SPARQL constraints run once over all focus nodes.

SHACL defines a constraint's query with $this pre-bound to one focus node. SHACL 1.0 §5.6
restricts those queries (no MINUS, VALUES or SERVICE; a subquery projects the pre-bound
variables) precisely so that pre-binding equals a join: the focus nodes' pattern is inserted at
the head of the WHERE group and the query runs once. A query outside those rules is refused.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import OWL
from rdflib.term import Node

from ..namespaces import SH
from .conditions import Unsupported
from .terms import sparql_term

_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.I)
_SELECT = re.compile(r"\bSELECT\b", re.I)
_THIS = re.compile(r"[$?]this\b")
# FILTER (…) or BIND (…), with parentheses nested up to three deep.
_EXPRESSION = re.compile(r"\b(FILTER|BIND)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)", re.I)


def prefixes(shapes: Graph, constraint: Node) -> str:
    """PREFIX lines from the sh:declare of every sh:prefixes object of the constraint."""
    lines = []
    holders, seen = list(shapes.objects(constraint, SH.prefixes)), set()
    while holders:  # the declarations of each holder and of what it imports (owl:imports)
        holder = holders.pop()
        if holder in seen:
            continue
        seen.add(holder)
        holders += shapes.objects(holder, OWL.imports)
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def rewrite(shapes: Graph, shape: Node, constraint: Node, focus: str, path: str | None) -> str:
    """The constraint's query, over the focus nodes given as the pattern `focus` (binding ?this)."""
    select = shapes.value(constraint, SH.select)
    if not isinstance(select, Literal):
        raise Unsupported(constraint, "sh:sparql without sh:select")
    text = _code(str(select))
    if _FORBIDDEN.search(_outside_strings(text)):
        raise Unsupported(constraint, "MINUS, VALUES or SERVICE in a SPARQL constraint")
    if re.search(r"\$shapesGraph\b", text):
        raise Unsupported(constraint, "$shapesGraph")
    if "$PATH" in text:
        if path is None:
            raise Unsupported(constraint, "$PATH on a node shape")
        text = text.replace("$PATH", path)
    text = re.sub(r"\$currentShape\b", sparql_term(shape), text) if "$currentShape" in text else text
    _check_subqueries(constraint, text)
    _check_groups(constraint, text)
    text = _project_this(constraint, text)
    head = _where_brace(constraint, text)
    return f"{prefixes(shapes, constraint)}\n{text[:head + 1]} {focus} {text[head + 1:]}"


def _code(text: str) -> str:
    """The query without comments, so that no `#…` text is taken for code below."""
    out, i, quote = [], 0, ""
    while i < len(text):
        char = text[i]
        if quote:
            out.append(char)
            if char == "\\":
                out.append(text[i + 1:i + 2])
                i += 1
            elif text.startswith(quote, i):
                out.append(text[i + 1:i + len(quote)])
                i += len(quote) - 1
                quote = ""
        elif char in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            out.append(quote)
            i += len(quote) - 1
        elif char == "#" and not _in_iri(text, i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _in_iri(text: str, i: int) -> bool:
    start = text.rfind("<", 0, i)
    return start != -1 and ">" not in text[start:i] and not re.search(r"\s", text[start:i])


def _outside_strings(text: str) -> str:
    """The text with every string literal blanked (same length), so braces are found in code only."""
    return re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'',
                  lambda m: " " * len(m.group(0)), text)


def _check_subqueries(constraint: Node, text: str) -> None:
    code = _outside_strings(text)
    for match in list(_SELECT.finditer(code))[1:]:
        clause = code[match.end():code.find("{", match.end())]
        uses_this = _THIS.search(_block_after(code, match.end()))
        if uses_this and not (_THIS.search(clause) or "*" in clause):
            raise Unsupported(constraint, "a subquery that uses $this without projecting it")


def _check_groups(constraint: Node, text: str) -> None:
    """Refuse a nested group where $this appears only in FILTER or BIND expressions.

    Such a group is evaluated before it is joined with the focus nodes, where $this is unbound
    (SHACL's pre-binding would see it bound): `{ FILTER ($this = ex:A) } UNION { … }`. EXISTS
    groups are fine (they see the row's bindings), and so is a group that matches $this itself.
    """
    code = _outside_strings(text)
    top = _where_brace(constraint, text)
    for start in (i for i, char in enumerate(code) if char == "{" and i != top):
        if re.search(r"EXISTS\s*$", code[:start], re.I):
            continue
        direct = _direct(_block_after(code, start)[1:-1])
        if not _THIS.search(direct):
            continue
        outside = _EXPRESSION.sub(" ", direct)
        if not _THIS.search(outside):
            raise Unsupported(constraint, "$this only in a FILTER or BIND of a nested group")


def _direct(block: str) -> str:
    """A group's own text, without the groups nested in it."""
    out, depth = [], 0
    for char in block:
        depth += {"{": 1}.get(char, 0)
        if depth == 0:
            out.append(char)
        depth -= {"}": 1}.get(char, 0)
    return "".join(out)


def _block_after(code: str, start: int) -> str:
    depth, i = 0, code.find("{", start)
    begin = i
    while 0 <= i < len(code):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[begin:i + 1]
        i += 1
    return code[begin:]


def _project_this(constraint: Node, text: str) -> str:
    code = _outside_strings(text)
    first = _SELECT.search(code)
    if first is None:
        raise Unsupported(constraint, "sh:select is not a SELECT query")
    clause = code[first.end():code.find("{", first.end())]
    if _THIS.search(clause) or re.match(r"\s*(DISTINCT|REDUCED)?\s*\*", clause, re.I):
        return text
    if re.search(r"\bGROUP\s+BY\b", code[code.rfind("}"):], re.I):
        raise Unsupported(constraint, "GROUP BY without $this")
    distinct = re.match(r"\s*(DISTINCT|REDUCED)\b", clause, re.I)
    at = first.end() + (distinct.end() if distinct else 0)
    return f"{text[:at]} ?this {text[at:]}"


def _where_brace(constraint: Node, text: str) -> int:
    code = _outside_strings(text)
    first = _SELECT.search(code)
    position = code.find("{", first.end()) if first else -1
    if position < 0:
        raise Unsupported(constraint, "sh:select without a WHERE group")
    return position
