"""What a release says about how it differs from the one before: its version notes (in the
catalog, adms:versionNotes) and CHANGES.md, both drawn from the business diff.

CHANGES.md grows release by release: the new release's section on top, then the previous
release's CHANGES.md as it was (a section per release, newest first).
"""

from __future__ import annotations

import datetime
from collections import Counter

from .. import kinds as k
from ..diff import Changes, format_changes
from ..messages import LANGS, phrase, plural

ACTIONS = ("added", "removed", "changed")


def title_line() -> str:
    return "# Atelier des territoires — " + " / ".join(phrase("changelog_title", lang) for lang in LANGS)


def version_notes(changes: Changes | None, previous: str | None) -> dict[str, str]:
    """One sentence per language: what changed since `previous`, counted by kind and action."""
    if previous is None or changes is None:
        return {lang: phrase("version_note_first", lang) for lang in LANGS}
    if not changes:
        return {lang: phrase("version_note_none", lang, previous=previous) for lang in LANGS}
    counts = Counter((change.kind, change.action) for change in changes.items)
    notes = {}
    for lang in LANGS:
        parts = []
        for kind in k.with_diff():
            done = [phrase(f"version_note_{action}", lang, count=counts[kind.kind, action],
                           s=plural(counts[kind.kind, action], lang))
                    for action in ACTIONS if counts[kind.kind, action]]
            if done:
                parts.append(phrase("version_note_kind", lang, kind=kind.name(lang), counts=", ".join(done)))
        notes[lang] = phrase("version_note", lang, previous=previous, changes="; ".join(parts))
    return notes


def changelog(changes: Changes | None, notes: dict[str, str], previous: str | None, earlier: str | None,
              version: str, day: datetime.date) -> bytes:
    """CHANGES.md: this release's section, then `earlier` (the previous release's CHANGES.md)."""
    lines = [title_line(), "", f"## {version} ({day.isoformat()})", ""]
    lines += [line for lang in LANGS for line in (notes[lang], "")]
    if changes is not None and previous is not None:
        for lang in LANGS:
            lines += [f"### {phrase('changelog_since', lang, previous=previous)}", "",
                      format_changes(changes, lang, markdown=True, heading="####").rstrip(), ""]
    text = "\n".join(lines).rstrip() + "\n"
    if earlier:
        text += "\n" + _sections(earlier)
    return text.encode("utf-8")


def _sections(earlier: str) -> str:
    """The sections of an earlier CHANGES.md, under this file's title (older ones had their own:
    their headings go one level down)."""
    title = title_line() + "\n"
    if earlier.startswith(title):
        return earlier[len(title):].lstrip("\n").rstrip() + "\n"
    lines = [("#" + line if line.startswith("#") else line) for line in earlier.splitlines()]
    return "\n".join(lines).strip() + "\n"
