"""Digest benchmark: build one weekly digest on a database of 1,000 vs 100,000 releases (the same 200 in the window).

    .venv/bin/python bench/digest.py [--small 1000] [--large 100000] [--window 200] [--repeat 5]

Prints the median time to query and build the digest on each database, their ratio (goal < 1.5: indexed queries,
no full scans), and the time to render a 200-release digest to Slack, email and Markdown (goal: well under 1 s).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from releasewatch.digest import build_digest
from releasewatch.render.email import render_email
from releasewatch.render.markdown import render_markdown
from releasewatch.render.slack import render_slack
from releasewatch.storage import Storage
from releasewatch.storage.tables import ReleaseRow

NOW = datetime(2026, 11, 29, 9, tzinfo=UTC)
VENDORS = [("Alibaba", "CN"), ("DeepSeek", "CN"), ("OpenAI", "US"), ("Google", "US"), ("Mistral AI", "EU")]


def fill(storage: Storage, total: int, window: int) -> None:
    """``total`` releases: ``window`` of them first seen this week, the rest spread over the years before."""
    rows = []
    for index in range(total):
        vendor, region = VENDORS[index % len(VENDORS)]
        recent = index < window
        seen = NOW - (timedelta(hours=index % 160) if recent else timedelta(days=8 + index % 3000, minutes=index))
        rows.append(
            {
                "vendor": vendor,
                "vendor_key": vendor.casefold(),
                "model": f"Model-{index}",
                "model_key": f"model{index}",
                "family": f"Family-{index // 4}",
                "params_total": (index % 700 + 1) * 10**9,
                "params_active": None,
                "license": "Apache-2.0",
                "open_weights": True,
                "region": region,
                "announce": True,
                "first_seen": seen,
                "announced_at": seen,
                "updated_at": None,
            }
        )
    with storage.engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(insert(ReleaseRow), rows[start : start + 5000])


def build(storage: Storage) -> object:
    start, end = NOW - timedelta(days=7), NOW
    new = storage.releases.list(since=start, until=end, announced_only=True)
    return build_digest(new, storage.releases.changed_between(start, end), start=start, end=end)


def median_seconds(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--window", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = Storage.open(f"sqlite:///{Path(folder) / 'small.db'}")
        large = Storage.open(f"sqlite:///{Path(folder) / 'large.db'}")
        fill(small, args.small, args.window)
        fill(large, args.large, args.window)
        digest = build(large)
        small_time = median_seconds(lambda: build(small), args.repeat)
        large_time = median_seconds(lambda: build(large), args.repeat)
        render_time = median_seconds(
            lambda: (
                render_slack(digest),  # type: ignore[arg-type]
                render_email(digest, sender="bot@example.com", to=["team@example.com"]),  # type: ignore[arg-type]
                render_markdown(digest),  # type: ignore[arg-type]
            ),
            args.repeat,
        )
        small.close()
        large.close()
    rows = [
        ("releases in window (digest new count)", f"{args.window} ({digest.counts.new})"),  # type: ignore[attr-defined]
        (f"build on {args.small:,} releases", f"{small_time * 1000:.1f} ms (median of {args.repeat})"),
        (f"build on {args.large:,} releases", f"{large_time * 1000:.1f} ms"),
        ("large / small", f"{large_time / small_time:.2f}  (goal < 1.5)"),
        ("render to Slack + email + Markdown", f"{render_time * 1000:.1f} ms  (goal well under 1 s)"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
