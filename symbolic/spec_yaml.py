"""Reading a YAML spec with bounded work: depth, size, no aliases, no duplicate keys.

PyYAML's composer recurses once per nesting level and expands nothing itself, but a tree built
from aliases can be exponentially larger than its text (a 316-byte "billion laughs") or refer to
itself. The loader below composes the document once, counting nodes and depth as it goes, and
refuses an alias outright: a spec never needs one, and writing the values out is always
possible. A mapping that repeats a key is refused with both lines (YAML would keep the last).
"""

from __future__ import annotations

import math

import yaml

from .errors import SpecError

#: nesting levels a spec may have (a spec needs 5: spec, layers, layer, weights, row)
MAX_NESTING = 32
#: values (scalars, lists and mappings) a YAML spec may hold; a larger one is refused before it
#: is fully read (PyYAML reads about 60,000 values a second; JSON and TOML are much faster)
MAX_YAML_NODES = 100_000


class _SpecLoader(yaml.SafeLoader):
    """SafeLoader that counts what it composes and refuses aliases and repeated keys."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise SpecError(
                f"YAML alias *{event.anchor} is not accepted in a spec",
                line=event.start_mark.line + 1,
                fix="write the values out instead of referring to an anchor",
            )
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise SpecError(
                f"the YAML spec holds more than {MAX_YAML_NODES:,} values",
                line=event.start_mark.line + 1,
                fix="give large weight sets in a JSON or TOML spec, or let the seed draw them",
            )
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise SpecError(
                f"nested more than {MAX_NESTING} levels deep",
                line=event.start_mark.line + 1,
                fix="a spec needs 5 levels: spec, layers, layer, weights, row",
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if isinstance(node, yaml.MappingNode):
            _refuse_repeated_keys(node)
        return node

    def construct_yaml_float(self, node):
        """A float literal too large for a float stays text, so the error can show it as written."""
        value = super().construct_yaml_float(node)
        if math.isinf(value) and "inf" not in str(node.value).lower():
            return str(node.value)
        return value


_SpecLoader.add_constructor("tag:yaml.org,2002:float", _SpecLoader.construct_yaml_float)


def _refuse_repeated_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        identity = (key.tag, key.value)
        if identity in seen:
            first = seen[identity]
            where = f", at lines {first} and {line}" if first != line else f" on line {line}"
            raise SpecError(
                f"key {key.value!r} appears twice{where}", line=line, fix="keep one of them"
            )
        seen[identity] = line


def load_yaml(text: str) -> tuple[object, dict[str, int]]:
    """(data, field path → 1-based line) of a one-document YAML text, within the bounds above."""
    loader = _SpecLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return data, _lines(root)


def _lines(root) -> dict[str, int]:
    """Field path → line for every node (the tree is alias-free and at most MAX_NESTING deep)."""
    lines: dict[str, int] = {}

    def walk(node, path: str) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    if root is not None:
        walk(root, "")
    return lines
