"""The README's first command installs the package itself (`pip install .`, not editable): what
pyproject.toml declares must hold every module and every file the code reads. A package missing from
`packages` works from a checkout and fails once installed (as atelier_kg.messages once did)."""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def tracked(folder: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True)
    return listed.stdout.splitlines()


def package_of(path: str) -> tuple[str, str]:
    """The declared package a tracked file belongs to (the deepest), and its path inside it."""
    folders = {package: SETUPTOOLS.get("package-dir", {}).get(package, package.replace(".", "/"))
               for package in SETUPTOOLS["packages"]}
    owner = max((p for p, folder in folders.items() if path.startswith(folder + "/")),
                key=lambda p: len(folders[p]), default="")
    return owner, path[len(folders[owner]) + 1:] if owner else path


def test_every_module_is_in_a_declared_package():
    modules = [p for p in tracked("atelier_kg") if p.endswith(".py")]
    for module in modules:
        folder = str(PurePosixPath(module).parent)
        assert folder.replace("/", ".") in SETUPTOOLS["packages"], f"{folder} is not in pyproject's packages"


def test_every_data_file_is_declared_package_data():
    data = [p for p in tracked("atelier_kg") + tracked("standards") if not p.endswith(".py")]
    assert data, "the package reads templates, the context, the standards' shapes"
    for path in data:
        package, inside = package_of(path)
        patterns = SETUPTOOLS.get("package-data", {}).get(package, [])
        assert any(fnmatch.fnmatch(inside, pattern) for pattern in patterns), f"{path} is not installed"
