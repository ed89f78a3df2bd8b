"""Frozen data objects passed between layers. Datetimes are always timezone-aware UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal


@dataclass(frozen=True)
class Facts:
    """What a structured source (a hub listing, an API router) states about one model.

    These outrank anything read from prose: a safetensors total is a count, a sentence is a claim.
    """

    model_id: str | None = None  # e.g. "deepseek-ai/DeepSeek-V3" or "openai/gpt-4o"
    vendor: str | None = None
    params_total: int | None = None
    params_active: int | None = None
    license: str | None = None
    open_weights: bool | None = None
    base_model: str | None = None
    repo_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """One thing a source published (a feed entry, a hub repo, a router model id)."""

    key: str  # stable identity within the source (GUID, canonical link, repo id, ...)
    title: str
    url: str | None  # canonical link
    published: datetime | None  # None: the poller uses the fetch time
    text: str  # plain text for extraction (never HTML)
    content_hash: str  # changes when the item's content changes
    facts: Facts | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"prerelease": True}


@dataclass(frozen=True)
class SourceState:
    """What a source remembers between polls (stored per source)."""

    url: str | None = None  # current URL, after permanent redirects
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None  # hash of the last parsed body: an unchanged 200 is not parsed again
    cursor: str | None = None  # hub sources: the newest creation time already seen


@dataclass(frozen=True)
class FetchResult:
    status: Literal["ok", "not_modified"]
    items: tuple[Item, ...]
    state: SourceState
    warnings: tuple[str, ...] = ()
    moved_to: str | None = None  # set when a permanent redirect changed the stored URL


@dataclass(frozen=True)
class ModelMention:
    """One model that a document (or a structured listing) says was released."""

    vendor: str  # canonical vendor name from the registry, the source's hint, or "unknown"
    model: str  # the name as announced, e.g. "Qwen3-235B-A22B"
    params_total: int | None = None
    params_active: int | None = None
    license: str | None = None  # SPDX id where one exists, else the license's own name
    open_weights: bool | None = None
    evidence: str = ""  # the sentence or table cell it came from
    structured: bool = False  # True when it came from Facts, not prose
    notation: str | None = None  # as written: "235B-A22B", "8x7B", "1.6T"
    family: str | None = None  # e.g. "Qwen3"
    region: str | None = None  # e.g. "CN", "US", "EU"


@dataclass(frozen=True)
class Release:
    """One model, however many sources reported it."""

    id: int
    vendor: str
    model: str
    family: str | None
    params_total: int | None
    params_active: int | None
    license: str | None
    open_weights: bool | None
    region: str | None
    first_seen: datetime
    announced_at: datetime | None
    sources: tuple[str, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ReleaseChange:
    """A release that gained facts after it was first announced (a size, a license became known)."""

    release: Release
    changes: tuple[str, ...]  # e.g. ("params_total", "license")
    previous: dict[str, Any] = field(default_factory=dict)  # field → the value before
