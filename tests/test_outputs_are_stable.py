"""Outputs are deterministic and atomic.

Determinism: builds, releases and sites under PYTHONHASHSEED 0 to 5, several locales (LC_ALL,
LANG) and from two checkouts at different paths give byte-identical files, and print the same
(in the language the locale picks for messages). Atomicity: a build or a release killed (SIGKILL)
at many points leaves the previous output whole or the new one whole, never a mix.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_hostile import atelier_kg

CHECKOUT = ("data", "shapes", "ontology", "queries")
VERSION = "1.0.0"
EPOCH = "1767225600"  # 2026-01-01: a release's date comes from the data, never the clock


def checkout(folder: Path) -> Path:
    for name in CHECKOUT:
        shutil.copytree(ROOT / name, folder / name)
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(project: Path, *arguments: str, seed: int = 0,
        locale: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "SOURCE_DATE_EPOCH": EPOCH}
    if locale is not None:
        env.update({"LC_ALL": locale, "LANG": locale, "LANGUAGE": locale.split(".")[0]})
    return subprocess.run(atelier_kg() + list(arguments), cwd=project, env=env, capture_output=True,
                          text=True, timeout=120)


# Whatever this machine has, and the common ones even where they are not installed: the variables
# alone decide the default language of messages, which once decided the language of the built map.
# Four runs (each build + release + site) cover both message languages, a non-UTF-8 locale and a
# locale the machine may lack, with a different hash seed each and two checkout paths.
LOCALES = ["C.UTF-8", "fr_FR.UTF-8", "en_US.UTF-8", "de_DE.ISO-8859-1"]
COMMANDS = (("out", ["build"]), ("release", ["release", "--version", VERSION]), ("site", ["site"]))


def test_builds_releases_and_sites_are_identical_across_seeds_locales_and_checkouts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    first = checkout(tmp_path / "a" / "atelier-kg")
    second = checkout(tmp_path / "checkout-at-another-much-longer-path" / "elsewhere")
    outputs, printed = [], {}
    runs = len(LOCALES)
    for index in range(runs):
        seed, locale = index, LOCALES[index % len(LOCALES)]
        project = first if index % 2 == 0 else second
        for name in ("out", "releases", "site"):
            shutil.rmtree(project / name, ignore_errors=True)
        files, said = {}, []
        for folder, arguments in COMMANDS:
            done = run(project, *arguments, seed=seed, locale=locale)
            assert done.returncode == 0, f"{arguments} under LC_ALL={locale}: {done.stderr}"
            said.append(done.stdout)
            target = project / "releases" / VERSION if folder == "release" else project / folder
            files |= {f"{folder}/{k}": v for k, v in snapshot(target).items()}
        outputs.append(files)
        # What is printed differs only by the language the locale chooses for messages.
        language = "en" if locale.startswith("en") else "fr"
        assert printed.setdefault(language, said) == said, f"printed output under LC_ALL={locale}"
    suffixes = {Path(name).suffix for name in outputs[0]}
    assert {".ttl", ".nt", ".jsonld", ".csv", ".gz", ".md", ".svg", ".html"} <= suffixes
    for other in outputs[1:]:
        assert other == outputs[0]
    with capsys.disabled():
        print(f"\n  determinism: {runs} runs (PYTHONHASHSEED 0-{runs - 1}, LC_ALL {', '.join(LOCALES)}, "
              f"2 checkout paths): {len(outputs[0])} files (build + release + site) byte-identical, "
              f"and the same printed output per message language")


def _change_the_data(project: Path) -> None:
    laureate = project / "data" / "laureats" / "charente.yaml"
    text = laureate.read_text("utf-8")
    label = 'fr: "Lauréat Charente'
    assert label in text
    laureate.write_text(text.replace(label, 'fr: "Lauréat Charente (modifié)', 1), "utf-8")


def _kill_at(project: Path, arguments: list[str], delay: float) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    process = subprocess.Popen(atelier_kg() + arguments, cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(30)


@pytest.mark.parametrize("command", ["build", "release"])
def test_a_killed_command_leaves_the_old_output_or_the_new(command: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]):
    project = checkout(tmp_path / "project")
    arguments, target = (["build"], project / "out") if command == "build" else (
        ["release", "--version", VERSION, "--force"], project / "releases" / VERSION)
    assert run(project, *arguments).returncode == 0
    old = snapshot(target)
    saved = tmp_path / "old-output"
    shutil.copytree(target, saved)
    _change_the_data(project)
    start = time.perf_counter()
    assert run(project, *arguments).returncode == 0
    duration = time.perf_counter() - start
    new = snapshot(target)
    assert new != old
    points = 12
    seen = {"old": 0, "new": 0}
    for step in range(points):
        shutil.rmtree(target)
        shutil.copytree(saved, target)
        # Up to 1.3 times the duration: the new output is swapped in at the very end (after the
        # outputs are parsed back and the index is written), and a loaded machine runs slower.
        _kill_at(project, arguments, duration * (0.15 + 1.15 * step / (points - 1)))
        state = snapshot(target)
        assert state in (old, new), f"killed after {step}/{points}: a mix of old and new files"
        seen["old" if state == old else "new"] += 1
    assert seen["old"] and seen["new"], f"the kill points should span the command: {seen}"
    with capsys.disabled():
        print(f"\n  {command} killed at {points} points over {duration:.1f} s: "
              f"{seen['old']} left the old output whole, {seen['new']} the new one whole, 0 mixed")
