"""atelier-kg: the knowledge graph of the Atelier des territoires programme.

The library's entry point is `Project` (project.py); the command line is a thin layer over it.
"""

__version__ = "0.1.0"

from .builder import SourceMap  # noqa: E402
from .load import LoadedGraph, load_graph  # noqa: E402
from .messages import CodedError, EntryError  # noqa: E402
from .project import Built, NotConforming, Project  # noqa: E402

__all__ = ["Built", "CodedError", "EntryError", "LoadedGraph", "NotConforming", "Project", "SourceMap",
           "__version__", "load_graph"]
