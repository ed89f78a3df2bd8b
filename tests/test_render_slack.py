"""Slack rendering: Block Kit layout, Slack's limits, splitting, and mrkdwn escaping of everything from feeds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from releasewatch.digest import Digest, build_digest
from releasewatch.models import ReleaseChange
from releasewatch.render.mrkdwn import escape, link
from releasewatch.render.slack import (
    MAX_BLOCKS,
    MAX_FALLBACK,
    MAX_HEADER,
    MAX_SECTION,
    MESSAGE_BUDGET,
    SlackMessage,
    block_text_size,
    pack_lines,
    render_alert,
    render_slack,
    render_update,
)
from tests.support.digestdata import (
    CHANNEL_PING,
    END,
    FORGED_LINK,
    START,
    B,
    hostile_digest,
    hostile_releases,
    release,
    sample_digest,
)

# A "<" in mrkdwn that survives escaping must open a link we built: <http(s)://…|label>.
_OUR_LINK = re.compile(r"<https?://[^\s|<>]+\|[^<>]*>")


def _mrkdwn_texts(message: SlackMessage) -> Iterator[str]:
    yield message.text
    for block in message.blocks:
        if block["type"] == "section":
            yield block["text"]["text"]
        elif block["type"] == "context":
            yield from (element["text"] for element in block["elements"])


def _all_text(message: SlackMessage) -> str:
    return json.dumps(message.to_payload(), ensure_ascii=False)


def _assert_inert(message: SlackMessage) -> None:
    """No mention or link syntax reaches Slack except the links we built from validated URLs."""
    for text in _mrkdwn_texts(message):
        leftover = _OUR_LINK.sub("", text)
        assert "<" not in leftover and ">" not in leftover, text
        for url in re.findall(r"<(https?://[^|]+)\|", text):
            assert "|" not in url and ">" not in url and "<" not in url


def _assert_within_limits(message: SlackMessage) -> None:
    assert len(message.blocks) <= MAX_BLOCKS
    assert sum(block["type"] == "table" for block in message.blocks) <= 1
    assert sum(block_text_size(block) for block in message.blocks) <= MESSAGE_BUDGET
    assert 0 < len(message.text) <= MAX_FALLBACK
    for block in message.blocks:
        Block.parse(block).validate_json()  # slack_sdk's own checks of each block's limits
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION
        if block["type"] == "table":
            assert len(block["rows"]) <= 100 and all(len(row) <= 20 for row in block["rows"])


# --- layout ------------------------------------------------------------------------------------------------------


def test_a_digest_that_fits_is_one_message_with_a_table() -> None:
    (message,) = render_slack(sample_digest())
    kinds = [block["type"] for block in message.blocks]
    assert kinds == ["header", "context", "table", "section"]
    header, context, table, changed = message.blocks
    assert header["text"] == {
        "type": "plain_text",
        "text": "releasewatch: 8 new models, 1 updated (Nov 23–29)",
        "emoji": False,
    }
    assert context["elements"][0]["text"] == "8 new models from 5 vendors · 1 updated · Nov 23–29, 2026"
    rows = [[cell.get("text") for cell in row] for row in table["rows"]]
    assert rows[0] == ["Region", "Vendor", "Model", "Size", "License", "Weights", "Sources"]
    assert rows[1][:6] == ["China", "Alibaba", "Qwen3", "235B-A22B, 30B-A3B, 32B, 14B", "Apache-2.0", "open weights"]
    assert [row[0] for row in rows[1:]] == ["China", "US", "Europe", "Japan", "Other"]
    sources = table["rows"][1][6]["elements"][0]["elements"]
    assert sources[0] == {"type": "link", "url": "https://qwenlm.github.io/blog/qwen3/", "text": "qwenlm.github.io"}
    assert changed["text"]["text"].startswith("*Updated* · 1\nDeepSeek: DeepSeek-V4 (1.2T-A60B) [China] — MIT")
    assert "size: undisclosed → 1.2T-A60B; license: unknown → MIT" in changed["text"]["text"]
    # The fallback carries every line for notifications and screen readers.
    assert message.text.splitlines()[0] == "releasewatch: 8 new models, 1 updated (Nov 23–29)"
    assert "China · Alibaba: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B) — Apache-2.0 · open weights" in message.text
    _assert_within_limits(message)


def test_sections_group_by_region_with_one_line_per_model_and_links() -> None:
    (message,) = render_slack(sample_digest(), table=False)
    sections = [block["text"]["text"] for block in message.blocks if block["type"] == "section"]
    assert [text.splitlines()[0] for text in sections] == [
        "*China* · 4 new",
        "*US* · 1 new",
        "*Europe* · 1 new",
        "*Japan* · 1 new",
        "*Other* · 1 new",
        "*Updated* · 1",
    ]
    assert sections[0].splitlines()[1] == (
        "Alibaba: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B) — Apache-2.0 · open weights · "
        "<https://qwenlm.github.io/blog/qwen3/|qwenlm.github.io> · "
        "<https://huggingface.co/Qwen/Qwen3-235B-A22B|huggingface.co>"
    )
    assert sections[1].splitlines()[1].startswith("OpenAI: GPT-5 (undisclosed) — license unknown · closed weights")
    _assert_within_limits(message)


def test_an_empty_digest_says_so() -> None:
    (message,) = render_slack(build_digest([], [], start=START, end=END))
    assert message.blocks[-1]["text"]["text"] == "No new models in this period."


def test_payload_round_trip_is_json() -> None:
    (message,) = render_slack(sample_digest())
    payload = json.loads(json.dumps(message.to_payload()))
    assert SlackMessage.from_payload(payload) == message


# --- splitting ---------------------------------------------------------------------------------------------------


def _big_digest(count: int = 400) -> Digest:
    regions = ["CN", "US", "EU", "JP", None]
    releases = [
        release(
            f"Model-{index:03d} " + "&<>" * 20,
            f"Vendor {index % 17}",
            params_total=(index + 1) * B,
            region=regions[index % len(regions)],
            sources=tuple(f"https://source{n}.example/{index}?a=1&b=2" for n in range(index % 6)),
        )
        for index in range(count)
    ]
    changes = [
        ReleaseChange(release(f"Changed-{i}", license="MIT"), ("license",), {"license": None}) for i in range(60)
    ]
    return build_digest(releases, changes, start=START, end=END)


@pytest.mark.parametrize("table", [True, False])
def test_a_long_digest_is_split_into_messages_in_order(table: bool) -> None:
    messages = render_slack(_big_digest(), table=table)
    assert len(messages) > 1
    for message in messages:
        _assert_within_limits(message)
        _assert_inert(message)
    assert messages[0].blocks[0]["type"] == "header"
    assert all(message.blocks[0]["type"] == "context" for message in messages[1:])
    assert "part 2 of" in messages[1].blocks[0]["elements"][0]["text"]
    text = "\n".join(_all_text(message) for message in messages)
    positions = [text.find(f"Model-{index:03d} ") for index in range(400)]
    assert all(position >= 0 for position in positions)  # nothing lost
    region_order = [text.find(f"*{name}*") for name in ("China", "US", "Europe", "Japan", "Other", "Updated")]
    assert region_order == sorted(region_order)  # regions, then the changed section, in order across messages
    blocks = json.dumps([message.blocks for message in messages])
    assert blocks.count("Changed-") == 60


def test_a_single_huge_line_is_split_between_its_pieces() -> None:
    sources = tuple(f"https://host{n}.example/{'p' * 400}" for n in range(10))
    digest = build_digest([release("Huge", sources=sources)], [], start=START, end=END)
    (message,) = render_slack(digest, table=False)
    sections = [block["text"]["text"] for block in message.blocks if block["type"] == "section"]
    assert len(sections) == 2
    assert sections[1].startswith("*Other* (continued)\n    · <https://host")
    _assert_within_limits(message)
    _assert_inert(message)


def test_pack_lines_never_cuts_an_escape_or_a_link() -> None:
    assert pack_lines([["&amp;" * 100]], 52) == ["&amp;" * 9 + "…"]
    assert pack_lines([["ab <https://a.example/" + "x" * 100 + "|a>"]], 60) == ["ab …"]


# --- escaping ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [True, False])
def test_hostile_names_and_urls_are_inert(table: bool) -> None:
    for message in render_slack(hostile_digest(), table=table):
        _assert_inert(message)
        _assert_within_limits(message)
        raw = _all_text(message)
        assert "<!channel>" not in raw.replace('"raw_text", "text": "<!channel> pwned"', "")
        assert "&lt;!channel&gt; pwned" in message.text


def test_hostile_text_in_sections_reads_back_as_itself() -> None:
    (message,) = render_slack(hostile_digest(), table=False)
    texts = "\n".join(block["text"]["text"] for block in message.blocks if block["type"] == "section")
    assert "Evil: &lt;!channel&gt; pwned (undisclosed)" in texts
    assert "&lt;@U123&gt; &amp; co: &lt;http://evil|official&gt;" in texts
    assert "&lt;!here&gt;: &lt;script&gt;alert(1)&lt;/script&gt; (7B)" in texts
    assert "<https://ok.example/a%7Cb%3Ec&amp;d|ok.example>" in texts  # our link, from a validated URL
    assert "javascript:alert(1)" in texts and "<javascript" not in texts  # shown, never linked


def test_table_cells_hold_hostile_text_as_plain_text() -> None:
    (message,) = render_slack(hostile_digest())
    table = next(block for block in message.blocks if block["type"] == "table")
    models = [row[2] for row in table["rows"][1:]]
    assert {"type": "raw_text", "text": CHANNEL_PING} in models  # raw_text is never parsed for mentions
    links = [element for row in table["rows"][1:] for element in row[6]["elements"][0]["elements"]]
    assert all(element["url"].startswith("https://") for element in links if element["type"] == "link")
    assert {"type": "text", "text": FORGED_LINK} in links  # a bad source URL is shown, not linked


def test_alert_for_a_hostile_release_is_inert() -> None:
    message = render_alert(hostile_releases()[0])
    _assert_inert(message)
    assert message.text == "New model: Evil: &lt;!channel&gt; pwned (undisclosed) — license unknown · weights unknown"
    assert message.blocks[0]["text"]["text"].startswith("*New model* · China\nEvil: &lt;!channel&gt; pwned")
    assert message.blocks[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "first seen 2026-11-25 14:30 UTC"}],
    }


def test_update_shows_the_new_facts_and_what_changed() -> None:
    now = release("Kimi K3", "Moonshot", params_total=1000 * B, params_active=32 * B, license="<b>MIT</b>", region="CN")
    message = render_update(ReleaseChange(now, ("params_total", "license"), {"params_total": None, "license": None}))
    section = message.blocks[0]["text"]["text"]
    assert section.startswith("*New model* · China · updated\nMoonshot: Kimi K3 (1T-A32B) — &lt;b&gt;MIT&lt;/b&gt;")
    assert "Updated: size: undisclosed → 1T-A32B\nUpdated: license: unknown → &lt;b&gt;MIT&lt;/b&gt;" in section
    _assert_inert(message)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_round_trips_and_leaves_no_control_characters(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_link_only_for_safe_urls() -> None:
    assert link("https://a.example/x?a=1&b=2", "a<b") == "<https://a.example/x?a=1&amp;b=2|a&lt;b>"
    assert link("javascript:alert(1)", "x") == "x"
    assert link(None, "<!here>") == "&lt;!here&gt;"


_names = st.text(alphabet=st.sampled_from(list("<>&|!@#*_~`aZ9 \n")), max_size=300)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_names, _names, st.lists(_names, max_size=4)), max_size=60), st.booleans())
def test_any_digest_renders_within_limits_and_inert(rows: list[tuple[str, str, list[str]]], table: bool) -> None:
    releases = [
        release(model, vendor, sources=tuple(f"https://h.example/{s}" for s in sources) + tuple(sources))
        for model, vendor, sources in rows
    ]
    for message in render_slack(build_digest(releases, [], start=START, end=END), table=table):
        _assert_within_limits(message)
        _assert_inert(message)
