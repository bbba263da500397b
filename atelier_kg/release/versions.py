"""Dates and versions of releases: a release's date comes from the data, never from the clock;
a version is a version string (never a path) and versions are compared as versions.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

from ..messages import CodedError, EntryError, inline

# A version names a folder: letters and digits, with . - + _ between them; never a path.
VERSION = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z_+-]|\.(?=[0-9A-Za-z]))*")
MAX_VERSION_LENGTH = 64


class ReleaseError(CodedError):
    """A release that cannot be made as asked (its date unknown, its version already there)."""


def release_date(project: Path) -> datetime.date:
    """SOURCE_DATE_EPOCH if set, else the date of the data's last commit; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not re.fullmatch(r"[0-9]{1,11}", epoch) or int(epoch) > 253402300799:  # up to 9999-12-31
            raise ReleaseError("release_bad_epoch", value=inline(epoch, 40))
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    try:
        output = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "data"], cwd=project, check=True,
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        output = ""
    if not output:
        raise ReleaseError("release_no_date")
    return datetime.datetime.fromtimestamp(int(output), tz=datetime.UTC).date()


def git_commit(project: Path) -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True,
                                timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def check_version(version: str) -> str:
    if len(version) > MAX_VERSION_LENGTH or not VERSION.fullmatch(version):
        raise EntryError("--version", None, "bad_version", value=inline(version, 80))
    return version


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Versions compared as versions: 1.10 after 1.9, numeric parts as numbers, words after numbers."""
    return tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
                 for part in re.split(r"[.+_-]", version))


def previous_release(out: Path, version: str) -> Path | None:
    """The release before this version in out: the highest lower version (compared as versions)."""
    if not out.is_dir():
        return None
    key = version_key(version)
    candidates = [p for p in out.iterdir()
                  if VERSION.fullmatch(p.name) and p.is_dir() and version_key(p.name) < key
                  and (p / "catalog.ttl").is_file()]
    return max(candidates, key=lambda p: (version_key(p.name), p.name)) if candidates else None
