"""What a query may do, read from its text before it takes a worker: read-only, local, bounded.

This is the first line, for clear refusals: an update, SERVICE, FROM, a text too long or
too deeply nested is refused here with a message and never reaches the engine. It is not
the security boundary: the worker that runs a query cannot open a network connection,
whatever the text says (sandbox.py). So if this scanner and the engine's own parser ever
read a text differently (where a comment ends, an escape, a string), the difference cannot
reach the network; it can only change which message the user sees.

The scan is a single regular-expression pass over the text, linear in its length, with no
recursion: a hostile text costs milliseconds here.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator

from .errors import QueryError

MAX_QUERY_BYTES = 100_000
MAX_NESTING = 64
# Oxigraph's parser recurses on long operator chains: 10,000 `||` overflow its stack.
MAX_TOKENS = 20_000

_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                           "WITH"})
_PROLOGUE = frozenset({"PREFIX", "BASE"})

# SPARQL's white space is space, tab, CR and LF; a comment runs to the next CR or LF. Every
# other character (form feed, U+2028, NBSP…) is left as "other", which splits words: a
# keyword next to it is still seen as a keyword.
_TOKEN = re.compile(
    r"""
      (?P<space>[ \t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>
          \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
        | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
        | "(?:[^"\\\r\n]|\\.)*(?:"|(?=[\r\n])|\Z)
        | '(?:[^'\\\r\n]|\\.)*(?:'|(?=[\r\n])|\Z)
      )
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[^ \t\r\n\#"'<>(){}\[\],;.\\]+)
    | (?P<open>[({\[])
    | (?P<close>[)}\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescaped(text: str) -> str:
    """The text with SPARQL's codepoint escapes (\\u0053, \\U00000053) replaced by their characters.

    The SPARQL grammar says they may appear anywhere; engines differ on whether they apply
    outside strings, so the text is read both ways and the stricter reading wins.
    """

    def character(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CODEPOINT.sub(character, text)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, match.group()


# Texts found safe, remembered by their digest (the server sees the same saved queries again and
# again): a text of 100 kB costs 32 bytes here, so a flood of distinct texts costs little.
_SAFE: OrderedDict[bytes, None] = OrderedDict()
_SAFE_REMEMBERED = 4096
_SAFE_LOCK = threading.Lock()  # the server's query threads check texts at once


def check_safe(text: str) -> None:
    """Refuse what could change data, leave the local graph, or overwhelm the parser."""
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_QUERY_BYTES:
        raise _refusal("too_long")
    digest = hashlib.sha256(encoded).digest()
    with _SAFE_LOCK:
        if digest in _SAFE:
            _SAFE.move_to_end(digest)
            return
    _check(text)
    with _SAFE_LOCK:
        _SAFE[digest] = None
        if len(_SAFE) > _SAFE_REMEMBERED:
            _SAFE.popitem(last=False)


def forget_checked() -> None:
    """Forget the texts found safe (the benchmark times the check as a new user meets it)."""
    with _SAFE_LOCK:
        _SAFE.clear()


def _check(text: str) -> None:
    readings = [text]
    if _CODEPOINT.search(text):
        readings.append(_unescaped(text))
    for reading in readings:
        _check_reading(reading)


def _check_reading(text: str) -> None:
    depth = count = 0
    first_word: str | None = None
    expect_prologue_part = 0  # after PREFIX: a name and an IRI; after BASE: an IRI
    for kind, value in _tokens(text):
        count += 1
        if count > MAX_TOKENS:
            raise _refusal("too_complex")
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise _refusal("too_deep")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word":
            # "SERVICE:x" is a keyword and a prefixed name with the empty prefix for one parser,
            # a prefixed name for another: the part before a colon is read as a keyword too.
            word = value.split(":", 1)[0].upper()
            if word == "SERVICE":
                raise _refusal("service")
            if word == "FROM":
                raise _refusal("from")
            if first_word is None and not expect_prologue_part:
                if word in _PROLOGUE:
                    expect_prologue_part = 2 if word == "PREFIX" else 1
                    continue
                first_word = word
                if word in _UPDATE_WORDS:
                    raise _refusal("update")
            elif expect_prologue_part:
                expect_prologue_part -= 1
        elif kind == "iri" and expect_prologue_part:
            expect_prologue_part -= 1
            continue
        elif first_word is None and not expect_prologue_part:
            first_word = ""  # the query starts with something else: the engine will say what


_LIMITS = {"too_long": MAX_QUERY_BYTES, "too_deep": MAX_NESTING, "too_complex": MAX_TOKENS}


def _refusal(code: str) -> QueryError:
    return QueryError(code, limit=_LIMITS.get(code, 0))
