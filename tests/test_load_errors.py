"""Bad input stops the load with one clear error that names the file and the line.

Each file in fixtures/load_errors/ starts with `# expect: CODE LINE [TEXT]`: the error code
it must raise, the line it must name, and a text (a suggestion) the message must contain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_kg.load import load_graph
from atelier_kg.messages import EntryError
from atelier_kg.yamlsource import MAX_DEPTH, MAX_FILE_BYTES

from .conftest import DATA, FIXTURES

CASES = sorted((FIXTURES / "load_errors").glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int, str | None]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    parts = first.removeprefix("# expect:").split()
    return parts[0], int(parts[1]), (parts[2] if len(parts) > 2 else None)


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_bad_entry_gives_one_located_error(case: Path):
    code, line, text = expectation(case)
    with pytest.raises(EntryError) as caught:
        load_graph(DATA, [case])
    error = caught.value
    assert (error.code, error.line) == (code, line)
    for lang in ("fr", "en"):
        rendered = error.render(lang)
        assert rendered.startswith(f"{error.path}:{line}: ")
        assert case.name in rendered
        if text:
            assert text in rendered


def test_french_and_english_messages_differ():
    case = FIXTURES / "load_errors" / "unknown-key-suggests.yaml"
    with pytest.raises(EntryError) as caught:
        load_graph(DATA, [case])
    french, english = caught.value.render("fr"), caught.value.render("en")
    assert "vouliez-vous dire « ambitions »" in french
    assert 'did you mean "ambitions"' in english


def test_every_error_code_of_the_loader_has_a_fixture_or_test():
    covered = {expectation(p)[0] for p in CASES} | {"too_large", "yaml_too_deep", "no_data"}
    loader_codes = {"not_utf8", "too_large", "yaml_syntax", "yaml_alias", "yaml_tag",
                    "yaml_too_deep", "duplicate_key", "empty_file", "unknown_key", "no_entry",
                    "expected_list", "expected_text", "unknown_language", "bad_slug", "bad_code",
                    "missing_slug", "duplicate_slug", "unknown_reference", "needs_one_of",
                    "no_data"}
    assert loader_codes <= covered


def test_oversized_file_is_refused_before_it_is_parsed(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_text("laureat:\n  slug: big\n  editorial_note: \"" + "x" * MAX_FILE_BYTES + "\"\n")
    with pytest.raises(EntryError) as caught:
        load_graph(DATA, [big])
    assert caught.value.code == "too_large"


def test_deep_nesting_is_refused(tmp_path: Path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("laureat: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    with pytest.raises(EntryError) as caught:
        load_graph(DATA, [deep])
    assert caught.value.code == "yaml_too_deep"


def test_empty_data_folder_is_explained(tmp_path: Path):
    with pytest.raises(EntryError) as caught:
        load_graph(tmp_path)
    assert caught.value.code == "no_data"
