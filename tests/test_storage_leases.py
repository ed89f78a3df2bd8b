"""Leases and named locks: replicas share due sources without overlap; a dead replica's leases expire."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from releasewatch.models import SourceState
from releasewatch.storage import Storage
from tests.conftest import NOW

NAMES = [f"feed-{i:02d}" for i in range(40)]
LEASE = timedelta(minutes=5)


def sync(storage: Storage) -> None:
    storage.sources.sync([(name, "rss", f"https://example.org/{name}") for name in NAMES])


def test_claims_are_disjoint_and_expire(storage: Storage) -> None:
    sync(storage)
    first = storage.leases.claim_due("a", NAMES, now=NOW, lease=LEASE, limit=25)
    second = storage.leases.claim_due("b", NAMES, now=NOW, lease=LEASE)
    assert len(first) == 25 and len(second) == 15 and not set(first) & set(second)
    assert storage.leases.claim_due("c", NAMES, now=NOW + timedelta(minutes=1), lease=LEASE) == []
    taken_over = storage.leases.claim_due("c", NAMES, now=NOW + LEASE + timedelta(seconds=1), lease=LEASE)
    assert sorted(taken_over) == sorted(NAMES)


def test_a_polled_source_is_not_due_until_next_due(storage: Storage) -> None:
    sync(storage)
    (name,) = storage.leases.claim_due("a", NAMES[:1], now=NOW, lease=LEASE)
    storage.sources.record_success(
        name, SourceState(), status="ok", now=NOW, next_due=NOW + timedelta(minutes=30), moved_to=None
    )
    assert storage.leases.claim_due("b", NAMES[:1], now=NOW + timedelta(minutes=10), lease=LEASE) == []
    assert storage.leases.claim_due("b", NAMES[:1], now=NOW + timedelta(minutes=31), lease=LEASE) == [name]


def test_claim_says_whether_another_replica_holds_the_source(storage: Storage) -> None:
    # The daemon retries a held source about an interval later rather than at the lease's end: otherwise the
    # replica that won one round wins every later one too (CI saw replicas poll 0, 4 and 56 times).
    sync(storage)
    name = NAMES[0]
    assert storage.leases.claim("a", name, now=NOW, lease=LEASE) == (True, None, False)
    held = storage.leases.claim("b", name, now=NOW + timedelta(seconds=1), lease=LEASE)
    assert held == (False, NOW + LEASE, True)
    storage.sources.record_success(
        name, SourceState(), status="ok", now=NOW, next_due=NOW + timedelta(minutes=30), moved_to=None
    )
    assert storage.leases.claim("b", name, now=NOW + timedelta(minutes=1), lease=LEASE) == (
        False,
        NOW + timedelta(minutes=30),
        False,
    )


def test_concurrent_replicas_never_claim_the_same_source(storage: Storage) -> None:
    sync(storage)

    def claim(owner: str) -> list[str]:
        got: list[str] = []
        for _ in range(10):
            got += storage.leases.claim_due(owner, NAMES, now=NOW, lease=LEASE, limit=3)
        return got

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(claim, ["r1", "r2", "r3", "r4"]))
    claimed = [name for result in results for name in result]
    assert len(claimed) == len(set(claimed)) == len(NAMES)


def test_release_all_frees_leases(storage: Storage) -> None:
    sync(storage)
    storage.leases.claim_due("a", NAMES, now=NOW, lease=LEASE)
    storage.leases.release_all("a")
    assert len(storage.leases.claim_due("b", NAMES, now=NOW, lease=LEASE)) == len(NAMES)


def test_named_lock(storage: Storage) -> None:
    assert storage.leases.acquire_lock("daemon", "one", now=NOW, ttl=LEASE)
    assert not storage.leases.acquire_lock("daemon", "two", now=NOW + timedelta(minutes=1), ttl=LEASE)
    assert storage.leases.lock_holder("daemon", now=NOW) == "one"
    assert storage.leases.acquire_lock("daemon", "one", now=NOW + timedelta(minutes=4), ttl=LEASE)  # renew
    assert storage.leases.acquire_lock("daemon", "two", now=NOW + timedelta(minutes=10), ttl=LEASE)  # expired
    storage.leases.release_lock("daemon", "two")
    assert storage.leases.lock_holder("daemon", now=NOW) is None
