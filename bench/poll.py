"""Polling benchmark: 1,000 feeds × 50 entries behind 100 ms of latency, measured side by side in one run.

    .venv/bin/python bench/poll.py [--feeds 1000] [--entries 50] [--latency 0.1] [--concurrency 32]

Prints (a) a cold `poll` into an empty SQLite database, (b) the same poll again (all 304), (c) the floors — the
latency floor (feeds × latency / concurrency) and the CPU floor (feedparser alone parsing the same bodies
in-process) — and (d) the naive loop a user would write (sequential `feedparser.parse(url)` over 50 feeds,
scaled), with the ratios and the peak RSS of the polling process.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import feedparser


def make_feed(index: int, entries: int) -> bytes:
    base = datetime(2026, 11, 1, tzinfo=UTC)
    items = []
    for n in range(entries):
        published = email.utils.format_datetime(base + timedelta(hours=n))
        items.append(
            f"<item><title>Vendor {index} releases Model-{n} with {n + 1}B parameters</title>"
            f"<link>https://vendor{index}.example/posts/{n}</link><guid>v{index}-{n}</guid>"
            f"<pubDate>{published}</pubDate><description>&lt;p&gt;Model-{n} is a {n + 1}B parameter model "
            f"released under the Apache 2.0 license. It beats the previous version on every benchmark."
            f"&lt;/p&gt;</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Vendor {index}</title><link>https://vendor{index}.example/</link><description>news</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


class FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # As production servers do on keep-alive connections (nginx's tcp_nodelay): without it, headers and body go
    # out in two writes and a reused connection stalls on Nagle + delayed ACK, ≈ 40 ms a response.
    disable_nagle_algorithm = True
    feeds: ClassVar[dict[str, bytes]] = {}
    latency = 0.1

    def do_GET(self) -> None:
        time.sleep(self.latency)
        body = self.feeds.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def start_server(feeds: dict[str, bytes], latency: float) -> tuple[Server, str]:
    FeedHandler.feeds = feeds
    FeedHandler.latency = latency
    server = Server(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def write_config(folder: Path, base: str, feeds: int, concurrency: int) -> Path:
    lines = [
        # All feeds share one host here, so the per-host limit is raised to the overall one (INTERFACE.md).
        f"defaults: {{concurrency: {concurrency}, per_host_concurrency: {concurrency}, timeout: 60s}}",
        "sources:",
    ]
    lines += [f'  - {{name: feed-{i:04d}, type: rss, url: "{base}/feed/{i}.xml"}}' for i in range(feeds)]
    path = folder / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def timed_poll(config: Path) -> tuple[float, dict[str, Any], int, tuple[float, float]]:
    """Run `releasewatch poll --json` as an operator would; returns seconds, the JSON, the child's peak RSS, and
    the CPU seconds it used (its own, its worker processes'): on a shared machine CPU time is the steadier figure."""
    started = time.perf_counter()
    script = (
        "import resource, sys, runpy; sys.argv=['releasewatch','--config',sys.argv[1],'poll','--json'];\n"
        "try:\n runpy.run_module('releasewatch', run_name='__main__')\n"
        # The workers are the fork server's children: stopping (and so reaping) it counts their CPU as ours.
        "finally:\n import multiprocessing.forkserver as f; f._forkserver._stop()\n"
        " own, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        # VmHWM is this process's own peak: ru_maxrss also carries the parent's (this script's) across fork + exec.
        " import os, re; proc = '/proc/self/status'\n"
        " hwm = re.search(r'VmHWM:\\s+(\\d+) kB', open(proc).read()) if os.path.exists(proc) else None\n"
        " peak = int(hwm.group(1)) if hwm else own.ru_maxrss\n"
        " print('RSS', peak, own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(config)],
        capture_output=True,
        text=True,
        # A RELEASEWATCH_DATABASE_URL in the caller's environment would win over the config: never bench (and
        # fill) the operator's own database; always a fresh SQLite file beside the temporary config.
        env={**os.environ, "RELEASEWATCH_DATABASE_URL": f"sqlite:///{config.parent / 'bench.db'}"},
    )
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"poll failed ({result.returncode}):\n{result.stderr[-2000:]}")
    fields = next(line.split()[1:] for line in result.stderr.splitlines() if line.startswith("RSS "))
    return seconds, json.loads(result.stdout), int(fields[0]), (float(fields[1]), float(fields[2]))


