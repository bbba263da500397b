"""What `validate --release` finds: one problem a line (file:line: message), and the summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import CodedError, message, phrase, plural


@dataclass(frozen=True)
class ReleaseProblem:
    """One thing wrong in a release: the file (as the user named the folder), a line, what."""

    path: str
    line: int | None
    say: Callable[[str], str]  # the message, in a language
    severity: str = "violation"

    def message(self, lang: str) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.say(lang)}"


@dataclass
class ReleaseReport:
    folder: Path
    problems: list[ReleaseProblem] = field(default_factory=list)
    files: int = 0
    tables: int = 0
    triples: int = 0
    distributions: int = 0

    def conforms(self) -> bool:
        return not any(p.severity == "violation" for p in self.problems)

    def lines(self, lang: str) -> Iterator[str]:
        for problem in self.problems:
            yield problem.message(lang)
        violations = sum(1 for p in self.problems if p.severity == "violation")
        if self.conforms():
            yield phrase("release_conforms", lang, folder=self.folder, files=self.files, tables=self.tables,
                         triples=self.triples, distributions=self.distributions,
                         warnings=len(self.problems), s=plural(len(self.problems), lang))
        else:
            yield phrase("release_does_not_conform", lang, folder=self.folder, count=violations,
                         s=plural(violations, lang))


def error_text(error: CodedError) -> Callable[[str], str]:
    """A coded error's sentence without its place (the problem says the place)."""
    return lambda lang: message(error.text, lang, **{k: (v(lang) if callable(v) else v)
                                                     for k, v in error.params.items()})
