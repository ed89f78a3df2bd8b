"""Releases and the mentions behind them: one release per (vendor, model) key, however many entries report it.

The decisions (how names become keys, which of several conflicting facts wins) are made by the pure resolver and
passed in; this module only stores mentions and writes back what the resolver concluded.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, delete, func, insert, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from releasewatch.models import ModelMention, Release, ReleaseChange
from releasewatch.storage.engine import insert_ignoring_conflicts
from releasewatch.storage.tables import EntryRow, MentionRow, ReleaseRow

TRACKED = ("params_total", "params_active", "license", "open_weights")


class Merged(Protocol):
    """What recording needs of a merge's result (read only: resolve.ResolvedFacts is frozen)."""

    @property
    def params_total(self) -> int | None: ...
    @property
    def params_active(self) -> int | None: ...
    @property
    def license(self) -> str | None: ...
    @property
    def open_weights(self) -> bool | None: ...


@dataclass(frozen=True)
class KeyedMention:
    """A mention with the keys the resolver gave it."""

    mention: ModelMention
    vendor_key: str
    model_key: str
    family: str | None
    region: str | None


@dataclass(frozen=True)
class EntryMentions:
    """Everything one entry says, keyed."""

    entry_id: int
    mentions: tuple[KeyedMention, ...]
    seen_at: datetime
    published: datetime
    announce: bool


@dataclass(frozen=True)
class RecordOutcome:
    new: tuple[Release, ...]  # created and announceable
    changed: tuple[ReleaseChange, ...]
    silent: int = 0  # created from history older than a new source's first-contact window


Merge = Callable[[Sequence[ModelMention]], Merged]


class ReleaseStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        entry_id: int,
        mentions: Sequence[KeyedMention],
        *,
        merge: Merge,
        seen_at: datetime,
        published: datetime,
        announce: bool,
    ) -> RecordOutcome:
        """Store what one entry says (see ``record_many``)."""
        return self.record_many([EntryMentions(entry_id, tuple(mentions), seen_at, published, announce)], merge=merge)

    def record_many(self, batch: Sequence[EntryMentions], *, merge: Merge) -> RecordOutcome:
        """Store what some entries say in one transaction; create the releases they are first to report; then
        re-merge each touched release once (not once per mention: a model mentioned by a thousand entries
        would otherwise cost a million mention reads)."""
        touched: dict[int, tuple[ReleaseRow, bool, dict[str, Any]]] = {}
        releases: dict[tuple[str, str], tuple[ReleaseRow, bool]] = {}  # a model many entries mention: looked up once
        rows: list[dict[str, Any]] = []
        structured: set[int] = set()
        # no_autoflush: each release lookup would otherwise first flush every mention added so far.
        with self._sessions.begin() as session, session.no_autoflush:
            entry_ids = [item.entry_id for item in batch]
            restated = 0
            for start in range(0, len(entry_ids), 500):  # an updated entry restates everything it says
                removed = session.execute(
                    delete(MentionRow).where(MentionRow.entry_id.in_(entry_ids[start : start + 500]))
                )
                restated += int(getattr(removed, "rowcount", 0) or 0)
            keys = {(keyed.vendor_key, keyed.model_key) for item in batch for keyed in item.mentions}
            releases.update((key, (row, False)) for key, row in _existing(session, list(keys)).items())
            for item in batch:
                for keyed in _unique(item.mentions):
                    key = (keyed.vendor_key, keyed.model_key)
                    if key not in releases:
                        releases[key] = _release_for(session, keyed, item.seen_at, item.announce)
                    release, created = releases[key]
                    if release.id not in touched:
                        touched[release.id] = (release, created, {name: getattr(release, name) for name in TRACKED})
                    rows.append(_mention_values(item.entry_id, release.id, keyed.mention, item.seen_at))
                    if keyed.mention.structured:
                        structured.add(release.id)
                    if item.announce and not release.announce:
                        release.announce = True
                    if release.announced_at is None or item.published < release.announced_at:
                        release.announced_at = item.published
            # Only releases whose merge window can change are re-merged (see MERGE_MENTIONS).
            settled = set() if restated else _settled(session, [i for i, (_, c, _) in touched.items() if not c])
            if rows:
                # A Core executemany on the table: the ORM's unit of work costs 3× as much, its bulk path 1.5×.
                session.execute(insert(_MENTIONS), rows)
            latest = max((item.seen_at for item in batch), default=None)
            moving = [touched[i] for i in touched if i not in settled or i in structured]
            return _merge_touched(session, moving, merge, latest)

    def list(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        vendors: Sequence[str] = (),
        announced_only: bool = False,
        limit: int | None = None,
    ) -> list[Release]:
        """Releases first seen in [since, until), newest first."""
        with self._sessions() as session:
            query = select(ReleaseRow).order_by(ReleaseRow.first_seen.desc(), ReleaseRow.id.desc())
            if since is not None:
                query = query.where(ReleaseRow.first_seen >= since)
            if until is not None:
                query = query.where(ReleaseRow.first_seen < until)
            if vendors:
                query = query.where(func.lower(ReleaseRow.vendor).in_([v.lower() for v in vendors]))
            if announced_only:
                query = query.where(ReleaseRow.announce.is_(True))
            if limit is not None:
                query = query.limit(limit)
            rows = list(session.scalars(query))
            sources = _sources_of(session, [row.id for row in rows])
            return [_to_release(row, sources.get(row.id, ())) for row in rows]

    def changed_between(self, start: datetime, end: datetime) -> builtins.list[ReleaseChange]:
        """Releases first seen before ``start`` that gained facts in [start, end)."""
        with self._sessions() as session:
            query = (
                select(ReleaseRow)
                .where(
                    ReleaseRow.updated_at >= start,
                    ReleaseRow.updated_at < end,
                    ReleaseRow.first_seen < start,
                    ReleaseRow.announce.is_(True),
                )
                .order_by(ReleaseRow.updated_at.desc())
            )
            rows = list(session.scalars(query))
            sources = _sources_of(session, [row.id for row in rows])
            return [_change(row, sources.get(row.id, ())) for row in rows]

    def prune_orphans(self) -> int:
        """Delete releases no mention supports any more (after a reprocess); returns how many."""
        with self._sessions.begin() as session:
            orphans = select(ReleaseRow.id).where(
                ~select(MentionRow.id).where(MentionRow.release_id == ReleaseRow.id).exists()
            )
            result = session.execute(delete(ReleaseRow).where(ReleaseRow.id.in_(orphans)))
            return int(getattr(result, "rowcount", 0) or 0)

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(ReleaseRow)) or 0


