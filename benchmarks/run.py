"""Benchmarks of atelier-kg at scale, against pyoxigraph in the same run.

Prints a table and writes benchmarks/RESULTS.md. Run from the project folder:
    python3 benchmarks/run.py            # 10k, 100k, 500k, 1M synthetic triples and full France (~30 min)
    python3 benchmarks/run.py --quick    # 10k and 100k only

For each graph, a child process loads the YAML data, validates the whole graph, exports
Turtle, JSON-LD and N-Triples and writes the validation index, recording the peak memory of
that work; then it times pyoxigraph parsing the same N-Triples and serializing them in each
format, and the saved queries on the Oxigraph engine. Whole commands (`--help`,
`validate one-new-entry.yaml` against the indexed graph) are timed as a user runs them,
Python start included, several runs, median.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Laureates per synthetic graph: ~78 triples each, plus the registry of organisations.
SIZES = {"10k": 100, "100k": 1280, "500k": 6400, "1M": 12800}


# -- the child: one graph, every in-process figure ------------------------------------------------

def measure(data: Path, reference: str, runs: int, full_validation: bool) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from atelier_kg import Project
    from atelier_kg.export import GRAPH_FORMATS, serialize
    from atelier_kg.index import write_index

    project = Project(data=data, shapes=ROOT / "shapes", reference=reference)
    project.shapes_graph  # noqa: B018 (read once, outside the timings)
    result: dict[str, Any] = {}

    def timed(name: str, action: Callable[[], Any], repeat: int = 1) -> Any:
        times, value = [], None
        for _ in range(repeat):
            start = time.perf_counter()
            value = action()
            times.append(time.perf_counter() - start)
        result[name] = statistics.median(times)
        return value

    def load_into_store() -> Any:
        # As `build` loads: YAML → triples, their sorted N-Triples, the Oxigraph store from them.
        start = time.perf_counter()
        loaded = project.load(track_files=True)
        middle = time.perf_counter()
        loaded.store  # noqa: B018
        parts.append((middle - start, time.perf_counter() - middle))
        return loaded

    parts: list[tuple[float, float]] = []
    loaded = timed("load", load_into_store, runs)
    result["load: YAML → triples"] = statistics.median(p[0] for p in parts)
    result["load: N-Triples + store"] = statistics.median(p[1] for p in parts)
    result["triples"] = len(loaded)
    # As `build` does (with the full reference: what people wrote and its neighbours), unless asked
    # to validate everything.
    if full_validation:
        from atelier_kg.validate import validate_graph

        report = timed("validate", lambda: validate_graph(loaded, project.shapes_graph), runs)
    else:
        report = timed("validate", lambda: project.check(loaded), runs)
    result["problems"] = len(report.problems)
    payloads = {}
    for name in GRAPH_FORMATS:
        payloads[name] = timed(f"export {name}", lambda n=name: serialize(loaded, n), runs)
    (data.parent / "graph.nt").write_bytes(payloads["nt"])  # for the validation peers
    timed("write index", lambda: write_index(loaded, data, reference))
    result["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.update(oxigraph_baseline(payloads["nt"], runs))
    del payloads, report
    result["queries"] = query_times_apart(loaded.ntriples, max(runs, 3))
    return result


def oxigraph_baseline(ntriples: bytes, runs: int) -> dict[str, float]:
    """pyoxigraph's times, in a process of its own: not slowed by our graph in memory."""
    return _apart("--oxigraph", ntriples, runs)


def _apart(option: str, ntriples: bytes, runs: int) -> dict[str, float]:
    """This script run again with `option` on the N-Triples, in a process of its own; its figures."""
    with tempfile.NamedTemporaryFile(suffix=".nt") as handle:
        handle.write(ntriples)
        handle.flush()
        done = subprocess.run([sys.executable, __file__, option, handle.name, "--runs", str(runs)],
                              check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def oxigraph_times(ntriples: bytes, runs: int) -> dict[str, float]:
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES}
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        start = time.perf_counter()
        triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
        times.setdefault("ox parse nt", []).append(time.perf_counter() - start)
        for name, rdf_format in formats.items():
            start = time.perf_counter()
            ox.serialize(triples, format=rdf_format)
            times.setdefault(f"ox serialize {name}", []).append(time.perf_counter() - start)
        del triples
    return {name: statistics.median(values) for name, values in times.items()}


