"""From stored entries to releases: extract the models each entry announces, key them, and record them.

The glue between the pure core (extract, resolve) and storage; it decides nothing itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from releasewatch.extract import VendorRegistry, extract
from releasewatch.models import Facts, ModelMention, Release, ReleaseChange
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
    return extract(_document(entry.title, entry.text), facts=entry.facts, vendor_hint=vendor_hint, registry=registry)


def _document(title: str, text: str) -> str:
    # The title often carries the model's name and size ("Qwen3-235B-A22B is here"); the body the rest.
    return f"{title}\n\n{text}" if title else text


def keyed(mention: ModelMention, registry: VendorRegistry) -> KeyedMention:
    vendor_key, model_key = release_key(mention.vendor, mention.model)
    known = registry.get(mention.vendor)
    region = mention.region or (known.region if known else None)
    return KeyedMention(
        mention, vendor_key, model_key, family=mention.family or family_of(mention.model), region=region
    )


Extractor = Callable[[Sequence[StoredEntry]], list[list[ModelMention]]]

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
    """Record what each entry says, a batch per transaction; the releases created or changed come back."""
    extract_batch = extractor or serial_extractor(registry, hints)
    result = IngestResult()
    for chunk in _batched(entries, batch):
        pending = []
        for entry, mentions in zip(chunk, extract_batch(chunk), strict=True):
            keyed_mentions = tuple(keyed(m, registry) for m in mentions)
            pending.append(EntryMentions(entry.id, keyed_mentions, entry.first_seen, entry.published, entry.announce))
            result.entries += 1
            result.mentions += len(keyed_mentions)
        _flush(storage, pending, result)
    return result


def ingest_unextracted(
    storage: Storage, registry: VendorRegistry, hints: Mapping[str, str | None], *, batch: int = 500
) -> IngestResult:
    """Extract every entry whose current content has not been extracted yet: what this poll stored, and what a
    process killed between storing and extracting left behind."""
    result = IngestResult()
    entries = storage.entries.unextracted(limit=batch)
    if not entries:
        return result
    size = storage.entries.count_unextracted() if len(entries) == batch else len(entries)
    with extractor_for(size, registry, hints) as extractor:
        while entries:
            step = ingest(storage, entries, registry, hints, batch=batch, extractor=extractor)
            result.new += step.new
            result.changed += step.changed
            result.silent += step.silent
            result.entries += step.entries
            result.mentions += step.mentions
            entries = storage.entries.unextracted(limit=batch)
    return result


def serial_extractor(registry: VendorRegistry, hints: Mapping[str, str | None]) -> Extractor:
    def extract_all(entries: Sequence[StoredEntry]) -> list[list[ModelMention]]:
        return [mentions_of(entry, registry, hints.get(entry.source)) for entry in entries]

    return extract_all


@contextmanager
def extractor_for(size: int, registry: VendorRegistry, hints: Mapping[str, str | None]) -> Iterator[Extractor]:
    """In-process for small batches or one CPU; a pool of worker processes for a large backlog."""
    workers = min(usable_cpus(), MAX_WORKERS)
    if size < PARALLEL_MIN or workers < 2:
        yield serial_extractor(registry, hints)
        return
    with process_pool(workers, initializer=_start_worker, initargs=(registry,)) as pool:

        def extract_all(entries: Sequence[StoredEntry]) -> list[list[ModelMention]]:
            jobs = [(entry.title, entry.text, entry.facts, hints.get(entry.source)) for entry in entries]
            step = max(1, -(-len(jobs) // (workers * 4)))  # a few chunks a worker, so none idles at the end
            chunks = [jobs[i : i + step] for i in range(0, len(jobs), step)]
            return [mentions for part in pool.map(_extract_chunk, chunks) for mentions in part]

        yield extract_all


_worker_registry: VendorRegistry | None = None


def _start_worker(registry: VendorRegistry) -> None:
    global _worker_registry
    _worker_registry = registry


def _extract_chunk(jobs: list[tuple[str, str, Facts | None, str | None]]) -> list[list[ModelMention]]:
    assert _worker_registry is not None
    return [
        extract(_document(title, text), facts=facts, vendor_hint=hint, registry=_worker_registry)
        for title, text, facts, hint in jobs
    ]


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
