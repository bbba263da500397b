"""Hostile inputs: each gets a clear one-line error or safe output, and changes nothing.

The corpus is tests/fixtures/hostile/, its expectations in cases.json: how the file is used
(`entry`: `validate FILE`; `build`: the file is put in data/ and a build runs; `query`: a
saved-query file; `site`/`release`: the file is a laureate whose output must come out safe),
the exit code, a pattern of the message and the line it must name. Every case runs as a
user would run it, in its own process, bounded to 5 s and 512 MiB; the project tree (data,
previous build, index) is checksummed before and after.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import DATA, FIXTURES, ROOT

PEAK_VARIABLE = "ATELIER_KG_PEAK_DIR"  # read by tests/guard/sitecustomize.py

HOSTILE = FIXTURES / "hostile"
CASES: dict[str, dict] = json.loads((HOSTILE / "cases.json").read_text("utf-8"))  # type: ignore[type-arg]
SECONDS, MEBIBYTES = 5.0, 512
# site and release write hundreds of files from the whole graph (site: ~2,200, about 4 s on the
# shipped data by themselves): their bound is 10 s. A hostile input still may not cost more than that.
WRITERS_SECONDS = {"site": 10.0, "release": 10.0}
MEASURED: list[tuple[str, int, float, float, int]] = []  # name, exit code, seconds, MiB, files changed


def atelier_kg() -> list[str]:
    """The installed command next to this Python, as a user runs it."""
    executable = shutil.which("atelier-kg", path=str(Path(sys.executable).parent))
    return [executable] if executable else [sys.executable, "-m", "atelier_kg"]


def run_bounded(arguments: list[str], cwd: Path) -> tuple[int, str, str, float, float]:
    """Run a command; its exit code, output, error output, seconds and peak MiB (killed past its bound).

    The peak is the command's own (VmHWM, written at its exit by the guard, tests/guard/): the
    kernel's ru_maxrss would also count the pytest process it was spawned from.
    """
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    peaks = Path(tempfile.mkdtemp(prefix="atelier-kg-peak-"))
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(atelier_kg() + arguments, cwd=ROOT, stdout=out, stderr=err,
                                   env={**os.environ, "COLUMNS": "200", PEAK_VARIABLE: str(peaks)})
        limit = max((WRITERS_SECONDS.get(word, SECONDS) for word in arguments), default=SECONDS)
        deadline = start + limit
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                pytest.fail(f"{' '.join(arguments)} ran past {limit} s")
            time.sleep(0.02)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    output, errors = out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    recorded = peaks / str(process.pid)
    peak = int(recorded.read_text("ascii")) / 1024 if recorded.is_file() else usage.ru_maxrss / 1024
    shutil.rmtree(peaks, ignore_errors=True)
    return process.returncode, output, errors, seconds, peak


def tree_checksums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".std")}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with data, a previous build in out/ and the index of that build."""
    folder = tmp_path_factory.mktemp("hostile-project")
    shutil.copytree(DATA, folder / "data")
    arguments = ["--data", str(folder / "data"), "build", "--out", str(folder / "out")]
    done = subprocess.run(atelier_kg() + arguments, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return folder


def test_the_corpus_is_large_and_complete():
    files = {p.name for p in HOSTILE.iterdir() if p.name != "cases.json"}
    assert len(CASES) >= 60
    assert files == set(CASES), "every hostile file has its expectation, and no expectation lacks its file"


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(name: str, project: Path, tmp_path: Path):
    case, fixture = CASES[name], HOSTILE / name
    before = tree_checksums(project)
    arguments, placed = _command(case["run"], fixture, project, tmp_path)
    try:
        code, output, errors, seconds, peak = run_bounded(arguments, project)
    finally:
        if placed is not None:
            placed.unlink()
    after = tree_checksums(project)
    changed = len({k for k in before.keys() | after.keys() if before.get(k) != after.get(k)})
    MEASURED.append((name, code, seconds, peak, changed))
    assert "Traceback" not in errors, errors
    assert code == case["exit"], f"exit {code}\n{output}\n{errors}"
    assert peak < MEBIBYTES, f"{peak:.0f} MiB"
    assert changed == 0, "a file of the project changed"
    if case["exit"] == 2:
        _assert_one_line_error(errors, case, fixture if placed is None else placed)
    elif case["exit"] == 1 and case["run"].startswith("query"):
        assert errors.strip() and len(errors.strip().splitlines()) == 1, errors
        assert re.search(case["message"], errors, re.I), errors
    _assert_safe_output(case["run"], tmp_path)


def _command(run: str, fixture: Path, project: Path, scratch: Path) -> tuple[list[str], Path | None]:
    data = ["--data", str(project / "data")]
    if run == "entry":
        return data + ["validate", str(fixture)], None
    if run == "build":
        placed = project / "data" / "laureats" / "zz-hostile.yaml"
        shutil.copyfile(fixture, placed)
        return data + ["build", "--out", str(project / "out")], placed
    if run == "build-symlink":
        placed = project / "data" / "laureats" / "zz-link.yaml"
        placed.symlink_to("/etc/hostname")
        return data + ["build", "--out", str(project / "out")], placed
    if run == "query":
        return data + ["query", str(fixture), "--timeout", "2"], None
    if run == "query-param":
        return data + ["query", "ambitions-par-mot-cle", "--param", 'mot=x" } } ; DROP ALL ; #',
                       "--format", "csv"], None
    # site and release: the hostile laureate joins a copy of the data; output goes to scratch.
    copy = scratch / "data"
    shutil.copytree(project / "data", copy)
    shutil.copyfile(fixture, copy / "laureats" / "essai.yaml")
    if run == "site":
        return ["--data", str(copy), "site", "--out", str(scratch / "site")], None
    releases = str(scratch / "releases")
    return ["--data", str(copy), "release", "--version", "0.0.0-test", "--out", releases], None


def _assert_one_line_error(errors: str, case: dict, fixture: Path) -> None:  # type: ignore[type-arg]
    lines = [line for line in errors.splitlines() if line.strip()]
    assert len(lines) == 1, errors
    shown = os.path.relpath(fixture, ROOT) if fixture.is_relative_to(ROOT) else str(fixture)
    expected = re.escape(shown) + (f":{case['line']}:" if case.get("line") else r"(:\d+)?:")
    assert re.match(expected, lines[0]), f"{lines[0]!r} should start with {expected!r}"
    assert re.search(case["message"], lines[0], re.I), lines[0]


def _assert_safe_output(run: str, scratch: Path) -> None:
    if run == "site":
        page = (scratch / "site" / "id" / "laureat" / "essai.html").read_text("utf-8")
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    if run == "release":
        table = (scratch / "releases" / "0.0.0-test" / "laureats.csv").read_text("utf-8")
        cells = [cell for row in table.splitlines() for cell in row.split(",")]
        assert not any(cell.lstrip('"').startswith(("=", "+", "@")) for cell in cells), table
        assert "'=HYPERLINK" in table or "'+cmd" in table


def test_summary_of_the_corpus(capsys: pytest.CaptureFixture[str]):
    """Printed for the record: how the corpus ran (after the cases above, in file order)."""
    if not MEASURED:
        pytest.skip("run with the cases")
    errors = sum(1 for m in MEASURED if m[1] != 0)
    slowest = max(MEASURED, key=lambda m: m[2])
    largest = max(MEASURED, key=lambda m: m[3])
    with capsys.disabled():
        print(f"\n  hostile corpus: {len(MEASURED)} cases, {errors} refused with an error, "
              f"{len(MEASURED) - errors} with safe output; slowest {slowest[2]:.2f} s ({slowest[0]}), "
              f"largest {largest[3]:.0f} MiB ({largest[0]}); "
              f"project files changed: {sum(m[4] for m in MEASURED)}")
