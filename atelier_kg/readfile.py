"""The one way a user's input file is read: a regular file, bounded, never blocking.

Entries, data files, RDF contributions and the reference extract all come through here.
A path may name (or link to) a FIFO, a device or a socket: opening a FIFO waits for a
writer forever, and /dev/zero never ends. Such files are refused from their stat, before
they are opened; the open itself does not block (O_NONBLOCK) and is checked again with
fstat, in case the path was swapped in between. A regular file's size is not trusted
(it can grow, and /proc reports 0): at most limit + 1 bytes are read.
"""

from __future__ import annotations

import errno
import os
import stat
import zlib
from pathlib import Path

from .messages import EntryError

MAX_FILE_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def check_regular(path: Path, display: str) -> None:
    """Refuse, without opening it, a path that is not a readable regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise unreadable(error, display) from None
    require_regular(mode, display)


def read_bytes(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; EntryError otherwise."""
    check_regular(path, display)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise unreadable(error, display) from None
    try:
        require_regular(os.fstat(descriptor).st_mode, display)
        return _read_at_most(descriptor, limit, display)
    except OSError as error:
        raise unreadable(error, display) from None
    finally:
        os.close(descriptor)


def read_text(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file of at most `limit` bytes, decoded as UTF-8 (the error names line and column)."""
    return decode_utf8(read_bytes(path, display, limit), display)


def read_gzip_text(path: Path, display: str, limit: int, unpacked_limit: int) -> str:
    """A gzip file, bounded both packed and unpacked (a small archive can unpack to gigabytes)."""
    return decode_utf8(read_gzip_bytes(path, display, limit, unpacked_limit), display)


def read_gzip_bytes(path: Path, display: str, limit: int, unpacked_limit: int) -> bytes:
    """The unpacked bytes of a gzip file, bounded as read_gzip_text."""
    packed = read_bytes(path, display, limit)
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(packed, unpacked_limit + 1)
    except zlib.error as error:
        raise EntryError(display, None, "unreadable", problem=str(error)) from None
    if len(data) > unpacked_limit or inflater.unconsumed_tail:
        raise EntryError(display, None, "too_large", limit=unpacked_limit)
    return data


def decode_utf8(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise EntryError(display, line, "not_utf8", byte=f"0x{data[error.start]:02x}",
                         column=column) from None


def _read_at_most(descriptor: int, limit: int, display: str) -> bytes:
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise EntryError(display, None, "too_large", limit=limit)


def require_regular(mode: int, display: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "directory"
    elif stat.S_ISFIFO(mode):
        kind = "fifo"
    elif stat.S_ISSOCK(mode):
        kind = "socket"
    else:
        kind = "device"
    raise EntryError(display, None, "not_regular_file", kind=lambda lang: _KINDS[kind][lang])


_KINDS = {
    "directory": {"fr": "un dossier", "en": "a folder"},
    "fifo": {"fr": "un tube nommé (FIFO)", "en": "a named pipe (FIFO)"},
    "socket": {"fr": "une socket", "en": "a socket"},
    "device": {"fr": "un périphérique", "en": "a device"},
}


def unreadable(error: OSError, display: str) -> EntryError:
    if error.errno == errno.ELOOP:
        return EntryError(display, None, "link_loop")
    return EntryError(display, None, "unreadable", problem=error.strerror or type(error).__name__)
