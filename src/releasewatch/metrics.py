"""Prometheus metrics for the daemon: counters for what this process did, gauges read from the database at scrape
time (so every replica reports the same fleet-wide truth for sources, releases and the outbox)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from releasewatch.poll import PollReport
from releasewatch.storage import Storage


class Metrics:
    def __init__(self, storage: Callable[[], Storage], clock: Callable[[], datetime]) -> None:
        # Our own registry, not the library's global one: tests build several daemons in one process.
        self.registry = registry = CollectorRegistry(auto_describe=True)
        self.polls = Counter(
            "releasewatch_polls",
            "Source polls by outcome (ok, not_modified, error, skipped).",
            ["source", "status"],
            registry=registry,
        )
        self.failures = Counter("releasewatch_poll_failures", "Failed source polls.", ["source"], registry=registry)
        self.entries = Counter(
            "releasewatch_entries_stored", "Entries stored by this process.", ["source", "kind"], registry=registry
        )
        self.releases = Counter("releasewatch_releases_created", "Releases created by this process.", registry=registry)
        self.deliveries = Counter(
            "releasewatch_deliveries",
            "Messages this process tried to deliver.",
            ["destination", "status"],
            registry=registry,
        )
        self.reloads = Counter(
            "releasewatch_config_reloads", "SIGHUP reloads of feeds.yaml.", ["result"], registry=registry
        )
        self.up = Gauge("releasewatch_scheduler_running", "1 while the scheduler runs.", registry=registry)
        registry.register(DatabaseCollector(storage, clock))

    def observe_poll(self, report: PollReport) -> None:
        for outcome in report.sources:
            self.polls.labels(outcome.name, outcome.status).inc()
            if outcome.failed:
                self.failures.labels(outcome.name).inc()
            self.entries.labels(outcome.name, "new").inc(outcome.new_entries)
            self.entries.labels(outcome.name, "updated").inc(outcome.updated_entries)

    def observe_delivery(self, destination: str, *, sent: int, pending: int, failed: int) -> None:
        for status, count in (("sent", sent), ("pending", pending), ("failed", failed)):
            if count:
                self.deliveries.labels(destination, status).inc(count)


class DatabaseCollector(Collector):
    """Gauges computed from the database on each scrape; a scrape while the database is down yields none."""

    def __init__(self, storage: Callable[[], Storage], clock: Callable[[], datetime]) -> None:
        self._storage = storage
        self._clock = clock

    def describe(self) -> list[GaugeMetricFamily]:
        return []  # families are only known at collect time; describing none keeps registration cheap

    def collect(self) -> Iterator[GaugeMetricFamily]:
        storage, now = self._storage(), self._clock()
        since = GaugeMetricFamily(
            "releasewatch_source_seconds_since_success",
            "Seconds since each source's last successful poll (absent when it never succeeded).",
            labels=["source"],
        )
        failing = GaugeMetricFamily(
            "releasewatch_source_consecutive_failures", "Failed polls in a row, by source.", labels=["source"]
        )
        for record in storage.sources.all():
            failing.add_metric([record.name], record.consecutive_failures)
            if record.last_success is not None:
                since.add_metric([record.name], (now - record.last_success).total_seconds())
        yield since
        yield failing
        yield GaugeMetricFamily("releasewatch_entries", "Entries stored.", value=storage.entries.count())
        yield GaugeMetricFamily("releasewatch_releases", "Releases stored.", value=storage.releases.count())
        outbox = GaugeMetricFamily(
            "releasewatch_outbox_messages",
            "Outbox messages by destination and status.",
            labels=["destination", "status"],
        )
        for destination, status, count in storage.deliveries.counts():
            outbox.add_metric([destination, status], count)
        yield outbox
