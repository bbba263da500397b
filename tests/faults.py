"""Run the atelier-kg command with one fault injected, for failures a test cannot cause otherwise.

    python tests/faults.py FAULT FLAG_FILE [atelier-kg arguments...]

A disk that fills at a precise step, a process killed in the middle of a write, a serializer that
writes what does not parse back, a bug: the command runs as a user runs it (`cli.run`, its own
process), with only the named function replaced. FLAG_FILE is created when a `pause-*` fault is
reached, so the test knows when to send SIGKILL.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path


def _pause(flag: Path) -> None:
    flag.touch()
    time.sleep(120)


def pause_at_first_fsync(flag: Path) -> None:
    """The first file written (and not yet synced or renamed) stays there: then the test kills us."""
    real = os.fsync

    def paused(descriptor: int) -> None:
        _pause(flag)
        real(descriptor)

    os.fsync = paused


def pause_in_staging(flag: Path) -> None:
    """Like pause_at_first_fsync, but only for a file inside write_folder's staging folder."""
    real = os.fsync

    def paused(descriptor: int) -> None:
        if ".new." in os.readlink(f"/proc/self/fd/{descriptor}"):
            _pause(flag)
        real(descriptor)

    os.fsync = paused


def pause_in_index(flag: Path) -> None:
    """The index's N-Quads temporary is written; the store is not built yet."""
    from atelier_kg import index

    real = index._nquads

    def paused(loaded):  # type: ignore[no-untyped-def]
        yield from real(loaded)
        _pause(flag)

    index._nquads = paused


def full_disk_in_staging(flag: Path) -> None:
    """ENOSPC on the first file synced inside write_folder's staging folder (after the index)."""
    real = os.fsync

    def failing(descriptor: int) -> None:
        if ".new." in os.readlink(f"/proc/self/fd/{descriptor}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(descriptor)

    os.fsync = failing


def full_disk_in_store(flag: Path) -> None:
    """ENOSPC from the index store (RocksDB) while it loads, after the N-Quads were written."""
    import pyoxigraph

    from atelier_kg import index

    class Store:
        def __init__(self, path: str) -> None:
            self.inner = pyoxigraph.Store(path)

        def bulk_load(self, **arguments: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    class Oxigraph:
        def __getattr__(self, name: str) -> object:
            return Store if name == "Store" else getattr(pyoxigraph, name)

    index.ox = Oxigraph()  # type: ignore[assignment]


def broken_ntriples(flag: Path) -> None:
    """N-Triples with a line that does not parse, as a value breaking the syntax would give."""
    _replace_format("nt", lambda data: data + b"<https://w3id.org/x\n> <https://w3id.org/p> \"v\" .\n")


def lost_triple(flag: Path) -> None:
    """N-Triples that parse but miss their last triple."""
    _replace_format("nt", lambda data: data[: data.rindex(b"\n", 0, -1) + 1])


def _replace_format(name: str, change) -> None:  # type: ignore[no-untyped-def]
    from atelier_kg import export

    original = export.SERIALIZERS[name]
    export.SERIALIZERS[name] = lambda graph: change(original(graph))


def crash(flag: Path) -> None:
    """A bug: an exception nobody expected, whose text must never reach the user."""
    from atelier_kg import stats

    def broken(*arguments):  # type: ignore[no-untyped-def]
        raise RuntimeError("SECRET-first-line-of-some-file")

    stats.graph_stats = broken


FAULTS = {function.__name__.replace("_", "-"): function for function in (
    pause_at_first_fsync, pause_in_staging, pause_in_index, full_disk_in_staging, full_disk_in_store,
    broken_ntriples, lost_triple, crash)}


if __name__ == "__main__":
    fault, flag = sys.argv[1], Path(sys.argv[2])
    del sys.argv[1:3]
    sys.argv[0] = "atelier-kg"
    FAULTS[fault](flag)
    from atelier_kg.cli import run

    run()
