"""Saved SPARQL queries and the engine that runs them: read-only, local, bounded in time and size.

- library: the saved queries (queries/*.rq), their headers and typed parameters;
- safety: what a query text may do, refused with a clear message before it runs;
- sandbox: the confinement of the worker processes (no network, bounded memory);
- engine: the Oxigraph store and its pool of workers, one time limit from queue to answer;
- formats: SPARQL 1.1 result formats and tables for people.
"""

from .engine import DEFAULT_TIMEOUT, Limits, QueryEngine, QueryResult
from .errors import QueryError
from .formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    RESULT_MEDIA_TYPES,
    TEXT_FORMATS,
    format_markdown,
    format_table,
    graph_of,
    short,
    solutions,
)
from .library import (
    PARAMETER_TYPES,
    Parameter,
    SavedQuery,
    bind_parameters,
    default_prefixes,
    library,
    parse_saved_query,
    resolve,
)
from .safety import MAX_QUERY_BYTES, check_safe

__all__ = [
    "DEFAULT_TIMEOUT", "GRAPH_FORMATS", "MAX_QUERY_BYTES", "PARAMETER_TYPES", "RESULT_FORMATS",
    "RESULT_MEDIA_TYPES", "TEXT_FORMATS", "Limits", "Parameter", "QueryEngine", "QueryError", "QueryResult",
    "SavedQuery", "bind_parameters", "check_safe", "default_prefixes", "format_markdown", "format_table",
    "graph_of", "library", "parse_saved_query", "resolve", "short", "solutions",
]
