"""The one shape every source type has.

A source is built from its validated config and, given its stored state, fetches once and returns items plus
the new state. Expected failures raise a ``SourceError`` subclass (the poller records it as a value); anything
else is a bug and surfaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from releasewatch.models import FetchResult, SourceState

if TYPE_CHECKING:
    from releasewatch.sources._http import HttpClient


@dataclass(frozen=True)
class FetchContext:
    http: HttpClient  # the shared client: the only way a source talks HTTP
    now: datetime  # injected clock (UTC)


class Source(Protocol):
    async def fetch(self, state: SourceState, ctx: FetchContext) -> FetchResult: ...
