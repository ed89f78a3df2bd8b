"""Email rendering: multipart/alternative, Jinja2 templates with autoescape, inlined CSS, subjects."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

import pytest
from selectolax.lexbor import LexborHTMLParser

from releasewatch.digest import build_digest
from releasewatch.models import ReleaseChange
from releasewatch.render.email import render_alert, render_email, render_html, render_text, render_update, subject_for
from tests.support.digestdata import (
    END,
    SCRIPT,
    START,
    B,
    hostile_digest,
    hostile_releases,
    release,
    sample_digest,
)

SENDER = "releasewatch <bot@example.com>"
TO = ("team@example.com", "cto@example.com")


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())  # type: ignore[attr-defined]


def _reparsed(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _rows(html: str) -> list[list[str]]:
    tree = LexborHTMLParser(html)
    return [[" ".join(cell.text().split()) for cell in row.css("th, td")] for row in tree.css("table.releases tr")]


def test_a_digest_email_has_both_parts_and_the_headers() -> None:
    message = _reparsed(render_email(sample_digest(), sender=SENDER, to=TO))
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "releasewatch: 8 new models, 1 updated (Nov 23–29)"
    assert message["From"] == SENDER
    assert message["To"] == "team@example.com, cto@example.com"
    assert message["Date"] is None and message["Message-ID"] is None  # the destination stamps them (it has a clock)


def test_the_html_part_is_a_table_grouped_by_region_with_inlined_css() -> None:
    _, html = _parts(render_email(sample_digest(), sender=SENDER, to=TO))
    rows = _rows(html)
    assert rows[0] == ["Vendor", "Model", "Size", "License", "Weights", "Sources"]
    assert rows[1] == ["China · 4 new"]
    assert rows[2] == [
        "Alibaba",
        "Qwen3",
        "235B-A22B, 30B-A3B, 32B, 14B",
        "Apache-2.0",
        "open weights",
        "qwenlm.github.io · huggingface.co",
    ]
    assert [row[0] for row in rows if len(row) == 1] == [
        "China · 4 new",
        "US · 1 new",
        "Europe · 1 new",
        "Japan · 1 new",
        "Other · 1 new",
    ]
    tree = LexborHTMLParser(html)
    assert tree.css("style") == []  # inlined, because web mail drops <style>
    assert "border-bottom" in (tree.css_first("td").attributes.get("style") or "")
    changed = [[cell.text(strip=True) for cell in row.css("td")] for row in tree.css("table.changed tbody tr")]
    assert changed == [
        [
            "DeepSeek",
            "DeepSeek-V4",
            "1.2T-A60B",
            "MIT",
            "open weights",
            "size: undisclosed → 1.2T-A60B; license: unknown → MIT",
            "api-docs.deepseek.com",
        ]
    ]
    assert tree.css_first("h1").text() == "releasewatch: 8 new models, 1 updated (Nov 23–29)"


def test_the_text_part_lists_every_line_and_link() -> None:
    text, _ = _parts(render_email(sample_digest(), sender=SENDER, to=TO))
    lines = text.splitlines()
    assert lines[:5] == [
        "releasewatch: 8 new models, 1 updated (Nov 23–29)",
        "8 new models from 5 vendors · 1 updated · Nov 23–29, 2026",
        "",
        "China",
        "- Alibaba: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B) — Apache-2.0 · open weights",
    ]
    assert "    qwenlm.github.io: https://qwenlm.github.io/blog/qwen3/" in lines
    assert "    size: undisclosed → 1.2T-A60B; license: unknown → MIT" in lines
    assert "\n\n\n" not in text


def test_hostile_feed_text_is_escaped_in_html() -> None:
    message = _reparsed(render_email(hostile_digest(), sender=SENDER, to=TO))
    text, html = _parts(message)
    tree = LexborHTMLParser(html)
    assert tree.css("script") == [] and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;!channel&gt; pwned" in html
    for anchor in tree.css("a"):
        assert re.match(r"https?://", anchor.attributes.get("href") or "")
    assert [a.attributes["href"] for a in tree.css("a")] == [
        "https://ok.example/a%7Cb%3Ec&d",
        "https://x.example/%22%3E%3Cscript%3E",  # the attribute cannot be broken out of
    ]
    cells = [row for row in _rows(html) if len(row) == 6]
    assert cells[2][:4] == ["<@U123> & co", "<http://evil|official>", "undisclosed", SCRIPT]
    assert SCRIPT in text  # plain text is never interpreted: it shows the name as it is


def test_render_html_is_a_standalone_document() -> None:
    html = render_html(sample_digest())
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<html")
    assert "<title>releasewatch: 8 new models, 1 updated (Nov 23–29)</title>" in html


def test_empty_digest() -> None:
    digest = build_digest([], [], start=START, end=END)
    assert "No new models in this period." in render_text(digest)
    assert "No new models in this period." in render_html(digest)


@pytest.mark.parametrize(
    ("template", "subject"),
    [
        (None, "releasewatch: 8 new models, 1 updated (Nov 23–29)"),
        ("releasewatch: {count} new models ({start}–{end})", "releasewatch: 8 new models (Nov 23–Nov 29)"),
        ("[models] {period}: {count} new, {changed} updated", "[models] Nov 23–29: 8 new, 1 updated"),
        ("{count.__class__} {nope}", "{count.__class__} {nope}"),  # no attribute access, unknown names kept
        ("line\r\nBcc: evil@example.com", "line Bcc: evil@example.com"),  # one header line, always
    ],
)
def test_subject_templates(template: str | None, subject: str) -> None:
    assert render_email(sample_digest(), sender=SENDER, to=TO, subject_template=template)["Subject"] == subject


def test_subject_for_without_a_template_is_the_title() -> None:
    assert subject_for(sample_digest()) == sample_digest().title


def test_alert_email() -> None:
    hostile = release("Bad\r\nBcc: x@evil.example " + SCRIPT, "Evil", params_total=7 * B)
    message = _reparsed(render_alert(hostile, sender=SENDER, to=TO))
    assert message["Subject"] == "releasewatch: new model Evil: Bad Bcc: x@evil.example <script>alert(1)</script> (7B)"
    assert message["Bcc"] is None
    text, html = _parts(message)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert text.startswith("New model (Other)\n\nEvil: Bad Bcc: x@evil.example <script>alert(1)</script> (7B)")


def test_update_email() -> None:
    now = release("Kimi K3", "Moonshot", params_total=1000 * B, params_active=32 * B, license="MIT", region="CN")
    message = render_update(
        ReleaseChange(now, ("params_total", "license"), {"params_total": None, "license": None}),
        sender=SENDER,
        to=TO,
    )
    assert message["Subject"] == "releasewatch: updated Moonshot: Kimi K3 (1T-A32B)"
    text, html = _parts(message)
    assert "Updated: size: undisclosed → 1T-A32B; license: unknown → MIT" in text
    assert "Updated: size: undisclosed → 1T-A32B; license: unknown → MIT" in LexborHTMLParser(html).body.text()  # type: ignore[union-attr]


def test_alert_email_for_a_hostile_source_link() -> None:
    _, html = _parts(render_alert(hostile_releases()[0], sender=SENDER, to=TO))
    tree = LexborHTMLParser(html)
    assert tree.css("a") == []  # neither <http://evil|official> nor javascript: becomes a link
    assert "&lt;http://evil|official&gt;" in html
