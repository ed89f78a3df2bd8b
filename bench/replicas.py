"""Daemon scale-out benchmark: what 1 and N `releasewatch run` replicas poll, and what they cost PostgreSQL.

    .venv/bin/python bench/replicas.py [--feeds 300] [--interval 10] [--latency 0.05] [--seconds 40] [--replicas 3]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/test]

A local server serves N small RSS feeds (ETag + 304, as real feeds do) with added latency. For 1 replica and
then for --replicas replicas, in one run, the daemons poll a fresh PostgreSQL schema for --seconds after a warm-up
round; printed side by side: polls per minute achieved against the configured rate (feeds × 60 / interval),
the largest number of polls of one source within one interval (must be 1), and PostgreSQL's own counters for the
schema's tables (pg_stat_user_tables: index + sequential scans, rows inserted/updated) per poll and per minute.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from poll import FeedHandler


def feed(index: int) -> bytes:
    items = "".join(
        f"<item><title>Post {n} of blog {index}</title><link>https://blog{index}.example/{n}</link>"
        f"<guid>b{index}-{n}</guid><description>Nothing about models today.</description></item>"
        for n in range(5)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>b{index}</title>{items}</channel></rss>'.encode()


class Handler(FeedHandler):
    """bench/poll.py's feed server (ETag + 304 after a fixed latency), recording when each feed was asked."""

    hits: ClassVar[dict[str, list[float]]] = defaultdict(list)
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            self.hits[self.path].append(time.monotonic())
        super().do_GET()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a daemon stopped mid-request closes its connections; not the benchmark's business


def table_counters(engine: object, schema: str) -> dict[str, int]:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        row = connection.execute(
            text(
                "SELECT coalesce(sum(seq_scan),0), coalesce(sum(idx_scan),0), coalesce(sum(n_tup_ins),0),"
                " coalesce(sum(n_tup_upd),0) FROM pg_stat_user_tables WHERE schemaname = :s"
            ),
            {"s": schema},
        ).one()
    return {"scans": int(row[0]) + int(row[1]), "inserted": int(row[2]), "updated": int(row[3])}


def run_round(replicas: int, args: argparse.Namespace, base_url: str, folder: Path) -> dict[str, float]:
    schema = f"rw_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.database).update_query_dict({"options": f"-csearch_path={schema}"})
    env = {**os.environ, "RELEASEWATCH_DATABASE_URL": url.render_as_string(hide_password=False)}
    config = folder / "feeds.yaml"
    lines = [f"defaults: {{interval: {args.interval}s, timeout: 10s, concurrency: 32, per_host_concurrency: 32}}"]
    lines += ["sources:"] + [
        f'  - {{name: blog-{i:04d}, type: rss, url: "{base_url}/feed/{i}.xml"}}' for i in range(args.feeds)
    ]
    config.write_text("\n".join(lines) + "\n")
    command = [sys.executable, "-m", "releasewatch", "--config", str(config)]
    subprocess.run([*command, "db", "upgrade"], env=env, check=True)
    Handler.hits.clear()
    processes = [
        subprocess.Popen(
            [*command, "run", "--no-http", "--replica-id", f"r{n}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(folder / f"r{n}.log").open("wb"),
        )
        for n in range(replicas)
    ]
    try:
        # Warm-up: the cold round (every feed fetched, stored and extracted once) is over when every feed has been
        # asked twice; from then on it is the steady state of conditional GETs.
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and (
            len(Handler.hits) < args.feeds or min(len(hits) for hits in Handler.hits.values()) < 2
        ):
            time.sleep(0.5)
        before, started = table_counters(admin, schema), time.monotonic()
        time.sleep(args.seconds)
        after, ended = table_counters(admin, schema), time.monotonic()
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    minutes = (ended - started) / 60
    polls = sum(1 for hits in Handler.hits.values() for at in hits if started <= at < ended)
    worst = 0
    for path, hits in Handler.hits.items():
        window = [at for at in hits if started <= at < ended]
        for i, at in enumerate(window):
            close = sum(1 for other in window[i:] if other - at < args.interval * 0.8)
            if close > 1 and os.environ.get("BENCH_DEBUG"):
                print("close polls", path, [round(x - started, 2) for x in window])
            worst = max(worst, close)
    delta = {key: after[key] - before[key] for key in after}
    return {
        "polls_per_min": polls / minutes,
        "expected_per_min": args.feeds * 60 / args.interval,
        "max_polls_per_source_per_interval": worst,
        "scans_per_poll": delta["scans"] / max(polls, 1),
        "updates_per_poll": delta["updated"] / max(polls, 1),
        "inserts_per_poll": delta["inserted"] / max(polls, 1),
        "scans_per_min": delta["scans"] / minutes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    Handler.feeds = {f"/feed/{i}.xml": feed(i) for i in range(args.feeds)}
    Handler.latency = args.latency
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in (1, args.replicas):
            results[count] = run_round(count, args, base_url, Path(folder))
    print(
        f"{args.feeds} feeds, interval {args.interval:g} s, latency {args.latency * 1000:.0f} ms, "
        f"{args.seconds:g} s measured per round"
    )
    print(f"{'figure':42} " + " ".join(f"{f'{n} replica(s)':>14}" for n in results))
    for key in results[1]:
        print(f"{key:42} " + " ".join(f"{results[n][key]:>14.1f}" for n in results))
    one, many = results[1], results[args.replicas]
    ratio = many["scans_per_min"] / one["scans_per_min"]
    print(f"PostgreSQL scans per minute, {args.replicas} replicas / 1: {ratio:.2f}")


if __name__ == "__main__":
    main()
