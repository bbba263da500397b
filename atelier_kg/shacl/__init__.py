"""A SHACL engine that runs each rule once, as SPARQL, over all focus nodes (Oxigraph or an endpoint).

pySHACL evaluates every constraint per focus node in Python; here each shape's constraints are
compiled to set-based SPARQL queries (`compile`), run where the graph is (`engine`), and the
results written as the SHACL validation report pySHACL would write (focus node, path, value,
source shape and constraint, severity, messages). A shape using a feature this engine does not
compile raises Unsupported before anything runs: a rule is never skipped in silence.
"""

from .compile import Rule, compile_shapes
from .conditions import Unsupported
from .engine import EndpointError, validate, validate_endpoint
from .terms import Unrepresentable

__all__ = ["EndpointError", "Rule", "Unrepresentable", "Unsupported", "compile_shapes", "validate",
           "validate_endpoint"]
