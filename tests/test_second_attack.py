"""The classes a second outside attack found after the first round of fixes, each with variants.

Numbers rdflib would blow up, IRIs Oxigraph refuses, sockets of any family, outputs that are
links or devices, saved queries that are not files, folders that are not ours, escape sequences
in names, labels and tables, and commands that ended with exit 70. Every case runs as a user runs
it, bounded in time and memory (test_hostile.run_bounded), and the project is left as it was.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from atelier_kg.query import sandbox

from .conftest import DATA, ROOT
from .test_hostile import atelier_kg, run_bounded, tree_checksums

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for folder in ("data", "shapes", "ontology", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def run(project: Path, *arguments: str, stdin: bytes | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run([*atelier_kg(), "--lang", "en", *arguments], cwd=project, input=stdin,
                          capture_output=True, timeout=60, env={**os.environ, **(env or {})})
    assert b"Traceback" not in done.stderr and done.returncode != 70, done.stderr.decode()
    return done


def one_line(done: subprocess.CompletedProcess[bytes], code: int) -> str:
    errors = done.stderr.decode().strip()
    assert done.returncode == code and len(errors.splitlines()) == 1, (done.returncode, errors)
    return errors


# -- numbers rdflib would write out in full -------------------------------------------------------

NUMBERS = [f'"1e2999999999"^^<{XSD}decimal>', f'"1E999999999"^^<{XSD}decimal>',
           f'"{"9" * 5000}"^^<{XSD}integer>', f'"12abc"^^<{XSD}integer>', f'"1.5e999999"^^<{XSD}decimal>',
           f'"-0x10"^^<{XSD}long>']


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_a_contribution_with_a_number_rdflib_would_blow_up_is_refused(project: Path, number: str,
                                                                       suffix: str):
    entry = project / f"entry{suffix}"
    entry.write_text(f"<https://w3id.org/atelier-des-territoires/id/x/y> "
                     f"<https://w3id.org/atelier-des-territoires/def#budget> {number} .\n", "utf-8")
    code, _, errors, seconds, peak = run_bounded(["--data", str(project / "data"), "validate", str(entry)],
                                                 project)
    assert code == 2 and seconds < 5 and peak < 512, (code, errors, seconds, peak)
    assert len(errors.strip().splitlines()) == 1


def test_a_release_with_such_a_number_is_refused_by_diff(project: Path, tmp_path: Path):
    release = tmp_path / "evil"
    release.mkdir()
    graph = (f'<https://w3id.org/atelier-des-territoires/id/a/b> <urn:p> "1e2999999999"^^<{XSD}decimal> .\n'
             .encode())
    (release / "atelier-des-territoires.nt").write_bytes(graph)
    import hashlib

    (release / "SHA256SUMS").write_text(f"{hashlib.sha256(graph).hexdigest()}  atelier-des-territoires.nt\n")
    code, _, errors, seconds, peak = run_bounded(["--data", str(project / "data"), "diff", str(release),
                                                  str(project / "data")], project)
    assert code == 2 and seconds < 5 and peak < 512 and "decimal" in errors, (code, errors, seconds, peak)


@pytest.mark.parametrize("form", ["ttl", "jsonld", "nt", "table", "csv"])
def test_a_query_answer_with_such_a_number_stays_as_it_was_written(project: Path, form: str):
    text = (f'CONSTRUCT {{ <urn:a> <urn:b> "1e999999999"^^<{XSD}decimal> }} WHERE {{}}' if form != "table"
            and form != "csv" else f'SELECT ?x WHERE {{ BIND("1e999999999"^^<{XSD}decimal> AS ?x) }}')
    (project / "q.rq").write_text(text, "utf-8")
    code, output, errors, seconds, peak = run_bounded(
        ["--data", str(project / "data"), "query", str(project / "q.rq"), "--format", form], project)
    assert code == 0 and "1e999999999" in output and len(output) < 4000, errors
    assert seconds < 5 and peak < 512


# -- IRIs Oxigraph refuses: refused where they are written ------------------------------------------

@pytest.mark.parametrize("url", ["https://a.example/%zz", "https://a.example:8x/", "https://[zz]/",
                                 "https://a.example/\ufdd0", "https://a.example/\ue000",
                                 "https://a.example/a b", "https://a.example/\u2028"])
def test_a_url_that_is_not_an_iri_is_refused_at_its_line(project: Path, url: str):
    sources = project / "data" / "sources.yaml"
    text = sources.read_text("utf-8")
    first_url = next(line for line in text.splitlines() if line.strip().startswith("url:"))
    line_number = text.splitlines().index(first_url) + 1
    written = url.encode("unicode_escape").decode()
    sources.write_text(text.replace(first_url, f'    url: "{written}"', 1), "utf-8")
    errors = one_line(run(project, "validate"), 2)
    assert errors.startswith(f"data/sources.yaml:{line_number}:") and "web address" in errors


# -- the worker opens no socket, of any family ----------------------------------------------------------

@pytest.mark.skipif(not sandbox.network_can_be_closed(), reason="seccomp is Linux with libseccomp")
@pytest.mark.parametrize("family", [socket.AF_UNIX, socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK])
def test_a_confined_worker_can_open_no_socket(family: int):
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        outcome = b"?"
        try:
            sandbox.confine(writer, os.getppid(), None)
            try:
                socket.socket(family, socket.SOCK_STREAM if family != socket.AF_NETLINK else socket.SOCK_RAW)
                outcome = b"opened"
            except PermissionError:
                outcome = b"refused"
            try:
                os.socketpair()  # type: ignore[attr-defined]
            except (PermissionError, AttributeError):
                pass
            else:
                outcome = b"pair"
        finally:
            os.write(writer, outcome)
            os._exit(0)
    os.close(writer)
    answer = os.read(reader, 16)
    os.waitpid(pid, 0)
    assert answer == b"refused", answer


@pytest.mark.parametrize("spelling", ["SERVICE:x", "service:x", "SERVICE:", "\\u0053ERVICE:x"])
def test_service_glued_to_a_prefixed_name_is_refused(project: Path, spelling: str):
    text = f"PREFIX : <http://127.0.0.1:9/sparql>\nSELECT * WHERE {{ {spelling} {{ ?s ?p ?o }} }}"
    errors = one_line(run(project, "query", "-", stdin=text.encode()), 1)
    assert "SERVICE" in errors


# -- output files are regular files, keep their mode, never go among the shapes --------------------------

def test_export_never_replaces_a_link_or_a_device(project: Path):
    (project / "target.ttl").write_text("mine", "utf-8")
    (project / "link.ttl").symlink_to(project / "target.ttl")
    os.mkfifo(project / "pipe.ttl")
    for name in ("link.ttl", "pipe.ttl"):
        errors = one_line(run(project, "export", "-o", name), 2)
        assert "link or a special file" in errors
    assert (project / "target.ttl").read_text("utf-8") == "mine" and (project / "link.ttl").is_symlink()
    assert stat.S_ISFIFO(os.lstat(project / "pipe.ttl").st_mode)


def test_export_keeps_the_mode_of_the_file_it_replaces(project: Path):
    target = project / "public.ttl"
    target.write_text("old", "utf-8")
    target.chmod(0o644)
    run(project, "export", "-o", "public.ttl")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 and target.stat().st_size > 1000


@pytest.mark.parametrize("target", ["shapes/zz.yaml", "ontology/zz.yaml", "data/reference/zz.yaml",
                                    ".atelier-kg/zz.yaml", "zz.ttl"])
def test_new_writes_a_yaml_entry_and_never_among_shapes_or_the_reference(project: Path, target: str):
    before = tree_checksums(project)
    one_line(run(project, "new", "laureat", "zz", "-o", target), 2)
    assert tree_checksums(project) == before


def test_a_saved_query_that_is_not_a_file_is_one_line(project: Path):
    os.mkfifo(project / "queries" / "zz-pipe.rq")
    errors = one_line(run(project, "query", "--list"), 2)
    assert "zz-pipe.rq" in errors and "FIFO" in errors
    (project / "queries" / "zz-pipe.rq").unlink()
    (project / "queries" / "zz-zero.rq").symlink_to("/dev/zero")
    one_line(run(project, "query", "--list"), 2)


def test_a_folder_beside_the_output_named_like_ours_is_left_alone(project: Path):
    keep = project / ".site.old"
    keep.mkdir()
    (keep / "notes.txt").write_text("backup", "utf-8")
    for _ in range(2):
        assert run(project, "site").returncode == 0
    assert (keep / "notes.txt").read_text("utf-8") == "backup"


# -- escape sequences stay visible; what ended in exit 70 is one line ---------------------------------

ESCAPES = "\x1b]52;c;aGk=\x07\x1b[8mHIDDEN\x1b[0m\r\u202e"


def test_a_data_file_with_control_characters_in_its_name_is_refused(project: Path):
    name = f"evil{ESCAPES[:6]}.yaml"
    shutil.copyfile(project / "data" / "laureats" / "mayenne.yaml", project / "data" / "laureats" / name)
    errors = one_line(run(project, "validate"), 2)
    assert "\x1b" not in errors and "\\x1b" in errors and "rename" in errors


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes")
def test_a_data_file_whose_name_is_not_utf8_is_refused(project: Path):
    folder = os.fsencode(project / "data" / "laureats")
    with open(os.path.join(folder, b"evil-\xff.yaml"), "wb") as stream:
        stream.write((project / "data" / "laureats" / "mayenne.yaml").read_bytes())
    for command in ("validate", "build"):
        one_line(run(project, command), 2)


def test_table_cells_and_diff_lines_show_escapes(project: Path, tmp_path: Path):
    escaped = "".join(f"\\u{ord(c):04x}" if not c.isprintable() or c == '"' else c for c in ESCAPES)
    text = f'SELECT ?x WHERE {{ BIND("{escaped}" AS ?x) }}'
    for form in ("table", "md"):
        output = run(project, "query", "-", "--format", form, stdin=text.encode()).stdout.decode()
        assert "\x1b" not in output and "\u202e" not in output and "\\x1b" in output
    before = tmp_path / "before"
    shutil.copytree(project / "data", before)
    organisations = project / "data" / "organisations.yaml"
    organisations.write_text(organisations.read_text("utf-8").replace(
        'label: {fr: "Meix", en: "Meix"}', 'label: {fr: "Meix \u202eevil", en: "Meix"}'), "utf-8")
    output = run(project, "diff", str(before), str(project / "data")).stdout.decode()
    assert "Meix" in output and "\u202e" not in output and "\\u202e" in output


@pytest.mark.parametrize("epoch", ["abc", "1e9", "-99999999999", "99999999999999", " 17"])
def test_a_bad_source_date_epoch_is_one_line(project: Path, epoch: str):
    errors = one_line(run(project, "release", "--version", "1.0", env={"SOURCE_DATE_EPOCH": epoch}), 1)
    assert "SOURCE_DATE_EPOCH" in errors


@pytest.mark.parametrize("data", [b"SELECT * WHERE { ?s ?p ?o } # \xff\n", b"\xfe\xff\x00S", b"A" * 100_001])
def test_standard_input_that_is_not_a_query_is_one_line(project: Path, data: bytes):
    done = run(project, "query", "-", stdin=data)
    assert done.returncode in (1, 2) and len(done.stderr.decode().strip().splitlines()) == 1


def test_standard_output_of_the_suite_project_is_untouched():
    """The shipped data was never an output of these tests."""
    assert (DATA / "laureats" / "mayenne.yaml").is_file()
