"""Every hostile case of issue 5 in one poll, beside a healthy feed, over a real local server.

Each source is first polled while healthy, so the test can check that nothing stored earlier is lost; then every
one turns hostile at once. The poll runs as an operator runs it (a subprocess), so its peak memory is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from releasewatch.cli import cli
from tests.support.feedserver import FeedServer, Reply, endless, gzip_bomb
from tests.test_poll import RSS_TYPE, Env, by_name, posts, rss

SECRET = "releasewatch-test-secret-7f3a"
TIMEOUT = 2  # seconds: the silent server's bound; the others get more, so a loaded machine cannot fail them
MAX_RSS_MB = 250  # a poll process is ≈ 90 MB; the gzip bomb alone would be 1 GiB


@pytest.fixture
def env(tmp_path: Path, feeds: FeedServer, db_url: str) -> Env:
    return Env(tmp_path, feeds, db_url)  # (``feeds``: the local feed server of conftest.py)


def _item(guid: str, *, title: str | None = "T", link: str | None = None, date: bool = True) -> str:
    parts = [f'<guid isPermaLink="false">{guid}</guid>']
    if title is not None:
        parts.append(f"<title>{title}</title>")
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if date:
        parts.append("<pubDate>Sun, 29 Nov 2026 10:00:00 GMT</pubDate>")
    return f"<item>{''.join(parts)}<description>About {guid}.</description></item>"


def _channel(items: str, *, prolog: str = "", declaration: str = '<?xml version="1.0"?>') -> str:
    return f'{declaration}{prolog}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def hostile_replies(secret: Path) -> dict[str, Reply]:
    """name → what the source serves once hostile. Names ending in "_ok" still parse (with or without warnings)."""
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    billion = _channel(_item("laughs", title="&lol9;"), prolog=f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{laughs}]>')
    xxe = _channel(_item("xxe", title="&xxe;"), prolog=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>')
    latin1 = _channel(_item("latin", title="Café Zürich ± naïve"), declaration="")
    cp1252 = _channel(_item("latin", title="Café Zürich – 5 € naïve"), declaration="")  # – and € are cp1252's own
    duplicates = _channel(_item("same", title="first") + _item("same", title="second"))
    many = _channel("".join(_item(f"n{n}", link=f"https://blog.example/n/{n}") for n in range(5000)))
    bare = _channel(_item("bare", title=None, date=False) + "<item><description>no id at all</description></item>")
    xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
    return {
        "malformed_ok": Reply(body=rss(posts("mal", 2), tail="<item><title>broken & <unclosed>"), headers=RSS_TYPE),
        "html": Reply(
            body=b"<!DOCTYPE html><html><body><p>a blog</p></body></html>", headers={"Content-Type": "text/html"}
        ),
        "json": Reply(
            body=b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
            headers={"Content-Type": "application/json"},
        ),
        "empty": Reply(body=b"", headers=RSS_TYPE),
        "random": Reply(body=os.urandom(4096), headers=RSS_TYPE),
        "latin1_ok": Reply(body=latin1.encode("latin-1"), headers=xml),
        "cp1252_ok": Reply(body=cp1252.encode("cp1252"), headers=xml),
        "laughs_ok": Reply(body=billion.encode(), headers=RSS_TYPE),
        "xxe_ok": Reply(body=xxe.encode(), headers=RSS_TYPE),
        "path": Reply(body=str(secret).encode(), headers=RSS_TYPE),
        "bomb": Reply(body=gzip_bomb(), headers={**RSS_TYPE, "Content-Encoding": "gzip"}),
        "endless": Reply(body=endless(), headers=RSS_TYPE),
        "hang": Reply(hang=True),
        "not_found": Reply(status=404),
        "gone": Reply(status=410),
        "error": Reply(status=500),
        "busy": Reply(status=429, headers={"Retry-After": "3600"}),
        "duplicates_ok": Reply(body=duplicates.encode(), headers=RSS_TYPE),
        "many_ok": Reply(body=many.encode(), headers=RSS_TYPE),
        "bare_ok": Reply(body=bare.encode(), headers=RSS_TYPE),
    }


REASONS = {  # what each failing source's one-line reason must say
    "html": "HTML",
    "json": "JSON",
    "empty": "empty",
    "random": "not a feed",
    "path": "not a feed",
    "bomb": "larger than",
    "endless": "larger than",
    "hang": "timed out",
    "not_found": "404",
    "gone": "410",
    "error": "500",
    "busy": "429",
}


def poll_in_a_process(env: Env) -> tuple[int, dict[str, Any], float, int]:
    """`releasewatch poll --json` as a subprocess: exit code, report, seconds, and its peak RSS in MB."""
    # VmHWM, not ru_maxrss: Linux carries the parent's peak across fork and exec into the child's ru_maxrss, so
    # after a thousand tests it read pytest's own 277 MB.
    script = (
        "import re, sys, runpy; sys.argv=['releasewatch','--config',sys.argv[1],'poll','--json']\n"
        "try:\n runpy.run_module('releasewatch', run_name='__main__')\n"
        "finally:\n"
        " status = open('/proc/self/status').read()\n"
        " print('RSS', re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1), file=sys.stderr)"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, str(env.config)],
        capture_output=True,
        text=True,
        env={**os.environ, "RELEASEWATCH_DATABASE_URL": env.db_url},
        timeout=120,
    )
    seconds = time.monotonic() - started
    rss_kb = next(int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("RSS "))
    return result.returncode, json.loads(result.stdout), seconds, rss_kb // 1024


def test_every_hostile_case_in_one_poll_beside_a_healthy_feed(env: Env, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    hostile = hostile_replies(secret)
    for name in ("healthy", *hostile):
        env.server.route(f"/{name}.xml", Reply(body=rss(posts(name, 2)), headers=RSS_TYPE))
    env.write(
        {name: {"path": f"/{name}.xml", "timeout": f"{TIMEOUT if name == 'hang' else 10 * TIMEOUT}s"}
         for name in ("healthy", *hostile)}
    )  # fmt: skip
    code, first = env.poll()
    assert code == 0 and first["new_entries"] == 2 * (1 + len(hostile)), first
    before = {name: {entry.key: entry.text for entry in env.entries(name)} for name in hostile}

    for name, reply in hostile.items():
        env.server.route(f"/{name}.xml", reply)
    env.server.route("/healthy.xml", Reply(body=rss(posts("healthy", 3) + posts("fresh", 1)), headers=RSS_TYPE))
    code, report, seconds, peak_mb = poll_in_a_process(env)

    assert code == 1, report
    # Concurrent sources: the poll takes about its slowest source (the silent one, 2 s), not the sum of them.
    assert seconds < 10 * TIMEOUT, seconds
    assert peak_mb < MAX_RSS_MB, peak_mb
    outcome = by_name(report)
    assert (outcome["healthy"]["status"], outcome["healthy"]["new_entries"]) == ("ok", 2)
    failed = {name for name, source in outcome.items() if source["status"] == "error"}
    assert failed == set(REASONS), {name: outcome[name] for name in failed ^ set(REASONS)}
    assert report["failed_sources"] == len(REASONS)

    status = env.status()
    for name, reason in REASONS.items():
        for where, message in (("poll", outcome[name]["error"]), ("status", status[name]["last_error"])):
            assert reason in message and "\n" not in message and len(message) <= 300, (name, where, message)
    for name in hostile.keys() - REASONS.keys():
        assert outcome[name]["status"] == "ok" and status[name]["last_error"] is None, (name, outcome[name])
    assert status["gone"]["enabled"] is False
    for name in ("malformed_ok", "laughs_ok", "xxe_ok", "duplicates_ok"):  # parsed, but not cleanly
        assert outcome[name]["warnings"] and status[name]["last_warning"], name
        assert "\n" not in status[name]["last_warning"]
    assert status["healthy"]["last_warning"] is None

    # Nothing stored earlier is lost or rewritten; what parsed was stored; no local file was read.
    for name, texts in before.items():
        now = {entry.key: entry.text for entry in env.entries(name)}
        assert {key: now.get(key) for key in texts} == texts, name
    assert status["many_ok"]["entries"] == 2 + 5000
    assert len(env.entries("bare_ok")) == 2 + 2
    assert [e.title for e in env.entries("latin1_ok") + env.entries("cp1252_ok") if e.key == "latin"] == [
        "Café Zürich ± naïve",
        "Café Zürich – 5 € naïve",
    ]
    assert [e.title for e in env.entries("duplicates_ok") if e.key == "same"] == ["first"]
    stored = json.dumps([[e.title, e.text] for name in hostile for e in env.entries(name)])
    assert SECRET not in stored and SECRET not in json.dumps(report) and "lollollol" not in stored


def test_status_keeps_a_parse_warning_through_a_304_and_clears_it_on_a_clean_body(env: Env) -> None:
    broken = rss(posts("a", 2), tail="<item><title>broken & <unclosed>")
    env.server.route("/feed.xml", Reply(body=broken, headers={**RSS_TYPE, "ETag": '"v1"'}))
    env.server.redirect("/old.xml", "/feed.xml", status=301)
    env.write({"blog": "/old.xml"})
    env.poll()
    warning = env.status()["blog"]["last_warning"]
    assert warning and "well-formed" in warning

    env.poll()  # the same body: a 304 (or the unchanged-body shortcut) says nothing new about it
    assert env.status()["blog"]["last_warning"] == warning
    wide = {"RELEASEWATCH_DATABASE_URL": env.db_url, "COLUMNS": "400"}  # rich would wrap the note at 80
    result = CliRunner().invoke(cli, ["--config", str(env.config), "status"], env=wide)
    assert result.exit_code == 0 and "warning: " in result.output, result.output
    assert f"moved from {env.server.url('/old.xml')}" in result.output, result.output

    env.server.route("/feed.xml", Reply(body=rss(posts("a", 3)), headers={**RSS_TYPE, "ETag": '"v2"'}))
    env.poll()
    assert env.status()["blog"]["last_warning"] is None


def test_configured_secrets_never_reach_status_or_the_report(env: Env) -> None:
    # A library's message or a link can quote a configured secret (here: a link whose path is the Slack token);
    # what the poll stores and prints has it masked, as the logs do.
    token = "xoxb-test-0123456789-secret"
    link = env.server.url(f"/{token}")
    item = f"<item><guid>g</guid><title>T</title><link>{link}</link><description>teaser</description></item>"
    env.server.route("/feed.xml", Reply(body=_channel(item).encode(), headers=RSS_TYPE))
    feed = env.server.url("/feed.xml")
    env.config.write_text(
        "sources:\n"
        f'  - {{name: blog, type: rss, url: "{feed}", fetch_article: true, allow_private: true}}\n'
        "destinations:\n"
        "  - {name: team, type: slack, channel: '#x', token: '${RW_TEST_SLACK_TOKEN}', mode: [instant]}\n"
    )
    result = CliRunner().invoke(
        cli,
        ["--config", str(env.config), "poll", "--json"],
        env={
            "RELEASEWATCH_DATABASE_URL": env.db_url,
            "RW_TEST_SLACK_TOKEN": token,
            "SLACK_API_URL": "http://127.0.0.1:9/",
        },
    )
    report = json.loads(result.stdout)
    warnings = by_name(report)["blog"]["warnings"]
    assert warnings and "***" in warnings[0] and "404" in warnings[0], warnings
    assert token not in result.stdout
    status = CliRunner().invoke(
        cli,
        ["--config", str(env.config), "status", "--json"],
        env={"RELEASEWATCH_DATABASE_URL": env.db_url, "RW_TEST_SLACK_TOKEN": token},
    )
    assert "***" in status.stdout and token not in status.stdout
