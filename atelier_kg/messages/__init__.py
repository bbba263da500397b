"""User-facing text in French and English: one catalogue, split by area, and the errors that use it.

Every sentence a user reads comes from here by its code (input.py: reading entries; output.py:
writing, releases, pushing; query.py: SPARQL; presentation.py: what commands print). Errors
carry a code and parameters and are rendered in the user's language when shown.
"""

from __future__ import annotations

import locale
import os
import re

from . import input as _input
from . import output as _output
from . import presentation as _presentation
from . import query as _query

LANGS = ("fr", "en")
MESSAGES: dict[str, dict[str, str]] = {}
for _area in (_input, _output, _query, _presentation):
    _overlap = MESSAGES.keys() & _area.MESSAGES.keys()
    assert not _overlap, f"message codes defined twice: {sorted(_overlap)}"
    MESSAGES.update(_area.MESSAGES)


def default_lang() -> str:
    """The user's language from the locale; French unless the locale asks for English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    current = locale.getlocale()[0] or ""
    return "en" if current.lower().startswith("en") else "fr"


def message(code: str, lang: str, **params: object) -> str:
    template = MESSAGES[code].get(lang) or MESSAGES[code]["fr"]
    return template.format(**{k: _shown(k, v) if isinstance(v, str) else v for k, v in params.items()})


def phrase(code: str, lang: str, **params: object) -> str:
    """A piece of presentation text (a diff line, a table heading) in the user's language.

    Unlike message(), nothing is cut: these show the data itself, not values quoted from input.
    """
    template = MESSAGES[code].get(lang) or MESSAGES[code]["fr"]
    return template.format(**params)


def counted(code: str, count: int, lang: str) -> str:
    """A count said in words: the catalogue gives "none|one|{n} many" for each thing counted."""
    none, one, many = (MESSAGES[code].get(lang) or MESSAGES[code]["fr"]).split("|")
    return none if count == 0 else one if count == 1 else many.format(n=count)


def plural(count: int, lang: str) -> str:
    """The plural mark of a count: French puts 0 and 1 in the singular, English only 1."""
    return "" if (count <= 1 if lang == "fr" else count == 1) else "s"


# A message quotes what it is about, not the file: a value, key or identifier taken from the
# input is cut short (a link to /etc/passwd read as YAML is one long text), and every other
# parameter (a path, a parser's explanation, a list of keys) is bounded too.
QUOTE_LIMIT = 60
PARAM_LIMIT = 300
_QUOTED = frozenset({"value", "key", "slug", "language", "suggestion", "tag", "suffix", "name"})
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A value from the input as a message shows it: on one line, at most `limit` characters and "…"."""
    return _visible(text[:limit] + "…" if len(text) > limit else text)


def _shown(name: str, text: str) -> str:
    return quote(text, QUOTE_LIMIT if name in _QUOTED else PARAM_LIMIT)


def _visible(text: str) -> str:
    """A value quoted from the input, on one line and shown as typed: controls become escapes."""
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def inline(text: str, limit: int | None = None) -> str:
    """Text from elsewhere (a server, a parser) made safe for one terminal line, cut at limit."""
    shown = _visible(text)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 1] + "…"


class CodedError(Exception):
    """An error said by its code in the catalogue, in the language the caller chooses.

    `code` is what callers test (the server maps "busy" to 503); the sentence is the catalogue's
    entry `prefix + code`, or `text` when one code has several sentences.
    """

    prefix = ""

    def __init__(self, code: str, /, text: str | None = None, **params: object) -> None:
        self.code = code
        self.text = text or self.prefix + code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        params = {k: (v(lang) if callable(v) else v) for k, v in self.params.items()}
        return message(self.text, lang, **params)


class EntryError(CodedError):
    """An input that cannot be read, at a place in a file: `file:line: what to do`."""

    def __init__(self, path: str, line: int | None, code: str, /, **params: object) -> None:
        self.path = path
        self.line = line
        super().__init__(code, **params)

    def message(self, lang: str) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{_visible(place)}: {super().message(lang)}"  # a file name can hold escape sequences

    def render(self, lang: str) -> str:
        return self.message(lang)


class EntryErrors(EntryError):
    """Several inputs that cannot be read, said all at once: one line each, in file order."""

    def __init__(self, errors: list[EntryError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.line, first.code, **first.params)

    def message(self, lang: str) -> str:
        return "\n".join(error.message(lang) for error in self.errors)
