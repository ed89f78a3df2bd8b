"""From stored entries to releases: extract the models each entry announces, key them, and record them.

The glue between the pure core (extract, resolve) and storage; it decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from releasewatch.extract import VendorRegistry, extract
from releasewatch.models import ModelMention, Release, ReleaseChange
from releasewatch.resolve import family_of, merge, release_key
from releasewatch.storage import Storage
from releasewatch.storage.records import StoredEntry
from releasewatch.storage.releases import EntryMentions, KeyedMention


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
    # The title often carries the model's name and size ("Qwen3-235B-A22B is here"); the body the rest.
    text = f"{entry.title}\n\n{entry.text}" if entry.title else entry.text
    return extract(text, facts=entry.facts, vendor_hint=vendor_hint, registry=registry)


def keyed(mention: ModelMention, registry: VendorRegistry) -> KeyedMention:
    vendor_key, model_key = release_key(mention.vendor, mention.model)
    known = registry.get(mention.vendor)
    region = mention.region or (known.region if known else None)
    return KeyedMention(
        mention, vendor_key, model_key, family=mention.family or family_of(mention.model), region=region
    )


def ingest(
    storage: Storage,
    entries: Iterable[StoredEntry],
    registry: VendorRegistry,
    hints: Mapping[str, str | None],
    *,
    batch: int = 500,
) -> IngestResult:
    """Record what each entry says, a batch per transaction; the releases created or changed come back."""
    result = IngestResult()
    pending: list[EntryMentions] = []
    for entry in entries:
        mentions = tuple(keyed(m, registry) for m in mentions_of(entry, registry, hints.get(entry.source)))
        pending.append(EntryMentions(entry.id, mentions, entry.first_seen, entry.published, entry.announce))
        result.entries += 1
        result.mentions += len(mentions)
        if len(pending) >= batch:
            _flush(storage, pending, result)
    _flush(storage, pending, result)
    return result


def ingest_unextracted(
    storage: Storage, registry: VendorRegistry, hints: Mapping[str, str | None], *, batch: int = 500
) -> IngestResult:
    """Extract every entry whose current content has not been extracted yet: what this poll stored, and what a
    process killed between storing and extracting left behind."""
    result = IngestResult()
    while entries := storage.entries.unextracted(limit=batch):
        step = ingest(storage, entries, registry, hints, batch=batch)
        result.new += step.new
        result.changed += step.changed
        result.silent += step.silent
        result.entries += step.entries
        result.mentions += step.mentions
    return result


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
