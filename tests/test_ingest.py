"""Extraction over a large backlog runs in worker processes and must give exactly what one process gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from releasewatch.dedup import decide
from releasewatch.extract import with_vendors
from releasewatch.ingest import PARALLEL_MIN, Pending, extractor_for, ingest, serial_extractor
from releasewatch.models import Item
from releasewatch.storage import Storage
from releasewatch.storage.records import StoredEntry
from releasewatch.workers import usable_cpus

CORPUS = Path(__file__).parent / "corpus"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def entries(count: int) -> list[StoredEntry]:
    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))]
    return [
        StoredEntry(
            id=i,
            source=f"feed{i % 3}",
            key=str(i),
            title="",
            url=None,
            published=NOW,
            text=texts[i % len(texts)],
            facts=None,
            announce=True,
            first_seen=NOW,
        )
        for i in range(count)
    ]


def test_a_large_backlog_is_extracted_in_processes_with_the_same_result() -> None:
    registry = with_vendors(())
    hints = {"feed0": "DeepSeek", "feed1": None, "feed2": "Alibaba"}
    backlog = entries(PARALLEL_MIN)
    with extractor_for(len(backlog), registry, hints) as parallel:
        if usable_cpus() >= 2:
            assert parallel.parallel  # the pool, not the in-process extractor
        first, second = parallel.submit(backlog[:200]), parallel.submit(backlog[200:])  # both in flight at once
        got = first.result() + second.result()
    assert got == serial_extractor(registry, hints)(backlog)
    assert sum(map(len, got)) > PARALLEL_MIN / 4  # the corpus announces models: there is something to compare


def test_a_backlog_recorded_while_the_next_batch_is_extracted_gives_what_one_process_gives(
    storage: Storage, tmp_path: Path
) -> None:
    from releasewatch.ingest import ingest_unextracted
    from releasewatch.storage import Storage as Store

    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))]
    items = [
        Item(
            key=f"k{i}",
            title="",
            url=f"https://example.org/{i}",
            published=NOW,
            text=texts[i % len(texts)],
            content_hash=str(i),
        )
        for i in range(PARALLEL_MIN + 50)
    ]
    serial = Store.open(f"sqlite:///{tmp_path / 'serial.db'}")
    registry = with_vendors(())
    for store in (storage, serial):
        store.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
        store.entries.apply("feed", decide(items, {}, {}), now=NOW, announce_after=None)
    parallel = ingest_unextracted(storage, registry, {}, batch=100)  # five batches in flight one after another
    with extractor_for(0, registry, {}) as one_process:
        assert not one_process.parallel
    expected = ingest(serial, serial.entries.iter_all(), registry, {}, batch=100)
    assert (
        (parallel.entries, parallel.mentions)
        == (expected.entries, expected.mentions)
        == (len(items), parallel.mentions)
    )
    assert storage.entries.count_unextracted() == 0
    assert _releases(storage) == _releases(serial) and _releases(storage)


def _releases(store: Storage) -> list[tuple[object, ...]]:
    return sorted(
        (r.vendor, r.model, r.params_total, r.params_active, r.license, r.open_weights) for r in store.releases.list()
    )


def test_entries_extracted_early_are_not_extracted_again_unless_their_content_changed(storage: Storage) -> None:
    from releasewatch.ingest import EarlyExtraction, Extractor, worker_pool

    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))[:6]]
    items = [
        Item(key=f"k{i}", title="", url=f"https://example.org/{i}", published=NOW, text=text, content_hash=str(i))
        for i, text in enumerate(texts)
    ]
    storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    stored = storage.entries.apply("feed", decide(items, {}, {}), now=NOW, announce_after=None).new
    registry = with_vendors(())
    asked: list[str] = []  # what the fallback was asked to extract

    def fallback(entries: Sequence[StoredEntry]) -> Pending:
        asked.extend(entry.key for entry in entries)
        return serial_extractor(registry, {}).submit(entries)

    with worker_pool(registry, 2) as pool:
        early = EarlyExtraction(pool, {})
        early.submit(stored[:4])  # as a poll does once a feed's entries are stored
        changed = replace(items[3], text="Acme released Foo-7B under the MIT license.", content_hash="new")
        storage.entries.apply("feed", decide([changed], {"k3": "3"}, {}), now=NOW, announce_after=None)
        backlog = storage.entries.unextracted()
        got = early.extractor(Extractor(fallback)).submit(backlog).result()
    assert asked == ["k3", "k4", "k5"]  # k0–k2 from the early start; k3 changed since; k4, k5 never started
    assert got == serial_extractor(registry, {})(backlog)
    assert any(mention.model == "Foo-7B" for mention in got[3])


def test_entries_recorded_while_a_poll_still_fetches_count_once_and_match_recording_at_the_end(
    storage: Storage,
) -> None:
    import time

    from releasewatch.ingest import EarlyExtraction, ingest_unextracted, worker_pool

    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))[:8]]
    items = [
        Item(key=f"k{i}", title="", url=f"https://example.org/{i}", published=NOW, text=text, content_hash=str(i))
        for i, text in enumerate(texts)
    ]
    changed = replace(items[2], text="Acme released Foo-7B under the MIT license.", content_hash="new")
    registry = with_vendors(())
    # The same entries recorded all at the end, in a database of their own: what the early path must match.
    alone = Storage.open("sqlite://")
    alone.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    alone.entries.apply("feed", decide(items, {}, {}), now=NOW, announce_after=None)
    alone.entries.apply("feed", decide([changed], {"k2": "2"}, {}), now=NOW, announce_after=None)
    expected = ingest_unextracted(alone, registry, {})

    storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    stored = storage.entries.apply("feed", decide(items, {}, {}), now=NOW, announce_after=None).new
    with worker_pool(registry, 2) as pool:
        early = EarlyExtraction(pool, {})
        early.submit(stored[:5])
        # Another process stores k2 again, changed, before this one records it.
        storage.entries.apply("feed", decide([changed], {"k2": "2"}, {}), now=NOW, announce_after=None)
        deadline = time.monotonic() + 30
        while len(early._finished) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        early.record_finished(storage, registry, at_least=6)  # fewer finished than asked: nothing yet
        assert storage.entries.count_unextracted() == 8
        early.record_finished(storage, registry, at_least=5)
        assert storage.entries.count_unextracted() == 4  # k0, k1, k3, k4 recorded while the "poll" goes on
        early.submit(stored[5:])
        result = ingest_unextracted(storage, registry, {}, early=early)

    assert storage.entries.count_unextracted() == 0
    assert (result.entries, result.mentions) == (expected.entries, expected.mentions)
    assert result.entries == 8
    assert sorted(r.model for r in result.new) == sorted(r.model for r in expected.new)
    assert len({r.id for r in result.new}) == len(result.new)  # each new release reported once
    assert any(r.model == "Foo-7B" for r in result.new)  # k2 as it is now, not as it was submitted

    def facts(db: Storage) -> list[tuple[object, ...]]:
        return sorted((r.vendor, r.model, r.params_total, r.params_active, r.license) for r in db.releases.list())

    assert facts(storage) == facts(alone)


def test_a_failure_recording_during_the_poll_leaves_the_entries_for_its_end(
    storage: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    import time

    from releasewatch.extract import VendorRegistry
    from releasewatch.ingest import EarlyExtraction, ingest_unextracted, worker_pool

    class BrokenRegistry(VendorRegistry):  # fails while keying mentions, i.e. in the middle of recording
        def get(self, name: str) -> None:
            raise RuntimeError("registry unavailable\nsecond line")

    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))[:4]]
    items = [
        Item(key=f"k{i}", title="", url=f"https://example.org/{i}", published=NOW, text=text, content_hash=str(i))
        for i, text in enumerate(texts)
    ]
    registry = with_vendors(())
    storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    stored = storage.entries.apply("feed", decide(items, {}, {}), now=NOW, announce_after=None).new
    with worker_pool(registry, 2) as pool:
        early = EarlyExtraction(pool, {})
        early.submit(stored)
        deadline = time.monotonic() + 30
        while len(early._finished) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        broken = BrokenRegistry.__new__(BrokenRegistry)
        broken.__dict__.update(registry.__dict__)
        early.record_finished(storage, broken, at_least=1)  # must not raise: fetching goes on
        assert "registry unavailable" in caplog.text and "second line" not in caplog.text
        assert storage.entries.count_unextracted() == 4
        result = ingest_unextracted(storage, registry, {}, early=early)
    assert result.entries == 4 and storage.entries.count_unextracted() == 0


def test_an_entry_extraction_fails_on_is_logged_and_the_others_get_their_releases(
    storage: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    from releasewatch.extract import VendorRegistry
    from releasewatch.extraction_jobs import extract_batch, start_worker

    class BrokenForOneFeed(VendorRegistry):  # extraction raises for the entries of one feed only
        def canonical(self, name: str | None) -> str | None:
            if name == "Broken":
                raise RuntimeError("cannot read this entry\nsecond line")
            return super().canonical(name)

    registry = with_vendors(())
    broken = BrokenForOneFeed.__new__(BrokenForOneFeed)
    broken.__dict__.update(registry.__dict__)
    backlog = [replace(entry, title=f"entry {entry.id}") for entry in entries(6)]
    hints = {"feed0": "Broken", "feed1": None, "feed2": "Alibaba"}
    got = serial_extractor(broken, hints)(backlog)
    want = serial_extractor(registry, hints)(backlog)
    assert [bool(m) for m in got] == [
        entry.source != "feed0" and bool(m) for entry, m in zip(backlog, want, strict=True)
    ]
    assert got[1] == want[1] and got[2] == want[2] and any(got)
    assert "extraction failed on the entry 'entry 0': RuntimeError: cannot read this entry" in caplog.text
    assert "second line" not in caplog.text
    # the same in a worker process's batch
    start_worker(broken)
    try:
        jobs = [(e.title, e.text, e.facts, hints[e.source]) for e in backlog]
        assert extract_batch(jobs) == got
    finally:
        start_worker(registry)
    # and through ingest: entries extraction fails on are recorded as extracted all the same (no retry loop)
    storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
    items = [
        Item(
            key=f"k{i}", title=f"t{i}", url=f"https://example.org/{i}", published=NOW, text=e.text, content_hash=str(i)
        )
        for i, e in enumerate(backlog)
    ]
    stored = storage.entries.apply("feed", decide(items, {}, {}), now=NOW, announce_after=None).new
    result = ingest(storage, stored, broken, {"feed": "Broken"})
    assert result.entries == len(stored) and storage.entries.count_unextracted() == 0
