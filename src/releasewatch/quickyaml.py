"""YAML read by libyaml where that gives exactly what ruamel would, and ``None`` where it might not.

ruamel's pure-Python reader is the reference (YAML 1.2, line numbers for messages) but costs ≈ 0.2 ms a source
line: 0.22 s for a 1,000-source feeds.yaml, paid by every `poll`, more than a warm poll's own work in a quiet
moment. libyaml (PyYAML's C parser) reads the same file in a tenth of that. It resolves plain scalars by YAML 1.1
(``yes``, ``on``, ``0777``, ``1:30``), so here it gets ruamel's own YAML 1.2 resolvers, and everything beyond the
plain forms a config is written in — other number notations, timestamps, merge keys, explicit tags, duplicate
keys, a ``%YAML`` directive — answers ``None``, for the caller to read with ruamel as before. Errors, likewise:
the caller's ruamel reading reports them, with their line.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from ruamel.yaml.resolver import implicit_resolvers

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# The notations read the same by both (and by int() / float()); ruamel alone decides the others (0o17, 1_000, 1e3).
_PLAIN_NUMBER = {_INT: re.compile(r"[-+]?(?:0|[1-9][0-9]*)"), _FLOAT: re.compile(r"[-+]?[0-9]+\.[0-9]+")}


class _Deferred(Exception):
    """Not a form this reader vouches for: ruamel reads the document."""


_WITH_LIBYAML = hasattr(yaml, "CSafeLoader")  # a PyYAML built without libyaml: ruamel reads everything


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, Any]]]] = {}  # its own, not PyYAML's


for _versions, _tag, _pattern, _first in implicit_resolvers:
    if (1, 2) in _versions:
        _Loader.add_implicit_resolver(_tag, _pattern, _first)


def load(text: str) -> Any:
    """The document as plain dicts, lists and scalars, or None when ruamel must read it (or reports an error)."""
    if not _WITH_LIBYAML or "%YAML" in text:
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None  # an empty document: ruamel's reading says what that means
        _check(node)
        return loader.construct_document(node)
    except (yaml.YAMLError, _Deferred, RecursionError):
        return None
    finally:
        loader.dispose()


def _check(node: yaml.Node) -> None:
    # Iterative, so a deeply nested document defers instead of overflowing the stack.
    pending = [node]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:  # an alias: ruamel's handling of shared nodes is its own
            raise _Deferred
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            _check_scalar(current)
        elif isinstance(current, yaml.MappingNode):
            if current.tag != _MAP:
                raise _Deferred
            keys = set()
            for key, value in current.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR or key.value in keys:
                    raise _Deferred  # merge keys, non-string and duplicate keys (ruamel refuses duplicates)
                keys.add(key.value)
                pending.append(value)
        elif isinstance(current, yaml.SequenceNode):
            if current.tag != _SEQ:
                raise _Deferred
            pending.extend(current.value)
        else:
            raise _Deferred


def _check_scalar(node: yaml.ScalarNode) -> None:
    if node.tag in (_STR, _BOOL, _NULL):
        return
    plain = _PLAIN_NUMBER.get(node.tag)
    if plain is None or not plain.fullmatch(node.value):
        raise _Deferred
