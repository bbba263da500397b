"""Safe YAML reading that keeps the line of every key and item.

PyYAML's composer gives nodes with positions; we turn them into plain dicts and lists
that remember their lines, and refuse what a data file never needs (aliases, tags,
non-UTF-8 bytes, huge files, deep nesting) before any of it is interpreted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .messages import EntryError, quote
from .readfile import MAX_FILE_BYTES, read_text

__all__ = ["MAX_FILE_BYTES", "MAX_DEPTH", "YList", "YMap", "describe", "load_yaml", "parse_yaml", "read_text"]
MAX_DEPTH = 32
# Values (keys, scalars, lists and mappings) in one file. The largest shipped file holds 588;
# at 1 MiB a flow list can hold 500,000 numbers, 3.6 s and 260 MiB to build. 20,000 takes 0.15 s.
MAX_VALUES = 20_000
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


class YMap(dict):
    """A mapping that remembers its own line, each key's line and each scalar's raw text."""

    line: int
    key_lines: dict[str, int]
    raw: dict[str, str]


class YList(list):
    """A sequence that remembers its own line, each item's line and each scalar's raw text."""

    line: int
    item_lines: list[int]
    raw: list[str | None]


_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# What YAML reads as a number, date, boolean or null is never this long when it is meant;
# longer, its conversion would cost time and memory that grow with it (int() is quadratic
# in its digits, a sexagesimal 1:2:3:… multiplies at every colon). Text has no such limit.
MAX_SCALAR_CHARS = 100
# C0 and C1 controls other than tab and line breaks, and the non-characters U+FFFE/FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def load_yaml(path: Path, display: str | None = None) -> YMap:
    """Read one data file into a YMap; raise EntryError with file and line on any problem."""
    display = display or str(path)
    return parse_yaml(read_text(path, display), display)


def parse_yaml(text: str, display: str) -> YMap:
    """Build YMap/YList straight from libyaml's events.

    The event stream (C) is read here rather than through a composer so that an anchor
    or alias is refused when it is met, before anything is expanded, and so that no
    intermediate node tree is built: this is most of the time a large load spends.
    """
    loader = _LOADER(text)
    loader.values_left = MAX_VALUES
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise EntryError(display, 1, "empty_file")
        loader.get_event()  # document start
        value, line = _value(loader, display, 1)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.get_event()
            raise EntryError(display, extra.start_mark.line + 1, "yaml_syntax",
                             problem="expected a single document in the stream")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "?"
        raise EntryError(display, mark.line + 1 if mark else None, "yaml_syntax",
                         problem=problem) from None
    except yaml.reader.ReaderError as error:  # a character YAML forbids: no mark, a position
        line = text.count("\n", 0, error.position) + 1
        raise EntryError(display, line, "yaml_syntax", problem=f"{error.reason} (U+{error.character:04X})"
                         if isinstance(error.character, int) else error.reason) from None
    except yaml.YAMLError as error:
        raise EntryError(display, None, "yaml_syntax", problem=str(error)) from None
    finally:
        loader.dispose()
    if value is None:
        raise EntryError(display, 1, "empty_file")
    if not isinstance(value, YMap):
        # A whole file read as one text (any text file is a YAML scalar) is not quoted back.
        got = describe(value) if isinstance(value, list) else describe_kind(value)
        raise EntryError(display, line, "expected_mapping", key=Path(display).name, got=got)
    return value


# libyaml when PyYAML was built with it; the pure-Python parser gives the same events otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _value(loader: Any, path: str, depth: int) -> tuple[Any, int]:
    """The next node of the event stream as a plain value, and its line."""
    event = loader.get_event()
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent) or event.anchor:
        raise EntryError(path, line, "yaml_alias")
    if depth > MAX_DEPTH:
        raise EntryError(path, line, "yaml_too_deep", limit=MAX_DEPTH)
    loader.values_left -= 1
    if loader.values_left < 0:
        raise EntryError(path, line, "too_many_values", limit=MAX_VALUES)
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(loader, event, path, line), line
    if isinstance(event, yaml.MappingStartEvent):
        _check_tag(event.tag, _MAP_TAG, path, line)
        return _mapping(loader, path, depth, line), line
    _check_tag(event.tag, _SEQ_TAG, path, line)
    return _sequence(loader, path, depth, line), line


def _mapping(loader: Any, path: str, depth: int, line: int) -> YMap:
    result = YMap()
    result.line, result.key_lines, result.raw = line, {}, {}
    while not loader.check_event(yaml.MappingEndEvent):
        raw_key = loader.peek_event()
        key, key_line = _value(loader, path, depth + 1)
        # A key is a name as written: "on" stays "on", "0x10" stays "0x10" (YAML 1.1 would
        # read True and 16).
        key = raw_key.value if isinstance(raw_key, yaml.ScalarEvent) else str(key)
        if key in result:
            raise EntryError(path, key_line, "duplicate_key", key=key, other=result.key_lines[key])
        raw = loader.peek_event()
        result[key], _ = _value(loader, path, depth + 1)
        result.key_lines[key] = key_line
        if isinstance(raw, yaml.ScalarEvent):
            result.raw[key] = raw.value
    loader.get_event()
    return result


def _sequence(loader: Any, path: str, depth: int, line: int) -> YList:
    items = YList()
    items.line, items.item_lines, items.raw = line, [], []
    while not loader.check_event(yaml.SequenceEndEvent):
        raw = loader.peek_event()
        item, item_line = _value(loader, path, depth + 1)
        items.append(item)
        items.item_lines.append(item_line)
        items.raw.append(raw.value if isinstance(raw, yaml.ScalarEvent) else None)
    loader.get_event()
    return items


def _scalar(loader: Any, event: yaml.ScalarEvent, path: str, line: int) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag not in _PLAIN_TAGS:
        raise EntryError(path, line, "yaml_tag", tag=tag)
    if tag == _STR_TAG:
        if (control := _CONTROL.search(event.value)) is not None:
            raise EntryError(path, line, "control_character", char=f"U+{ord(control.group()):04X}")
        return event.value
    if len(event.value) > MAX_SCALAR_CHARS:
        raise EntryError(path, line, "scalar_too_long", value=event.value, limit=MAX_SCALAR_CHARS)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except Exception:  # noqa: BLE001  (any failure to convert a bounded scalar is the input's)
        # datetime refuses 2023-02-30 and 25:61:61 with ValueError, int("", 2) for "0b_" too;
        # PyYAML lets them through as they are.
        code = "bad_date" if tag == _TIMESTAMP_TAG else "bad_scalar"
        raise EntryError(path, line, code, value=event.value) from None


def _check_tag(tag: str | None, plain: str, path: str, line: int) -> None:
    if tag not in (None, "!", plain):
        raise EntryError(path, line, "yaml_tag", tag=tag)


def describe(value: Any, raw: str | None = None) -> str:
    """A short name of a value's kind, or the value as written (raw) cut short, for messages."""
    if isinstance(value, (dict, list)) or value is None:
        return describe_kind(value)
    return f"« {quote(raw if raw is not None else str(value))} »"


def describe_kind(value: Any) -> str:
    """The kind of a value, without quoting it."""
    if isinstance(value, dict):
        return "a mapping / une liste de clés"
    if isinstance(value, list):
        return "a list / une liste"
    if value is None:
        return "empty / vide"
    if isinstance(value, str):
        return "a text / un texte"
    return "a single value / une valeur seule"
