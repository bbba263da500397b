"""Shapes compiled to SPARQL queries that each find every violation of a rule at once.

Each query returns one row per validation result, binding ?this (the focus node) and, where the
result has one, ?value (and ?path for SHACL-SPARQL). A query is made of the focus nodes' pattern
(every target of every shape that reaches the rule) and the rule's condition. Whatever a shape
says that is not compiled here raises Unsupported: a rule is never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..namespaces import SH
from . import sparql
from .conditions import (
    DESCRIPTIVE,
    TYPE_OF,
    VALUE_LEVEL,
    Unsupported,
    condition,
    conforms,
    sparql_path,
    value_constraints,
)
from .terms import sparql_term


@dataclass(frozen=True)
class Target:
    """The focus nodes of one shape: its target classes, nodes, subjects-of and objects-of."""

    classes: tuple[URIRef, ...] = ()
    nodes: tuple[Node, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    objects_of: tuple[URIRef, ...] = ()

    def patterns(self, focus: tuple[Node, ...] | None = None) -> list[str]:
        """The target's patterns; with focus, class targets narrowed to the focus nodes that are
        direct instances (as validate's narrowed shapes do for pySHACL: sh:targetNode)."""
        found = []
        if self.classes and focus is None:
            found.append(f"VALUES ?targetClass {{ {_terms(self.classes)} }} ?this {TYPE_OF} ?targetClass .")
        elif self.classes and focus:
            found.append(f"VALUES ?targetClass {{ {_terms(self.classes)} }} "
                         f"VALUES ?this {{ {_terms(focus)} }} ?this a ?targetClass .")
        if self.nodes:
            found.append(f"VALUES ?this {{ {_terms(self.nodes)} }}")
        found += [f"?this {sparql_term(p)} ?targetAny ." for p in self.subjects_of]
        found += [f"?targetAny {sparql_term(p)} ?this ." for p in self.objects_of]
        return found

    def empty(self) -> bool:
        return not (self.classes or self.nodes or self.subjects_of or self.objects_of)


FOCUS = "\u27e6focus\u27e7"  # where a rule's query takes its focus nodes' pattern, at run time


def focus_pattern(targets: tuple[Target, ...], focus: tuple[Node, ...] | None = None) -> str:
    """A group binding ?this to each focus node once."""
    patterns = [p for target in targets for p in target.patterns(focus)]
    union = " UNION ".join(f"{{ {p} }}" for p in patterns) or "FILTER (false)"
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _terms(terms: tuple[Node, ...]) -> str:
    return " ".join(sparql_term(t) for t in terms)


@dataclass
class Rule:
    """One query and what each of its rows reports."""

    shape: Node
    component: URIRef | None  # None: per row, from the ?component binding (several constraints)
    severity: URIRef
    query: str
    targets: tuple[Target, ...]
    path: Node | None = None
    constraint: Node | None = None
    value_is_focus: bool = False  # a node shape's value node is its focus node
    components: dict[str, URIRef] = field(default_factory=dict)  # ?failed binding -> component

    def query_for(self, focus: tuple[Node, ...] | None = None) -> str:
        """The query over all focus nodes, or only over those given (and the shapes' other targets)."""
        return self.query.replace(FOCUS, focus_pattern(self.targets, focus))


def compile_shapes(shapes: Graph) -> list[Rule]:
    """Every rule of the shapes graph as queries; Unsupported if anything cannot be compiled."""
    for predicate in (SH.parameter, SH.validator, SH.nodeValidator, SH.propertyValidator, SH.rule):
        for subject in shapes.subjects(predicate, None):
            raise Unsupported(subject, "custom constraint components or SHACL rules")
    parents: dict[Node, list[Target]] = {}
    rules: list[Rule] = []
    for shape in sorted(_targeted(shapes), key=str):
        if _deactivated(shapes, shape):
            continue
        target = _target(shapes, shape)
        if shapes.value(shape, SH.path) is not None:
            parents.setdefault(shape, []).append(target)
            continue
        rules += _node_rules(shapes, shape, (target,))
        for member in shapes.objects(shape, SH.property):
            parents.setdefault(member, []).append(target)
    for shape, targets in sorted(parents.items(), key=lambda item: str(item[0])):
        if not _deactivated(shapes, shape):
            rules += _property_rules(shapes, shape, tuple(targets))
    return rules


def _targeted(shapes: Graph) -> set[Node]:
    found: set[Node] = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        found.update(shapes.subjects(predicate, None))
    if any(shapes.subjects(SH.target, None)):
        raise Unsupported(next(iter(shapes.subjects(SH.target, None))), "sh:target (SPARQL-based targets)")
    # A shape that is also a class targets its instances (implicit class target).
    found.update(s for s in shapes.subjects(RDF.type, RDFS.Class)
                 if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes)
    return found


def _target(shapes: Graph, shape: Node) -> Target:
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:  # implicit class target
        classes.add(shape)
    return Target(classes=tuple(sorted(classes, key=str)),  # type: ignore[arg-type]
                  nodes=tuple(sorted(shapes.objects(shape, SH.targetNode), key=str)),
                  subjects_of=tuple(sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str)),  # type: ignore[arg-type]
                  objects_of=tuple(sorted(shapes.objects(shape, SH.targetObjectsOf), key=str)))  # type: ignore[arg-type]


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return (shape, SH.deactivated, Literal(True)) in shapes


