"""Releases and mentions in storage, on every backend, with a stand-in merge (the real resolver is tested apart)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import pytest

from releasewatch.dedup import decide
from releasewatch.models import Item, ModelMention
from releasewatch.storage import Storage
from releasewatch.storage.releases import KeyedMention
from tests.conftest import NOW


@dataclass(frozen=True)
class Merged:
    params_total: int | None
    params_active: int | None
    license: str | None
    open_weights: bool | None


def first_known(mentions: Sequence[ModelMention]) -> Merged:
    """Structured first, then the first value stated."""
    ordered = sorted(mentions, key=lambda m: not m.structured)

    def pick(name: str) -> object:
        return next((getattr(m, name) for m in ordered if getattr(m, name) is not None), None)

    return Merged(pick("params_total"), pick("params_active"), pick("license"), pick("open_weights"))  # type: ignore[arg-type]


def keyed(model: str, **facts: object) -> KeyedMention:
    mention = ModelMention(vendor="DeepSeek", model=model, **facts)  # type: ignore[arg-type]
    return KeyedMention(mention, "deepseek", model.lower(), family="DeepSeek-V3", region="CN")


def entry_id(storage: Storage, key: str, url: str) -> int:
    item = Item(key=key, title=key, url=url, published=NOW, text="", content_hash=key)
    outcome = storage.entries.apply("feed", decide([item], {}, {}), now=NOW, announce_after=None)
    return outcome.new[0].id


@pytest.fixture
def store(storage: Storage) -> Storage:
    storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    return storage


def record(store: Storage, entry: int, *mentions: KeyedMention, at=NOW):
    return store.releases.record(entry, list(mentions), merge=first_known, seen_at=at, published=at, announce=True)


def test_two_sources_one_release(store: Storage) -> None:
    blog = entry_id(store, "blog", "https://api-docs.deepseek.com/news/v3")
    hub = entry_id(store, "hub", "https://huggingface.co/deepseek-ai/DeepSeek-V3")
    first = record(store, blog, keyed("DeepSeek-V3", params_total=671_000_000_000))
    second = record(store, hub, keyed("DeepSeek-V3", license="MIT", structured=True), at=NOW + timedelta(hours=1))
    assert len(first.new) == 1 and second.new == ()
    assert [change.changes for change in second.changed] == [("license",)]
    (release,) = store.releases.list()
    assert (release.params_total, release.license, release.first_seen) == (671_000_000_000, "MIT", NOW)
    assert release.sources == (
        "https://api-docs.deepseek.com/news/v3",
        "https://huggingface.co/deepseek-ai/DeepSeek-V3",
    )


def test_structured_facts_win_over_prose(store: Storage) -> None:
    blog = entry_id(store, "blog", "https://example.org/a")
    hub = entry_id(store, "hub", "https://example.org/b")
    record(store, blog, keyed("DeepSeek-V3", params_total=670_000_000_000))
    record(store, hub, keyed("DeepSeek-V3", params_total=671_026_419_200, structured=True))
    assert store.releases.list()[0].params_total == 671_026_419_200


def test_an_updated_entry_restates_its_mentions(store: Storage) -> None:
    blog = entry_id(store, "blog", "https://example.org/a")
    record(store, blog, keyed("DeepSeek-V3", params_total=1))
    record(store, blog, keyed("DeepSeek-V3", params_total=671_000_000_000))
    assert store.releases.list()[0].params_total == 671_000_000_000


def test_list_filters_by_window_and_vendor(store: Storage) -> None:
    one = entry_id(store, "one", "https://example.org/1")
    two = entry_id(store, "two", "https://example.org/2")
    record(store, one, keyed("Old"), at=NOW - timedelta(days=30))
    record(store, two, keyed("New"), at=NOW)
    assert [r.model for r in store.releases.list(since=NOW - timedelta(days=7))] == ["New"]
    assert [r.model for r in store.releases.list(vendors=["deepseek"])] == ["New", "Old"]
    assert store.releases.list(vendors=["Meta"]) == []


def test_orphans_are_pruned(store: Storage) -> None:
    blog = entry_id(store, "blog", "https://example.org/a")
    record(store, blog, keyed("DeepSeek-V3"))
    record(store, blog)  # the entry no longer mentions it
    assert store.releases.prune_orphans() == 1
    assert store.releases.count() == 0


def test_changed_between_says_what_changed(store: Storage) -> None:
    blog = entry_id(store, "blog", "https://example.org/a")
    hub = entry_id(store, "hub", "https://example.org/b")
    record(store, blog, keyed("DeepSeek-V3"), at=NOW - timedelta(days=10))
    record(store, hub, keyed("DeepSeek-V3", license="MIT", params_total=671_000_000_000), at=NOW)
    (change,) = store.releases.changed_between(NOW - timedelta(days=7), NOW + timedelta(seconds=1))
    assert set(change.changes) == {"params_total", "license"}
    assert change.previous == {"params_total": None, "license": None}
    assert change.release.license == "MIT"


def test_a_release_is_merged_from_its_structured_and_earliest_mentions_only(store: Storage) -> None:
    from releasewatch.storage.releases import MERGE_MENTIONS

    seen: list[int] = []

    def counting(mentions: Sequence[ModelMention]) -> Merged:
        seen.append(len(mentions))
        return first_known(mentions)

    for n in range(MERGE_MENTIONS + 20):
        entry = entry_id(store, f"e{n}", f"https://example.org/{n}")
        store.releases.record(
            entry,
            [keyed("DeepSeek-V3", params_total=671_000_000_000)],
            merge=counting,
            seen_at=NOW,
            published=NOW,
            announce=True,
        )
    late = entry_id(store, "hub", "https://hub.example/deepseek-v3")
    hub = keyed("DeepSeek-V3", params_total=684_531_386_000, structured=True)
    store.releases.record(late, [hub], merge=counting, seen_at=NOW, published=NOW, announce=True)
    assert max(seen) == MERGE_MENTIONS  # bounded, however many newsletters repeat a model
    assert store.releases.list()[0].params_total == 684_531_386_000  # the structured fact, though it came last


def test_a_settled_release_is_not_merged_again_until_its_window_can_change(store: Storage) -> None:
    from releasewatch.storage.releases import MERGE_MENTIONS

    calls: list[int] = []

    def counting(mentions: Sequence[ModelMention]) -> Merged:
        calls.append(len(mentions))
        return first_known(mentions)

    def say(entry: int, mention: KeyedMention) -> None:
        store.releases.record(entry, [mention], merge=counting, seen_at=NOW, published=NOW, announce=True)

    for n in range(MERGE_MENTIONS):
        say(entry_id(store, f"e{n}", f"https://example.org/{n}"), keyed("DeepSeek-V3", params_total=671_000_000_000))
    merges = len(calls)
    later = entry_id(store, "late", "https://example.org/late")
    say(later, keyed("DeepSeek-V3", params_total=1_000_000_000))  # outside the window: same facts, no merge
    assert len(calls) == merges
    assert store.releases.list()[0].params_total == 671_000_000_000
    say(later, keyed("DeepSeek-V3", license="MIT"))  # an entry restating what it says: merged again
    assert len(calls) == merges + 1
    say(entry_id(store, "hub", "https://hub.example/v3"), keyed("DeepSeek-V3", params_total=7, structured=True))
    assert len(calls) == merges + 2  # a structured fact always enters the window
    assert store.releases.list()[0].params_total == 7
