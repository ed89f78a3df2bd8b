"""End to end through the CLI: feed → poll → extraction → releases → alerts and digests through the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasewatch.cli import cli
from tests.support.fakeslack import FakeSlack, server_error
from tests.support.feedserver import FeedServer, Reply

RECENT = datetime.now(UTC) - timedelta(hours=2)
POSTS = [
    (
        "DeepSeek-V3 is here",
        "https://blog.example/deepseek-v3",
        "DeepSeek today released DeepSeek-V3, a Mixture-of-Experts model with 671B total parameters. "
        "The weights are available on Hugging Face under the MIT License. It beats GPT-4o on most benchmarks.",
    ),
    (
        "Introducing gpt-oss <!channel>",
        "https://blog.example/gpt-oss",
        "OpenAI released gpt-oss-120b, an open-weight model with 117B parameters, under the Apache 2.0 license.",
    ),
]


def rss(posts: list[tuple[str, str, str]], published: datetime = RECENT) -> bytes:
    items = "".join(
        f"<item><title>{title.replace('<', '&lt;')}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{format_datetime(published)}</pubDate><description>{body}</description></item>"
        for title, link, body in posts
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>{items}</channel></rss>'.encode()


def setup(tmp_path: Path, feeds: FeedServer, slack: FakeSlack | None, monkeypatch: pytest.MonkeyPatch, db_url: str):
    feeds.route("/feed.xml", Reply(headers={"Content-Type": "application/rss+xml"}, body=rss(POSTS)))
    text = f'sources:\n  - {{name: blog, type: rss, url: "{feeds.url("/feed.xml")}", vendor: DeepSeek}}\n'
    if slack is not None:
        text += (
            "destinations:\n  - name: team\n    type: slack\n    channel: C123\n    token: ${SLACK_TOKEN}\n"
            f"    api_url: {slack.base_url}\n    mode: [instant, digest]\n"
        )
    (tmp_path / "feeds.yaml").write_text(text)
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-test-secret")
    monkeypatch.setenv("RELEASEWATCH_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_poll_extracts_releases_and_lists_them(tmp_path, feeds, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, None, monkeypatch, db_url)
    code, output = invoke("poll", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["new_entries"] == 2 and report["new_releases"] >= 2
    code, output = invoke("releases", "--json")
    rows = {row["model"]: row for row in map(json.loads, output.splitlines())}
    assert rows["DeepSeek-V3"]["params_total"] == 671_000_000_000
    assert rows["DeepSeek-V3"]["license"] == "MIT"
    assert rows["DeepSeek-V3"]["sources"] == ["https://blog.example/deepseek-v3"]
    assert "first_seen" in rows["DeepSeek-V3"]
    code, output = invoke("releases", "--vendor", "OpenAI", "--json")
    assert code == 0 and {json.loads(line)["vendor"] for line in output.splitlines()} == {"OpenAI"}


def test_digest_without_destinations_prints_the_table(tmp_path, feeds, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, None, monkeypatch, db_url)
    invoke("poll")
    code, output = invoke("digest")
    assert code == 0, output
    assert "**DeepSeek**: DeepSeek-V3 (671B)" in output
    assert "China" in output


def test_reprocess_rebuilds_without_fetching(tmp_path, feeds, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, None, monkeypatch, db_url)
    invoke("poll")
    before = len(feeds.requests_to("/feed.xml"))
    code, output = invoke("reprocess", "--json")
    assert code == 0, output
    assert json.loads(output)["entries"] == 2
    assert len(feeds.requests_to("/feed.xml")) == before
    _, listing = invoke("releases", "--json")
    assert "DeepSeek-V3" in listing


def test_instant_alert_once_and_mentions_inert(tmp_path, feeds, slack, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, slack, monkeypatch, db_url)
    code, output = invoke("poll", "--json")
    assert code == 0, output
    posts = slack.calls("chat.postMessage")
    assert len(posts) >= 2
    assert json.loads(output)["alerts"][0]["sent"] == len(posts)
    invoke("poll")
    assert len(slack.calls("chat.postMessage")) == len(posts), "a second poll must not alert again"
    raw = json.dumps([post.body for post in posts])
    assert "<!channel>" not in raw
    assert "xoxb-test-secret" not in output


def test_digest_sent_once_and_kept_pending_across_a_failure(tmp_path, feeds, slack, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, slack, monkeypatch, db_url)
    (tmp_path / "feeds.yaml").write_text((tmp_path / "feeds.yaml").read_text().replace("[instant, digest]", "[digest]"))
    invoke("poll")
    assert slack.calls("chat.postMessage") == []
    slack.queue(server_error(500), server_error(500))
    code, output = invoke("digest")
    assert code == 1 and "pending" in output
    code, output = invoke("digest")
    assert code == 0, output
    texts = [post.body.get("text", "") for post in slack.calls("chat.postMessage")]
    sent = len(texts)
    assert sent >= 3 and "DeepSeek" in json.dumps(slack.calls("chat.postMessage")[-1].body)
    code, output = invoke("digest")
    assert code == 0 and len(slack.calls("chat.postMessage")) == sent, "a second run sends nothing"
    code, output = invoke("digest", "--dry-run", "--since", "7d")
    assert code == 0 and "slack text" in output and len(slack.calls("chat.postMessage")) == sent


def test_hub_sources_carry_structured_facts_into_releases(tmp_path, monkeypatch, db_url) -> None:
    from tests.support.fakehub import FakeHub, load_fixture

    with FakeHub() as hub:
        hub.repos = load_fixture("hf-models.json")
        hub.router_models = load_fixture("openrouter-models.json")["data"]
        text = (
            "sources:\n"
            f"  - {{name: hf-acme, type: huggingface, author: acme-ai, endpoint: '{hub.url}', since: 3650d}}\n"
            f"  - {{name: router, type: openrouter, url: '{hub.url}/api/v1/models', since: 3650d}}\n"
        )
        (tmp_path / "feeds.yaml").write_text(text)
        monkeypatch.setenv("RELEASEWATCH_DATABASE_URL", db_url)
        monkeypatch.chdir(tmp_path)
        code, output = invoke("poll", "--json")
        assert code == 0, output
        assert {s["name"]: s["status"] for s in json.loads(output)["sources"]} == {"hf-acme": "ok", "router": "ok"}
        _, listing = invoke("releases", "--json")
    rows = {row["model"]: row for row in map(json.loads, listing.splitlines())}
    moe = next(row for name, row in rows.items() if name.startswith("Acme-MoE-120B"))
    assert (moe["params_total"], moe["params_active"], moe["license"]) == (
        120_432_152_576,
        12_000_000_000,
        "Apache-2.0",
    )
    assert moe["open_weights"] is True
    assert not any("GGUF" in name for name in rows), "third-party quantisations are skipped by default"


def test_digest_html_file_for_a_browser(tmp_path, feeds, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, None, monkeypatch, db_url)
    invoke("poll")
    code, output = invoke("digest", "--format", "html", "--output", str(tmp_path / "digest.html"))
    assert code == 0, output
    html = (tmp_path / "digest.html").read_text()
    assert "DeepSeek-V3" in html and "<script" not in html.lower()


def test_weekly_email_through_a_real_smtp_server_and_kept_when_it_is_down(tmp_path, feeds, monkeypatch, db_url) -> None:
    from tests.support.smtpserver import SmtpServer, free_port

    setup(tmp_path, feeds, None, monkeypatch, db_url)
    invoke("poll")
    port = free_port()
    config = (tmp_path / "feeds.yaml").read_text() + (
        "destinations:\n  - name: weekly\n    type: email\n"
        f"    smtp: {{host: 127.0.0.1, port: {port}, starttls: false, timeout: 5s}}\n"
        "    from: releasewatch <bot@example.com>\n    to: [team@example.com]\n"
    )
    (tmp_path / "feeds.yaml").write_text(config)
    code, output = invoke("digest")  # nothing listens on the port yet
    assert code == 1 and "pending" in output
    with SmtpServer() as smtp:
        (tmp_path / "feeds.yaml").write_text(config.replace(f"port: {port}", f"port: {smtp.port}"))
        code, output = invoke("digest")
        assert code == 0, output
        (received,) = smtp.messages
    message = received.parsed()
    assert message["Subject"].startswith("releasewatch: 2 new models")
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "DeepSeek-V3" in html and "DeepSeek-V3" in text and "<script" not in html.lower()


def test_email_dry_run_shows_subject_text_and_an_html_preview(tmp_path, feeds, monkeypatch, db_url) -> None:
    setup(tmp_path, feeds, None, monkeypatch, db_url)
    invoke("poll")
    (tmp_path / "feeds.yaml").write_text(
        (tmp_path / "feeds.yaml").read_text()
        + "destinations:\n  - name: weekly\n    type: email\n    smtp: {host: 127.0.0.1, port: 9}\n"
        "    from: bot@example.com\n    to: [team@example.com]\n"
    )
    code, output = invoke("digest", "--dry-run")
    assert code == 0, output
    assert "Subject: releasewatch: 2 new models" in output and "DeepSeek-V3" in output
    preview = Path(output.split("HTML preview: ")[1].split()[0])
    try:
        assert "<table" in preview.read_text()
    finally:
        preview.unlink()
