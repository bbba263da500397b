"""Benchmarks of atelier-kg on this machine: prints a table and writes benchmarks/RESULTS.md.

Whole commands are timed as a user runs them (Python start included), several runs, median.
Run from the project folder:  python3 benchmarks/run.py [--runs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "tests/fixtures/valid/laureat.yaml"


def command_median(arguments: list[str], runs: int) -> float:
    executable = shutil.which("atelier-kg")
    base = [executable] if executable else [sys.executable, "-m", "atelier_kg"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            base + arguments, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def phase_medians(runs: int) -> list[tuple[str, float]]:
    """In-process phases of a build on the shipped data."""
    sys.path.insert(0, str(ROOT))
    from atelier_kg.export import FORMATS, serialize
    from atelier_kg.load import load_graph
    from atelier_kg.validate import load_shapes, validate_graph

    shapes = load_shapes(ROOT / "shapes")
    timings: dict[str, list[float]] = {}

    def timed(name: str, action):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = action()
        timings.setdefault(name, []).append(time.perf_counter() - start)
        return result

    for _ in range(runs):
        loaded = timed("load data/ (YAML → graph)", lambda: load_graph(ROOT / "data"))
        timed("validate whole graph (SHACL)", lambda: validate_graph(loaded, shapes))  # noqa: B023
        for name in FORMATS:
            timed(f"serialize {name}", lambda n=name: serialize(loaded.graph, n))  # noqa: B023
    return [(name, statistics.median(values)) for name, values in timings.items()]


def _in_child(function, timeout: float):  # type: ignore[no-untyped-def]
    """Run function() in a forked child; its duration, or None past the timeout."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def target() -> None:
        start = time.perf_counter()
        function()
        sender.send(time.perf_counter() - start)

    process = context.Process(target=target, daemon=True)
    process.start()
    duration = receiver.recv() if receiver.poll(timeout) else None
    process.kill()
    process.join()
    return duration


def query_medians(graph, runs: int, rdflib_cap: float) -> list[tuple[str, float, float | None]]:  # type: ignore[no-untyped-def]
    """Each saved query: median on Oxigraph (through QueryEngine), and rdflib's own engine once."""
    from atelier_kg.query import QueryEngine, bind_parameters, library

    saved = library(ROOT / "queries")
    engine = QueryEngine(graph)
    rows = []
    for name, query in saved.items():
        bindings = bind_parameters(query, {})
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            engine.run(query.text, bindings, "json", timeout=120)
            times.append(time.perf_counter() - start)
        initial = {k: _rdflib_term(v) for k, v in bindings.items()}
        rdflib_time = _in_child(
            lambda q=query, b=initial: list(graph.query(q.text, initBindings=b)), rdflib_cap
        )
        rows.append((name, statistics.median(times), rdflib_time))
    engine.close()
    return rows


def _rdflib_term(term):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return (
        Literal(term.value, datatype=URIRef(term.datatype.value))
        if not term.language
        else Literal(term.value, lang=term.language)
    )


def query_section(runs: int, scale_laureates: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    from atelier_kg.load import load_graph

    graphs = [
        ("shipped data", load_graph(ROOT / "data").graph),
        ("full-France reference", load_graph(ROOT / "data", reference="full").graph),
    ]
    if scale_laureates:
        with tempfile.TemporaryDirectory() as folder:
            data = generate(Path(folder), scale_laureates)
            graphs.append((f"synthetic, {scale_laureates} laureates", load_graph(data).graph))
    lines = [
        "",
        "## Saved queries: median over runs on Oxigraph (QueryEngine) vs one run of rdflib's engine",
        "",
        "Target: under 200 ms at half a million triples. rdflib is stopped after 30 s.",
        "",
    ]
    for title, graph in graphs:
        lines += [
            f"### {title}: {len(graph)} triples",
            "",
            "| query | Oxigraph (ms) | rdflib (ms) | gain |",
            "|---|---:|---:|---:|",
        ]
        for name, oxigraph, rdflib_time in query_medians(graph, runs, 30.0):
            rd = f"{rdflib_time * 1000:.0f}" if rdflib_time is not None else "> 30000"
            gain = f"{rdflib_time / oxigraph:.0f}×" if rdflib_time is not None else f"> {30 / oxigraph:.0f}×"
            lines.append(f"| {name} | {oxigraph * 1000:.1f} | {rd} | {gain} |")
        lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--scale-laureates",
        type=int,
        default=6400,
        help="laureates of the synthetic graph for the query benchmark (0: skip)",
    )
    parser.add_argument("--skip-queries", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("`atelier-kg --help` (start-up)", command_median(["--help"], args.runs), "< 0.3 s"),
            (f"`atelier-kg validate {ENTRY}`", command_median(["validate", ENTRY], args.runs), "< 1 s"),
            ("`atelier-kg validate` (all of data/)", command_median(["validate"], args.runs), ""),
            ("`atelier-kg build`", command_median(["build", "--out", out], args.runs), ""),
        ]
    phases = phase_medians(args.runs)
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine}.",
        f"Median of {args.runs} runs.",
        "",
        "## Whole commands (Python start included), shipped data",
        "",
        "| command | median (s) | target |",
        "|---|---:|---|",
    ]
    lines += [f"| {name} | {value:.3f} | {target} |" for name, value, target in rows]
    lines += ["", "## Phases of a build, in process", "", "| phase | median (s) |", "|---|---:|"]
    lines += [f"| {name} | {value:.3f} |" for name, value in phases]
    if not args.skip_queries:
        lines += query_section(args.runs, args.scale_laureates)
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