def query_times_apart(ntriples: bytes, runs: int) -> dict[str, float]:
    """The saved queries' times in a process of their own holding only the query store, as the server
    does (its workers are forked from a process that does not hold the loaded data)."""
    return _apart("--queries", ntriples, runs)


def query_times(ntriples: bytes, runs: int) -> dict[str, float]:
    """Median of `runs` timed runs of each saved query, after one run to warm the worker up."""
    from atelier_kg.query import QueryEngine, bind_parameters, library
    from atelier_kg.query.safety import forget_checked

    engine = QueryEngine(ntriples=ntriples)
    medians = {}
    for name, query in library(ROOT / "queries").items():
        bindings = bind_parameters(query, {})
        engine.run(query.text, bindings, "json", timeout=120)
        times = []
        for _ in range(runs):
            forget_checked()  # as a command line user: the query is checked each time
            start = time.perf_counter()
            engine.run(query.text, bindings, "json", timeout=120)
            times.append(time.perf_counter() - start)
        medians[name] = statistics.median(times)
    engine.close()
    return medians


# -- the parent: data, whole commands, the table ----------------------------------------------------

def command_median(arguments: list[str], runs: int, cwd: Path = ROOT) -> float:
    """The median time of a whole command, Python start included."""
    # `python -m` from the project folder: the code of this checkout, even where another copy
    # of atelier-kg is installed.
    base = [sys.executable, "-m", "atelier_kg"]
    # As on a user's machine: Python keeps the compiled modules (a first run, not timed, writes them).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(base + arguments, cwd=cwd, check=False, capture_output=True, env=environment)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(base + arguments, cwd=cwd, check=False, capture_output=True, text=True,
                              env=environment)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return statistics.median(times)