def _severity(shapes: Graph, shape: Node) -> URIRef:
    found = shapes.value(shape, SH.severity)
    return found if isinstance(found, URIRef) else SH.Violation


def _check_known(shapes: Graph, shape: Node, property_shape: bool) -> None:
    for predicate in set(shapes.predicates(shape)):
        if predicate == RDF.type or not str(predicate).startswith(str(SH)):
            continue
        if predicate in VALUE_LEVEL or predicate in DESCRIPTIVE:
            continue
        raise Unsupported(shape, f"sh:{str(predicate)[len(str(SH)):]}")
    if not property_shape:
        for predicate in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape):
            if (shape, predicate, None) in shapes:
                raise Unsupported(shape, f"sh:{str(predicate)[len(str(SH)):]} on a node shape")
    if property_shape and (shape, SH.property, None) in shapes:
        raise Unsupported(shape, "sh:property inside a property shape")
    if not property_shape and (shape, SH.hasValue, None) in shapes:
        raise Unsupported(shape, "sh:hasValue on a node shape")


def _node_rules(shapes: Graph, shape: Node, targets: tuple[Target, ...]) -> list[Rule]:
    _check_known(shapes, shape, property_shape=False)
    focus = FOCUS
    severity = _severity(shapes, shape)
    rules = []
    checks = value_constraints(shapes, shape)
    if checks:
        rules.append(_value_rule(shapes, shape, checks, focus, "?this", severity, targets, None))
    rules += _sparql_rules(shapes, shape, focus, severity, targets, None)
    return rules


def _property_rules(shapes: Graph, shape: Node, targets: tuple[Target, ...]) -> list[Rule]:
    _check_known(shapes, shape, property_shape=True)
    path_node = shapes.value(shape, SH.path)
    if path_node is None:
        raise Unsupported(shape, "a property shape without sh:path")
    path = sparql_path(shapes, path_node)
    focus = FOCUS
    severity = _severity(shapes, shape)
    common = {"shape": shape, "severity": severity, "targets": targets, "path": path_node}
    rules = []
    checks = value_constraints(shapes, shape)
    if checks:
        rules.append(_value_rule(shapes, shape, checks, f"{focus} ?this {path} ?value .", "?value",
                                 severity, targets, path_node))
    rules += _cardinality_rules(shapes, shape, focus, path, common)
    rules += _qualified_rules(shapes, shape, focus, path, common)
    if (shape, SH.uniqueLang, Literal(True)) in shapes:
        rules.append(Rule(component=SH.UniqueLangConstraintComponent, query=(
            f"SELECT DISTINCT ?this ?lang WHERE {{ {focus} ?this {path} ?a . ?this {path} ?b . "
            "FILTER (!sameTerm(?a, ?b) && LANG(?a) != \"\" && LCASE(LANG(?a)) = LCASE(LANG(?b))) "
            "BIND (LCASE(LANG(?a)) AS ?lang) }"), **common))
    for expected in shapes.objects(shape, SH.hasValue):
        rules.append(Rule(component=SH.HasValueConstraintComponent, query=(
            f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?v . "
            f"FILTER (sameTerm(?v, {sparql_term(expected)})) }} }}"), **common))
    rules += _sparql_rules(shapes, shape, focus, severity, targets, path_node)
    return rules


