"""The command line as a user runs it."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from atelier_kg.cli import main

from .conftest import DATA, FIXTURES


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_every_format(tmp_path):
    result = run("--lang", "en", "--data", str(DATA), "build", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {
        "atelier-des-territoires.ttl", "atelier-des-territoires.jsonld",
        "atelier-des-territoires.nt", "context.jsonld"}
    assert "triples" in result.output


def test_stats_counts_classes_in_french():
    result = run("--lang", "fr", "--data", str(DATA), "stats")
    assert result.exit_code == 0
    lines = dict(line.rsplit(None, 1) for line in result.output.splitlines()[1:])
    assert lines["atd:TerritoireLaureat"] == "6"
    assert lines["atd:Equipe"] == "6"
    assert lines["atd:Session"] == "1"
    assert int(lines["triplets"]) > 1000


def test_export_to_stdout_and_to_file(tmp_path):
    result = run("--data", str(DATA), "export", "--format", "nt")
    assert result.exit_code == 0 and result.output.count("\n") > 1000
    target = tmp_path / "g.jsonld"
    assert run("--data", str(DATA), "export", "--format", "jsonld", "-o", str(target)).exit_code == 0
    assert target.read_text("utf-8").startswith("{")


def test_bad_file_exits_2_with_file_and_line_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.copy(FIXTURES / "load_errors" / "unknown-organisation.yaml", data / "laureats" / "bad.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--lang", "fr", "--data", str(data), "build", "--out",
                                       str(out)])
    assert result.exit_code == 2
    assert "bad.yaml:9:" in result.output
    assert "ddt-jura" in result.output
    assert not out.exists()


def test_help_of_every_command():
    for command in ([], ["build"], ["export"], ["stats"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output
