"""Entries: one row per item a source published, stored once and updated in place when it changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CompoundSelect, Row, Table, bindparam, func, insert, null, select, union_all, update
from sqlalchemy.orm import Session, sessionmaker

from releasewatch.dedup import Decision, Link, link_identity
from releasewatch.models import Facts, Item
from releasewatch.storage.records import StoredEntry, StoreOutcome
from releasewatch.storage.tables import EntryRow, SourceRow

_ENTRIES = cast(Table, EntryRow.__table__)
# On the Core table, not the mapped class: the ORM's bulk path builds per-row state that a plain executemany does
# not need (half the cost of storing a feed).
_INSERT = insert(_ENTRIES).returning(_ENTRIES.c.key, _ENTRIES.c.id)
_CHUNK = 500  # bound the IN (...) lists: SQLite caps bound parameters

# dedup.decide: the items, the stored content hash by key, the stored key by canonical URL → what to write
Decide = Callable[[Sequence[Item], dict[str, str], dict[Link, str]], Decision]


class EntryStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        # A source's row is never deleted or renamed (a renamed source is a new row), so its id can be kept.
        self._source_ids: dict[str, int] = {}

    def _source_id(self, session: Session, name: str) -> int:
        found = self._source_ids.get(name)
        if found is None:
            # All of them at once: a poll stores into every source, and one query beats a thousand.
            self._source_ids.update((name, id_) for name, id_ in session.execute(select(SourceRow.name, SourceRow.id)))
            found = self._source_ids.get(name)
            if found is None:
                found = _source_id(session, name)  # raises NoResultFound, as before
        return found

    def known(self, source: str, items: Sequence[Item]) -> tuple[dict[str, str], dict[Link, str]]:
        """What the database holds for these items: content hash by key, and key by canonical URL and title."""
        with self._sessions() as session:
            return _known(session, self._source_id(session, source), items)

    def apply(self, source: str, decision: Decision, *, now: datetime, announce_after: datetime | None) -> StoreOutcome:
        """Insert the new items and update the changed ones in one transaction.

        ``announce_after``: on a source's first contact, items published before it are stored as seen but not
        announced (so adding a feed with years of history does not flood anyone).
        """
        with self._sessions.begin() as session:
            return self._apply(session, self._source_id(session, source), source, decision, now, announce_after)

    def store_in(
        self,
        session: Session,
        source: str,
        items: Sequence[Item],
        decide: Decide,
        *,
        now: datetime,
        announce_after: datetime | None,
    ) -> StoreOutcome:
        """``known``, then the caller's ``decide``, then ``apply``, inside the caller's transaction: what a poll does
        with each fetched feed (``Storage.store_fetched`` records the source's success in the same transaction)."""
        source_id = self._source_id(session, source)
        decision = decide(items, *_known(session, source_id, items))
        return self._apply(session, source_id, source, decision, now, announce_after)

    def _apply(
        self,
        session: Session,
        source_id: int,
        source: str,
        decision: Decision,
        now: datetime,
        announce_after: datetime | None,
    ) -> StoreOutcome:
        if not (decision.new or decision.updated):
            return StoreOutcome(new=(), updated=(), unchanged=decision.unchanged)
        new = self._insert(session, source, [_new_values(source_id, i, now, announce_after) for i in decision.new])
        updated_rows = self._update(session, source_id, decision.updated, now)
        session.flush()
        return StoreOutcome(
            new=new,
            updated=tuple(_stored(row, source) for row in updated_rows),
            unchanged=decision.unchanged,
        )

    def _insert(self, session: Session, source: str, values: list[dict[str, Any]]) -> tuple[StoredEntry, ...]:
        """One multi-row INSERT … RETURNING per batch (SQLAlchemy's insertmanyvalues): a feed's 50 new entries as
        ORM objects cost 50 round trips, which made storing a third of a cold poll."""
        if not values:
            return ()
        # Rows come back in no promised order (asking for one makes SQLite insert row by row), so by their key,
        # which is unique within a source.
        ids = {key: entry_id for key, entry_id in session.execute(_INSERT, values)}
        return tuple(_stored_values(ids[row["key"]], row, source) for row in values)

    def _update(self, session: Session, source_id: int, items: Sequence[Item], now: datetime) -> list[EntryRow]:
        by_key = {item.key: item for item in items}
        rows: list[EntryRow] = []
        for chunk in _chunks(list(by_key)):
            query = select(EntryRow).where(EntryRow.source_id == source_id, EntryRow.key.in_(chunk))
            for row in session.scalars(query):
                item = by_key[row.key]
                row.title, row.text, row.content_hash = item.title, item.text, item.content_hash
                row.canonical_url = item.url or row.canonical_url
                row.facts, row.extra = _facts_json(item.facts), item.extra or None
                row.last_seen = now
                row.extracted = False
                rows.append(row)
        return rows

    def for_source(self, source: str, *, limit: int = 100) -> list[StoredEntry]:
        with self._sessions() as session:
            query = (
                select(EntryRow)
                .where(EntryRow.source_id == _source_id(session, source))
                .order_by(EntryRow.published.desc(), EntryRow.id.desc())
                .limit(limit)
            )
            return [_stored(row, source) for row in session.scalars(query)]

    def iter_all(self, *, batch: int = 500) -> Iterable[StoredEntry]:
        """Every stored entry, oldest first, in batches (for reprocessing without fetching)."""
        last_id = 0
        while True:
            with self._sessions() as session:
                query = (
                    select(*_ENTRY, SourceRow.name)
                    .join(SourceRow, SourceRow.id == EntryRow.source_id)
                    .where(EntryRow.id > last_id)
                    .order_by(EntryRow.id)
                    .limit(batch)
                )
                rows = session.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield _stored(row, row.name)
            last_id = rows[-1].id

    def unextracted(self, *, limit: int = 500, after: int = 0) -> list[StoredEntry]:
        """Entries whose current content has not been through extraction yet (oldest first), with ids above
        ``after`` (to read the next batch while the previous one is still being extracted)."""
        with self._sessions() as session:
            query = (
                select(*_ENTRY, SourceRow.name)
                .join(SourceRow, SourceRow.id == EntryRow.source_id)
                .where(EntryRow.extracted.is_(False), EntryRow.id > after)
                .order_by(EntryRow.id)
                .limit(limit)
            )
            return [_stored(row, row.name) for row in session.execute(query)]

    def still_unextracted(self, entries: Sequence[StoredEntry]) -> list[StoredEntry]:
        """Those of these copies whose entry is still as the copy has it and not yet extracted (ids and hashes
        read back, not whole entries)."""
        wanted = {entry.id: entry for entry in entries}
        found: list[StoredEntry] = []
        with self._sessions() as session:
            for chunk in _chunks(sorted(wanted)):
                query = select(EntryRow.id, EntryRow.content_hash).where(
                    EntryRow.extracted.is_(False), EntryRow.id.in_(chunk)
                )
                found += [
                    wanted[entry_id]
                    for entry_id, content_hash in session.execute(query)
                    if content_hash == wanted[entry_id].content_hash
                ]
        return sorted(found, key=lambda entry: entry.id)

    def count_unextracted(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).where(EntryRow.extracted.is_(False))) or 0

    def mark_extracted(self, entry_ids: Sequence[int]) -> None:
        with self._sessions.begin() as session:
            for chunk in _chunks(list(entry_ids)):
                session.execute(update(EntryRow).where(EntryRow.id.in_(chunk)).values(extracted=True))

    def recent_published(self, *, limit: int = 20) -> dict[str, list[datetime]]:
        """Publication times of each source's newest items, newest first (to learn its usual gap between items).

        One query for all sources: asked source by source, `status` on 1,000 sources made 2,000 round trips."""
        newest_first = EntryRow.published.desc()
        ranked = select(
            EntryRow.source_id,
            EntryRow.published,
            func.row_number().over(partition_by=EntryRow.source_id, order_by=newest_first).label("rank"),
        ).subquery()
        query = (
            select(SourceRow.name, ranked.c.published)
            .join(ranked, ranked.c.source_id == SourceRow.id)
            .where(ranked.c.rank <= limit)
            .order_by(SourceRow.name, ranked.c.rank)
        )
        found: dict[str, list[datetime]] = {}
        with self._sessions() as session:
            for name, published in session.execute(query):
                found.setdefault(name, []).append(published)
        return found

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(EntryRow)) or 0


