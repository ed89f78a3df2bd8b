"""`releasewatch run`: APScheduler 3.x as this process's timer, the database as the fleet's coordinator.

Each source has a job at its interval (with jitter); when it fires, the source is *claimed* in the database
(storage/leases.py: a lease taken under ``FOR UPDATE SKIP LOCKED``) and polled only if it is due and no one else
holds it, so any number of replicas on one PostgreSQL poll each source once per interval. After a poll the job
is moved to the source's stored ``next_due`` (which carries backoff and Retry-After). Deliveries go through the
outbox (notify.py), whose unique keys and per-destination sender lock make them exactly-once across replicas.
On SQLite one daemon runs per database (runlock.py).

Threads: the event loop runs the scheduler and the HTTP fetches; database writes that follow a poll (extraction,
alerts, digests, ops notices) run one at a time on a single worker thread, so a slow Slack never stalls fetching
or signal handling; /healthz and /metrics are served from their own thread (healthserver.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from releasewatch.app import App
from releasewatch.config import Config, DestinationConfig, InvalidConfig, SourceConfig, load_config
from releasewatch.errors import ReleasewatchError
from releasewatch.healthserver import HealthServer
from releasewatch.metrics import Metrics
from releasewatch.notify import DeliveryOutcome
from releasewatch.poll import Poller, sync_sources
from releasewatch.runlock import RunLock
from releasewatch.storage.engine import driver_reason

if TYPE_CHECKING:
    from releasewatch.sources._http import HttpClient

log = logging.getLogger("releasewatch.daemon")
T = TypeVar("T")

HEARTBEAT_STALE = 30.0  # seconds without an event-loop tick before /healthz reports the loop stalled
HOUSEKEEPING_MAX = timedelta(seconds=60)


@dataclass(frozen=True)
class DaemonOptions:
    config_path: Path
    replica_id: str
    http_host: str = "127.0.0.1"
    http_port: int | None = 9184  # None: no HTTP server (--no-http)
    shutdown_grace: float = 8.0  # SIGTERM to exit: INTERFACE promises under 10 s


class Daemon:
    def __init__(self, app: App, options: DaemonOptions) -> None:
        self.app = app
        self.options = options
        self.owner = options.replica_id
        app.owner = options.replica_id
        self.metrics = Metrics(lambda: self.app.storage, app.clock)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="releasewatch-worker")
        self.scheduler: AsyncIOScheduler | None = None
        self.http: HttpClient | None = None
        self.server: HealthServer | None = None
        self.poller: Poller | None = None
        self.stopping = False
        self.heartbeat = time.monotonic()
        self.rng = random.Random()
        self._limit: asyncio.Semaphore | None = None
        self._stop: asyncio.Event | None = None
        self._runlock: RunLock | None = None

    # --- lifecycle ---

    def run(self) -> int:
        """Run until SIGTERM/SIGINT; 0 on a clean stop. Raises ReleasewatchError when it cannot start."""
        self._take_single_instance_lock()
        try:
            return asyncio.run(self._main())
        finally:
            if self._runlock is not None:
                self._runlock.release()

    def _take_single_instance_lock(self) -> None:
        url = make_url(self.app.database_url)
        if url.get_backend_name() != "sqlite":
            # Replica ids are unique among running replicas, so leases and locks under ours are a previous life's
            # (a kill -9 and a restart under the same name): take them back instead of waiting for them to expire.
            self.app.storage.leases.release_all(self.owner)
            return
        if not url.database or url.database == ":memory:":
            raise ReleasewatchError("`releasewatch run` needs a database file or PostgreSQL, not an in-memory SQLite")
        self._runlock = RunLock(Path(url.database))
        self._runlock.acquire()
        # The only daemon on this file: leases and sender locks left by a predecessor killed with -9 are stale.
        self.app.storage.leases.clear_everything()

    async def _main(self) -> int:
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stop.set)
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        from releasewatch.sources._http import HttpClient

        config = self.app.config
        self.http = HttpClient(per_host=config.defaults.per_host_concurrency, connections=config.defaults.concurrency)
        self._limit = asyncio.Semaphore(config.defaults.concurrency)
        self._start_http()
        beat = asyncio.create_task(self._beat())
        try:
            if await self._until_stopped(self._in_worker(self._catch_up)):
                self._start_scheduler(loop)
                log.info(
                    "running: replica=%s sources=%d destinations=%d database=%s",
                    self.owner,
                    sum(s.enabled for s in config.sources),
                    sum(d.enabled for d in config.destinations),
                    self.app.storage.dialect,
                    extra={"replica": self.owner},
                )
                await self._stop.wait()
        finally:
            beat.cancel()
            await self._shutdown()
        return 0

    async def _until_stopped(self, work: Awaitable[Any]) -> bool:
        """Await ``work`` unless a stop signal comes first; True when the work finished."""
        assert self._stop is not None
        task = asyncio.ensure_future(work)
        stop = asyncio.ensure_future(self._stop.wait())
        done, _ = await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if task in done:
            task.result()
            return True
        return False

    async def _shutdown(self) -> None:
        self.stopping = True
        self.metrics.up.set(0)
        started = time.monotonic()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)  # cancels running poll jobs at their next await: nothing half-stored
        remaining = max(0.5, self.options.shutdown_grace - (time.monotonic() - started))
        finished = await self._drain_worker(remaining)
        try:
            self.app.storage.leases.release_all(self.owner)
        except ReleasewatchError as exc:
            log.warning("could not give back leases (they expire on their own): %s", exc)
        if self.http is not None:
            await self.http.aclose()
        if self.server is not None:
            self.server.stop()
        log.info("stopped: replica=%s", self.owner, extra={"replica": self.owner})
        if not finished:
            # The worker is inside a delivery or a transaction; its outbox row stays pending and is retried.
            log.warning("abandoning work still running after %.0f s", self.options.shutdown_grace)
            logging.shutdown()
            os._exit(0)

    async def _drain_worker(self, timeout: float) -> bool:
        self.worker.shutdown(wait=False, cancel_futures=True)
        try:
            await asyncio.wait_for(asyncio.to_thread(self.worker.shutdown, wait=True), timeout)
        except TimeoutError:
            return False
        return True

    async def _beat(self) -> None:
        while True:
            self.heartbeat = time.monotonic()
            await asyncio.sleep(1)

    # --- scheduling ---

    def _start_scheduler(self, loop: asyncio.AbstractEventLoop) -> None:
        self.scheduler = AsyncIOScheduler(
            event_loop=loop,
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
        )
        self._schedule_all()
        self.scheduler.start()
        self.metrics.up.set(1)

    def _schedule_all(self) -> None:
        assert self.scheduler is not None
        config = self.app.config
        redact = self.app.redactor().redact
        self.poller = Poller(config, self.app.storage, self.app.clock, on_entries=lambda entries: 0, redact=redact)
        self.scheduler.remove_all_jobs()
        now = self.app.clock()
        for source in config.sources:
            if source.enabled:
                self._add_source_job(source, now)
        for destination in config.destinations:
            if destination.enabled and "digest" in destination.mode:
                self._add_digest_job(destination)
        every = min([self._interval(s) for s in config.sources if s.enabled] + [HOUSEKEEPING_MAX])
        self.scheduler.add_job(
            self._housekeeping,
            IntervalTrigger(seconds=max(1.0, every.total_seconds()), timezone=UTC),
            id="housekeeping",
            misfire_grace_time=None,
        )

    def _add_source_job(self, source: SourceConfig, now: datetime) -> None:
        assert self.scheduler is not None
        interval = self._interval(source).total_seconds()
        record = self.app.storage.sources.get(source.name)
        first = max(record.next_due or now, now) + timedelta(seconds=self.rng.uniform(0, min(interval * 0.1, 5.0)))
        self.scheduler.add_job(
            self._poll_job,
            IntervalTrigger(seconds=interval, jitter=interval * 0.1, timezone=UTC),
            args=[source.name],
            id=f"poll:{source.name}",
            name=f"poll {source.name}",
            next_run_time=first,
            misfire_grace_time=max(1, int(interval)),  # a late poll still runs once; coalesce folds the backlog
        )

    def _add_digest_job(self, destination: DestinationConfig) -> None:
        assert self.scheduler is not None
        schedule = destination.schedule
        self.scheduler.add_job(
            self._digest_job,
            CronTrigger(
                day_of_week=schedule.days, hour=schedule.hour, minute=schedule.minute, timezone=schedule.timezone
            ),
            args=[destination.name],
            id=f"digest:{destination.name}",
            name=f"digest {destination.name}",
            misfire_grace_time=6 * 3600,
        )

    def _interval(self, source: SourceConfig) -> timedelta:
        return self.app.config.interval_of(source)

    def _reschedule(self, name: str, due: datetime | None) -> None:
        """Move the source's job to its next_due, the one truth shared by all replicas (None: retry soon)."""
        if self.scheduler is None or self.stopping:
            return
        interval = self._interval(self.app.config.source(name))
        now = self.app.clock()
        # Never sooner than a twentieth of the interval: a source another replica is polling right now is due
        # but leased, and must not be retried in a tight loop.
        at = max(due or now, now + max(interval / 20, timedelta(seconds=1)))
        at += timedelta(seconds=self.rng.uniform(0, min(interval.total_seconds() * 0.05, 5.0)))
        with contextlib.suppress(JobLookupError):  # removed by a reload meanwhile
            self.scheduler.modify_job(f"poll:{name}", next_run_time=at)

    # --- jobs ---

    async def _poll_job(self, name: str) -> None:
        if self.stopping or self.poller is None or self._limit is None:
            return
        storage, poller = self.app.storage, self.poller
        try:
            source = self.app.config.source(name)
            lease = max(4 * (source.timeout or self.app.config.defaults.timeout), timedelta(seconds=10))
            now = self.app.clock()
            claim = storage.leases.claim(self.owner, name, now=now, lease=lease)
            if not claim.claimed:
                retry = claim.retry_at
                if claim.held:
                    # The holder will set next_due about an interval from now; waiting for its lease to run out
                    # instead would leave every later round to the replica that happened to win this one.
                    interval = self._interval(source)
                    retry = min(retry, now + interval) if retry is not None else None
                self._reschedule(name, retry)  # not due yet, or another replica has it
                return
            released = False
            try:
                async with self._limit:
                    report = await poller.poll([name], http=self.http, sync=False)
                # Recording the outcome gave the lease back, unless the source was skipped.
                released = all(outcome.next_due is not None for outcome in report.sources)
            finally:
                if not released:
                    storage.leases.release(self.owner, [name])
            self.metrics.observe_poll(report)
            self._reschedule(name, report.sources[0].next_due if report.sources else None)
        except (ReleasewatchError, KeyError) as exc:
            log.warning("source=%s poll job failed: %s", name, exc, extra={"source": name, "error": str(exc)})
            return
        except DBAPIError as exc:  # the database went away: say so in one line, retry on the next tick
            reason = driver_reason(exc)
            log.warning("source=%s poll job failed: database unavailable: %s", name, reason, extra={"source": name})
            return
        if report.new_entries or report.updated_entries:
            await self._in_worker(self._after_poll)

    def _after_poll(self) -> None:
        """Extraction, then instant alerts for what it found (worker thread)."""
        before = self.app.storage.releases.count()
        self.app.process_entries()
        self.metrics.releases.inc(max(0, self.app.storage.releases.count() - before))
        self._observe(self.app.send_alerts())

    async def _digest_job(self, name: str) -> None:
        if not self.stopping:
            await self._in_worker(self._digest_due, name)

    def _digest_due(self, name: str) -> None:
        self._observe(self.app.notifier().scheduled_digests([name]))

    async def _housekeeping(self) -> None:
        if not self.stopping:
            await self._in_worker(self._catch_up)

    def _catch_up(self) -> None:
        """What a crash, an outage or a down Slack left behind: unextracted entries, unalerted releases, pending
        messages, a digest whose time passed while no daemon ran, and source-health notices."""
        sync_sources(self.app.config, self.app.storage)
        self.app.process_entries()
        self._observe(self.app.send_alerts())
        notifier = self.app.notifier()
        self._observe(notifier.scheduled_digests())
        self._observe(notifier.flush_all())
        self._observe(self.app.send_ops_notices())

    def _observe(self, outcomes: list[DeliveryOutcome]) -> None:
        for outcome in outcomes:
            self.metrics.observe_delivery(
                outcome.destination, sent=outcome.sent, pending=outcome.pending, failed=outcome.failed
            )
            if outcome.sent:
                log.info(
                    "destination=%s sent=%d",
                    outcome.destination,
                    outcome.sent,
                    extra={"destination": outcome.destination, "sent": outcome.sent},
                )

    async def _in_worker(self, function: Callable[..., T], *args: Any) -> T | None:
        """Run blocking work on the single worker thread; our own errors are logged, not fatal."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.worker, function, *args)
        except ReleasewatchError as exc:
            log.warning("%s failed: %s", getattr(function, "__name__", "work"), exc, extra={"error": str(exc)})
        except DBAPIError as exc:
            reason = driver_reason(exc)
            log.warning("%s failed: database unavailable: %s", getattr(function, "__name__", "work"), reason)
        except RuntimeError:
            if not self.stopping:  # "cannot schedule new futures after shutdown" is expected while stopping
                raise
        return None

    # --- reload and health ---

    def reload(self) -> None:
        """SIGHUP: read feeds.yaml again; a bad file is reported and the running config kept."""
        path = self.options.config_path
        try:
            config = load_config(path)
        except InvalidConfig as exc:
            self.metrics.reloads.labels("failed").inc()
            log.error("reload of %s failed; still running the previous config:\n%s", path, exc)
            return
        except OSError as exc:
            self.metrics.reloads.labels("failed").inc()
            log.error("reload of %s failed (%s); still running the previous config", path, exc.strerror or exc)
            return
        self._apply(config)
        self.metrics.reloads.labels("ok").inc()
        log.info("reloaded %s: %d sources, %d destinations", path, len(config.sources), len(config.destinations))

    def _apply(self, config: Config) -> None:
        if config.database_url != self.app.config.database_url:
            log.warning("database.url changed in %s: it takes effect on restart", self.options.config_path)
        self.app.use_config(config)
        sync_sources(config, self.app.storage)
        if self.scheduler is not None and not self.stopping:
            self._schedule_all()

    def health(self) -> tuple[bool, dict[str, Any]]:
        lag = time.monotonic() - self.heartbeat
        running = self.scheduler is not None and self.scheduler.running and not self.stopping
        body: dict[str, Any] = {
            "replica": self.owner,
            "scheduler": "running" if running else "stopped",
            "loop_lag_seconds": round(lag, 1),
        }
        try:
            self.app.storage.ping()
            body["database"] = "ok"
        except ReleasewatchError as exc:
            body["database"] = str(exc)
        ok = running and body["database"] == "ok" and lag < HEARTBEAT_STALE
        body["status"] = "ok" if ok else "unavailable"
        return ok, body

    def _start_http(self) -> None:
        if self.options.http_port is None:
            return
        try:
            self.server = HealthServer(self.options.http_host, self.options.http_port, self.health, self.metrics)
        except OSError as exc:
            raise ReleasewatchError(
                f"cannot serve /healthz on {self.options.http_host}:{self.options.http_port}: {exc.strerror or exc}"
                " (choose another --http-port, or --no-http)"
            ) from None
        self.server.start()
        host, port = self.server.address
        log.info("serving /healthz and /metrics on http://%s:%d", host, port)
