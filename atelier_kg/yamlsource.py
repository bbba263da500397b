"""Safe YAML reading that keeps the line of every key and item.

PyYAML's composer gives nodes with positions; we turn them into plain dicts and lists
that remember their lines, and refuse what a data file never needs (aliases, tags,
non-UTF-8 bytes, huge files, deep nesting) before any of it is interpreted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .messages import EntryError

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
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


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses anchors, aliases and deep nesting."""

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self._path = path
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise EntryError(self._path, event.start_mark.line + 1, "yaml_alias")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise EntryError(self._path, event.start_mark.line + 1, "yaml_too_deep",
                             limit=MAX_DEPTH)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_text(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EntryError(display, None, "too_large", size=size, limit=MAX_FILE_BYTES)
        data = path.read_bytes()
    except OSError as error:
        raise EntryError(display, None, "unreadable", problem=error.strerror) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise EntryError(display, line, "not_utf8", byte=f"0x{data[error.start]:02x}",
                         column=column) from None


def load_yaml(path: Path, display: str | None = None) -> YMap:
    """Read one data file into a YMap; raise EntryError with file and line on any problem."""
    display = display or str(path)
    text = read_text(path, display)
    loader = _StrictLoader(text, display)
    try:
        node = loader.get_single_node()
    except EntryError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "?"
        raise EntryError(display, line, "yaml_syntax", problem=problem) from None
    except yaml.YAMLError as error:
        raise EntryError(display, None, "yaml_syntax", problem=str(error)) from None
    finally:
        loader.dispose()
    if node is None:
        raise EntryError(display, 1, "empty_file")
    value = _convert(node, loader, display)
    if not isinstance(value, YMap):
        raise EntryError(display, node.start_mark.line + 1, "expected_mapping",
                         key=Path(display).name, got=describe(value))
    return value


def _convert(node: yaml.Node, loader: _StrictLoader, path: str) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise EntryError(path, line, "yaml_tag", tag=node.tag)
    if isinstance(node, yaml.MappingNode):
        result = YMap()
        result.line, result.key_lines, result.raw = line, {}, {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, path)
            key = str(key)
            key_line = key_node.start_mark.line + 1
            if key in result:
                raise EntryError(path, key_line, "duplicate_key", key=key,
                                 other=result.key_lines[key])
            result[key] = _convert(value_node, loader, path)
            result.key_lines[key] = key_line
            if isinstance(value_node, yaml.ScalarNode):
                result.raw[key] = value_node.value
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YList()
        items.line, items.item_lines, items.raw = line, [], []
        for item in node.value:
            items.append(_convert(item, loader, path))
            items.item_lines.append(item.start_mark.line + 1)
            items.raw.append(item.value if isinstance(item, yaml.ScalarNode) else None)
        return items
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise EntryError(path, line, "yaml_syntax", problem=str(error).splitlines()[0]) from None


def describe(value: Any) -> str:
    """A short name of a value's kind, for messages."""
    if isinstance(value, dict):
        return "a mapping / une liste de clés"
    if isinstance(value, list):
        return "a list / une liste"
    if value is None:
        return "empty / vide"
    return f"« {value} »"
