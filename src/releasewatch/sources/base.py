"""The one shape every source type has.

A source is built from its validated config and, given its stored state, fetches once and returns items plus
the new state. Expected failures raise a ``SourceError`` subclass (the poller records it as a value); anything
else is a bug and surfaces.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from releasewatch.models import FetchResult, Item, SourceState

if TYPE_CHECKING:
    from releasewatch.sources._http import HttpClient


T = TypeVar("T")


@dataclass(frozen=True)
class FetchContext:
    http: HttpClient  # the shared client: the only way a source talks HTTP
    now: datetime  # injected clock (UTC)
    # Where CPU-bound parsing runs: a process pool when a poll has many feeds to parse (so parsing uses every
    # core instead of contending for the GIL with the event loop), else a thread.
    parse_pool: Executor | None = None
    # For each item, whether the database lacks it (new, or changed): work done per item beyond the feed itself
    # (fetching linked articles) is done for those only. By default every item counts as new.
    to_store: Callable[[Sequence[Item]], Sequence[bool]] = lambda items: [True] * len(items)

    async def parse(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.parse_pool is None:
            return await asyncio.to_thread(function, *args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.parse_pool, _call, function, args, kwargs)


def _call(function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    return function(*args, **kwargs)


class Source(Protocol):
    async def fetch(self, state: SourceState, ctx: FetchContext) -> FetchResult: ...
