"""The polling pipeline end to end through the real CLI, against a local feed server and each database backend.

Most tests drive `releasewatch.cli.cli` in-process (CliRunner); one runs `python -m releasewatch` as a subprocess
to pin the exit codes and JSON an operator's script sees.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from releasewatch.cli import cli
from releasewatch.config import Defaults
from releasewatch.poll import MAX_BACKOFF, next_due_after_failure
from releasewatch.storage import Storage
from releasewatch.storage.records import StoredEntry
from tests.support.feedserver import FeedServer, Reply

RECENT = datetime.now(UTC) - timedelta(hours=2)
OLD = datetime.now(UTC) - timedelta(days=60)
RSS_TYPE = {"Content-Type": "application/rss+xml"}
POLL_KEYS = {"sources", "new_entries", "new_releases", "failed_sources"}
POLL_SOURCE_KEYS = {"name", "status", "new_entries", "updated_entries", "error"}
STATUS_SOURCE_KEYS = {
    "name",
    "type",
    "enabled",
    "last_success",
    "last_error",
    "consecutive_failures",
    "next_due",
    "entries",
}

Post = tuple[str, str, datetime]  # (guid, link, published)


def rss(posts: list[Post], *, tail: str = "</channel></rss>") -> bytes:
    items = "".join(
        f"<item><title>Post {link}</title><link>{link}</link><guid>{guid}</guid>"
        f"<pubDate>{format_datetime(published)}</pubDate><description>About {link}.</description></item>"
        for guid, link, published in posts
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}{tail}'.encode()


def posts(prefix: str, count: int, published: datetime = RECENT) -> list[Post]:
    return [
        (f"{prefix}-{n}", f"https://blog.example/{prefix}/{n}", published - timedelta(minutes=n)) for n in range(count)
    ]


HEALTHY = rss(posts("healthy", 3))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as feeds:
        yield feeds


class Env:
    """A config folder with a feeds.yaml over the local server, and the database from `db_url`."""

    def __init__(self, tmp_path: Path, server: FeedServer, db_url: str) -> None:
        self.dir = tmp_path
        self.server = server
        self.db_url = db_url
        self.config = tmp_path / "feeds.yaml"

    def write(self, sources: dict[str, str | dict[str, Any]]) -> None:
        """`sources`: name → a path on the server, or a mapping of extra keys that includes `path`."""
        lines = ["sources:"]
        for name, spec in sources.items():
            extra = dict(spec) if isinstance(spec, dict) else {"path": spec}
            url = self.server.url(extra.pop("path"))
            keys = "".join(f", {key}: {value}" for key, value in extra.items())
            lines.append(f'  - {{name: {name}, type: rss, url: "{url}"{keys}}}')
        self.config.write_text("\n".join(lines) + "\n")

    def cli(self, *args: str) -> tuple[int, Any]:
        result = CliRunner().invoke(
            cli, ["--config", str(self.config), *args], env={"RELEASEWATCH_DATABASE_URL": self.db_url}
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        output = json.loads(result.stdout) if "--json" in args and result.stdout.strip() else result.output
        return result.exit_code, output

    def poll(self, *args: str) -> tuple[int, dict[str, Any]]:
        return self.cli("poll", "--json", *args)

    def status(self) -> dict[str, dict[str, Any]]:
        code, output = self.cli("status", "--json")
        assert code == 0, output
        return {source["name"]: source for source in output["sources"]}

    def entries(self, source: str) -> list[StoredEntry]:
        storage = Storage.open(self.db_url)
        try:
            return storage.entries.for_source(source)
        finally:
            storage.close()


@pytest.fixture
def env(tmp_path: Path, server: FeedServer, db_url: str) -> Env:
    return Env(tmp_path, server, db_url)


def by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {source["name"]: source for source in report["sources"]}


# --- the healthy path -------------------------------------------------------------------------------------------


def test_healthy_feed_is_stored_then_304_reports_not_modified(env: Env) -> None:
    env.server.route("/feed.xml", _etagged(HEALTHY, '"v1"'))
    env.write({"blog": "/feed.xml"})

    code, first = env.poll()
    assert code == 0, first
    assert (by_name(first)["blog"]["status"], by_name(first)["blog"]["new_entries"]) == ("ok", 3)
    assert first["new_entries"] == 3 and first["failed_sources"] == 0

    code, second = env.poll()
    assert code == 0, second
    assert by_name(second)["blog"]["status"] == "not_modified"
    assert second["new_entries"] == 0 and by_name(second)["blog"]["new_entries"] == 0
    requests = env.server.requests_to("/feed.xml")
    assert len(requests) == 2 and requests[1].headers.get("if-none-match") == '"v1"'
    assert len(env.entries("blog")) == 3


def _etagged(body: bytes, etag: str) -> Any:
    def reply(request: Any) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(body=body, headers={**RSS_TYPE, "ETag": etag})

    return reply


def test_subprocess_exit_codes_and_json_keys(env: Env) -> None:
    env.server.route("/feed.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    env.server.route("/broken.xml", Reply(status=500, body=b"oops"))
    env.write({"blog": "/feed.xml", "broken": "/broken.xml"})

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "releasewatch", "--config", str(env.config), *args],
            cwd=env.dir,
            env={**os.environ, "RELEASEWATCH_DATABASE_URL": env.db_url},
            capture_output=True,
            text=True,
            timeout=60,
        )

    failing = run("poll", "--json")
    assert failing.returncode == 1, failing.stderr
    report = json.loads(failing.stdout)
    assert report.keys() >= POLL_KEYS
    assert all(source.keys() >= POLL_SOURCE_KEYS for source in report["sources"])
    assert by_name(report)["blog"]["status"] == "ok" and by_name(report)["blog"]["new_entries"] == 3
    assert by_name(report)["broken"]["status"] == "error" and "500" in by_name(report)["broken"]["error"]
    assert report["failed_sources"] == 1 and report["new_entries"] == 3

    healthy_only = run("poll", "--json", "--source", "blog")
    assert healthy_only.returncode == 0, healthy_only.stderr
    assert [source["name"] for source in json.loads(healthy_only.stdout)["sources"]] == ["blog"]

    status = run("status", "--json")
    assert status.returncode == 0, status.stderr
    sources = json.loads(status.stdout)["sources"]
    assert all(source.keys() >= STATUS_SOURCE_KEYS for source in sources)
    assert {source["name"]: source["entries"] for source in sources} == {"blog": 3, "broken": 0}

    unknown = run("poll", "--json", "--source", "nope")
    assert unknown.returncode == 2 and "nope" in unknown.stderr


def test_source_option_polls_only_that_source(env: Env) -> None:
    env.server.route("/a.xml", Reply(body=rss(posts("a", 1)), headers=RSS_TYPE))
    env.server.route("/b.xml", Reply(body=rss(posts("b", 1)), headers=RSS_TYPE))
    env.write({"a": "/a.xml", "b": "/b.xml"})

    code, report = env.poll("--source", "b")
    assert code == 0, report
    assert list(by_name(report)) == ["b"]
    assert env.server.requests_to("/a.xml") == [] and len(env.server.requests_to("/b.xml")) == 1

    code, output = env.cli("poll", "--source", "missing")
    assert code == 2 and "missing" in output
    assert len(env.server.requests) == 1


# --- hostile sources beside a healthy one ------------------------------------------------------------------------


def test_hostile_sources_fail_alone_and_the_healthy_feed_is_stored(env: Env) -> None:
    server = env.server
    server.route("/feed.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    malformed = rss(posts("mal", 2), tail="<item><title>broken & <unclosed></channel>")
    server.route("/malformed.xml", Reply(body=malformed, headers=RSS_TYPE))
    page = b"<!DOCTYPE html><html><head><title>Blog</title></head><body><p>hello</p></body></html>"
    server.route("/page.html", Reply(body=page, headers={"Content-Type": "text/html; charset=utf-8"}))
    server.route("/gone.xml", Reply(status=410, body=b"gone"))
    server.route("/error.xml", Reply(status=500, body=b"boom"))
    server.route("/busy.xml", Reply(status=429, headers={"Retry-After": "3600"}, body=b"slow down"))
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    server.route("/hang.xml", Reply(hang=True))
    env.write(
        {
            "healthy": "/feed.xml",
            "malformed": "/malformed.xml",
            "html": "/page.html",
            "missing": "/missing.xml",  # the server answers 404 to unknown paths
            "gone": "/gone.xml",
            "error": "/error.xml",
            "busy": "/busy.xml",
            "loop": "/loop-a",
            "hang": {"path": "/hang.xml", "timeout": "2s"},
        }
    )

    code, report = env.poll()
    assert code == 1, report
    outcome = by_name(report)
    assert (outcome["healthy"]["status"], outcome["healthy"]["new_entries"]) == ("ok", 3)
    assert outcome["malformed"]["status"] == "ok" and outcome["malformed"]["new_entries"] >= 2
    assert any("well-formed" in warning for warning in outcome["malformed"]["warnings"])
    failed = {name for name, source in outcome.items() if source["status"] == "error"}
    assert failed == {"html", "missing", "gone", "error", "busy", "loop", "hang"}
    assert report["failed_sources"] == 7
    assert "HTML" in outcome["html"]["error"]
    assert "404" in outcome["missing"]["error"]
    assert "410" in outcome["gone"]["error"] or "gone" in outcome["gone"]["error"].lower()
    assert "500" in outcome["error"]["error"]
    assert "429" in outcome["busy"]["error"]
    assert "redirect" in outcome["loop"]["error"]
    assert "timed out" in outcome["hang"]["error"]
    assert outcome["hang"]["seconds"] < 5
    assert len(env.entries("healthy")) == 3
    kept = {entry.url for entry in env.entries("malformed")}
    assert {link for _, link, _ in posts("mal", 2)} <= kept  # the well-formed items before the break

    status = env.status()
    assert status["gone"]["enabled"] is False
    assert status["error"]["consecutive_failures"] == 1 and "500" in status["error"]["last_error"]
    assert status["healthy"]["consecutive_failures"] == 0 and status["healthy"]["last_error"] is None
    assert status["healthy"]["entries"] == 3

    before = {path: len(server.requests_to(path)) for path in ("/gone.xml", "/busy.xml", "/error.xml")}
    code, again = env.poll("--source", "gone", "--source", "busy", "--source", "error", "--source", "healthy")
    assert code == 1, again
    after = {path: len(server.requests_to(path)) for path in before}
    assert after["/gone.xml"] == before["/gone.xml"] == 1  # gone: never fetched again
    assert after["/busy.xml"] == before["/busy.xml"] == 1  # Retry-After honoured by a manual poll
    assert after["/error.xml"] == 2
    assert by_name(again)["busy"]["status"] == "skipped"
    assert by_name(again)["healthy"]["status"] == "not_modified"  # same body: the unchanged-body shortcut
    assert env.status()["error"]["consecutive_failures"] == 2


def test_full_poll_after_410_does_not_fetch_the_gone_source(env: Env) -> None:
    env.server.route("/feed.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    env.server.route("/gone.xml", Reply(status=410))
    env.write({"healthy": "/feed.xml", "gone": "/gone.xml"})

    code, _ = env.poll()
    assert code == 1
    status = env.status()["gone"]
    assert status["enabled"] is False and status["last_error"]
    code, report = env.poll()
    assert {s["name"]: s["status"] for s in report["sources"]}["gone"] == "skipped"
    assert code == 0, "a 410 is reported once; afterwards the source is skipped, not failed again"
    assert len(env.server.requests_to("/gone.xml")) == 1
    assert len(env.server.requests_to("/feed.xml")) == 2


def test_permanent_redirect_updates_the_stored_url(env: Env) -> None:
    env.server.redirect("/old.xml", "/new.xml", status=301)
    env.server.route("/new.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    env.write({"blog": "/old.xml"})

    code, report = env.poll()
    assert code == 0, report
    assert by_name(report)["blog"]["new_entries"] == 3
    assert by_name(report)["blog"]["moved_to"] == env.server.url("/new.xml")
    status = env.status()["blog"]
    assert status["url"] == env.server.url("/new.xml")
    assert status["moved_from"] == env.server.url("/old.xml")

    env.poll()
    assert len(env.server.requests_to("/old.xml")) == 1  # the second poll goes straight to the new URL
    assert len(env.server.requests_to("/new.xml")) == 2


# --- what counts as new ------------------------------------------------------------------------------------------


def test_first_contact_stores_old_items_without_announcing_them(env: Env) -> None:
    recent = posts("recent", 2)
    old = posts("old", 2, published=OLD)
    env.server.route("/feed.xml", Reply(body=rss(recent + old), headers=RSS_TYPE))
    env.write({"blog": {"path": "/feed.xml", "since": "14d"}})

    code, report = env.poll()
    assert code == 0, report
    entries = env.entries("blog")
    assert len(entries) == 4  # every item is stored...
    announced = sorted(entry.url or "" for entry in entries if entry.announce)
    assert announced == [link for _, link, _ in recent]  # ...but only the recent ones are announced

    # After first contact the window no longer applies: a newly published item is announced whatever its date.
    later = posts("late", 1, published=OLD)
    env.server.route("/feed.xml", Reply(body=rss(later + recent + old), headers=RSS_TYPE))
    code, report = env.poll()
    assert code == 0 and by_name(report)["blog"]["new_entries"] == 1
    late = [entry for entry in env.entries("blog") if entry.url == later[0][1]]
    assert len(late) == 1 and late[0].announce is True


def test_reissued_guid_with_the_same_link_is_not_new(env: Env) -> None:
    first = [("guid-1", "https://blog.example/post-1", RECENT)]
    reissued = [("guid-1-v2", "https://blog.example/post-1", RECENT)]
    env.server.route("/feed.xml", Reply(body=rss(first), headers=RSS_TYPE))
    env.write({"blog": "/feed.xml"})
    code, report = env.poll()
    assert code == 0 and report["new_entries"] == 1

    env.server.route("/feed.xml", Reply(body=rss(reissued), headers=RSS_TYPE))
    code, report = env.poll()
    assert code == 0, report
    assert by_name(report)["blog"]["status"] == "ok"  # the body changed, so it was parsed
    assert report["new_entries"] == 0 and by_name(report)["blog"]["new_entries"] == 0
    assert len(env.entries("blog")) == 1


def test_linked_articles_are_fetched_for_new_entries_only(env: Env) -> None:
    page = "<html><body><article><h1>{0}</h1><p>{0} is a new open-weight model with 8B parameters, released " \
        "under the Apache 2.0 license for everyone to use and to build on, with a long technical report.</p>" \
        "</article></body></html>"  # fmt: skip
    for n in (1, 2, 3):
        env.server.route(
            f"/post-{n}", Reply(body=page.format(f"Model-{n}").encode(), headers={"Content-Type": "text/html"})
        )

    def feed(*numbers: int) -> bytes:
        items = "".join(
            f"<item><title>Post {n}</title><link>{env.server.url(f'/post-{n}')}</link><guid>g{n}</guid>"
            f"<pubDate>{format_datetime(RECENT)}</pubDate><description>teaser</description></item>"
            for n in numbers
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()

    env.server.route("/feed.xml", Reply(body=feed(2, 1), headers=RSS_TYPE))
    env.write({"blog": {"path": "/feed.xml", "fetch_article": "true", "allow_private": "true"}})
    code, report = env.poll()
    assert code == 0 and report["new_entries"] == 2, report

    # The feed changes (a new entry on top): only the new entry's page is fetched; the stored ones keep theirs.
    env.server.route("/feed.xml", Reply(body=feed(3, 2, 1), headers=RSS_TYPE))
    code, report = env.poll()
    assert code == 0 and report["new_entries"] == 1 and report["updated_entries"] == 0, report
    assert [len(env.server.requests_to(f"/post-{n}")) for n in (1, 2, 3)] == [1, 1, 1]
    texts = {entry.key: entry.text for entry in env.entries("blog")}
    assert all(f"Model-{n} is a new open-weight model" in texts[f"g{n}"] for n in (1, 2, 3)), texts


def test_a_poll_of_many_feeds_parses_them_in_worker_processes_with_the_same_result(env: Env) -> None:
    from releasewatch.poll import PARSE_POOL_MIN

    for i in range(PARSE_POOL_MIN):
        env.server.route(f"/many{i}.xml", Reply(body=rss(posts(f"many{i}", 3)), headers=RSS_TYPE))
    env.server.route("/broken.xml", Reply(body=b"<html><body>not a feed</body></html>", headers=RSS_TYPE))
    env.write({**{f"many{i}": f"/many{i}.xml" for i in range(PARSE_POOL_MIN)}, "broken": "/broken.xml"})
    code, report = env.poll()
    assert code == 1
    outcomes = by_name(report)
    assert all(outcomes[f"many{i}"]["new_entries"] == 3 for i in range(PARSE_POOL_MIN))
    assert outcomes["broken"]["status"] == "error" and "not a feed" in outcomes["broken"]["error"]
    expected = {f"Post https://blog.example/many7/{n}" for n in range(3)}
    assert {entry.title for entry in env.entries("many7")} == expected


def test_a_large_poll_extracts_each_feeds_entries_as_it_is_stored_with_the_same_releases(env: Env) -> None:
    from releasewatch.poll import PARSE_POOL_MIN

    def announcing(i: int) -> bytes:  # each feed announces its own model, and a second post repeats another's
        other = (i + 1) % PARSE_POOL_MIN
        items = [
            (f"m{i}", f"Acme releases Acme-{i} with {i + 1}B parameters", "Released under the Apache 2.0 license."),
            (f"r{i}", f"Acme releases Acme-{other}", "More on the blog."),
        ]
        body = "".join(
            f"<item><title>{title}</title><link>https://acme.example/{i}/{guid}</link><guid>{guid}</guid>"
            f"<pubDate>{format_datetime(RECENT)}</pubDate><description>{text}</description></item>"
            for guid, title, text in items
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()

    for i in range(PARSE_POOL_MIN):
        env.server.route(f"/acme{i}.xml", Reply(body=announcing(i), headers=RSS_TYPE))
    env.write({f"acme{i}": {"path": f"/acme{i}.xml", "vendor": "Acme"} for i in range(PARSE_POOL_MIN)})
    code, report = env.poll()
    assert code == 0 and report["new_entries"] == 2 * PARSE_POOL_MIN
    assert report["new_releases"] == PARSE_POOL_MIN
    storage = Storage.open(env.db_url)
    try:
        releases = {release.model: release for release in storage.releases.list()}
        assert set(releases) == {f"Acme-{i}" for i in range(PARSE_POOL_MIN)}
        assert all(releases[f"Acme-{i}"].params_total == (i + 1) * 10**9 for i in range(PARSE_POOL_MIN))
        assert all(release.license == "Apache-2.0" for release in releases.values())
        assert all(len(release.sources) == 2 for release in releases.values())  # its own post and the repeat
        assert storage.entries.count_unextracted() == 0
    finally:
        storage.close()


# --- limits, backoff and the operator's view ---------------------------------------------------------------------


def _config(env: Env, defaults: str, sources: dict[str, str]) -> None:
    lines = [f"defaults: {{{defaults}}}", "sources:"]
    lines += [f'  - {{name: {name}, type: rss, url: "{url}"}}' for name, url in sources.items()]
    env.config.write_text("\n".join(lines) + "\n")


def test_a_poll_holds_the_overall_and_the_per_host_limits(env: Env) -> None:
    with FeedServer() as other:
        for server in (env.server, other):
            for n in range(6):
                server.route(f"/{n}.xml", Reply(body=rss(posts(f"p{n}", 1)), headers=RSS_TYPE, delay=0.5))
        one_host = {f"a-{n}": env.server.url(f"/{n}.xml") for n in range(6)}
        _config(env, "concurrency: 3, per_host_concurrency: 10", one_host)
        code, report = env.poll()
        assert code == 0 and report["new_entries"] == 6, report
        assert env.server.max_in_flight == 3  # the overall limit, below the per-host one

        two_hosts = {f"{host}-{n}": server.url(f"/{n}.xml") for host, server in (("a", env.server), ("b", other))
                     for n in range(6)}  # fmt: skip
        _config(env, "concurrency: 12, per_host_concurrency: 2", two_hosts)
        env.server.max_in_flight = other.max_in_flight = 0
        for n in range(6):  # new bodies, so the first host's sources are fetched in full again
            env.server.route(f"/{n}.xml", Reply(body=rss(posts(f"q{n}", 1)), headers=RSS_TYPE, delay=0.5))
        code, report = env.poll()
        assert code == 0, report
        assert (env.server.max_in_flight, other.max_in_flight) == (2, 2)  # per host, not per poll


def test_backoff_grows_with_each_failure_is_jittered_capped_and_honours_retry_after() -> None:
    now, interval = datetime(2026, 11, 29, tzinfo=UTC), timedelta(minutes=30)
    rng = random.Random(7)
    for failures in range(8):
        delays = [next_due_after_failure(now, interval, failures, None, rng) - now for _ in range(200)]
        full = min(interval * 2 ** (failures + 1), MAX_BACKOFF)
        assert all(full / 2 <= delay <= full for delay in delays), failures  # jitter within [½, 1] of the step
        assert max(delays) - min(delays) > full / 4  # ...and actually spread
        assert min(delays) >= interval  # never sooner than a healthy source's poll
    assert next_due_after_failure(now, interval, 30, None, rng) - now <= MAX_BACKOFF
    waited = next_due_after_failure(now, interval, 0, 5 * 3600.0, rng) - now
    assert waited == timedelta(hours=5)  # a server's Retry-After beyond the backoff wins


def test_a_failing_source_backs_off_and_one_success_resets_it(env: Env) -> None:
    env.server.route("/feed.xml", Reply(status=500))
    env.write({"blog": "/feed.xml"})
    dues = []
    for _ in range(3):
        env.poll()
        status = env.status()["blog"]
        dues.append(datetime.fromisoformat(status["next_due"]) - datetime.fromisoformat(status["last_attempt"]))
    assert env.status()["blog"]["consecutive_failures"] == 3
    assert dues[2] > dues[0]  # 2 h–4 h after three failures against 1 h–2 h after one (a 30 min interval)

    env.server.route("/feed.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    code, _ = env.poll()
    status = env.status()["blog"]
    assert code == 0 and status["consecutive_failures"] == 0 and status["last_error"] is None
    due = datetime.fromisoformat(status["next_due"]) - datetime.fromisoformat(status["last_attempt"])
    assert due <= timedelta(minutes=36)  # back to the interval, ±10 % jitter


def test_plain_output_has_a_line_per_source_then_the_summary_table(env: Env) -> None:
    env.server.route("/feed.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    env.server.route("/error.xml", Reply(status=500))
    env.write({"blog": "/feed.xml", "broken": "/error.xml"})
    result = CliRunner().invoke(
        cli, ["--config", str(env.config), "poll"], env={"RELEASEWATCH_DATABASE_URL": env.db_url, "COLUMNS": "200"}
    )
    assert result.exit_code == 1, result.output
    progress = sorted(line for line in result.stderr.splitlines() if line.startswith("["))  # not a terminal
    assert progress[0].startswith("[1/2] ") and progress[1].startswith("[2/2] ")
    assert any("blog: ok (3 new, 0 updated)" in line for line in progress)
    assert any("broken: error (HTTP 500 Internal Server Error)" in line for line in progress)
    table = result.stdout
    rows = {line.split("│")[1].strip(): line for line in table.splitlines() if line.count("│") > 3}
    assert "error" in rows["broken"] and "HTTP 500" in rows["broken"]
    assert " 3 " in rows["blog"] and " ok " in rows["blog"]
    assert "2 sources, 3 new entries, 0 updated" in table and "1 failed" in table


def test_a_changed_entry_is_updated_in_place_not_new(env: Env) -> None:
    first = rss(posts("p", 2))
    env.server.route("/feed.xml", Reply(body=first, headers=RSS_TYPE))
    env.write({"blog": "/feed.xml"})
    env.poll()
    edited = first.replace(b"About https://blog.example/p/0.", b"About it, now with a size: 8B parameters.")
    env.server.route("/feed.xml", Reply(body=edited, headers=RSS_TYPE))
    code, report = env.poll()
    blog = by_name(report)["blog"]
    assert code == 0 and (blog["new_entries"], blog["updated_entries"]) == (0, 1), report
    texts = {entry.key: entry.text for entry in env.entries("blog")}
    assert texts == {"p-0": "About it, now with a size: 8B parameters.", "p-1": "About https://blog.example/p/1."}


def test_the_default_body_cap_is_ten_megabytes(env: Env) -> None:
    assert Defaults().max_bytes == 10_000_000
    padding = b"<!--" + b"x" * 10_000_000 + b"-->"
    env.server.route("/big.xml", Reply(body=HEALTHY.replace(b"<channel>", b"<channel>" + padding), headers=RSS_TYPE))
    env.server.route("/feed.xml", Reply(body=HEALTHY, headers=RSS_TYPE))
    env.write({"big": "/big.xml", "blog": "/feed.xml"})
    code, report = env.poll()
    assert code == 1 and by_name(report)["blog"]["new_entries"] == 3
    assert "larger than 10 MB" in by_name(report)["big"]["error"], report
