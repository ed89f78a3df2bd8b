"""From stored entries to releases: extract the models each entry announces, key them, and record them.

The glue between the pure core (extract, resolve) and storage; it decides nothing itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from releasewatch.extract import VendorRegistry, extract
from releasewatch.extraction_jobs import document, extract_batch, start_worker
from releasewatch.models import ModelMention, Release, ReleaseChange
from releasewatch.resolve import family_of, merge, release_key
from releasewatch.storage import Storage
from releasewatch.storage.records import StoredEntry
from releasewatch.storage.releases import EntryMentions, KeyedMention
from releasewatch.workers import process_pool, usable_cpus


@dataclass
class IngestResult:
    """What ingesting some entries did; ``new`` holds only releases that may be announced."""

    new: list[Release] = field(default_factory=list)
    changed: list[ReleaseChange] = field(default_factory=list)
    entries: int = 0
    mentions: int = 0
    pruned: int = 0
    silent: int = 0  # new releases seen only in a new source's history (first-contact rule): never announced


def mentions_of(entry: StoredEntry, registry: VendorRegistry, vendor_hint: str | None) -> list[ModelMention]:
    return extract(document(entry.title, entry.text), facts=entry.facts, vendor_hint=vendor_hint, registry=registry)


def keyed(mention: ModelMention, registry: VendorRegistry) -> KeyedMention:
    vendor_key, model_key = release_key(mention.vendor, mention.model)
    known = registry.get(mention.vendor)
    region = mention.region or (known.region if known else None)
    return KeyedMention(
        mention, vendor_key, model_key, family=mention.family or family_of(mention.model), region=region
    )


class Pending(Protocol):
    def result(self) -> list[list[ModelMention]]: ...


@dataclass(frozen=True)
class _Done:
    mentions: list[list[ModelMention]]

    def result(self) -> list[list[ModelMention]]:
        return self.mentions


@dataclass(frozen=True)
class _InWorkers:
    parts: list[Future[list[list[ModelMention]]]]

    def result(self) -> list[list[ModelMention]]:
        return [mentions for part in self.parts for mentions in part.result()]


@dataclass(frozen=True)
class Extractor:
    """Extracts a batch of entries: ``submit`` returns at once when worker processes do the work, so the caller
    can record the previous batch meanwhile; calling it waits for the result."""

    submit: Callable[[Sequence[StoredEntry]], Pending]
    parallel: bool = False

    def __call__(self, entries: Sequence[StoredEntry]) -> list[list[ModelMention]]:
        return self.submit(entries).result()


# Extraction is pure and CPU-bound (≈ 1–2 ms a document), so a large backlog — a first poll, `reprocess` — is
# spread over processes; below this many entries starting them (≈ 0.5 s each) would cost more than it saves.
PARALLEL_MIN = 400
MAX_WORKERS = 4


def ingest(
    storage: Storage,
    entries: Iterable[StoredEntry],
    registry: VendorRegistry,
    hints: Mapping[str, str | None],
    *,
    batch: int = 500,
    extractor: Extractor | None = None,
) -> IngestResult:
    """Record what each entry says, a batch per transaction; the releases created or changed come back.

    With worker processes the next batch is read and extracted while this one is recorded: recording runs in
    this process and would otherwise leave the workers idle for a third of the time."""
    extraction = extractor or serial_extractor(registry, hints)
    result = IngestResult()
    chunks = _batched(entries, batch)
    chunk = next(chunks, None)
    pending = extraction.submit(chunk) if chunk else None
    while chunk is not None and pending is not None:
        following = next(chunks, None)
        upcoming = extraction.submit(following) if following and extraction.parallel else None
        keyed_entries = []
        for entry, mentions in zip(chunk, pending.result(), strict=True):
            keyed_mentions = tuple(keyed(m, registry) for m in mentions)
            keyed_entries.append(
                EntryMentions(entry.id, keyed_mentions, entry.first_seen, entry.published, entry.announce)
            )
            result.entries += 1
            result.mentions += len(keyed_mentions)
        _flush(storage, keyed_entries, result)
        chunk = following
        pending = upcoming or (extraction.submit(chunk) if chunk else None)
    return result


def ingest_unextracted(
    storage: Storage, registry: VendorRegistry, hints: Mapping[str, str | None], *, batch: int = 500
) -> IngestResult:
    """Extract every entry whose current content has not been extracted yet: what this poll stored, and what a
    process killed between storing and extracting left behind."""
    first = storage.entries.unextracted(limit=batch)
    if not first:
        return IngestResult()
    size = storage.entries.count_unextracted() if len(first) == batch else len(first)

    def backlog() -> Iterator[StoredEntry]:
        entries = first
        while entries:
            yield from entries
            entries = storage.entries.unextracted(limit=batch, after=entries[-1].id)

    with extractor_for(size, registry, hints) as extractor:
        return ingest(storage, backlog(), registry, hints, batch=batch, extractor=extractor)


def serial_extractor(registry: VendorRegistry, hints: Mapping[str, str | None]) -> Extractor:
    def extract_now(entries: Sequence[StoredEntry]) -> Pending:
        return _Done([mentions_of(entry, registry, hints.get(entry.source)) for entry in entries])

    return Extractor(extract_now)


@contextmanager
def extractor_for(size: int, registry: VendorRegistry, hints: Mapping[str, str | None]) -> Iterator[Extractor]:
    """In-process for small batches or one CPU; a pool of worker processes for a large backlog."""
    workers = min(usable_cpus(), MAX_WORKERS)
    if size < PARALLEL_MIN or workers < 2:
        yield serial_extractor(registry, hints)
        return
    with process_pool(workers, initializer=start_worker, initargs=(registry,)) as pool:

        def extract_in_workers(entries: Sequence[StoredEntry]) -> Pending:
            jobs = [(entry.title, entry.text, entry.facts, hints.get(entry.source)) for entry in entries]
            step = max(1, -(-len(jobs) // (workers * 4)))  # a few chunks a worker, so none idles at the end
            return _InWorkers([pool.submit(extract_batch, jobs[i : i + step]) for i in range(0, len(jobs), step)])

        yield Extractor(extract_in_workers, parallel=True)


def _batched(entries: Iterable[StoredEntry], size: int) -> Iterator[list[StoredEntry]]:
    iterator = iter(entries)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _flush(storage: Storage, pending: list[EntryMentions], result: IngestResult) -> None:
    if not pending:
        return
    outcome = storage.releases.record_many(pending, merge=merge)
    # After the releases commit: a crash in between re-extracts this batch, and recording is idempotent.
    storage.entries.mark_extracted([item.entry_id for item in pending])
    result.new += outcome.new
    result.silent += outcome.silent
    result.changed += outcome.changed
    pending.clear()
