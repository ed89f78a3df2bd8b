"""Delivery through the outbox: instant alerts after a poll, digests on demand or on schedule.

Every message is recorded as pending (with its rendered payload) before it is sent, and marked sent with the
remote id after. The unique (destination, key, part) row makes a second run — or a second replica — send
nothing. The one unavoidable window: a crash after the remote accepted a message and before the "sent" commit
leaves it pending, so the next run sends that one message again. It is never wider than one message, because
each is committed as soon as it is accepted.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from releasewatch.channels import Channel, channel_for
from releasewatch.config import Config, DestinationConfig
from releasewatch.digest import build_digest, matches
from releasewatch.errors import DeliveryError
from releasewatch.models import Release, ReleaseChange
from releasewatch.schedules import period_length, previous_occurrence
from releasewatch.sourcehealth import SourceHealth, notice
from releasewatch.storage import Storage

log = logging.getLogger("releasewatch.notify")

# A release first seen this recently and not yet alerted to a destination is alerted on the next run: a process
# killed between recording a release and alerting it loses nothing, and a new Slack channel hears of the last day.
ALERT_WINDOW = timedelta(hours=24)
# One sender per destination at a time, across replicas; renewed before each message, so a sender that dies
# frees it this long after its last message (its replica id takes it back at once on restart).
SENDER_LEASE = timedelta(minutes=2)


def default_owner() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass
class DeliveryOutcome:
    destination: str
    sent: int = 0
    skipped: int = 0  # already sent earlier (the outbox said so)
    pending: int = 0  # transient failure: kept for the next run
    failed: int = 0  # permanent failure: reported, not retried
    errors: list[str] = field(default_factory=list)
    previews: list[str] = field(default_factory=list)  # --dry-run
    period: tuple[datetime, datetime] | None = None

    @property
    def ok(self) -> bool:
        return not (self.pending or self.failed)


@dataclass
class Notifier:
    config: Config
    storage: Storage
    clock: Callable[[], datetime]
    channel: Callable[[DestinationConfig], Channel] = channel_for
    owner: str = field(default_factory=default_owner)
    _built: dict[str, Any] = field(default_factory=dict)

    def destinations(self, mode: str, names: Sequence[str] = ()) -> list[DestinationConfig]:
        chosen = [d for d in self.config.destinations if d.enabled and mode in d.mode]
        return [d for d in chosen if d.name in names] if names else chosen

    # --- instant alerts ---

    def alert(self, changed: Sequence[ReleaseChange] = ()) -> list[DeliveryOutcome]:
        """Alert every recent release not yet alerted to each instant destination, then edit changed ones.

        What is due comes from the database, not from the poll that just ran, so a release recorded by a process
        that died before alerting (or by another replica) is alerted too — once: the outbox key is the release.
        """
        outcomes = []
        recent = self.storage.releases.list(since=self.clock() - ALERT_WINDOW, announced_only=True)
        for config in self.destinations("instant"):
            channel = self.channel(config)
            outcome = DeliveryOutcome(config.name)
            for release in self._not_yet_alerted(config, recent):
                self._reserve(config.name, "instant", f"release:{release.id}", [channel.alert(release)])
            self._flush(config, channel, outcome)
            self._update_in_place(config, channel, changed, outcome)
            outcomes.append(outcome)
        return outcomes

    def _not_yet_alerted(self, config: DestinationConfig, recent: Sequence[Release]) -> list[Release]:
        recorded = self.storage.deliveries.keys(config.name, kind="instant", since=self.clock() - 2 * ALERT_WINDOW)
        due = [r for r in recent if f"release:{r.id}" not in recorded and matches(r, config.filter)]
        return sorted(due, key=lambda release: (release.first_seen, release.id))

    def _update_in_place(
        self, config: DestinationConfig, channel: Channel, changed: Sequence[ReleaseChange], outcome: DeliveryOutcome
    ) -> None:
        """A release that gained facts after its alert: edit the posted message instead of posting again."""
        if channel.update is None:
            return
        for change in changed:
            sent = self.storage.deliveries.get(config.name, f"release:{change.release.id}")
            if sent is None or sent.status != "sent" or not sent.remote_id:
                continue
            try:
                self._destination(config, channel).update(sent.remote_id, channel.decode(channel.update(change)))
            except DeliveryError as exc:
                outcome.errors.append(f"update of {change.release.model}: {exc}")
                log.warning("destination=%s update failed: %s", config.name, exc)

    # --- source health (mode: ops) ---

    def ops(self, healths: Sequence[SourceHealth]) -> list[DeliveryOutcome]:
        """Report each source once when it becomes broken, disabled or quiet, and once when it recovers."""
        outcomes = []
        for config in self.destinations("ops"):
            channel = self.channel(config)
            outcome = DeliveryOutcome(config.name)
            for health in healths:
                self._ops_notice(config.name, channel, health)
            self._flush(config, channel, outcome)
            outcomes.append(outcome)
        return outcomes

    def _ops_notice(self, destination: str, channel: Channel, health: SourceHealth) -> None:
        if health.is_problem:
            since = health.since.isoformat() if health.since else "-"
            key = f"ops:{health.name}:{health.state}:{since}"
            self._reserve(destination, "ops", key, [channel.ops(*notice(health))])
            return
        if health.state not in ("ok", "failing"):
            return
        last = self.storage.deliveries.latest_key(destination, prefix=f"ops:{health.name}:")
        if last is None or last.startswith(f"ops:{health.name}:recovered:"):
            return
        problem = last.split(":")[2]
        recovered = notice(health, recovered_from=problem)
        self._reserve(destination, "ops", f"ops:{health.name}:recovered:{last}", [channel.ops(*recovered)])

    # --- digests ---

    def digest(
        self,
        names: Sequence[str] = (),
        *,
        since: datetime | None = None,
        end: datetime | None = None,
        dry_run: bool = False,
        force: bool = False,
    ) -> list[DeliveryOutcome]:
        end = end or self.clock()
        return [
            self._digest_one(config, since=since, end=end, dry_run=dry_run, force=force)
            for config in self.destinations("digest", names)
        ]

    def scheduled_digests(self, names: Sequence[str] = ()) -> list[DeliveryOutcome]:
        """The digest of each destination's latest scheduled time, unless already recorded: the daemon's cron job,
        and at start-up the one whose time passed while no daemon ran. Every replica computes the same period,
        so the outbox key makes it one message."""
        now = self.clock()
        outcomes = []
        for config in self.destinations("digest", names):
            end = previous_occurrence(config.schedule, now)
            last = self.storage.deliveries.last_period_end(config.name)
            if last is not None and last >= end:
                continue
            outcomes.append(self._digest_one(config, since=None, end=end, dry_run=False, force=False))
        return outcomes

    def flush_all(self) -> list[DeliveryOutcome]:
        """Retry whatever is pending for every destination (a Slack 500 earlier, a crash mid-send)."""
        outcomes = []
        for config in self.config.destinations:
            if config.enabled:  # _flush looks at the pending rows itself, and takes no lock when there are none
                outcome = DeliveryOutcome(config.name)
                self._flush(config, self.channel(config), outcome)
                outcomes.append(outcome)
        return outcomes

    def digest_preview(self, config: DestinationConfig, *, since: datetime | None, end: datetime) -> DeliveryOutcome:
        return self._digest_one(config, since=since, end=end, dry_run=True, force=False)

    def _digest_one(
        self, config: DestinationConfig, *, since: datetime | None, end: datetime, dry_run: bool, force: bool
    ) -> DeliveryOutcome:
        channel = self.channel(config)
        outcome = DeliveryOutcome(config.name)
        if not dry_run:
            self._flush(config, channel, outcome)  # what an earlier run left pending goes first, in order
        start = since or self._period_start(config, end, force)
        outcome.period = (start, end)
        new = self.storage.releases.list(since=start, until=end, announced_only=True)
        changed = self.storage.releases.changed_between(start, end)
        document = build_digest(new, changed, start=start, end=end, filter=config.filter)
        if document.is_empty:
            return outcome
        payloads = channel.digest(document)
        if dry_run:
            outcome.previews = [channel.preview(payload) for payload in payloads]
            return outcome
        key = f"digest:{start.isoformat()}" + (f":forced:{end.isoformat()}" if force else "")
        if not self._reserve(config.name, "digest", key, payloads, period_end=end):
            outcome.skipped += len(payloads)
        self._flush(config, channel, outcome)
        return outcome

    def _period_start(self, config: DestinationConfig, end: datetime, force: bool) -> datetime:
        """Since the previous digest to this destination; the first one reaches back one schedule period."""
        previous = None if force else self.storage.deliveries.last_period_end(config.name)
        return previous if previous is not None and previous < end else end - period_length(config.schedule)

    # --- the outbox ---

    def _reserve(
        self,
        destination: str,
        kind: str,
        key: str,
        payloads: list[dict[str, Any]],
        *,
        period_end: datetime | None = None,
    ) -> bool:
        """Record every part as pending; False when this message was recorded before (sent or pending)."""
        now = self.clock()
        reserved = False
        for part, payload in enumerate(payloads):
            body = {"message": payload, "period_end": period_end.isoformat() if period_end else None}
            reserved |= (
                self.storage.deliveries.reserve(destination, kind, key, part=part, payload=body, now=now) is not None
            )
        return reserved

    def _flush(self, config: DestinationConfig, channel: Channel, outcome: DeliveryOutcome) -> None:
        """Send what is pending for this destination, oldest first, as its only sender across replicas."""
        if not self.storage.deliveries.pending(config.name):
            return  # nothing to send: no lock taken (a daemon flushes every minute)
        claim = f"sender:{config.name}"
        if not self.storage.leases.acquire_lock(claim, self.owner, now=self.clock(), ttl=SENDER_LEASE):
            # Another process is sending to this destination; what we reserved is in its queue or the next one.
            log.info("destination=%s another process is sending; left to it", config.name)
            return
        try:
            self._send_pending(config, channel, outcome, claim)
        finally:
            self.storage.leases.release_lock(claim, self.owner)

    def _send_pending(self, config: DestinationConfig, channel: Channel, outcome: DeliveryOutcome, claim: str) -> None:
        """Stop at a transient failure, so that messages keep their order."""
        for delivery in self.storage.deliveries.pending(config.name):
            if not self.storage.leases.acquire_lock(claim, self.owner, now=self.clock(), ttl=SENDER_LEASE):
                return  # our lease lapsed during a slow send and another replica took over: it sends the rest
            message = channel.decode((delivery.payload or {})["message"])
            try:
                receipt = self._destination(config, channel).send(message)
            except DeliveryError as exc:
                self.storage.deliveries.mark_attempt_failed(
                    delivery.id, error=str(exc), permanent=not exc.transient, now=self.clock()
                )
                outcome.errors.append(str(exc))
                log.warning("destination=%s %s %s: %s", config.name, delivery.kind, delivery.dedup_key, exc)
                if exc.transient:
                    outcome.pending += len(self.storage.deliveries.pending(config.name))
                    return
                outcome.failed += 1
                continue
            self.storage.deliveries.mark_sent(delivery.id, remote_id=receipt.remote_id, now=self.clock())
            outcome.sent += 1

    def _destination(self, config: DestinationConfig, channel: Channel) -> Any:
        if config.name not in self._built:
            self._built[config.name] = channel.build()
        return self._built[config.name]