def _value_rule(shapes: Graph, shape: Node, checks: list[tuple[URIRef, Node]], pattern: str, var: str,
                severity: URIRef, targets: tuple[Target, ...], path: Node | None) -> Rule:
    """All value-level constraints of a shape in one query; ?failed says which one a row breaks."""
    names = {f"c{i}": VALUE_LEVEL[parameter] for i, (parameter, _) in enumerate(checks)}
    binds = " ".join(f"BIND (IF({condition(shapes, shape, p, o, var)}, 0, 1) AS ?c{i})"
                     for i, (p, o) in enumerate(checks))
    # One row per failed check: the checks' names joined in, each kept where its check failed
    # (a FILTER inside a UNION branch would not see the BINDs, evaluated outside it).
    names_in = " ".join(f'"c{i}"' for i in range(len(checks)))
    failed = " || ".join(f'(?failed = "c{i}" && ?c{i} = 1)' for i in range(len(checks)))
    value = "?value" if var == "?value" else ""
    query = (f"SELECT DISTINCT ?this {value} ?failed WHERE {{ {pattern} {binds} "
             f"VALUES ?failed {{ {names_in} }} FILTER ({failed}) }}")
    return Rule(shape=shape, component=None, severity=severity, query=query, targets=targets, path=path,
                value_is_focus=var == "?this", components=names)


def _cardinality_rules(shapes: Graph, shape: Node, focus: str, path: str, common: dict) -> list[Rule]:
    rules = []
    for parameter, component, test in ((SH.minCount, SH.MinCountConstraintComponent, "<"),
                                       (SH.maxCount, SH.MaxCountConstraintComponent, ">")):
        for bound in shapes.objects(shape, parameter):
            count = int(bound)
            if parameter == SH.minCount and count == 1:
                query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?v }} }}"
            else:
                query = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {test} {count})")
            rules.append(Rule(component=component, query=query, **common))
    return rules


def _qualified_rules(shapes: Graph, shape: Node, focus: str, path: str, common: dict) -> list[Rule]:
    inner = shapes.value(shape, SH.qualifiedValueShape)
    if inner is None:
        return []
    if (shape, SH.qualifiedValueShapesDisjoint, Literal(True)) in shapes:
        raise Unsupported(shape, "sh:qualifiedValueShapesDisjoint")
    test = conforms(shapes, inner, "?v")
    rules = []
    for parameter, component, operator in (
            (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent, "<"),
            (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent, ">")):
        for bound in shapes.objects(shape, parameter):
            query = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v . FILTER ({test}) }} }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {operator} {int(bound)})")
            rules.append(Rule(component=component, query=query, **common))
    return rules


def _sparql_rules(shapes: Graph, shape: Node, focus: str, severity: URIRef, targets: tuple[Target, ...],
                  path_node: Node | None) -> list[Rule]:
    rules = []
    path = sparql_path(shapes, path_node) if path_node is not None else None
    for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
        if _deactivated(shapes, constraint):
            continue
        query = sparql.rewrite(shapes, shape, constraint, focus, path)
        rules.append(Rule(shape=shape, component=SH.SPARQLConstraintComponent, severity=severity,
                          query=query, targets=targets, path=path_node, constraint=constraint,
                          value_is_focus=path_node is None))
    return rules