def _known(session: Session, source_id: int, items: Sequence[Item]) -> tuple[dict[str, str], dict[Link, str]]:
    keys = [item.key for item in items]
    urls = list(dict.fromkeys(item.url for item in items if item.url))
    hashes: dict[str, str] = {}
    by_link: dict[Link, str] = {}
    # One round trip for both lookups (two for a feed over 500 items), each half on its own index: an OR of the
    # two would scan every stored entry of the source. Rows found by key carry no URL.
    key_chunks, url_chunks = list(_chunks(keys)), list(_chunks(urls))
    for index in range(max(len(key_chunks), len(url_chunks))):
        params = {
            "source_id": source_id,
            "keys": list(key_chunks[index]) if index < len(key_chunks) else [],
            "urls": list(url_chunks[index]) if index < len(url_chunks) else [],
        }
        for key, content_hash, url, title in session.execute(_KNOWN, params):
            if url is None:
                hashes[key] = content_hash
            else:
                if (link := link_identity(url, title or "")) is not None:
                    by_link.setdefault(link, key)
                hashes.setdefault(key, content_hash)
    return hashes, by_link


# Built once: constructing the statement cost as much as running it, once per fetched feed.
_KNOWN: CompoundSelect[Any] = union_all(
    select(EntryRow.key, EntryRow.content_hash, null().label("url"), null().label("title")).where(
        EntryRow.source_id == bindparam("source_id"), EntryRow.key.in_(bindparam("keys", expanding=True))
    ),
    select(EntryRow.key, EntryRow.content_hash, EntryRow.canonical_url, EntryRow.title).where(
        EntryRow.source_id == bindparam("source_id"), EntryRow.canonical_url.in_(bindparam("urls", expanding=True))
    ),
)


