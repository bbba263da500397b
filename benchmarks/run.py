"""Benchmarks of atelier-kg on this machine: prints a table and writes benchmarks/RESULTS.md.

Whole commands are timed as a user runs them (Python start included), several runs, median.
Run from the project folder:  python3 benchmarks/run.py [--runs N]
"""

from __future__ import annotations

import argparse
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
        subprocess.run(base + arguments, cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("`atelier-kg --help` (start-up)", command_median(["--help"], args.runs), "< 0.3 s"),
            (f"`atelier-kg validate {ENTRY}`", command_median(["validate", ENTRY], args.runs), "< 1 s"),
            ("`atelier-kg validate` (all of data/)", command_median(["validate"], args.runs), ""),
            ("`atelier-kg build`", command_median(["build", "--out", out], args.runs), ""),
        ]
    phases = phase_medians(args.runs)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"{platform.system()} {platform.release()}")
    lines = ["# Benchmark results", "", f"Machine: {machine}.", f"Median of {args.runs} runs.", "",
             "## Whole commands (Python start included), shipped data", "",
             "| command | median (s) | target |", "|---|---:|---|"]
    lines += [f"| {name} | {value:.3f} | {target} |" for name, value, target in rows]
    lines += ["", "## Phases of a build, in process", "", "| phase | median (s) |", "|---|---:|"]
    lines += [f"| {name} | {value:.3f} |" for name, value in phases]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
