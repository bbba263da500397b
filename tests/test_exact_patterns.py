"""Every validating pattern matches the whole value: a valid value followed by a line break is refused.

With re.match, a pattern ending in "$" also accepts a value followed by a final "\\n"; a slug
"abc\\n" then names files and IRIs across two lines. Each validator of the package gets a
valid value, then the same value followed by each line terminator, and must refuse the latter.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from atelier_kg import kinds as s
from atelier_kg.cli import main
from atelier_kg.messages import EntryError
from atelier_kg.namespaces import is_slug
from atelier_kg.query import QueryError, bind_parameters, parse_saved_query
from atelier_kg.reference import luhn_valid
from atelier_kg.serve import SAFE_PATH
from atelier_kg.values import typed_literal as _typed

TERMINATORS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c"]
ENDINGS = [pytest.param(t, id=repr(t)) for t in TERMINATORS]


def typed_accepts(kind: str, text: str) -> bool:
    try:
        _typed(text, text, kind, "key", "entry.yaml", 1)
    except EntryError:
        return False
    return True


def parameter_accepts(kind: str, value: str) -> bool:
    saved = parse_saved_query(f"# param: p | {kind} | | fr | en\nSELECT * WHERE {{ ?s ?p ?o }}", "q")
    try:
        bind_parameters(saved, {"p": value})
    except QueryError:
        return False
    return True


VALIDATORS = {
    "slug": (is_slug, "ddt-jura"),
    "url": (lambda v: typed_accepts(s.URL, v), "https://www.example.org/page"),
    "year": (lambda v: typed_accepts(s.YEAR, v), "2023"),
    "integer": (lambda v: typed_accepts(s.INTEGER, v), "-3"),
    "decimal": (lambda v: typed_accepts(s.DECIMAL, v), "1.5"),
    "boolean": (lambda v: typed_accepts(s.BOOLEAN, v), "true"),
    "siren (Luhn)": (luhn_valid, "200033298"),
    "serve.SAFE_PATH": (lambda v: SAFE_PATH.match(v) is not None, "laureat/mayenne"),
    "query integer": (lambda v: parameter_accepts("integer", v), "2"),
    "query decimal": (lambda v: parameter_accepts("decimal", v), "2.5"),
    "query iri": (lambda v: parameter_accepts("iri", v), "https://w3id.org/atelier-des-territoires/id/x"),
    "query prefixed iri": (lambda v: parameter_accepts("iri", v), "laureat:mayenne"),
    "query lang": (lambda v: parameter_accepts("lang", v), "fr"),
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@pytest.mark.parametrize("ending", ENDINGS)
def test_a_valid_value_followed_by_a_line_break_is_refused(name: str, ending: str):
    accepts, valid = VALIDATORS[name]
    assert accepts(valid), f"{name} should accept {valid!r}"
    assert not accepts(valid + ending), f"{name} accepted {valid + ending!r}"
    assert not accepts(ending + valid), f"{name} accepted {ending + valid!r}"


@pytest.mark.parametrize("name", ["year", "integer", "decimal", "boolean", "query integer", "query decimal"])
@pytest.mark.parametrize("written", [" 2", "2 ", "+2", "2_0", "0x10", "1e3", "١٢", "²", "", "-", "1.", ".5"])
def test_numbers_are_accepted_only_in_their_plain_form(name: str, written: str):
    accepts, _ = VALIDATORS[name]
    assert not accepts(written)


@pytest.mark.parametrize("ending", ENDINGS)
def test_new_refuses_a_slug_with_a_line_break(tmp_path, ending: str):
    target = tmp_path / "x.yaml"
    result = CliRunner().invoke(main, ["--lang", "en", "new", "laureat", "abc" + ending, "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    assert len(result.output.strip().splitlines()) == 1, result.output
