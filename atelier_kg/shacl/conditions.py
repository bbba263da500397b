"""SHACL paths and value-level constraints written as SPARQL.

A value-level constraint (class, datatype, nodeKind, pattern, in, languageIn, ranges, lengths,
hasValue inside a nested shape, and/or/not/xone/node over shapes made only of those) is a
boolean expression over one value node. Each atom is wrapped in COALESCE(…, false) because a
SPARQL error inside `!`, `||` or `&&` would otherwise turn a violation into a pass.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from ..namespaces import SH
from .terms import REWRITTEN, XSD, sparql_string, sparql_term


class Unsupported(Exception):
    """A shape uses something the native engine does not evaluate: it is refused, never skipped."""

    def __init__(self, shape: Node, feature: str) -> None:
        super().__init__(f"{shape}: {feature}")
        self.shape = shape
        self.feature = feature


TYPE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"

NUMERIC = {XSD + name for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}
# Types whose lexical form Oxigraph checks when casting a string to them.
CASTABLE = {XSD + name for name in ("boolean", "date", "dateTime", "time", "gYear", "gYearMonth",
                                     "gMonthDay", "gDay", "gMonth", "duration")}
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
# Parameters of value-level constraints, with the component each belongs to.
VALUE_LEVEL = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent, SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent, SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
# What a shape may say that does not constrain anything (or that its caller reads).
DESCRIPTIVE = {SH.name, SH.description, SH.order, SH.group, SH.message, SH.severity, SH.deactivated,
               SH.defaultValue, SH.flags, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
               SH.targetObjectsOf, SH.property, SH.path, SH.sparql, SH.minCount, SH.maxCount,
               SH.uniqueLang, SH.hasValue, SH.qualifiedValueShape, SH.qualifiedMinCount,
               SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.declare, SH.prefixes, SH.select}
# What a nested shape (in sh:or, sh:not, sh:qualifiedValueShape…) may say besides its constraints.
NESTED_OK = {SH.flags, SH.name, SH.description, SH.message, SH.severity, SH.order, SH.hasValue}


def sparql_path(shapes: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return sparql_term(path)
    if not isinstance(path, BNode):
        raise Unsupported(path, "sh:path")
    if (path, RDF.first, None) in shapes:
        steps = list(Collection(shapes, path))
        return "(" + "/".join(sparql_path(shapes, step) for step in steps) + ")"
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                                (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return "(" + template.format(_grouped(sparql_path(shapes, inner))) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(shapes, step) for step in Collection(shapes, alternatives)) + ")"
    raise Unsupported(path, "sh:path")


def _grouped(text: str) -> str:
    return text if text.startswith(("(", "<")) else f"({text})"


def value_constraints(shapes: Graph, shape: Node) -> list[tuple[URIRef, Node]]:
    """The value-level constraint parameters of a shape, in a stable order."""
    found = [(p, o) for p, o in shapes.predicate_objects(shape) if p in VALUE_LEVEL]
    return sorted(found, key=lambda item: (str(item[0]), str(item[1])))


def condition(shapes: Graph, shape: Node, parameter: URIRef, value: Node, var: str) -> str:
    """The SPARQL expression that is true when the value node `var` satisfies one constraint."""
    if parameter == SH["class"]:
        return f"EXISTS {{ {var} {TYPE_OF} {sparql_term(value)} }}"
    if parameter == SH.datatype:
        if str(value) in REWRITTEN:
            raise Unsupported(shape, f"sh:datatype {value}")
        return _datatype(value, var)
    if parameter == SH.nodeKind:
        if value not in NODE_KINDS:
            raise Unsupported(shape, f"sh:nodeKind {value}")
        return NODE_KINDS[value].format(v=var)
    if parameter == SH.pattern:
        flags = shapes.value(shape, SH.flags)
        flag_text = f", {sparql_string(str(flags))}" if flags is not None else ""
        pattern = str(value) if flags is not None and "m" in str(flags) else python_dollar(str(value))
        regex = f"REGEX(STR({var}), {sparql_string(pattern)}{flag_text})"
        return f"COALESCE(!isBlank({var}) && {regex}, false)"
    if parameter == SH["in"]:
        members = list(Collection(shapes, value))
        tests = [f"sameTerm({var}, {sparql_term(m)})" for m in members]
        return "(" + " || ".join(tests) + ")" if tests else "false"
    if parameter == SH.languageIn:
        tags = [f"langMatches(LANG({var}), {sparql_string(str(t))})" for t in Collection(shapes, value)]
        return f"COALESCE(isLiteral({var}) && ({' || '.join(tags) or 'false'}), false)"
    if parameter in RANGES:
        return f"COALESCE({var} {RANGES[parameter]} {sparql_term(value)}, false)"
    if parameter in (SH.minLength, SH.maxLength):
        operator = ">=" if parameter == SH.minLength else "<="
        return f"COALESCE(!isBlank({var}) && STRLEN(STR({var})) {operator} {int(value)}, false)"
    return _logical(shapes, shape, parameter, value, var)


def python_dollar(pattern: str) -> str:
    """The pattern with each `$` matching as in Python's re.search, which pySHACL uses.

    There (without the m flag) `$` also matches before a final line break, where SHACL's XPath
    regex matches only at the end; the reference wins, so that no report depends on the engine
    (the shapes' single-line rule refuses line breaks the same way in both).
    """
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # "[]...]": a literal bracket first
                out.append("[]")
                i += 2
                continue
        elif char == "$":
            char = "(?:\\n?$)"
        out.append(char)
        i += 1
    return "".join(out)


def _datatype(datatype: Node, var: str) -> str:
    name = sparql_term(datatype)
    if str(datatype) == XSD + "string":
        return f"COALESCE(isLiteral({var}) && LANG({var}) = \"\" && datatype({var}) = {name}, false)"
    checks = [f"isLiteral({var})", f"datatype({var}) = {name}"]
    if str(datatype) in NUMERIC:
        checks.append(f"isNumeric({var})")  # false on an ill-formed lexical form
    elif str(datatype) in CASTABLE:
        checks.append(f"datatype({name}(STR({var}))) = {name}")
    return f"COALESCE({' && '.join(checks)}, false)"


def _logical(shapes: Graph, shape: Node, parameter: URIRef, value: Node, var: str) -> str:
    if parameter == SH["not"]:
        return f"!({conforms(shapes, value, var)})"
    if parameter == SH.node:
        return conforms(shapes, value, var)
    members = [conforms(shapes, member, var) for member in Collection(shapes, value)]
    if parameter == SH["or"]:
        return "(" + " || ".join(members) + ")" if members else "false"
    if parameter == SH["and"]:
        return "(" + " && ".join(members) + ")" if members else "true"
    if parameter == SH.xone:
        return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)" if members else "false"
    raise Unsupported(shape, str(parameter))


def conforms(shapes: Graph, shape: Node, var: str) -> str:
    """Whether the value node conforms to a nested shape made only of value-level constraints."""
    for predicate in set(shapes.predicates(shape)):
        if not str(predicate).startswith(str(SH)) or predicate in VALUE_LEVEL or predicate in NESTED_OK:
            continue
        raise Unsupported(shape, f"sh:{str(predicate)[len(str(SH)):]} in a nested shape")
    if (shape, SH.deactivated, Literal(True)) in shapes:
        return "true"
    parts = [condition(shapes, shape, p, o, var) for p, o in value_constraints(shapes, shape)]
    parts += [f"sameTerm({var}, {sparql_term(v)})" for v in shapes.objects(shape, SH.hasValue)]
    return "(" + " && ".join(parts) + ")" if parts else "true"
