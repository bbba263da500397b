"""Hostile inputs that cannot live in git: special files, links, and entries too large to commit.

Each is made at test time, then run as a user would run it, in its own process, bounded to
5 s and 512 MiB (test_hostile.run_bounded); the project (data, previous build, index) must be
unchanged afterwards and the error must be one line naming the file.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from atelier_kg.builder import MAX_RECORDS_PER_FILE
from atelier_kg.validate import MAX_ANCESTORS
from atelier_kg.yamlsource import MAX_FILE_BYTES, MAX_VALUES

from .conftest import DATA, ROOT
from .test_hostile import MEBIBYTES, atelier_kg, run_bounded, tree_checksums

# Times are part of what these tests check: run apart from the parallel run (.ci/run).
pytestmark = pytest.mark.serial

PASSWD_LINE = re.compile(r"root:x:0:0|/bin/(ba)?sh")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with data, a previous build in out/ and the index of that build (as test_hostile's)."""
    folder = tmp_path_factory.mktemp("hostile-files-project")
    shutil.copytree(DATA, folder / "data")
    arguments = ["--data", str(folder / "data"), "build", "--out", str(folder / "out")]
    done = subprocess.run(atelier_kg() + arguments, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return folder


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.close()  # the socket file stays


def _loop(path: Path) -> None:
    other = path.with_name(path.stem + "-other" + path.suffix)
    other.symlink_to(path.name)
    path.symlink_to(other.name)


def _link_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


SPECIAL: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "FIFO"),
    "socket": (_socket, "socket"),
    "folder": (lambda path: path.mkdir(), "dossier|folder"),
    "link-to-dev-zero": (_link_to("/dev/zero"), "périphérique|device"),
    "link-to-dev-null": (_link_to("/dev/null"), "périphérique|device"),
    "link-to-etc-passwd": (_link_to("/etc/passwd"), "liste de clés|set of keys"),
    "link-loop": (_loop, "boucle|loop"),
    "dangling-link": (_link_to("nowhere.yaml"), "No such file"),
    "missing": (lambda path: None, "No such file"),
}


@contextmanager
def special(folder: Path, name: str, make: Callable[[Path], None]) -> Iterator[Path]:
    path = folder / name
    before = set(folder.iterdir())
    make(path)
    try:
        yield path
    finally:
        for made in set(folder.iterdir()) - before:
            shutil.rmtree(made) if made.is_dir() and not made.is_symlink() else made.unlink()


def assert_refused(result: tuple[int, str, str, float, float], shown: Path, message: str) -> None:
    code, _, errors, _, peak = result
    assert "Traceback" not in errors, errors
    assert code == 2, errors
    assert peak < MEBIBYTES
    lines = [line for line in errors.splitlines() if line.strip()]
    assert len(lines) == 1, errors
    assert lines[0].startswith(str(shown)), lines[0]
    assert re.search(message, lines[0], re.I), lines[0]
    assert not PASSWD_LINE.search(lines[0]), "the error echoes a file that is not YAML"


@pytest.mark.parametrize("suffix", [".yaml", ".ttl"])
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_validate_refuses_what_is_not_a_regular_file(kind: str, suffix: str, project: Path, tmp_path: Path):
    make, message = SPECIAL[kind]
    if kind == "link-to-etc-passwd" and suffix == ".ttl":
        message = "RDF"
    before = tree_checksums(project)
    with special(tmp_path, "entry" + suffix, make) as path:
        result = run_bounded(["--data", str(project / "data"), "validate", str(path)], project)
    assert_refused(result, path, message)
    assert tree_checksums(project) == before


IN_DATA: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "fifo": ("laureats/zz.yaml", _fifo, "FIFO"),
    "socket": ("laureats/zz.yaml", _socket, "socket"),
    "link-to-dev-zero": ("laureats/zz.yaml", _link_to("/dev/zero"), "hors|outside"),
    "link-to-etc-passwd": ("laureats/zz.yaml", _link_to("/etc/passwd"), "hors|outside"),
    "link-loop": ("laureats/zz.yaml", _loop, "boucle|loop"),
    "dangling-link": ("laureats/zz.yaml", _link_to("nowhere.yaml"), "No such file"),
    "link-to-parent-folder": ("laureats/zz", _link_to(".."), "deux fois|twice"),
    "link-to-sibling-folder": ("sessions/zz", _link_to("../laureats"), "deux fois|twice"),
}


@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize("kind", sorted(IN_DATA))
def test_data_folder_refuses_special_files_and_links(kind: str, command: str, project: Path):
    relative, make, message = IN_DATA[kind]
    data = project / "data"
    target = data / relative
    arguments = ["--data", str(data), command]
    arguments += ["--out", str(project / "out")] if command == "build" else []
    before = tree_checksums(project)
    with special(target.parent, target.name, make) as path:
        result = run_bounded(arguments, project)
    assert_refused(result, path, message)
    assert tree_checksums(project) == before, "nothing is written when data cannot be read"


def test_a_reference_file_that_is_a_fifo_is_refused(project: Path):
    regions = project / "data" / "reference" / "regions.json"
    saved = regions.read_bytes()
    before = tree_checksums(project)
    regions.unlink()
    os.mkfifo(regions)
    try:
        result = run_bounded(["--data", str(project / "data"), "validate"], project)
    finally:
        regions.unlink()
        regions.write_bytes(saved)
    assert_refused(result, regions, "FIFO")
    assert tree_checksums(project) == before


