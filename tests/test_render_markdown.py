"""Markdown rendering (stdout and file destinations), read back through a CommonMark parser with raw HTML on."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from releasewatch.digest import build_digest
from releasewatch.models import ReleaseChange
from releasewatch.render.markdown import escape, render_alert, render_markdown, render_update
from tests.support.digestdata import END, START, B, hostile_digest, hostile_releases, release, sample_digest

_md = MarkdownIt("commonmark")  # html=True: raw HTML in the source would come through, which is what we test


def _html(markdown: str) -> HTMLParser:
    return HTMLParser(_md.render(markdown))


def test_sample_digest_golden() -> None:
    assert render_markdown(sample_digest()) == (
        "# releasewatch: 8 new models, 1 updated (Nov 23–29)\n"
        "\n"
        "8 new models from 5 vendors · 1 updated · Nov 23–29, 2026\n"
        "\n"
        "## China\n"
        "\n"
        "- **Alibaba**: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B) — Apache-2.0 · open weights · "
        "[qwenlm.github.io](<https://qwenlm.github.io/blog/qwen3/>) · "
        "[huggingface.co](<https://huggingface.co/Qwen/Qwen3-235B-A22B>)\n"
        "\n"
        "## US\n"
        "\n"
        "- **OpenAI**: GPT-5 (undisclosed) — license unknown · closed weights · "
        "[openai.com](<https://openai.com/index/gpt-5/>)\n"
        "\n"
        "## Europe\n"
        "\n"
        "- **Mistral**: Mistral Large 3 (675B-A41B) — Apache-2.0 · open weights · "
        "[mistral.ai](<https://mistral.ai/news/mistral-3>)\n"
        "\n"
        "## Japan\n"
        "\n"
        "- **SB Intuitions**: Sarashina (70B) — license unknown · weights unknown\n"
        "\n"
        "## Other\n"
        "\n"
        "- **Nobody**: Mystery-7B (7B) — MIT · open weights\n"
        "\n"
        "## Updated\n"
        "\n"
        "- **DeepSeek**: DeepSeek-V4 (1.2T-A60B) — MIT · open weights · "
        "[api-docs.deepseek.com](<https://api-docs.deepseek.com/news/v4>) — China — "
        "size: undisclosed → 1.2T-A60B; license: unknown → MIT\n"
    )


def test_structure_reads_back() -> None:
    tree = _html(render_markdown(sample_digest()))
    assert [node.text() for node in tree.css("h2")] == ["China", "US", "Europe", "Japan", "Other", "Updated"]
    first = tree.css("li")[0].text()
    assert first.startswith("Alibaba: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B) — Apache-2.0 · open weights")
    hrefs = [node.attributes["href"] for node in tree.css("a")]
    assert hrefs[:2] == ["https://qwenlm.github.io/blog/qwen3/", "https://huggingface.co/Qwen/Qwen3-235B-A22B"]


def test_hostile_text_stays_text() -> None:
    source = render_markdown(hostile_digest())
    tree = _html(source)
    assert tree.css("script") == [] and "<script" not in _md.render(source)
    items = [node.text() for node in tree.css("li")]
    assert items[0].startswith("Evil: <!channel> pwned (undisclosed)")
    assert items[1].startswith("<@U123> & co: <http://evil|official> (undisclosed) — <script>alert(1)</script>")
    hrefs = [node.attributes["href"] for node in tree.css("a")]
    assert all(re.match(r"https?://", href or "") for href in hrefs), hrefs
    assert "https://ok.example/a%7Cb%3Ec&d" in hrefs


def test_escape_covers_inline_markup() -> None:
    for text in ["*bold*", "_it_", "`code`", "[x](javascript:alert(1))", "<b>", "&amp;", "~~s~~", "a\\b"]:
        rendered = HTMLParser(_md.render(escape(text))).body.text()  # type: ignore[union-attr]
        assert rendered.strip() == text


def test_empty_digest() -> None:
    text = render_markdown(build_digest([], [], start=START, end=END))
    assert "No new models in this period." in text


def test_alert_and_update() -> None:
    alert = render_alert(hostile_releases()[0])
    assert alert.startswith("**New model** (China): **Evil**: \\<!channel\\> pwned")
    now = release("M", "V", params_total=7 * B, license="MIT")
    update = render_update(ReleaseChange(now, ("license",), {"license": None}))
    assert update == "**Updated** (Other): **V**: M (7B) — MIT · weights unknown — Other — license: unknown → MIT\n"
