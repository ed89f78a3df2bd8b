"""Extraction over a large backlog runs in worker processes and must give exactly what one process gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from releasewatch.dedup import decide
from releasewatch.extract import with_vendors
from releasewatch.ingest import PARALLEL_MIN, extractor_for, ingest, serial_extractor
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
