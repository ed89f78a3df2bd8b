"""Extraction over a large backlog runs in worker processes and must give exactly what one process gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from releasewatch.extract import with_vendors
from releasewatch.ingest import PARALLEL_MIN, extractor_for, serial_extractor
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
            assert parallel.__qualname__.startswith("extractor_for")  # the pool, not the in-process extractor
        got = parallel(backlog)
    assert got == serial_extractor(registry, hints)(backlog)
    assert sum(map(len, got)) > PARALLEL_MIN / 4  # the corpus announces models: there is something to compare
