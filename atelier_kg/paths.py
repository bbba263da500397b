"""Where the data is and how a path is shown: the data files of a folder (links checked), and
paths as the user would type them.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .messages import EntryError
from .readfile import require_regular, unreadable

REFERENCE_DIR = "reference"


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML data file under data_dir, in a stable order (reference extracts aside)."""
    return [data_dir / name for name, _ in scan_data(data_dir)]


def scan_data(data_dir: Path) -> list[tuple[str, os.stat_result]]:
    """The YAML data files (relative names) with their stat, in a stable order, in one walk.

    Strings rather than Paths: this runs before every `validate ENTRY` over every file.
    A link that leads out of data_dir is refused: data is what the folder holds.
    """
    found: list[tuple[str, os.stat_result]] = []
    root = data_dir.resolve()

    def walk(folder: str, relative: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = relative + entry.name
                if not _readable_name(entry.name):  # the index and every message would carry it
                    raise EntryError(display_path(Path(entry.path)), None, "bad_file_name")
                if entry.is_symlink():
                    _check_link(entry.path, root)
                if entry.is_dir():
                    if name == REFERENCE_DIR:
                        continue
                    if entry.is_symlink():  # a folder of data/ again: read twice, or forever
                        raise EntryError(display_path(Path(entry.path)), None, "folder_link")
                    walk(entry.path, name + "/")
                elif name.endswith(".yaml"):
                    status = entry.stat()
                    if not stat.S_ISREG(status.st_mode):  # named only then: naming resolves the folder
                        require_regular(status.st_mode, display_path(Path(entry.path)))
                    found.append((name, status))

    if not data_dir.is_dir():
        raise EntryError(display_path(data_dir), None, "no_data", folder=display_path(data_dir))
    try:
        walk(str(data_dir), "")
    except OSError as error:  # a folder that cannot be listed (permissions)
        raise unreadable(error, display_path(Path(error.filename or data_dir))) from None
    found.sort(key=lambda item: item[0])
    return found


def _readable_name(name: str) -> bool:
    """A file name that is text: valid UTF-8 (no surrogate escapes) and no control character."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in name)


def _check_link(path: str, root: Path) -> None:
    """A link in data/ leads to a file or folder of data/ (not a loop, not nowhere, not outside)."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as error:
        raise unreadable(error, display_path(Path(path))) from None
    if not target.is_relative_to(root):
        raise EntryError(display_path(Path(path)), None, "outside_data", target=str(target))


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible.

    The folder is resolved, not the file: a link is named as the link, not as what it leads
    to (which may be a file outside, such as /etc/passwd).
    """
    try:
        return (resolved(path.parent) / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def display_paths(paths: list[Path]) -> list[str]:
    """display_path of each, each folder resolved once (thousands of files share a few folders)."""
    cwd = Path.cwd().resolve()
    folders: dict[Path, Path] = {}
    shown = []
    for path in paths:
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = resolved(path.parent)
        try:
            shown.append((folder / path.name).relative_to(cwd).as_posix())
        except ValueError:
            shown.append(str(path))
    return shown


def resolved(path: Path) -> Path:
    """path.resolve(), which on a loop of links raises RuntimeError: then the path made absolute."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))
