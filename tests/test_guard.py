"""The guard of the test suite really blocks the network and files outside the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import GUARD

ATTEMPTS = """
import socket, urllib.request
for attempt in (lambda: socket.create_connection(("198.51.100.7", 80), timeout=1),
                lambda: urllib.request.urlopen("http://example.org/", timeout=1),
                lambda: open("/etc/shadow-like-file-outside", "w"),
                lambda: open(os.path.expanduser("~/.atelier-kg-outside"), "w")):
    try:
        attempt()
        print("NOT BLOCKED")
    except OSError as error:  # urllib wraps the refusal in a URLError
        print("blocked" if "blocked by the test guard" in str(error) else f"NOT-BLOCKED {error}")
"""


def test_guard_blocks_network_and_outside_files_in_child_processes(tmp_path: Path):
    log = tmp_path / "blocked.log"
    env = {**os.environ, "ATELIER_KG_GUARD_LOG": str(log), "PYTHONPATH": str(GUARD)}
    done = subprocess.run([sys.executable, "-c", "import os\n" + ATTEMPTS], env=env, capture_output=True,
                          text=True, timeout=30)
    assert done.stdout.split() == ["blocked"] * 4, done.stdout + done.stderr
    logged = log.read_text()
    assert "198.51.100.7" in logged and "example.org" in logged and "/etc/shadow-like" in logged


def test_commands_run_under_the_guard():
    """Children started by the tests inherit it (so build, validate, query, release, site do)."""
    assert str(GUARD) in os.environ["PYTHONPATH"].split(os.pathsep)
    done = subprocess.run([sys.executable, "-c", "import sys; print(len(sys.audit.__doc__ or '') >= 0, "
                           "'sitecustomize' in sys.modules)"], capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == ["True", "True"], done.stdout + done.stderr
