"""Storage on every backend: entries stored once, changed entries updated, the outbox unique, state recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import DateTime, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from releasewatch.dedup import decide, link_identity, normalise_items
from releasewatch.models import Facts, Item, SourceState
from releasewatch.storage import Storage
from releasewatch.storage.sources import Success
from releasewatch.storage.tables import DeliveryRow, EntryRow, UTCDateTime
from tests.conftest import NOW


def item(key: str, *, url: str | None = None, content: str = "v1", published=NOW) -> Item:
    return Item(key=key, title=f"title {key}", url=url, published=published, text=content, content_hash=content)


def store_items(storage: Storage, items: list[Item], *, announce_after=None):
    items = normalise_items(items, NOW)
    hashes, by_url = storage.entries.known("feed", items)
    return storage.entries.apply("feed", decide(items, hashes, by_url), now=NOW, announce_after=announce_after)


@pytest.fixture
def store(storage: Storage) -> Storage:
    storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    return storage


def count_entries(storage: Storage) -> int:
    with Session(storage.engine) as session:
        return session.scalar(select(func.count()).select_from(EntryRow)) or 0


def test_same_entry_twice_keeps_one_row(store: Storage) -> None:
    first = store_items(store, [item("a"), item("b")])
    second = store_items(store, [item("a"), item("b")])
    assert (len(first.new), len(second.new), second.unchanged) == (2, 0, 2)
    assert count_entries(store) == 2


def test_database_refuses_a_duplicate_key_even_if_code_tried(store: Storage) -> None:
    store_items(store, [item("a")])
    with pytest.raises(IntegrityError), Session(store.engine) as session, session.begin():
        session.add(replace_row(session))


def replace_row(session: Session) -> EntryRow:
    row = session.scalars(select(EntryRow)).one()
    return EntryRow(
        source_id=row.source_id,
        key=row.key,
        title="dup",
        published=NOW,
        content_hash="x",
        text="",
        first_seen=NOW,
        last_seen=NOW,
    )


def test_changed_entry_is_updated_not_new(store: Storage) -> None:
    store_items(store, [item("a", content="v1")])
    outcome = store_items(store, [item("a", content="v2")])
    assert (len(outcome.new), len(outcome.updated)) == (0, 1)
    assert store.entries.for_source("feed")[0].text == "v2"
    assert count_entries(store) == 1


def test_reissued_guid_with_same_link_is_not_new(store: Storage) -> None:
    store_items(store, [item("guid-1", url="https://example.org/post")])
    reissued = replace(item("guid-2", url="https://example.org/post"), title="title  GUID-1")  # spacing, case
    assert link_identity("u", "Qwen’s “new” model — ﬁne") == link_identity("u", 'qwen\'s "new" model - fine')
    outcome = store_items(store, [reissued])
    assert outcome.new == ()
    assert count_entries(store) == 1


def test_entries_sharing_a_link_are_distinct_when_their_titles_differ(store: Storage) -> None:
    # A changelog links each entry to an anchor of one page (the canonical link drops the fragment); some feeds
    # link every entry to their front page. Neither may merge distinct entries into one.
    page = "https://docs.example/changelog"
    first = store_items(store, [item("v1.3", url=page, content="three"), item("v1.2", url=page, content="two")])
    assert sorted(entry.key for entry in first.new) == ["v1.2", "v1.3"]
    later = store_items(store, [item("v1.4", url=page, content="four")])  # the feed now shows the latest only
    assert [entry.key for entry in later.new] == ["v1.4"] and later.updated == ()
    assert count_entries(store) == 3
    assert {e.key: e.text for e in store.entries.unextracted(limit=10)} == {
        "v1.2": "two",
        "v1.3": "three",
        "v1.4": "four",
    }


def test_untitled_entries_sharing_a_link_are_never_merged(store: Storage) -> None:
    page = "https://example.org/"
    untitled = [replace(item(key, url=page, content=key), title="") for key in ("a", "b")]
    assert sorted(entry.key for entry in store_items(store, untitled).new) == ["a", "b"]
    later = store_items(store, [replace(item("c", url=page, content="c"), title=" ")])
    assert [entry.key for entry in later.new] == ["c"] and count_entries(store) == 3


def test_duplicate_keys_within_one_fetch_count_once(store: Storage) -> None:
    outcome = store_items(store, [item("a", content="new"), item("a", content="old")])
    assert len(outcome.new) == 1 and outcome.new[0].text == "new"


def test_first_contact_window_marks_old_items_unannounced(store: Storage) -> None:
    old = item("old", published=NOW - timedelta(days=30))
    fresh = item("fresh", published=NOW - timedelta(days=1))
    outcome = store_items(store, [old, fresh], announce_after=NOW - timedelta(days=14))
    assert {entry.key: entry.announce for entry in outcome.new} == {"old": False, "fresh": True}


def test_dates_are_utc_missing_and_future_ones_become_fetch_time(store: Storage) -> None:
    outcome = store_items(store, [item("none", published=None), item("future", published=NOW + timedelta(days=3))])
    assert {entry.published for entry in outcome.new} == {NOW}
    assert all(entry.published.utcoffset() == timedelta(0) for entry in outcome.new)


def test_overlong_keys_are_hashed_not_truncated(store: Storage) -> None:
    long_a, long_b = "k" * 600 + "a", "k" * 600 + "b"
    assert len(store_items(store, [item(long_a), item(long_b)]).new) == 2
    assert len(store_items(store, [item(long_a), item(long_b)]).new) == 0


def test_facts_round_trip(store: Storage) -> None:
    facts = Facts(model_id="deepseek-ai/DeepSeek-V3", params_total=671_000_000_000, license="MIT", open_weights=True)
    store_items(store, [replace(item("repo"), facts=facts)])
    assert store.entries.for_source("feed")[0].facts == facts


def test_recent_publication_times_of_every_source_in_one_query(store: Storage) -> None:
    store.sources.sync([("feed", "rss", "https://example.org/feed.xml"), ("other", "rss", "https://b.org/f.xml")])
    days = [NOW - timedelta(days=n) for n in range(30)]
    store_items(store, [item(f"k{n}", published=day) for n, day in enumerate(days)])
    items = normalise_items([item("x", published=days[3]), item("y", published=days[1])], NOW)
    store.entries.apply("other", decide(items, {}, {}), now=NOW, announce_after=None)
    found = store.entries.recent_published(limit=20)
    assert [when.replace(tzinfo=None) for when in found["feed"]] == [d.replace(tzinfo=None) for d in days[:20]]
    assert [when.replace(tzinfo=None) for when in found["other"]] == [
        days[1].replace(tzinfo=None),
        days[3].replace(tzinfo=None),
    ]
    assert set(found) == {"feed", "other"}  # a source without entries is simply absent


def test_source_state_success_failure_and_gone(store: Storage) -> None:
    state = SourceState(url="https://example.org/new.xml", etag='"v1"', last_modified="Sun, 29 Nov 2026 10:00:00 GMT")
    store.sources.record_success(
        "feed", state, status="ok", now=NOW, next_due=NOW + timedelta(minutes=30), moved_to=state.url
    )
    record = store.sources.get("feed")
    assert record.state.etag == '"v1"' and record.last_success == NOW and record.first_polled_at == NOW
    assert record.moved_from == "https://example.org/feed.xml"
    store.sources.record_failure("feed", "HTTP 500", now=NOW, next_due=NOW + timedelta(hours=1))
    store.sources.record_failure("feed", "HTTP 410 Gone", now=NOW, next_due=NOW, disable=True)
    record = store.sources.get("feed")
    assert (record.consecutive_failures, record.enabled, record.last_error) == (2, False, "HTTP 410 Gone")
    assert record.state.etag == '"v1"', "a failure must not lose the stored validators"


def test_changing_a_source_target_resets_its_state(store: Storage) -> None:
    success = Success("feed", SourceState(etag='"x"'), "ok", NOW, NOW, None, warning="not well-formed XML")
    store.sources.record_successes([success])
    assert store.sources.get("feed").last_warning == "not well-formed XML"
    store.sources.sync([("feed", "rss", "https://elsewhere.org/feed.xml")])
    record = store.sources.get("feed")
    assert record.state.etag is None and record.last_warning is None


def test_delivery_is_reserved_once(storage: Storage) -> None:
    first = storage.deliveries.reserve("slack", "instant", "release:1", payload={"text": "hi"}, now=NOW)
    again = storage.deliveries.reserve("slack", "instant", "release:1", payload={"text": "hi"}, now=NOW)
    other_part = storage.deliveries.reserve("slack", "instant", "release:1", part=1, payload=None, now=NOW)
    assert first is not None and again is None and other_part is not None
    storage.deliveries.mark_sent(first.id, remote_id="1700000000.000100", now=NOW)
    sent = storage.deliveries.get("slack", "release:1")
    assert sent is not None and (sent.status, sent.remote_id, sent.attempts) == (
        "sent",
        "1700000000.000100",
        1,
    )
    with Session(storage.engine) as session:
        assert session.scalar(select(func.count()).select_from(DeliveryRow)) == 2


def test_delivery_uniqueness_is_enforced_by_the_database(storage: Storage) -> None:
    storage.deliveries.reserve("mail", "digest", "digest:2026-11-23", payload=None, now=NOW)
    row = DeliveryRow(
        destination="mail",
        kind="digest",
        dedup_key="digest:2026-11-23",
        part=0,
        status="sent",
        attempts=0,
        created_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(IntegrityError), Session(storage.engine) as session, session.begin():
        session.add(row)


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 29, 21, 5, 7, 123456, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # no microseconds: still written, as SQLAlchemy does
        datetime(999, 12, 31, 23, 59, 59, 1, tzinfo=UTC),  # a year of three digits is zero-padded
        datetime(2026, 6, 1, 2, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),  # converted to UTC
    ],
)
def test_sqlite_timestamps_are_written_as_sqlalchemy_writes_them(value: datetime) -> None:
    # Stored timestamps are compared as text in SQLite: the one-step bind must write what the usual two did.
    dialect = sqlite.dialect()
    ours = UTCDateTime().bind_processor(dialect)
    theirs = DateTime().dialect_impl(dialect).bind_processor(dialect)
    assert ours is not None and theirs is not None
    assert ours(value) == theirs(value.astimezone(UTC).replace(tzinfo=None))
    assert ours(None) is None
    with pytest.raises(ValueError, match="naive datetime"):
        ours(value.replace(tzinfo=None))
