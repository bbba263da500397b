"""The test suite's guard: no network, and no file opened outside the allowed folders.

pytest installs it in its own process (tests/conftest.py) and every Python process the tests
start installs it too: conftest puts this folder first on PYTHONPATH, so Python imports this
module at start-up. A forbidden action is blocked (PermissionError) and written to the log
that conftest checks after each test. Allowed: loopback sockets (the servers under test),
the project, the temporary directory, Python's own installation, and the few system files the
standard library reads (locale, time zone, MIME types).
"""

from __future__ import annotations

import os
import sys

LOG_VARIABLE, ROOTS_VARIABLE = "ATELIER_KG_GUARD_LOG", "ATELIER_KG_GUARD_ROOTS"
LOOPBACK = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}
SYSTEM_READS = ("/etc/mime.types", "/etc/localtime", "/usr/share/zoneinfo/", "/usr/lib/locale/",
                "/usr/share/locale/", "/etc/ld.so.cache", "/proc/", "/dev/null", "/dev/urandom",
                "/sys/devices/system/cpu/", "/proc/cpuinfo", "/proc/meminfo", "/etc/os-release",
                "/usr/lib/os-release", "/etc/apache2/mime.types", "/etc/httpd/mime.types",
                "/etc/httpd/conf/mime.types", "/usr/local/etc/httpd/conf/mime.types",
                "/usr/local/lib/netscape/mime.types", "/usr/local/etc/mime.types", "/etc/nsswitch.conf",
                "/etc/passwd", "/etc/host.conf", "/etc/resolv.conf", "/etc/hosts", "/etc/gai.conf")


def install(roots: list[str], log_path: str) -> None:
    allowed = tuple(dict.fromkeys(os.path.join(os.path.realpath(r), "") for r in roots if r))
    allowed += tuple(os.path.join(os.path.abspath(r), "") for r in roots if r)
    busy = False

    def refuse(what: str) -> None:
        nonlocal busy
        busy = True
        try:
            descriptor = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.write(descriptor, f"{os.getpid()} {' '.join(sys.argv[:3])}: {what}\n".encode())
            os.close(descriptor)
        finally:
            busy = False
        raise PermissionError(f"blocked by the test guard: {what}")

    def audit(event: str, args: tuple) -> None:  # type: ignore[type-arg]
        if busy:
            return
        if event == "open":
            path = args[0]
            if path is None or isinstance(path, int):
                return
            text = os.path.abspath(os.fsdecode(path))
            writing = isinstance(args[1], str) and any(c in args[1] for c in "wax+")
            writing = writing or (isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR) != 0)
            if os.path.join(text, "").startswith(allowed) or text in ("/dev/null",):  # a root itself too
                return
            if not writing and text.startswith(SYSTEM_READS):
                return
            refuse(f"open {text}")
        elif event in ("socket.connect", "socket.sendto", "socket.bind"):
            address = args[1]
            if isinstance(address, tuple) and str(address[0]) not in LOOPBACK:
                refuse(f"{event} {address}")
        elif event == "socket.getaddrinfo" and args[0] is not None and str(args[0]) not in LOOPBACK:
            refuse(f"getaddrinfo {args[0]}")
        elif event in ("socket.gethostbyname", "socket.gethostbyaddr") and str(args[0]) not in LOOPBACK:
            refuse(f"{event} {args[0]}")

    sys.addaudithook(audit)


PEAK_VARIABLE = "ATELIER_KG_PEAK_DIR"


def record_peak(folder: str) -> None:
    """At exit, write this process's peak memory (VmHWM, KiB) to folder/PID.

    The kernel's ru_maxrss of a child also holds the peak of the process it was spawned from
    (exec records the old memory's peak): the tests would measure pytest. VmHWM is this
    program's own, since it started.
    """
    import atexit

    def write() -> None:
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
            with open(os.path.join(folder, str(os.getpid())), "w", encoding="ascii") as out:
                out.write(peak)
        except (OSError, StopIteration):
            pass

    atexit.register(write)


if os.environ.get(LOG_VARIABLE):
    install(os.environ.get(ROOTS_VARIABLE, "").split(os.pathsep), os.environ[LOG_VARIABLE])
if os.environ.get(PEAK_VARIABLE):
    record_peak(os.environ[PEAK_VARIABLE])