def _source_id(session: Session, name: str) -> int:
    return session.scalars(select(SourceRow.id).where(SourceRow.name == name)).one()


def _new_values(source_id: int, item: Item, now: datetime, announce_after: datetime | None) -> dict[str, Any]:
    published = item.published or now
    return {
        "source_id": source_id,
        "key": item.key,
        "canonical_url": item.url,
        "title": item.title,
        "published": published,
        "content_hash": item.content_hash,
        "text": item.text,
        "facts": _facts_json(item.facts),
        "extra": item.extra or None,
        "announce": announce_after is None or published >= announce_after,
        "first_seen": now,
        "last_seen": now,
        "extracted": False,
    }


def _stored_values(entry_id: int, values: dict[str, Any], source: str) -> StoredEntry:
    return StoredEntry(
        id=entry_id,
        source=source,
        key=values["key"],
        title=values["title"],
        url=values["canonical_url"],
        published=values["published"],
        text=values["text"],
        facts=Facts(**values["facts"]) if values["facts"] else None,
        announce=values["announce"],
        first_seen=values["first_seen"],
        content_hash=values["content_hash"],
    )


def _facts_json(facts: Facts | None) -> dict[str, Any] | None:
    return asdict(facts) if facts is not None else None


# What a StoredEntry needs, as plain columns: loading ORM objects cost twice as much for a large backlog.
_ENTRY = (
    EntryRow.id,
    EntryRow.key,
    EntryRow.title,
    EntryRow.canonical_url,
    EntryRow.published,
    EntryRow.text,
    EntryRow.facts,
    EntryRow.announce,
    EntryRow.first_seen,
    EntryRow.content_hash,
)


def _stored(row: EntryRow | Row[Any], source: str) -> StoredEntry:
    return StoredEntry(
        id=row.id,
        source=source,
        key=row.key,
        title=row.title,
        url=row.canonical_url,
        published=row.published,
        text=row.text,
        facts=Facts(**row.facts) if row.facts else None,
        announce=row.announce,
        first_seen=row.first_seen,
        content_hash=row.content_hash,
    )


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
