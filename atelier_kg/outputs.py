"""Rules every output obeys, whichever command writes it.

- A folder is replaced only if it is absent, empty or provably an output of the same command: every
  file in it is one the command writes (build, release), or it carries the command's marker (the
  site, whose file names follow the data). Never the working folder, one of its ancestors, the
  project's inputs (data, shapes, ontology) or a folder that holds them or lies inside them.
- Every file name written is a plain relative path: no `..`, no absolute path, no control character.
- Every RDF output is parsed back, and must hold as many triples as the graph it came from, before it
  replaces anything: a value that breaks the syntax stops the command instead of being published.
- Temporaries carry the pid of the process writing them; the next run removes those whose process is
  gone (a run killed with SIGKILL cannot clean up after itself).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import stat
import time
import xml.parsers.expat
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from .formats import oxigraph_format
from .messages import EntryError, inline

MARKER = ".atelier-kg-output"
# Temporaries named before pids were part of the name: removed once surely abandoned.
LEGACY_AGE_SECONDS = 3600
_MAX_LISTED = 5
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\\]")


def marker_text(command: str) -> bytes:
    return f"atelier-kg {command}\n".encode()


def real_path(path: Path) -> Path:
    # os.path.realpath never raises on a link loop, unlike Path.resolve on Python 3.11.
    return Path(os.path.realpath(path))


# -- which folders a command may replace ---------------------------------------------------------------


def check_folder(target: Path, names: Iterable[str], command: str, inputs: Iterable[Path] = ()) -> None:
    """Raise EntryError unless `command` may replace target with files of these names."""
    names = list(names)
    check_names(names)
    real = real_path(target)
    shown = str(target)
    cwd = real_path(Path.cwd())
    if real == cwd or real in cwd.parents:
        raise EntryError(shown, None, "folder_is_cwd")
    for item in inputs:
        given = real_path(item)
        if real == given or real in given.parents or given in real.parents:
            raise EntryError(shown, None, "folder_holds_inputs", inputs=_relative(given, cwd))
    if os.path.lexists(real) and not real.is_dir():
        raise EntryError(shown, None, "not_a_folder")
    if real.is_dir():
        foreign = foreign_entries(real, names, command)
        if foreign:
            listed = ", ".join(inline(name) for name in foreign[:_MAX_LISTED])
            more = ", …" if len(foreign) > _MAX_LISTED else ""
            raise EntryError(shown, None, "folder_not_ours", command=command, names=listed + more)


def _relative(path: Path, cwd: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else str(path)


def foreign_entries(folder: Path, names: Iterable[str], command: str) -> list[str]:
    """What in folder this command did not write (at most a few: enough to refuse and say why)."""
    marker = folder / MARKER
    if _is_regular(marker) and marker.stat().st_size < 100 and marker.read_bytes() == marker_text(command):
        return []
    files = set(names)
    folders = {parent.as_posix() for name in files for parent in Path(name).parents if parent != Path(".")}
    found: list[str] = []
    for root, dirs, entries in os.walk(folder):
        base = Path(root).relative_to(folder)
        for name in sorted(dirs):
            relative = (base / name).as_posix()
            if relative not in folders or os.path.islink(Path(root) / name):
                found.append(relative + "/")
                dirs.remove(name)  # not ours: nothing inside it is looked at
        for name in sorted(entries):
            relative = (base / name).as_posix()
            if relative not in files or not _is_regular(Path(root) / name):
                found.append(relative)
        if len(found) > _MAX_LISTED:
            break
    return found


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def check_names(names: Iterable[str]) -> None:
    """Every name is a relative path that stays inside its folder, without control characters."""
    for name in names:
        parts = name.split("/")
        if not name or name.startswith("/") or _UNSAFE_NAME.search(name) or any(
                part in ("", ".", "..") for part in parts):
            raise EntryError(inline(name), None, "unsafe_file_name")


def check_file_target(target: Path, inputs: Iterable[Path]) -> None:
    """A single output file never goes into, or over, the project's inputs."""
    real, cwd = real_path(target), real_path(Path.cwd())
    for item in inputs:
        given = real_path(item)
        if real == given or given in real.parents:
            raise EntryError(str(target), None, "file_in_inputs", inputs=_relative(given, cwd))


# -- published outputs parse back -------------------------------------------------------------------


def verify_rdf(name: str, data: bytes, triples: int, suffix: str | None = None) -> None:
    """Raise EntryError unless data parses and holds exactly `triples` triples.

    The format is the one of suffix, or of the name's suffix (.nt, .ttl, .jsonld).
    """
    try:
        rdf_format = oxigraph_format(suffix or name)
    except KeyError:
        raise ValueError(name) from None
    try:
        # Counted, not collected: serializers write each triple once, and full France is large.
        found = sum(1 for _ in ox.parse(data, format=rdf_format))
    except (SyntaxError, ValueError) as error:
        line = error.args[1][1] if isinstance(error, SyntaxError) and len(error.args) > 1 else None
        raise EntryError(name, line, "output_unparsable", problem=inline(str(error.args[0]), 200)) from None
    if found != triples:
        raise EntryError(name, None, "output_incomplete", found=found, expected=triples)


def verify_xml(name: str, data: bytes) -> None:
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise EntryError(name, error.lineno, "output_unparsable",
                         problem=inline(xml.parsers.expat.errors.messages[error.code], 200)) from None


def verify_gzip(name: str, data: bytes, expected: bytes) -> None:
    try:
        same = gzip.decompress(data) == expected
    except (OSError, EOFError):
        same = False
    if not same:
        raise EntryError(name, None, "output_unparsable", problem="gzip")


def verify_outputs(folder: Path, files: Mapping[str, bytes], triples: Mapping[str, int]) -> None:
    """Parse back every RDF file named in triples (with its count), every SVG, and the gzip copies."""
    for name, data in files.items():
        shown = str(folder / name)
        if name in triples:
            verify_rdf(shown, data, triples[name])
        elif name.endswith(".svg"):
            verify_xml(shown, data)
        elif name.endswith(".gz") and name.removesuffix(".gz") in files:
            verify_gzip(shown, data, files[name.removesuffix(".gz")])


# -- temporaries left by killed runs ------------------------------------------------------------------


def alive(pid: int) -> bool:
    """Whether a process with this pid exists (a reused pid keeps a temporary a while longer)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except (OverflowError, ValueError):
        return False
    return True


def remove_stale(folder: Path, pattern: re.Pattern[str], legacy: re.Pattern[str] | None = None) -> list[str]:
    """Remove the entries of folder matching pattern (with a `pid` group) whose process is gone,
    and those matching legacy (named without a pid) not touched for an hour."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match:
            stale = not alive(int(match["pid"]))
        elif legacy is not None and legacy.fullmatch(entry.name):
            stale = _untouched(entry.path, LEGACY_AGE_SECONDS)
        else:
            continue
        if stale:
            _remove(Path(entry.path))
            removed.append(entry.name)
    return removed


def _untouched(path: str, seconds: float) -> bool:
    try:
        return time.time() - os.lstat(path).st_mtime > seconds
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def temporary_pattern(name: str, kind: str = "tmp") -> re.Pattern[str]:
    """`.NAME.PID.RANDOM.tmp` (a file) or `.NAME.new.PID.RANDOM` (a folder)."""
    if kind == "tmp":
        return re.compile(rf"\.{re.escape(name)}\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")
    return re.compile(rf"\.{re.escape(name)}\.new\.(?P<pid>\d+)\.[A-Za-z0-9_]+")


