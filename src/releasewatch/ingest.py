"""From stored entries to releases: extract the models each entry announces, key them, and record them.

The glue between the pure core (extract, resolve) and storage; it decides nothing itself.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from releasewatch.extract import VendorRegistry
from releasewatch.extraction_jobs import Job, extract_batch, mentions_in, start_worker
from releasewatch.models import ModelMention, Release, ReleaseChange
from releasewatch.resolve import family_of, merge, release_key
from releasewatch.storage import Storage
from releasewatch.storage.records import StoredEntry
from releasewatch.storage.releases import EntryMentions, KeyedMention
from releasewatch.workers import pool_size, process_pool

log = logging.getLogger("releasewatch.ingest")


@dataclass
class IngestResult:
    """What ingesting some entries did; ``new`` holds only releases that may be announced."""

    new: list[Release] = field(default_factory=list)
    changed: list[ReleaseChange] = field(default_factory=list)
    entries: int = 0
    mentions: int = 0
    pruned: int = 0
    silent: int = 0  # new releases seen only in a new source's history (first-contact rule): never announced

    def absorb(self, other: IngestResult) -> None:
        self.new += other.new
        self.changed += other.changed
        self.entries += other.entries
        self.mentions += other.mentions
        self.pruned += other.pruned
        self.silent += other.silent


def mentions_of(entry: StoredEntry, registry: VendorRegistry, vendor_hint: str | None) -> list[ModelMention]:
    return mentions_in(entry.title, entry.text, entry.facts, vendor_hint, registry)


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
    storage: Storage,
    registry: VendorRegistry,
    hints: Mapping[str, str | None],
    *,
    batch: int = 500,
    early: EarlyExtraction | None = None,
) -> IngestResult:
    """Extract every entry whose current content has not been extracted yet: what this poll stored, and what a
    process killed between storing and extracting left behind. ``early`` holds what a poll already started
    extracting as it stored entries; its worker pool also takes the rest."""
    first = storage.entries.unextracted(limit=batch)
    if not first:
        return _with_early(IngestResult(), early)
    # The size only chooses between in-process and worker extraction; a poll's pool is there already.
    counted = early is None and len(first) == batch
    size = storage.entries.count_unextracted() if counted else len(first)

    def backlog() -> Iterator[StoredEntry]:
        entries = first
        while entries:
            yield from entries
            entries = storage.entries.unextracted(limit=batch, after=entries[-1].id)

    with extractor_for(size, registry, hints, pool=early.pool if early else None) as extractor:
        if early is not None:
            extractor = early.extractor(extractor)
        return _with_early(ingest(storage, backlog(), registry, hints, batch=batch, extractor=extractor), early)


def _with_early(result: IngestResult, early: EarlyExtraction | None) -> IngestResult:
    if early is None:
        return result
    result.absorb(early.take_recorded())
    return result


def serial_extractor(registry: VendorRegistry, hints: Mapping[str, str | None]) -> Extractor:
    def extract_now(entries: Sequence[StoredEntry]) -> Pending:
        return _Done([mentions_of(entry, registry, hints.get(entry.source)) for entry in entries])

    return Extractor(extract_now)


@contextmanager
def extractor_for(
    size: int, registry: VendorRegistry, hints: Mapping[str, str | None], *, pool: Executor | None = None
) -> Iterator[Extractor]:
    """In-process for small batches or one CPU; worker processes for a large backlog: ``pool`` when the caller
    has one (its workers started with ``worker_pool``), else a pool of its own for as long as this lasts."""
    workers = pool_size()
    if pool is not None:
        yield _pooled(pool, workers, hints)
    elif size < PARALLEL_MIN or workers < 2:
        yield serial_extractor(registry, hints)
    else:
        with worker_pool(registry, workers) as own:
            yield _pooled(own, workers, hints)


# What a worker runs: extraction, and the feed parsing a poll hands the same pool.
WORKER_MODULES = ("releasewatch.extraction_jobs", "releasewatch.extract.pipeline", "releasewatch.sources.rss")


def worker_pool(registry: VendorRegistry, workers: int) -> ProcessPoolExecutor:
    """Worker processes that can extract (and parse feeds: a poll shares one pool for both)."""
    return process_pool(workers, initializer=start_worker, initargs=(registry,), preload=WORKER_MODULES)


def _pooled(pool: Executor, workers: int, hints: Mapping[str, str | None]) -> Extractor:
    def extract_in_workers(entries: Sequence[StoredEntry]) -> Pending:
        jobs = [_job(entry, hints) for entry in entries]
        step = max(1, -(-len(jobs) // (workers * 4)))  # a few chunks a worker, so none idles at the end
        return _InWorkers([pool.submit(extract_batch, jobs[i : i + step]) for i in range(0, len(jobs), step)])

    return Extractor(extract_in_workers, parallel=True)


def _job(entry: StoredEntry, hints: Mapping[str, str | None]) -> Job:
    return (entry.title, entry.text, entry.facts, hints.get(entry.source))


RECORD_EARLY_MIN = 2000  # finished entries recorded at once during a poll


class _Started(NamedTuple):
    """An entry whose extraction a poll started: the copy it was started for, and where its result will be."""

    entry: StoredEntry
    job: Job
    future: Future[list[list[ModelMention]]]
    position: int  # in the batch the future extracts (not `index`: tuples have an index method)


class EarlyExtraction:
    """Starts extracting a poll's entries in its worker processes as each feed's are stored, so extraction runs
    while other feeds are still being fetched (the workers are otherwise idle between parses); ingest then
    takes these results instead of extracting the same entries again."""

    def __init__(self, pool: Executor, hints: Mapping[str, str | None]) -> None:
        self.pool = pool
        self.hints = hints
        self._started: dict[int, _Started] = {}
        self._finished: deque[int] = deque()  # ids whose extraction is done (appended by the pool's own thread)
        self._recorded = IngestResult()
        self._recording = True

    def submit(self, entries: Sequence[StoredEntry]) -> None:
        if not entries:
            return
        jobs = [_job(entry, self.hints) for entry in entries]
        future = self.pool.submit(extract_batch, jobs)
        for index, (entry, job) in enumerate(zip(entries, jobs, strict=True)):
            self._started[entry.id] = _Started(entry, job, future, index)
        ids = [entry.id for entry in entries]
        future.add_done_callback(lambda _: self._finished.extend(ids))

    def record_finished(self, storage: Storage, registry: VendorRegistry, *, at_least: int = RECORD_EARLY_MIN) -> None:
        """Record the entries whose extraction has finished, once there are ``at_least`` of them, while the poll
        is still fetching: left to the end, recording 50,000 entries' releases kept the workers idle for seconds.

        Only entries still unextracted and unchanged since they were submitted are recorded here; one stored
        again meanwhile (another process) is left to the end, which reads and extracts it afresh."""
        if not self._recording or len(self._finished) < at_least:
            return
        ids = [self._finished.popleft() for _ in range(len(self._finished))]
        submitted = [self._started[entry_id].entry for entry_id in ids if entry_id in self._started]
        try:
            entries = storage.entries.still_unextracted(submitted)
            rest = _pooled(self.pool, pool_size(), self.hints)
            # One batch, so one transaction: a failure leaves nothing half-counted.
            batch = max(1, len(entries))
            self._recorded.absorb(
                ingest(storage, entries, registry, self.hints, batch=batch, extractor=self.extractor(rest))
            )
        except Exception as exc:
            # Not worth aborting the fetches still running: what is left unrecorded stays marked unextracted and
            # the end of the poll goes through it again, reporting the error there if it persists.
            self._recording = False
            reason = (str(exc).splitlines() or [""])[0][:200]  # the first line: never the statement's parameters
            log.warning("recording during the poll stopped, left for its end: %s: %s", type(exc).__name__, reason)
        for entry_id in ids:  # those recorded were taken; the changed ones are extracted afresh at the end
            self._started.pop(entry_id, None)

    def take_recorded(self) -> IngestResult:
        """What ``record_finished`` has recorded so far, once."""
        recorded, self._recorded = self._recorded, IngestResult()
        return recorded

    def extractor(self, rest: Extractor) -> Extractor:
        """Started results for the entries they were started for (the same content), ``rest`` for the others."""

        def submit(entries: Sequence[StoredEntry]) -> Pending:
            started = [self._take(entry) for entry in entries]
            missing = [entry for entry, found in zip(entries, started, strict=True) if found is None]
            return _Combined(started, rest.submit(missing) if missing else _Done([]))

        return Extractor(submit, parallel=True)

    def _take(self, entry: StoredEntry) -> tuple[Future[list[list[ModelMention]]], int] | None:
        found = self._started.pop(entry.id, None)
        if found is None or found.job != _job(entry, self.hints):
            return None  # stored again since (changed content): extracted afresh
        return found.future, found.position


@dataclass(frozen=True)
class _Combined:
    started: list[tuple[Future[list[list[ModelMention]]], int] | None]
    rest: Pending

    def result(self) -> list[list[ModelMention]]:
        others = iter(self.rest.result())
        return [next(others) if found is None else found[0].result()[found[1]] for found in self.started]


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
