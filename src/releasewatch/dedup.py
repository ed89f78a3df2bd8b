"""The pure decider of the update path: which fetched items are new, which changed, which we already have.

Takes data (the items, what the database already holds) and returns data; the pipeline does the I/O.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from releasewatch.models import Item


@dataclass(frozen=True)
class Decision:
    new: tuple[Item, ...]
    updated: tuple[Item, ...]  # item.key is the stored key (a re-issued GUID maps back to the first one)
    unchanged: int


MAX_KEY = 512
MAX_URL = 2048


def normalise_items(items: Iterable[Item], now: datetime) -> list[Item]:
    """Make fetched items fit storage: dates present and not in the future, keys and URLs bounded."""
    return [_normalise(item, now) for item in items]


def _normalise(item: Item, now: datetime) -> Item:
    changes: dict[str, object] = {}
    # A missing date becomes the fetch time; a future one is clamped (a wrong clock must not pin an item to the
    # top of every digest).
    if item.published is None or item.published > now:
        changes["published"] = now
    if len(item.key) > MAX_KEY:
        changes["key"] = "sha256:" + hashlib.sha256(item.key.encode()).hexdigest()
    if item.url and len(item.url) > MAX_URL:
        changes["url"] = None
    return replace(item, **changes) if changes else item  # type: ignore[arg-type]


Link = tuple[str, str]  # an entry's canonical link and its title, folded: see link_identity


def link_identity(url: str, title: str) -> Link | None:
    """What makes an entry with a new GUID a re-issue of a stored one: the same canonical link *and* title.

    The link alone is not enough: a changelog's entries link to anchors of one page (the fragment is dropped from
    canonical links) and some feeds link every entry to their front page. Matching on it alone merged such
    entries into one, dropping or overwriting all but the first. Untitled entries have no such identity: two of
    them on one link are as likely distinct as re-issued, and a duplicate is better than a lost entry."""
    folded = " ".join(unicodedata.normalize("NFKC", title).translate(_TYPOGRAPHY).split()).casefold()
    return (url, folded) if folded else None


# A platform migration that re-issues GUIDs often retypes quotes and dashes too; NFKC leaves these as they are.
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                             "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})  # fmt: skip


def decide(
    items: Iterable[Item], stored_hashes: Mapping[str, str], stored_keys_by_link: Mapping[Link, str]
) -> Decision:
    """Identity is the key; a feed that re-issues an old item under a new GUID but the same canonical link and
    title keeps the stored key. Duplicates within one fetch count once (the first wins, as feeds list newest
    first)."""
    new: list[Item] = []
    updated: list[Item] = []
    unchanged = 0
    for item, key, verdict in _verdicts(items, stored_hashes, stored_keys_by_link):
        if verdict == "new":
            new.append(item)
        elif verdict == "updated":
            updated.append(replace(item, key=key))
        elif verdict == "unchanged":
            unchanged += 1
    return Decision(new=tuple(new), updated=tuple(updated), unchanged=unchanged)


def to_store(
    items: Iterable[Item], stored_hashes: Mapping[str, str], stored_keys_by_link: Mapping[Link, str]
) -> list[bool]:
    """For each item, whether ``decide`` would store it (new, or changed): what a source may enrich before."""
    return [verdict in ("new", "updated") for _, _, verdict in _verdicts(items, stored_hashes, stored_keys_by_link)]


def _verdicts(
    items: Iterable[Item], stored_hashes: Mapping[str, str], stored_keys_by_link: Mapping[Link, str]
) -> Iterator[tuple[Item, str, str]]:
    seen: set[str] = set()
    keys_by_link = dict(stored_keys_by_link)
    for item in items:
        link = link_identity(item.url, item.title) if item.url else None
        # A new key with a stored entry's link and title is that entry re-issued: it keeps the stored key.
        key = item.key if item.key in stored_hashes or link is None else keys_by_link.get(link, item.key)
        if key in seen:
            yield item, key, "duplicate"
            continue
        seen.add(key)
        if link is not None:
            keys_by_link.setdefault(link, key)
        if key not in stored_hashes:
            yield item, key, "new"
        elif stored_hashes[key] != item.content_hash:
            yield item, key, "updated"
        else:
            yield item, key, "unchanged"