def synthetic_with_entry(folder: Path, laureates: int) -> tuple[Path, Path]:
    """A synthetic data folder, and one more laureate kept outside it: the new entry."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    data = generate(folder, laureates + 1)
    entry = folder / "nouveau-laureat.yaml"
    (data / "laureats" / f"l{laureates}.yaml").rename(entry)
    return data, entry


# Each peer validates the same N-Triples with the same shapes, in a process of its own (peers.py).
PEERS = ("native", "pyrudof", "pyshacl-turbo", "pyshacl", "oxigraph-parse")
PYSHACL_SIZES = ("10k",)  # unpatched pySHACL takes minutes beyond


def run_peers(folder: Path, label: str, runs: int) -> dict[str, dict[str, Any]]:
    shapes = folder / "shapes.ttl"
    shapes.write_text("\n".join(p.read_text("utf-8") for p in sorted((ROOT / "shapes").glob("*.ttl"))),
                      encoding="utf-8")
    found: dict[str, dict[str, Any]] = {}
    for peer in PEERS:
        if peer == "pyshacl" and label not in PYSHACL_SIZES:
            continue
        figures = []
        for _ in range(runs if peer != "pyshacl" else 1):
            done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "peers.py"), peer,
                                   str(folder / "graph.nt"), str(shapes)],
                                  check=True, capture_output=True, text=True)
            figures.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if figures[0]["available"]:
            found[peer] = {"seconds": statistics.median(f["seconds"] for f in figures),
                           "peak MiB": max(f["peak MiB"] for f in figures), "results": figures[0]["results"]}
    return found


def run_child(data: Path, reference: str, runs: int, full_validation: bool) -> dict[str, Any]:
    arguments = [sys.executable, __file__, "--child", str(data), "--reference", reference,
                 "--runs", str(runs)] + ([] if full_validation else ["--focused"])
    done = subprocess.run(arguments, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        model = names[0] if names else ""
    return (f"{model or platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def ratio(value: float, base: float) -> str:
    return f"{value / base:.1f}×" if base else "—"


def tables(results: dict[str, dict[str, Any]], commands: list[tuple[str, float, str, str]]) -> list[str]:
    lines = ["## Whole commands (Python start included), median", "",
             "| command | graph | median (s) | target | met |", "|---|---|---:|---|---|"]
    for name, value, graph, target in commands:
        met = "yes" if value < float(target.split()[1]) else "**no**"
        lines.append(f"| {name} | {graph} | {value:.3f} | {target} | {met} |")
    lines += ["", "## Pipeline against pyoxigraph, same run, same triples", "",
              "Oxigraph baseline = `pyoxigraph.parse` of the N-Triples into Python triples"
              " + `pyoxigraph.serialize` (N-Triples for load and validate; the same format for an export)."
              " Targets: load and every export at most 3×. The load makes the sorted N-Triples and the store"
              " once; the exports read them (N-Triples are the load's own, Turtle is Oxigraph's writer).", ""]
    header = "| step | " + " | ".join(results) + " |"
    lines += [header, "|---|" + "---:|" * len(results)]
    lines.append("| triples | " + " | ".join(f"{r['triples']:,}" for r in results.values()) + " |")
    for step in ("load", "load: YAML → triples", "load: N-Triples + store", "validate", "export ttl",
                 "export jsonld", "export nt", "write index"):
        cells = []
        for r in results.values():
            fmt = step.split()[-1] if step.startswith("export") else "nt"
            base = r["ox parse nt"] + r[f"ox serialize {fmt}"]
            cells.append(f"{r[step]:.2f} s ({ratio(r[step], base)})" if step in ("load", "validate")
                         or step.startswith("export") else f"{r[step]:.2f} s")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    for step in ("ox parse nt", "ox serialize ttl", "ox serialize jsonld", "ox serialize nt"):
        lines.append(f"| {step} | " + " | ".join(f"{r[step]:.2f} s" for r in results.values()) + " |")
    lines.append("| peak memory (load+validate+export+index) | "
                 + " | ".join(f"{r['peak MiB']:,.0f} MiB" for r in results.values()) + " |")
    lines.append("| validation problems (0 expected) | "
                 + " | ".join(str(r["problems"]) for r in results.values()) + " |")
    lines += peer_table(results)
    lines += ["", "## Saved queries on Oxigraph (QueryEngine), median ms; target < 200 ms at 500k triples",
              "", "In a process holding only the query store (as `serve`), after one run to warm the worker"
              " up; median of at least 3 runs, each including the query's safety check.", "",
              header, "|---|" + "---:|" * len(results)]
    for name in next(iter(results.values()))["queries"]:
        cells = [f"{r['queries'][name] * 1000:.0f}" for r in results.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


PEER_NAMES = {"native": "atelier-kg native engine (pyoxigraph store + compiled SPARQL)",
              "pyrudof": "pyrudof", "pyshacl-turbo": "pyshacl-turbo", "pyshacl": "pyshacl (unpatched)",
              "oxigraph-parse": "Oxigraph: parse only (baseline)"}


def peer_table(results: dict[str, dict[str, Any]]) -> list[str]:
    """Full validation by each engine, and the issue's targets met or not at each size."""
    sized = {k: r for k, r in results.items() if r.get("peers")}
    if not sized:
        return []
    header = "| engine | " + " | ".join(sized) + " |"
    lines = ["", "## Full validation against peers, same run: parse the N-Triples + validate, same shapes",
             "", "Each engine in a process of its own (`benchmarks/peers.py`), Python start excluded, shapes "
             "read and compiled included; seconds (peak memory of the process; validation results found).",
             "",
             header, "|---|" + "---:|" * len(sized)]
    for peer, name in PEER_NAMES.items():
        cells = []
        for r in sized.values():
            f = r["peers"].get(peer)
            cells.append(f"{f['seconds']:.2f} s ({f['peak MiB']:,.0f} MiB; {f['results']})" if f else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| target | " + " | ".join(sized) + " |", "|---|" + "---|" * len(sized)]
    targets = (("native faster than every peer", _faster),
               ("native: less peak memory than each peer", _lighter),
               ("native ≤ 5× Oxigraph's parse (100k and above)", _near_parse),
               ("load ≤ 3× Oxigraph's parse + serialize", _load_ratio),
               ("every export ≤ 3× Oxigraph's parse + serialize", _export_ratio))
    for target, test in targets:
        lines.append(f"| {target} | " + " | ".join(test(label, r) for label, r in sized.items()) + " |")
    return lines


def _validators(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in r["peers"].items() if k not in ("native", "oxigraph-parse")}


def _met(ok: bool, detail: str) -> str:
    return f"{'met' if ok else '**not met**'} ({detail})"


def _faster(label: str, r: dict[str, Any]) -> str:
    own, others = r["peers"]["native"]["seconds"], _validators(r)
    best = min(others.values(), key=lambda f: f["seconds"]) if others else None
    return _met(all(own < f["seconds"] for f in others.values()), f"best peer {best['seconds']:.2f} s"
                if best else "no peer")


def _lighter(label: str, r: dict[str, Any]) -> str:
    own, others = r["peers"]["native"]["peak MiB"], _validators(r)
    return _met(all(own < f["peak MiB"] for f in others.values()), f"{own:,.0f} MiB")


def _near_parse(label: str, r: dict[str, Any]) -> str:
    value = r["peers"]["native"]["seconds"] / r["peers"]["oxigraph-parse"]["seconds"]
    return _met(value <= 5, f"{value:.1f}×") if label.split()[-1] != "10k" else f"{value:.1f}× (no target)"


def _load_ratio(label: str, r: dict[str, Any]) -> str:
    value = r["load"] / (r["ox parse nt"] + r["ox serialize nt"])
    return _met(value <= 3, f"{value:.1f}×")


def _export_ratio(label: str, r: dict[str, Any]) -> str:
    worst = max(r[f"export {f}"] / (r["ox parse nt"] + r[f"ox serialize {f}"])
                for f in ("ttl", "jsonld", "nt"))
    return _met(worst <= 3, f"worst {worst:.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10k and 100k triples only")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes among 10k,100k,500k,1M "
                        "(synthetic only, no full France)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reference", default="compact", help=argparse.SUPPRESS)
    parser.add_argument("--focused", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--oxigraph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.queries:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(query_times(args.queries.read_bytes(), args.runs)))
        return
    if args.oxigraph:
        print(json.dumps(oxigraph_times(args.oxigraph.read_bytes(), args.runs)))
        return
    if args.child:
        print(json.dumps(measure(args.child, args.reference, args.runs, not args.focused)))
        return
    sizes = {k: v for k, v in SIZES.items() if not (args.quick and k in ("500k", "1M"))}
    if args.sizes:
        sizes = {k: SIZES[k] for k in args.sizes.split(",")}
    results: dict[str, dict[str, Any]] = {}
    commands = [("`atelier-kg --help`", command_median(["--help"], args.runs * 3), "—", "< 0.3 s")]
    with tempfile.TemporaryDirectory() as folder:
        shipped = Path(folder) / "shipped"
        shutil.copytree(ROOT / "data", shipped / "data")
        seconds = command_median(["--data", str(shipped / "data"), "build", "--out", str(shipped / "out")],
                                 args.runs * 3)
        commands.append(("`atelier-kg build` (outputs and index)", seconds, "shipped data", "< 1.5 s"))
        for label, laureates in sizes.items():
            data, entry = synthetic_with_entry(Path(folder) / label, laureates)
            print(f"{label}: {laureates} laureates …", file=sys.stderr, flush=True)
            phase_runs = 1 if label in ("500k", "1M") else args.runs
            results[f"synthetic {label}"] = run_child(data, "compact", phase_runs, True)
            print(f"{label}: validation peers …", file=sys.stderr, flush=True)
            results[f"synthetic {label}"]["peers"] = run_peers(data.parent, label, phase_runs)
            seconds = command_median(["--data", str(data), "validate", str(entry)], args.runs)
            commands.append(("`atelier-kg validate one-new-entry.yaml` (index)", seconds,
                             f"{results[f'synthetic {label}']['triples']:,} triples", "< 0.5 s"))
            shutil.rmtree(Path(folder) / label)
        if not (args.quick or args.sizes):
            print("full France …", file=sys.stderr, flush=True)
            copy = Path(folder) / "france" / "data"
            shutil.copytree(ROOT / "data", copy)
            results["full France (build: people's data + neighbours)"] = run_child(copy, "full", 1, False)
            entry = ROOT / "tests" / "fixtures" / "valid" / "laureat.yaml"
            seconds = command_median(["--data", str(copy), "--reference", "full", "validate", str(entry)],
                                     args.runs)
            commands.append(("`atelier-kg validate one-new-entry.yaml` (index)", seconds,
                             "full France", "< 0.5 s"))
    lines = ["# Benchmark results", "", f"Machine: {machine()}.",
             f"Command: `python3 benchmarks/run.py{' --quick' if args.quick else ''}"
             f"{f' --sizes {args.sizes}' if args.sizes else ''}`; "
             f"{args.runs} runs per figure (1 for in-process steps at 500k, 1M and full France).", ""]
    lines += tables(results, commands)
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