def _unique(mentions: Sequence[KeyedMention]) -> list[KeyedMention]:
    """One mention per release per entry: the first (structured facts come first from the extractor)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for keyed in mentions:
        if (keyed.vendor_key, keyed.model_key) not in seen:
            seen.add((keyed.vendor_key, keyed.model_key))
            out.append(keyed)
    return out


def _existing(session: Session, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], ReleaseRow]:
    """The releases these keys already have, a query per 250 keys instead of one per release."""
    found: dict[tuple[str, str], ReleaseRow] = {}
    for start in range(0, len(keys), 250):
        query = select(ReleaseRow).where(
            tuple_(ReleaseRow.vendor_key, ReleaseRow.model_key).in_(keys[start : start + 250])
        )
        found.update(((row.vendor_key, row.model_key), row) for row in session.scalars(query))
    return found


def _release_for(session: Session, keyed: KeyedMention, seen_at: datetime, announce: bool) -> tuple[ReleaseRow, bool]:
    """Find or create the release; two replicas creating the same one at once both end up with the same row."""
    query = select(ReleaseRow).where(ReleaseRow.vendor_key == keyed.vendor_key, ReleaseRow.model_key == keyed.model_key)
    row = session.scalars(query).one_or_none()
    if row is not None:
        return row, False
    values: dict[str, Any] = {
        "vendor": keyed.mention.vendor,
        "vendor_key": keyed.vendor_key,
        "model": keyed.mention.model,
        "model_key": keyed.model_key,
        "family": keyed.family,
        "region": keyed.region,
        "announce": announce,
        "first_seen": seen_at,
    }
    inserted = session.execute(insert_ignoring_conflicts(session, ReleaseRow, values)).rowcount  # type: ignore[attr-defined]
    return session.scalars(query).one(), bool(inserted)


def _merge_touched(
    session: Session,
    touched: Iterable[tuple[ReleaseRow, bool, dict[str, Any]]],
    merge: Merge,
    seen_at: datetime | None,
) -> RecordOutcome:
    new: list[Release] = []
    changed: list[ReleaseChange] = []
    silent = 0
    touched = list(touched)
    mentions = _mentions_by_release(session, [release.id for release, _, _ in touched])
    for release, created, before in touched:
        _apply(release, merge(mentions.get(release.id, [])))
        if created and release.announce:
            new.append(_release(session, release))
        elif created:
            silent += 1
        elif diff := [name for name in TRACKED if getattr(release, name) != before[name]]:
            release.updated_at = seen_at
            previous = {name: before[name] for name in diff}
            release.last_changes = {"fields": diff, "previous": previous}
            changed.append(ReleaseChange(_release(session, release), tuple(diff), previous))
    return RecordOutcome(new=tuple(new), changed=tuple(changed), silent=silent)


def _mention_values(entry_id: int, release_id: int, mention: ModelMention, now: datetime) -> dict[str, Any]:
    return {
        "entry_id": entry_id,
        "release_id": release_id,
        "model": mention.model[:300],
        "params_total": mention.params_total,
        "params_active": mention.params_active,
        "license": mention.license,
        "open_weights": mention.open_weights,
        "notation": mention.notation,
        "evidence": mention.evidence[:2000],
        "structured": mention.structured,
        "created_at": now,
    }


# A release's facts are merged from at most this many of its mentions: every structured one first, then the
# earliest. A model a thousand newsletters repeat was settled by its first hundred mentions, and re-reading all of
# them at every batch made recording quadratic in mentions per release.
MERGE_MENTIONS = 100


def _settled(session: Session, release_ids: Sequence[int]) -> set[int]:
    """Releases that already have MERGE_MENTIONS mentions: a later, unstructured mention falls outside their merge
    window (every structured one, then the earliest), so merging them again would give the same facts."""
    settled: set[int] = set()
    for start in range(0, len(release_ids), 500):
        query = (
            select(MentionRow.release_id)
            .where(MentionRow.release_id.in_(release_ids[start : start + 500]))
            .group_by(MentionRow.release_id)
            .having(func.count() >= MERGE_MENTIONS)
        )
        settled.update(session.scalars(query))
    return settled


def _mentions_by_release(session: Session, release_ids: Sequence[int]) -> dict[int, list[ModelMention]]:
    """The mentions each of these releases is merged from, oldest first, in one query per 500 releases."""
    found: dict[int, list[ModelMention]] = {}
    for start in range(0, len(release_ids), 500):
        ranked = (
            select(
                MentionRow.id,
                func.row_number()
                .over(partition_by=MentionRow.release_id, order_by=(MentionRow.structured.desc(), MentionRow.id))
                .label("place"),
            )
            .where(MentionRow.release_id.in_(release_ids[start : start + 500]))
            .subquery()
        )
        query = (
            select(*_MERGED_COLUMNS, ReleaseRow.vendor)  # columns, not ORM objects: half the cost per mention
            .join(ReleaseRow, ReleaseRow.id == MentionRow.release_id)
            .join(ranked, ranked.c.id == MentionRow.id)
            .where(ranked.c.place <= MERGE_MENTIONS)
            .order_by(MentionRow.id)
        )
        for row in session.execute(query):
            found.setdefault(row.release_id, []).append(_mention(row))
    return found


_MENTIONS = cast(Table, MentionRow.__table__)
_MERGED_COLUMNS = (
    MentionRow.release_id,
    MentionRow.model,
    MentionRow.params_total,
    MentionRow.params_active,
    MentionRow.license,
    MentionRow.open_weights,
    MentionRow.evidence,
    MentionRow.structured,
    MentionRow.notation,
)


def _mention(row: Any) -> ModelMention:  # a Row of _MERGED_COLUMNS and the vendor
    return ModelMention(
        vendor=row.vendor,
        model=row.model,
        params_total=row.params_total,
        params_active=row.params_active,
        license=row.license,
        open_weights=row.open_weights,
        evidence=row.evidence,
        structured=row.structured,
        notation=row.notation,
    )


def _apply(row: ReleaseRow, merged: Merged) -> None:
    for name in TRACKED:
        setattr(row, name, getattr(merged, name))


def _release(session: Session, row: ReleaseRow) -> Release:
    return _to_release(row, _sources_of(session, [row.id]).get(row.id, ()))


def _sources_of(session: Session, release_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The URLs of the entries behind each release, oldest report first; one query for a whole page."""
    found: dict[int, dict[str, None]] = {}
    for start in range(0, len(release_ids), 500):
        query = (
            select(MentionRow.release_id, EntryRow.canonical_url)
            .join(EntryRow, EntryRow.id == MentionRow.entry_id)
            .where(MentionRow.release_id.in_(release_ids[start : start + 500]), EntryRow.canonical_url.is_not(None))
            .order_by(EntryRow.published, EntryRow.id)
        )
        for release_id, url in session.execute(query):
            if url is not None:  # the query excludes them; the type does not know
                found.setdefault(release_id, {})[url] = None
    return {release_id: tuple(urls) for release_id, urls in found.items()}


def _change(row: ReleaseRow, sources: tuple[str, ...]) -> ReleaseChange:
    changes = row.last_changes or {}
    return ReleaseChange(
        _to_release(row, sources), tuple(changes.get("fields") or ()), dict(changes.get("previous") or {})
    )


def _to_release(row: ReleaseRow, sources: tuple[str, ...]) -> Release:
    return Release(
        id=row.id,
        vendor=row.vendor,
        model=row.model,
        family=row.family,
        params_total=row.params_total,
        params_active=row.params_active,
        license=row.license,
        open_weights=row.open_weights,
        region=row.region,
        first_seen=row.first_seen,
        announced_at=row.announced_at,
        sources=sources,
        updated_at=row.updated_at,
    )
