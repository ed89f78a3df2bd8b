"""Shared by the HTTP-polled sources: per-source request limits and the conditional-GET outcome (RFC 9111)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources._http import HttpLimits, HttpResponse


def http_limits(timeout: timedelta, max_bytes: int) -> HttpLimits:
    """The shared client's limits for one source: its timeout bounds the whole request, connecting included."""
    seconds = timeout.total_seconds()
    return HttpLimits(
        connect_timeout=min(HttpLimits().connect_timeout, seconds),
        read_timeout=seconds,
        total_timeout=seconds,
        max_bytes=max_bytes,
    )


def revalidated(state: SourceState, url: str | None, response: HttpResponse) -> tuple[SourceState, str | None, bool]:
    """The state after a response to a request for ``url`` (validators, body hash, the URL — moved when every
    redirect was permanent), the new URL if it moved, and whether the content is unchanged (a 304, or a 200
    whose body hashes as last time)."""
    moved_to = response.permanent_url if response.permanent_url not in (None, url) else None
    kept = replace(state, url=moved_to or url, etag=response.etag, last_modified=response.last_modified)
    if response.status == 304:  # RFC 9111 §4.3.4: the stored body hash still describes the content
        return kept, moved_to, True
    digest = hashlib.sha256(response.body).hexdigest()
    return replace(kept, body_hash=digest), moved_to, digest == state.body_hash


def conditional_result(
    state: SourceState, url: str, response: HttpResponse, parse: Callable[[bytes], tuple[Item, ...]]
) -> FetchResult:
    """Nothing to parse when unchanged; else the parsed items, with the new state."""
    kept, moved_to, unchanged = revalidated(state, url, response)
    if unchanged:
        return FetchResult(status="not_modified", items=(), state=kept, moved_to=moved_to)
    return FetchResult(status="ok", items=parse(response.body), state=kept, moved_to=moved_to)