# -- entries too large to commit ------------------------------------------------------------


def _luhn(prefix: str) -> str:
    for digit in "0123456789":
        number, total = prefix + digit, 0
        for position, char in enumerate(reversed(prefix + digit)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError(prefix)


def organisations(count: int, chain: int) -> str:
    """Organisations with everything their shapes check (a SIREN, a type, part_of chains)."""
    lines = ["sources: [page-session-2023-2025]", "organisations:"]
    for i in range(count):
        parent = f"o{i - 1}" if i % chain else "ddt-jura"
        lines.append(f'  - {{slug: o{i}, label: {{fr: "Organisation {i}", en: "Organisation {i}"}}, '
                     f'acronym: "O{i}", type: prestataire, siren: "{_luhn(f"{i:08d}")}", '
                     f'part_of: {parent}, department: "39"}}')
    return "\n".join(lines) + "\n"


def ambitions(count: int) -> str:
    head = ("sources: [page-session-2023-2025]\nlaureat:\n  slug: gros\n  session: 2023-2025\n"
            "  label: {fr: Gros, en: Big}\n  ambitions:\n")
    return head + "".join(f"    - {{slug: a{i}, text: {{fr: A, en: A}}}}\n" for i in range(count))


GENERATED: dict[str, tuple[Callable[[], str], int, str, int | None]] = {
    # name: (text, exit code, message, line)
    "organisations-at-the-limit": (lambda: organisations(MAX_RECORDS_PER_FILE, 30), 0, "", None),
    "organisations-over-the-limit": (lambda: organisations(MAX_RECORDS_PER_FILE + 1, 1), 2,
                                     rf"{MAX_RECORDS_PER_FILE}.*(découpez|split)", MAX_RECORDS_PER_FILE + 3),
    "ambitions-at-the-limit": (lambda: ambitions(MAX_RECORDS_PER_FILE - 1), 1, "", None),
    # The attack's entry: 935 KB, 22,000 ambitions, 34 s and 361 MiB to validate.
    "ambitions-22000": (lambda: ambitions(22_000), 2, rf"{MAX_VALUES}|{MAX_RECORDS_PER_FILE}", None),
    "part-of-chain-over-the-limit": (lambda: organisations(MAX_ANCESTORS + 5, 10_000), 2,
                                     rf"part_of.*{MAX_ANCESTORS}", None),
    "values-over-the-limit": (lambda: "laureat:\n  slug: x\n  ddts: [" + ",".join(["a"] * MAX_VALUES) + "]\n",
                              2, rf"{MAX_VALUES}", 3),
    "one-mebibyte-label": (lambda: 'session:\n  slug: s-gros\n  label: {fr: "'
                           + "é" * (MAX_FILE_BYTES // 2 - 40) + '", en: x}\n', 1, "", None),
    "one-mebibyte-of-numbers": (lambda: "laureat:\n  slug: x\n  ddts: ["
                                + ",".join(["1"] * (MAX_FILE_BYTES // 2 - 20)) + "]\n",
                                2, rf"{MAX_VALUES}", 3),
    "over-one-mebibyte": (lambda: "laureat:\n  slug: x\n  editorial_note: " + "x" * MAX_FILE_BYTES + "\n", 2,
                          rf"{MAX_FILE_BYTES}", None),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_large_entries_are_bounded(name: str, project: Path, tmp_path: Path):
    make, code, message, line = GENERATED[name]
    entry = tmp_path / f"{name}.yaml"
    entry.write_text(make(), "utf-8")
    before = tree_checksums(project)
    result = run_bounded(["--data", str(project / "data"), "validate", str(entry)], project)
    status, _, errors, seconds, peak = result
    print(f"\n  {name}: {entry.stat().st_size} bytes, exit {status}, {seconds:.2f} s, {peak:.0f} MiB")
    assert "Traceback" not in errors and status == code, errors
    assert peak < MEBIBYTES
    if code == 2:
        assert_refused(result, entry, message)
        if line is not None:
            assert f"{entry}:{line}:" in errors, errors
    assert tree_checksums(project) == before


def test_a_turtle_chain_of_organisations_is_refused_not_a_recursion_error(project: Path, tmp_path: Path):
    entry = tmp_path / "chain.ttl"
    org = "<https://w3id.org/atelier-des-territoires/id/organisation/t{}>"
    entry.write_text("".join(
        f"{org.format(i)} a <http://www.w3.org/ns/org#Organization> ; "
        f"<http://www.w3.org/ns/org#subOrganizationOf> {org.format(i + 1)} .\n" for i in range(2000)))
    result = run_bounded(["--data", str(project / "data"), "validate", str(entry)], project)
    assert_refused(result, entry, str(MAX_ANCESTORS))


@pytest.mark.parametrize("option", ["--data", "--shapes"])
def test_a_loop_of_links_as_the_data_or_shapes_folder_is_refused(option: str, project: Path, tmp_path: Path):
    loop = tmp_path / "folder"
    _loop(loop)
    arguments = ["--data", str(project / "data"), option, str(loop), "validate"]
    assert_refused(run_bounded(arguments, project), loop, "boucle|loop")


def test_a_shapes_file_that_is_a_fifo_is_refused(project: Path, tmp_path: Path):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    os.mkfifo(shapes / "shapes.ttl")
    arguments = ["--data", str(project / "data"), "--shapes", str(shapes), "validate"]
    assert_refused(run_bounded(arguments, project), shapes / "shapes.ttl", "FIFO")
