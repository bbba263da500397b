"""The confinement of a query worker, applied in the child right after it is forked.

A worker runs text that anyone may send to the public endpoint. Whatever that text makes
the engine do, the worker:
- cannot open any connection: a seccomp filter refuses creating or connecting any socket,
  Unix ones included (name lookups go through local daemons such as nscd or avahi, which
  would resolve an attacker's name for it), io_uring (which could open sockets without the
  socket call) and running programs; the worker talks to its parent over a socket pair it
  inherited, already connected;
- cannot outlive the process that started it (the kernel kills it when that thread dies),
  and holds none of its descriptors (not the server's listening socket);
- cannot take more memory than its budget (an allocation past it fails, and the worker
  ends), and yields the processor to the pages the server serves.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
import sys

# Imported before any fork: a child of a threaded process must not import (another thread
# may have held the import lock at the fork).
try:
    import pyseccomp as _seccomp
except (ImportError, OSError):  # not Linux, or no libseccomp
    _seccomp = None

_PR_SET_PDEATHSIG = 1
WORKER_NICENESS = 10


class SandboxError(RuntimeError):
    """The worker could not be confined; it must not run queries."""


def network_can_be_closed() -> bool:
    """True where workers are confined by seccomp (Linux with libseccomp)."""
    return _seccomp is not None


def confine(keep_fd: int, parent_pid: int, memory_bytes: int | None) -> None:
    """Confine the current (forked) process; raise SandboxError if the network stays open."""
    _die_with_parent(parent_pid)
    _close_descriptors_except(keep_fd)
    os.nice(WORKER_NICENESS)
    if memory_bytes is not None:
        _limit_memory(memory_bytes)
    _forbid_network_and_programs()


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(0)


def _close_descriptors_except(keep_fd: int) -> None:
    """Close everything inherited but the pipe to the parent; the standard streams go nowhere.

    What the engine prints when it fails (a Rust backtrace) is not for the user: the parent
    reports the failure in a sentence.
    """
    highest = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    highest = highest if highest != resource.RLIM_INFINITY else 65536
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, highest)


def _limit_memory(budget: int) -> None:
    """Address space: what the worker inherited (the store, the interpreter) plus the budget."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        inherited = int(statm.read().split()[0]) * resource.getpagesize()
    limit = inherited + budget
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _forbid_network_and_programs() -> None:
    if _seccomp is None:
        if sys.platform.startswith("linux"):
            raise SandboxError("libseccomp is missing (Debian/Ubuntu: apt install libseccomp2)")
        return  # elsewhere: SERVICE is refused by the text check only (see SECURITY.md)
    rules = _seccomp.SyscallFilter(defaction=_seccomp.ALLOW)
    for call in ("socket", "socketpair", "connect"):
        rules.add_rule(_seccomp.ERRNO(errno.EACCES), call)
    for call in ("io_uring_setup", "execve", "execveat"):
        rules.add_rule(_seccomp.ERRNO(errno.EPERM), call)
    try:
        rules.load()
    except OSError as error:
        raise SandboxError(f"seccomp filter refused by the kernel: {error}") from None
