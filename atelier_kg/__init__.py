"""atelier-kg: the knowledge graph of the Atelier des territoires programme."""

from .load import LoadedGraph, SourceMap, load_graph
from .messages import EntryError

__version__ = "0.1.0"
__all__ = ["EntryError", "LoadedGraph", "SourceMap", "__version__", "load_graph"]
