"""Source-health notices to `mode: [ops]` destinations, and `status` telling quiet from broken (issue 7)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.fakeslack import FakeSlack
from tests.support.feedserver import FeedServer, Reply
from tests.test_pipeline import POSTS, invoke, rss

FEED = {"Content-Type": "application/rss+xml"}


def configure(tmp_path: Path, feeds: FeedServer, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, db_url: str):
    (tmp_path / "feeds.yaml").write_text(
        "defaults: {alert_after: 1s}\n"
        f'sources:\n  - {{name: blog, type: rss, url: "{feeds.url("/blog.xml")}", interval: 1s}}\n'
        "destinations:\n  - name: ops\n    type: slack\n    channel: C123\n    token: ${SLACK_TOKEN}\n"
        f"    api_url: {slack.base_url}\n    mode: [ops]\n"
    )
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-ops-secret")
    monkeypatch.setenv("RELEASEWATCH_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)


def notices(slack: FakeSlack) -> list[str]:
    return [str(call.body.get("text")) for call in slack.calls("chat.postMessage")]


def status_of(name: str) -> dict[str, object]:
    code, output = invoke("status", "--json")
    assert code == 0, output
    return next(source for source in json.loads(output)["sources"] if source["name"] == name)


def test_a_broken_source_is_reported_once_and_its_recovery_once(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    configure(tmp_path, feeds, slack, monkeypatch, db_url)
    feeds.route("/blog.xml", Reply(status=500, body=b"<!channel> oops"))
    assert invoke("poll")[0] == 1
    assert notices(slack) == []  # failing, not yet for alert_after
    assert status_of("blog")["health"] == "failing"

    time.sleep(1.2)
    assert invoke("poll")[0] == 1
    assert invoke("poll")[0] == 1
    assert len(notices(slack)) == 1 and "blog is broken" in notices(slack)[0]
    assert status_of("blog")["health"] == "broken"

    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    assert invoke("poll")[0] == 0
    assert invoke("poll")[0] == 0
    texts = notices(slack)
    assert len(texts) == 2 and "recovered" in texts[1], texts
    assert status_of("blog")["health"] == "ok"
    blocks = json.dumps([call.body.get("blocks") for call in slack.calls("chat.postMessage")])
    assert "<!channel>" not in blocks


def test_status_tells_a_quiet_source_from_a_broken_one(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    configure(tmp_path, feeds, slack, monkeypatch, db_url)
    last = datetime.now(UTC) - timedelta(days=10)
    posts = [(f"Post {i}", f"https://blog.example/{i}", "Nothing about models.") for i in range(6)]
    bodies = [rss([post], published=last - timedelta(days=i)) for i, post in enumerate(posts)]
    items = b"".join(body.split(b"<title>b</title>")[1].split(b"</channel>")[0] for body in bodies)
    feeds.route(
        "/blog.xml",
        Reply(headers=FEED, body=b'<rss version="2.0"><channel><title>b</title>' + items + b"</channel></rss>"),
    )
    assert invoke("poll")[0] == 0
    verdict = status_of("blog")
    assert verdict["health"] == "quiet" and verdict["last_error"] is None
    assert "usually publishes every 1d" in str(verdict["health_detail"])
    code, table = invoke("status")
    assert code == 0 and "quiet" in table
    assert invoke("poll")[0] == 0
    assert len(notices(slack)) == 1 and "quiet" in notices(slack)[0]


def test_entries_a_killed_poll_left_unextracted_are_extracted_and_alerted_next_time(
    tmp_path: Path, feeds: FeedServer, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    configure(tmp_path, feeds, slack, monkeypatch, db_url)
    config = (tmp_path / "feeds.yaml").read_text().replace("mode: [ops]", "mode: [instant]")
    (tmp_path / "feeds.yaml").write_text(config)
    feeds.route("/blog.xml", Reply(headers=FEED, body=rss(POSTS)))
    assert invoke("poll")[0] == 0
    assert len(notices(slack)) == 2
    # The state a process killed between storing entries and recording releases leaves behind:
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM deliveries"))
        connection.execute(text("DELETE FROM mentions"))
        connection.execute(text("DELETE FROM releases"))
        connection.execute(text("UPDATE entries SET extracted = false"))
    engine.dispose()
    code, output = invoke("poll", "--json")  # the feed has nothing new
    assert code == 0 and json.loads(output)["new_entries"] == 0
    code, output = invoke("releases", "--json")
    assert {json.loads(line)["model"] for line in output.splitlines()} >= {"DeepSeek-V3"}
    assert len(notices(slack)) == 4  # alerted again: the killed run's alerts were never recorded
