"""Fast YAML reading with libyaml, resolving scalars as YAML 1.2 does (like ruamel.yaml).

ruamel.yaml's round-trip loader remembers line numbers but is pure Python: a network of 200 cities took 17 s to
read. libyaml (through PyYAML) is about 25 times faster. PyYAML resolves scalars by YAML 1.1, where `no` is
false (and the language code of Norwegian) and `9:30` is a number; this loader keeps YAML 1.2's rules so both
readers agree. Line numbers come from ruamel, parsed only when a problem must be located.

Before anything is built, every event of the text can be shown to a check (`files.YamlGuard`, which refuses
anchors, aliases, tags and deep nesting): building first would already be the explosion it guards against.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlRefused(Exception):
    """A YAML feature no knowledge-base file needs, found at `line` (1-based in the YAML text)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class Yaml12Loader(_BASE):  # type: ignore[misc, valid-type]  # mypy cannot check a base class chosen at run time
    """Safe loading with YAML 1.2 core-schema scalars, and duplicate keys as errors."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # words the error
        # one pass over the keys: this is the hottest loop of reading a knowledge base
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                what = "mapping" if isinstance(key_node, yaml.MappingNode) else "list"
                raise YamlRefused(key_node.start_mark.line + 1, f"a {what} as a key (allowed: a name, e.g. title)")
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", "0123456789"),
):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def _int(loader: Yaml12Loader, node: yaml.ScalarNode) -> int | str:
    text = loader.construct_scalar(node)
    try:
        if text.startswith(("0o", "0x")):
            number = int(text, 8) if text.startswith("0o") else int(text, 16)
            str(number)  # Python writes no number of more than 4300 digits: a field could never show this one
            return number
        return int(text)
    except ValueError:
        return text  # too long to be a number: the field's model says what it expected


def _timestamp(loader: Yaml12Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)  # `2021-02-30`: the field's model says it is not a date


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load(text: str, check: Callable[[Any], None] | None = None) -> Any:
    """The data of `text`; `check` first sees every event of it, and raises on what it refuses."""
    if check is not None:
        parser = _BASE(text)
        try:
            while (event := parser.get_event()) is not None:
                check(event)
        finally:
            parser.dispose()
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a safe loader
