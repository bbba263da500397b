"""Full SHACL validation of one N-Triples file by one engine, in a process of its own.

    python3 benchmarks/peers.py ENGINE GRAPH.nt SHAPES.ttl   # prints one JSON line

ENGINE is native (atelier_kg.shacl on a pyoxigraph store), pyrudof, pyshacl-turbo, pyshacl (unpatched,
on an rdflib graph) or oxigraph-parse (the baseline: the file parsed into a pyoxigraph store). Each
figure is the whole work from the files: read the shapes, parse the graph, validate; the peak memory
is the process's own (Python included). `results` counts validation results, to see that the
engines agree; `available: false` when the engine is not installed.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def native(graph: Path, shapes: Path) -> int:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.namespace import RDF

    sys.path.insert(0, str(ROOT))
    from atelier_kg.namespaces import SH
    from atelier_kg.shacl import validate

    shapes_graph = Graph().parse(shapes, format="turtle")
    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    report = validate(store, shapes_graph)
    return len(set(report.subjects(RDF.type, SH.ValidationResult)))


def pyrudof(graph: Path, shapes: Path) -> int:
    import pyrudof as rudof

    engine = rudof.Rudof(rudof.RudofConfig())
    engine.read_shacl(str(shapes))
    engine.read_data(str(graph), format=rudof.RDFFormat.NTriples)
    return len(engine.validate_shacl())


def pyshacl_turbo(graph: Path, shapes: Path) -> int:
    import pyshacl_turbo as turbo

    _, report, _ = turbo.validate(str(graph), shacl_graph=str(shapes), data_graph_format="nt",
                                  shacl_graph_format="turtle", allow_warnings=True, allow_infos=True)
    return _count(report)


def pyshacl(graph: Path, shapes: Path) -> int:
    from pyshacl import validate
    from rdflib import Graph

    data = Graph().parse(graph, format="nt")
    _, report, _ = validate(data, shacl_graph=Graph().parse(shapes, format="turtle"), inference="none",
                            allow_warnings=True, allow_infos=True)
    return _count(report)


def oxigraph_parse(graph: Path, shapes: Path) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    return 0


def _count(report: object) -> int:
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    if isinstance(report, Graph):
        kind = URIRef("http://www.w3.org/ns/shacl#ValidationResult")
        return len(set(report.subjects(RDF.type, kind)))
    return -1


ENGINES: dict[str, Callable[[Path, Path], int]] = {
    "native": native, "pyrudof": pyrudof, "pyshacl-turbo": pyshacl_turbo, "pyshacl": pyshacl,
    "oxigraph-parse": oxigraph_parse,
}


def main() -> None:
    name, graph, shapes = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    start = time.perf_counter()
    try:
        results = ENGINES[name](graph, shapes)
    except ImportError:
        print(json.dumps({"available": False}))
        return
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"available": True, "seconds": seconds, "peak MiB": peak, "results": results}))


if __name__ == "__main__":
    main()