def cpu_floor(bodies: list[bytes]) -> float:
    # The same flags releasewatch passes (sources/rss.py): feedparser's default sanitizer and URI rewriter would
    # inflate the floor and so flatter the cold / floor ratio.
    started = time.process_time()
    for body in bodies:
        feedparser.parse(
            io.BytesIO(body),
            response_headers={"content-type": "application/rss+xml"},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    return time.process_time() - started


def naive_loop(base: str, sample: int) -> float:
    started = time.perf_counter()
    for i in range(sample):
        feedparser.parse(f"{base}/feed/{i}.xml")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--naive-sample", type=int, default=50)
    args = parser.parse_args()

    feeds = {f"/feed/{i}.xml": make_feed(i, args.entries) for i in range(args.feeds)}
    server, base = start_server(feeds, args.latency)
    with tempfile.TemporaryDirectory() as folder:
        config = write_config(Path(folder), base, args.feeds, args.concurrency)
        cold, cold_json, cold_rss, cold_cpu = timed_poll(config)
        warm, warm_json, warm_rss, warm_cpu = timed_poll(config)
    latency_floor = args.feeds * args.latency / args.concurrency
    cpu = cpu_floor(list(feeds.values()))
    naive = naive_loop(base, args.naive_sample) * args.feeds / args.naive_sample
    server.shutdown()

    floor = max(latency_floor, cpu)
    rows = [
        (
            "feeds × entries",
            f"{args.feeds} × {args.entries}, {args.latency * 1000:.0f} ms latency, concurrency {args.concurrency}",
        ),
        ("cold poll", f"{cold:.2f} s ({cold_json['new_entries']} new entries, {cold_json['failed_sources']} failed)"),
        (
            "  of which fetch → store",
            f"{cold_json['fetch_seconds']:.2f} s (every feed fetched, parsed, deduplicated and stored)",
        ),
        ("  of which extraction", f"{cold_json['extract_seconds']:.2f} s (models and releases from the new entries)"),
        ("  process start-up, config, schema", f"{cold - cold_json['seconds']:.2f} s"),
        ("  CPU used (poll process, workers)", f"{cold_cpu[0]:.2f} s, {cold_cpu[1]:.2f} s"),
        ("warm poll (304s)", f"{warm:.2f} s ({warm_json['new_entries']} new entries)"),
        ("  CPU used (poll process, workers)", f"{warm_cpu[0]:.2f} s, {warm_cpu[1]:.2f} s"),
        ("latency floor", f"{latency_floor:.2f} s"),
        ("CPU floor (feedparser only)", f"{cpu:.2f} s"),
        (f"naive loop (×{args.feeds // args.naive_sample} of {args.naive_sample})", f"{naive:.2f} s"),
        ("cold / max(floors)", f"{cold / floor:.2f}  (goal ≤ 2)"),
        # Steadier than the wall-clock ratios on a shared machine: how much work the poll does per unit of
        # feedparser's, and how well the cores were kept busy doing it.
        ("cold CPU / CPU floor", f"{sum(cold_cpu) / cpu:.2f}  (all the work, in feedparser-alone units)"),
        ("cold CPU / (cold × cores)", f"{sum(cold_cpu) / (cold * (os.cpu_count() or 1)):.2f}  (1.00: every core busy)"),
        ("cold fetch → store / max(floors)", f"{cold_json['fetch_seconds'] / floor:.2f}  (the polling engine alone)"),
        ("warm / cold", f"{warm / cold:.3f}  (goal < 0.10)"),
        ("naive / cold", f"{naive / cold:.1f}×  (goal ≥ 10)"),
        ("peak RSS (cold, warm)", f"{cold_rss / 1024:.0f} MB, {warm_rss / 1024:.0f} MB  (goal < 300 MB)"),
        ("this process peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
