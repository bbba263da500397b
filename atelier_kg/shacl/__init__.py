"""A SHACL engine that runs each rule once, as SPARQL, over all focus nodes (Oxigraph or an endpoint).

pySHACL evaluates every constraint per focus node in Python; here each shape's constraints are
compiled to set-based SPARQL queries (`compile`), run where the graph is (`engine`), and the
results written as the SHACL validation report pySHACL would write (focus node, path, value,
source shape and constraint, severity, messages). A shape using a feature this engine does not
compile raises Unsupported before anything runs: a rule is never skipped in silence. A graph
holding a term Oxigraph cannot store as it is (an IRI without a scheme, a literal of a type it
stores as another) raises Unrepresentable (validate.shacl_report then
runs pySHACL on it).

Known limits, each refused rather than approximated: sh:closed, sh:equals, sh:disjoint,
sh:lessThan(OrEquals), sh:property or sh:path inside nested shapes (sh:or, sh:not, sh:node…),
sh:qualifiedValueShapesDisjoint, custom constraint components, SPARQL targets, $shapesGraph, a
SPARQL constraint using $this only in a nested FILTER/BIND, sh:datatype of a type Oxigraph stores
as another (xsd:int → xsd:integer). pySHACL's own readings are kept: sh:pattern's `$` as Python's
re.search (also before a final line break), a SPARQL rule's messages as plain literals.
"""

from .compile import Rule, compile_shapes
from .conditions import Unsupported
from .engine import EndpointError, validate, validate_endpoint
from .terms import Unrepresentable

__all__ = ["EndpointError", "Rule", "Unrepresentable", "Unsupported", "compile_shapes", "validate",
           "validate_endpoint"]
