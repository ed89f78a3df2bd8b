"""`releasewatch run` as a real subprocess against a local feed server and a local fake Slack (issue 7).

Intervals are a few seconds, so each test runs for seconds, not minutes. The database is SQLite or a throw-away
PostgreSQL schema (the db_url fixture); the replica test needs PostgreSQL.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.daemon import Daemon, wait_until
from tests.support.fakeslack import FakeSlack
from tests.support.feedserver import FeedServer, Reply
from tests.test_pipeline import POSTS, rss

TOKEN = "xoxb-daemon-test-secret-token"
FEED = {"Content-Type": "application/rss+xml"}
NEW_POST = (
    "Kimi K2 released",
    "https://blog.example/kimi-k2",
    "Moonshot AI released Kimi K2, a 1T-parameter Mixture-of-Experts model with 32B activated parameters, "
    "under a Modified MIT License.",
)


def write_config(
    path: Path,
    feeds: FeedServer,
    slack: FakeSlack,
    *,
    sources: tuple[str, ...] = ("blog",),
    interval: str = "2s",
    extra_destinations: str = "",
    mode: str = "[instant]",
) -> None:
    lines = [f"defaults: {{interval: {interval}, timeout: 3s}}", "sources:"]
    lines += [f'  - {{name: {name}, type: rss, url: "{feeds.url(f"/{name}.xml")}"}}' for name in sources]
    lines += [
        "destinations:",
        "  - name: team",
        "    type: slack",
        "    channel: C123",
        "    token: ${SLACK_TOKEN}",
        f"    api_url: {slack.base_url}",
        f"    mode: {mode}",
    ]
    path.write_text("\n".join(lines) + "\n" + extra_destinations)


def environment(tmp_path: Path, db_url: str) -> dict[str, str]:
    return {
        "SLACK_TOKEN": TOKEN,
        "RELEASEWATCH_DATABASE_URL": db_url,
        "RELEASEWATCH_CONFIG": str(tmp_path / "feeds.yaml"),
    }


def alerts(slack: FakeSlack) -> list[str]:
    return [str(call.body.get("text")) for call in slack.calls("chat.postMessage")]


def gaps(feeds: FeedServer, path: str) -> list[float]:
    times = [request.at for request in feeds.requests_to(path)]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_daemon_polls_on_schedule_alerts_once_serves_health_and_stops_on_sigterm(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    write_config(tmp_path / "feeds.yaml", feeds, slack)
    with Daemon(tmp_path, environment(tmp_path, db_url), "--log-format", "json") as daemon:
        wait_until(lambda: len(alerts(slack)) >= 2, 20, "the first two alerts")
        feeds.route("/blog.xml", Reply(headers=FEED, body=rss([*POSTS, NEW_POST])))
        wait_until(lambda: len(alerts(slack)) >= 3, 20, "the alert for the new post")
        wait_until(lambda: len(feeds.requests_to("/blog.xml")) >= 5, 20, "more scheduled polls")

        status, body = daemon.get("/healthz")
        assert status == 200 and json.loads(body)["database"] == "ok"
        status, metrics = daemon.get("/metrics")
        assert status == 200
        assert 'releasewatch_polls_total{source="blog",status="ok"}' in metrics
        assert 'releasewatch_source_seconds_since_success{source="blog"}' in metrics
        assert 'releasewatch_outbox_messages{destination="team",status="sent"} 3.0' in metrics
        assert daemon.get("/nope")[0] == 404

        code, seconds = daemon.stop()
    assert code == 0 and seconds < 10
    texts = alerts(slack)
    assert len(texts) == 3, texts  # each release once, across many polls
    assert any("Kimi K2" in t for t in texts)
    # On schedule: every poll at least most of an interval after the one before (2 s, ±10 % jitter).
    assert min(gaps(feeds, "/blog.xml")) > 1.5
    log = daemon.log()
    assert TOKEN not in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(line.get("source") == "blog" and "seconds" in line for line in lines)


def test_sigterm_during_a_hanging_fetch_exits_0_in_time(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    feeds.route("/blog.xml", Reply(hang=True))
    write_config(tmp_path / "feeds.yaml", feeds, slack, interval="1s")
    with Daemon(tmp_path, environment(tmp_path, db_url)) as daemon:
        wait_until(lambda: feeds.requests_to("/blog.xml"), 10, "the first fetch")
        code, seconds = daemon.stop()
    assert code == 0 and seconds < 10, daemon.log()


def test_kill_9_mid_poll_then_restart_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    feeds.route("/slow.xml", Reply(headers=FEED, body=rss([NEW_POST]), delay=6))
    write_config(tmp_path / "feeds.yaml", feeds, slack, sources=("blog", "slow"))
    env = environment(tmp_path, db_url)
    first = Daemon(tmp_path, env).start()
    try:
        wait_until(lambda: len(alerts(slack)) >= 2, 20, "the blog's alerts")
        # Recorded as sent, so the kill is not inside the one window no outbox closes (accepted by Slack, not yet
        # marked sent: that one message would rightly go again).
        sent = 'releasewatch_outbox_messages{destination="team",status="sent"} 2.0'
        wait_until(lambda: sent in first.get("/metrics")[1], 10, "the blog's alerts recorded as sent")
        assert feeds.requests_to("/slow.xml")
        first.kill()  # while the slow feed is in flight (6 s), holding its lease
    finally:
        first.__exit__(None, None, None)
    feeds.route("/slow.xml", Reply(headers=FEED, body=rss([NEW_POST])))
    with Daemon(tmp_path, env):
        wait_until(lambda: len(alerts(slack)) >= 3, 20, "the slow feed's alert after the restart")
        time.sleep(3)  # a few more polls of both feeds
    texts = alerts(slack)
    assert len(texts) == 3, texts
    assert sum("Kimi K2" in t for t in texts) == 1


def test_a_second_daemon_on_the_same_sqlite_file_refuses(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the single-daemon rule is SQLite's")
    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    write_config(tmp_path / "feeds.yaml", feeds, slack)
    env = environment(tmp_path, db_url)
    with Daemon(tmp_path, env):
        second = Daemon(tmp_path, env, replica="r2").start(wait=False)
        assert second.process is not None
        assert second.process.wait(20) == 2
        assert "only one daemon" in second.log()


def test_sighup_applies_a_good_config_and_keeps_the_old_one_on_a_bad_one(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    for name in ("blog", "more"):
        feeds.route(f"/{name}.xml", Reply(headers=FEED, body=rss(POSTS)))
    config = tmp_path / "feeds.yaml"
    write_config(config, feeds, slack, interval="1s")
    with Daemon(tmp_path, environment(tmp_path, db_url)) as daemon:
        wait_until(lambda: feeds.requests_to("/blog.xml"), 10, "the first poll")
        write_config(config, feeds, slack, sources=("blog", "more"), interval="1s")
        daemon.signal(signal.SIGHUP)
        wait_until(lambda: feeds.requests_to("/more.xml"), 10, "the source added by the reload")

        config.write_text(config.read_text().replace("type: rss", "tpye: rss", 1))
        daemon.signal(signal.SIGHUP)
        wait_until(lambda: "reload of" in daemon.log(), 10, "the reload error")
        polled = len(feeds.requests_to("/more.xml"))
        wait_until(lambda: len(feeds.requests_to("/more.xml")) > polled + 1, 10, "polls after the bad reload")
        assert daemon.healthy()
        code, _ = daemon.stop()
    assert code == 0
    assert "feeds.yaml:3: sources[0].type" in daemon.log()  # where and what


def test_a_digest_missed_while_down_is_sent_once_on_start(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    due = datetime.now(UTC) - timedelta(hours=1)
    write_config(tmp_path / "feeds.yaml", feeds, slack, mode="[digest]", interval="1h")
    config = (tmp_path / "feeds.yaml").read_text() + f'    schedule: "daily {due:%H:%M} UTC"\n'
    (tmp_path / "feeds.yaml").write_text(config)
    env = environment(tmp_path, db_url)
    poll = subprocess.run(
        [sys.executable, "-m", "releasewatch", "poll"], cwd=tmp_path, env={**os.environ, **env}, capture_output=True
    )
    assert poll.returncode == 0, poll.stderr
    # Yesterday's history: these releases were seen before the digest time that passed while no daemon ran.
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE releases SET first_seen = :t, announced_at = :t"), {"t": due - timedelta(hours=2)}
        )
    engine.dispose()
    with Daemon(tmp_path, env):
        wait_until(lambda: alerts(slack), 20, "the missed digest")
        time.sleep(1)
    with Daemon(tmp_path, env):
        time.sleep(2)
    texts = alerts(slack)
    assert len(texts) == 1, texts
    assert "DeepSeek" in texts[0] or "gpt-oss" in texts[0]


def test_three_replicas_share_sources_poll_each_once_per_interval_and_survive_a_kill(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("replicas need PostgreSQL (set RELEASEWATCH_TEST_DATABASE_URL)")
    names = tuple(f"feed{i}" for i in range(6))
    for name in names:
        feeds.route(f"/{name}.xml", Reply(headers=FEED, body=rss(POSTS)))
    write_config(tmp_path / "feeds.yaml", feeds, slack, sources=names)
    env = environment(tmp_path, db_url)
    upgrade = subprocess.run(
        [sys.executable, "-m", "releasewatch", "db", "upgrade"], env={**os.environ, **env}, capture_output=True
    )
    assert upgrade.returncode == 0, upgrade.stderr
    replicas = [Daemon(tmp_path, env, replica=f"r{i}").start(wait=False) for i in range(3)]
    try:
        for replica in replicas:
            wait_until(replica.healthy, 30, f"replica {replica.replica}")
        time.sleep(8)
        feeds.route("/feed0.xml", Reply(headers=FEED, body=rss([*POSTS, NEW_POST])))
        wait_until(lambda: len(alerts(slack)) >= 3, 20, "the new post's alert")
        time.sleep(2)  # recorded as sent before the kill (a kill inside that window rightly re-sends one message)
        replicas[0].kill()
        killed_at = time.monotonic()
        time.sleep(8)
        for replica in replicas[1:]:
            assert replica.stop()[0] == 0
    finally:
        for replica in replicas:
            replica.__exit__(None, None, None)
    for name in names:
        path = f"/{name}.xml"
        assert min(gaps(feeds, path)) > 1.5, (name, gaps(feeds, path))  # never twice in one 2 s interval
        assert any(request.at > killed_at + 3 for request in feeds.requests_to(path)), name  # still polled
    texts = alerts(slack)
    assert len(texts) == 3, texts  # every release alerted once, though six feeds and three replicas saw it
    polled_by = [replica.log().count("status=ok") + replica.log().count("status=not_modified") for replica in replicas]
    assert all(count > 0 for count in polled_by), polled_by  # the work was shared


def test_it_cannot_start_and_says_why_with_exit_2(tmp_path: Path, feeds: FeedServer, slack: FakeSlack) -> None:
    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    write_config(tmp_path / "feeds.yaml", feeds, slack)
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'x.db'}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = Daemon(tmp_path, env, "--http-port", str(port)).start(wait=False)
        assert busy.process is not None and busy.process.wait(20) == 2
    assert f"cannot serve /healthz on 127.0.0.1:{port}" in busy.log()

    down = Daemon(tmp_path, {**env, "RELEASEWATCH_DATABASE_URL": "postgresql+psycopg://rw:pw-secret@127.0.0.1:1/x"})
    down.start(wait=False)
    assert down.process is not None and down.process.wait(20) == 2
    assert "cannot open database" in down.log() and "pw-secret" not in down.log()
