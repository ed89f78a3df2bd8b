"""Plugin registry: source and destination implementations keyed by the ``type:`` in feeds.yaml.

Built-ins register exactly like a third-party plugin would; modules are imported lazily so that a command which
never polls does not pay for (or fail on) a source's dependencies.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from releasewatch.config import Defaults, SourceConfig
from releasewatch.sources.base import Source

SourceFactory = Callable[[Any, Defaults], Source]

# type → "module:Class"; a module that does not exist yet means the type is not implemented in this build.
_SOURCES: dict[str, str] = {
    "rss": "releasewatch.sources.rss:RssSource",
    "huggingface": "releasewatch.sources.huggingface:HuggingFaceSource",
    "github": "releasewatch.sources.github:GithubSource",
    "openrouter": "releasewatch.sources.openrouter:OpenRouterSource",
}
_loaded: dict[str, SourceFactory] = {}


def register_source(kind: str, factory: SourceFactory) -> None:
    _loaded[kind] = factory


def source_factory(kind: str) -> SourceFactory | None:
    """The implementation of a source type, or None when this build does not have it yet."""
    if kind in _loaded:
        return _loaded[kind]
    target = _SOURCES.get(kind)
    if target is None:
        return None
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    factory: SourceFactory | None = getattr(module, attribute, None)
    if factory is not None:
        _loaded[kind] = factory
    return factory


def build_source(config: SourceConfig, defaults: Defaults) -> Source | None:
    factory = source_factory(config.type)
    return factory(config, defaults) if factory is not None else None


def implemented(kind: str) -> bool:
    return source_factory(kind) is not None
