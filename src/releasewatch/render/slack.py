"""Digest → Slack messages (Block Kit + plain-text fallback), issue 6 part 3. Pure: returns data, sends nothing.

Limits (shared/reference/slack.md §2): 50 blocks a message, 3,000 characters a section, 150 a header, one table
a message, and an undocumented aggregate cap (``msg_blocks_too_long`` seen near 13.2k characters of block text),
so a message is also kept under ``MESSAGE_BUDGET``. A digest that does not fit becomes several messages, in order.

Every feed-derived string is escaped for mrkdwn (``render.mrkdwn.escape``) or placed in a plain-text object
(header, table ``raw_text`` cell, rich-text link), so mentions and forged links in titles arrive as inert text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from releasewatch.digest import (
    DEFAULT_REGION_NAMES,
    ChangedEntry,
    Digest,
    DigestEntry,
    RegionSection,
    describe_change,
    make_entry,
    region_code,
    region_name,
)
from releasewatch.models import Release, ReleaseChange
from releasewatch.render.mrkdwn import escape, link

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FALLBACK = 3000  # Slack advises ≤ 4,000 for the top-level text
MESSAGE_BUDGET = 10_000  # characters of block text a message; well under the ~13.2k where Slack refused one
TABLE_ROWS = 40  # data rows of a table (Slack allows 100 with the header); beyond this the digest uses sections
MAX_LINK = 1500  # an escaped <url|label> longer than this is shown as its label

Block = dict[str, Any]
_TABLE_HEADER = ("Region", "Vendor", "Model", "Size", "License", "Weights", "Sources")


@dataclass(frozen=True)
class SlackMessage:
    """One chat.postMessage worth: ``text`` is the notification/screen-reader fallback, ``blocks`` the layout."""

    text: str
    blocks: tuple[Block, ...]

    def to_payload(self) -> dict[str, Any]:
        """JSON-ready form (for the outbox and for chat.postMessage)."""
        return {"text": self.text, "blocks": [dict(block) for block in self.blocks]}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> SlackMessage:
        return cls(text=str(payload["text"]), blocks=tuple(payload.get("blocks") or ()))


@dataclass(frozen=True)
class _Body:
    """A block of the digest body with its plain-text share of the fallback ``text``."""

    block: Block
    fallback: str
    is_table: bool = False

    @property
    def size(self) -> int:
        return block_text_size(self.block)


# --- the digest ------------------------------------------------------------------------------------------------


def render_slack(digest: Digest, *, table: bool = True) -> list[SlackMessage]:
    """The digest as one or more messages. ``table``: list new releases in a table block when they fit one."""
    bodies = _new_bodies(digest, table) + _changed_bodies(digest.changed)
    if not bodies:
        bodies = [_Body(_section("No new models in this period."), "No new models in this period.")]
    parts = _pack(bodies)
    return [_message(digest, part, index, len(parts)) for index, part in enumerate(parts, start=1)]


def _new_bodies(digest: Digest, table: bool) -> list[_Body]:
    entries = [(section, entry) for section in digest.sections for entry in section.entries]
    if table and entries and len(entries) <= TABLE_ROWS:
        body = _table_body(entries)
        if body.size <= MESSAGE_BUDGET // 2:  # leave room for the header and the changed section
            return [body]
    return [body for section in digest.sections for body in _region_bodies(section)]


def _region_bodies(section: RegionSection) -> list[_Body]:
    heading = f"*{escape(section.name)}* · {section.release_count} new"
    lines = [_line_pieces(entry) for entry in section.entries]
    return _section_bodies(heading, f"*{escape(section.name)}* (continued)", lines)


def _changed_bodies(changed: Sequence[ChangedEntry]) -> list[_Body]:
    if not changed:
        return []
    lines = [_changed_pieces(item) for item in changed]
    return _section_bodies(f"*Updated* · {len(changed)}", "*Updated* (continued)", lines)


def _section_bodies(heading: str, continued: str, lines: list[list[str]]) -> list[_Body]:
    bodies: list[_Body] = []
    for index, chunk in enumerate(pack_lines(lines, MAX_SECTION - max(len(heading), len(continued)) - 1)):
        text = f"{heading if index == 0 else continued}\n{chunk}"
        bodies.append(_Body(_section(text), _OUR_LINK.sub(r"\1", text)))  # the fallback keeps labels, not URLs
    return bodies


def _message(digest: Digest, bodies: Sequence[_Body], index: int, total: int) -> SlackMessage:
    part = f" · part {index} of {total}" if total > 1 else ""
    blocks: list[Block] = []
    if index == 1:
        blocks.append(_header(digest.title))
        blocks.append(_context(escape(digest.summary) + part))
    else:
        blocks.append(_context(escape(f"{digest.title}{part}")))
    blocks.extend(body.block for body in bodies)
    heading = digest.title if total == 1 else f"{digest.title} ({index}/{total})"
    text = "\n".join([escape(heading), *(body.fallback for body in bodies)])
    return SlackMessage(text=cut(text, MAX_FALLBACK), blocks=tuple(blocks))


def _pack(bodies: Sequence[_Body]) -> list[list[_Body]]:
    """Bodies into messages, in order: ≤ 50 blocks (two kept for header/context), ≤ one table, ≤ the budget."""
    parts: list[list[_Body]] = [[]]
    for body in bodies:
        current = parts[-1]
        full = (
            len(current) >= MAX_BLOCKS - 2
            or sum(item.size for item in current) + body.size > MESSAGE_BUDGET - 500
            or (body.is_table and any(item.is_table for item in current))
        )
        if current and full:
            parts.append([])
        parts[-1].append(body)
    return parts


# --- lines -----------------------------------------------------------------------------------------------------


def _line_pieces(entry: DigestEntry) -> list[str]:
    """'Alibaba: Qwen3 (235B-A22B, 32B) — Apache-2.0 · open weights · <links>' as unbreakable pieces."""
    pieces = [escape(entry.headline), f" — {escape(entry.license_text)} · {escape(entry.weights_text)}"]
    pieces.extend(" · " + _link(item.url, item.label) for item in entry.links)
    return pieces


def _changed_pieces(item: ChangedEntry) -> list[str]:
    pieces = _line_pieces(item.entry)
    pieces.insert(1, f" [{escape(item.region)}]")
    pieces.extend(f"{' — ' if index == 0 else '; '}{escape(note)}" for index, note in enumerate(item.notes))
    return pieces


def _link(url: str | None, label: str) -> str:
    text = link(url, label)
    return text if len(text) <= MAX_LINK else escape(label)


def pack_lines(lines: Sequence[Sequence[str]], limit: int) -> list[str]:
    """Join lines with newlines into chunks of at most ``limit`` characters.

    A line is split only between its pieces (never inside an escape or a link); a continued line is indented.
    """
    chunks: list[str] = []
    current = ""
    for pieces in lines:
        for index, piece in enumerate(pieces):
            piece = cut(piece, limit - 4)
            joiner = ("\n" if current else "") if index == 0 else ""
            if current and len(current) + len(joiner) + len(piece) > limit:
                chunks.append(current)
                current, joiner = "", ""
                piece = piece if index == 0 else "    " + piece.lstrip()
            current += joiner + piece
    if current:
        chunks.append(current)
    return chunks


_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")
_PARTIAL_LINK = re.compile(r"<[^>]*$")
_OUR_LINK = re.compile(r"<https?://[^\s|<>]+\|([^<>]*)>")


def cut(text: str, limit: int) -> str:
    """Shorten mrkdwn to ``limit`` characters without leaving half an entity (``&am``) or half a link."""
    if len(text) <= limit:
        return text
    return _PARTIAL_LINK.sub("", _PARTIAL_ENTITY.sub("", text[: limit - 1])) + "…"


# --- the table -------------------------------------------------------------------------------------------------


def _table_body(entries: Sequence[tuple[RegionSection, DigestEntry]]) -> _Body:
    rows = [[_raw(name) for name in _TABLE_HEADER]]
    rows.extend(_table_row(section, entry) for section, entry in entries)
    fallback = "\n".join(escape(f"{section.name} · {_plain_line(entry)}") for section, entry in entries)
    return _Body({"type": "table", "rows": rows}, fallback, is_table=True)


def _table_row(section: RegionSection, entry: DigestEntry) -> list[Block]:
    values = (section.name, entry.vendor, entry.name, entry.size_text, entry.license_text, entry.weights_text)
    return [*(_raw(value) for value in values), _links_cell(entry)]


def _raw(text: str) -> Block:
    return {"type": "raw_text", "text": text or "—"}


def _links_cell(entry: DigestEntry) -> Block:
    """Links as rich-text link elements: the URL is a field, not parsed text, so nothing in it is interpreted."""
    elements: list[Block] = []
    for index, item in enumerate(entry.links):
        if index:
            elements.append({"type": "text", "text": " · "})
        if item.url:
            elements.append({"type": "link", "url": item.url, "text": item.label})
        else:
            elements.append({"type": "text", "text": item.label})
    if not elements:
        elements.append({"type": "text", "text": "—"})
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": elements}]}


def _plain_line(entry: DigestEntry) -> str:
    return f"{entry.headline} — {entry.license_text} · {entry.weights_text}"


# --- instant alerts ----------------------------------------------------------------------------------------------


def render_alert(release: Release, *, region_names: Mapping[str, str] = DEFAULT_REGION_NAMES) -> SlackMessage:
    """One message for one new release (issue 6 part 5)."""
    region = region_name(region_code(release.region), region_names)
    return _alert(release, f"*New model* · {escape(region)}", _line_pieces(make_entry([release])), ())


def render_update(change: ReleaseChange, *, region_names: Mapping[str, str] = DEFAULT_REGION_NAMES) -> SlackMessage:
    """The alert of a release that gained facts, to replace the original through chat.update."""
    item = describe_change(change, region_names)
    notes = tuple(escape(note) for note in item.notes)
    return _alert(change.release, f"*New model* · {escape(item.region)} · updated", _line_pieces(item.entry), notes)


def _alert(release: Release, heading: str, pieces: list[str], notes: tuple[str, ...]) -> SlackMessage:
    lines = [pieces, *([f"Updated: {note}"] for note in notes)]
    blocks = [_section(f"{heading}\n{chunk}") for chunk in pack_lines(lines, MAX_SECTION - len(heading) - 1)]
    seen = release.first_seen.strftime("%Y-%m-%d %H:%M %Z").strip()
    blocks.append(_context(escape(f"first seen {seen}")))
    entry = make_entry([release])
    text = f"New model: {escape(_plain_line(entry))}"
    if notes:
        text += " (updated: " + "; ".join(notes) + ")"
    return SlackMessage(text=cut(text, MAX_FALLBACK), blocks=tuple(blocks))


def render_notice(title: str, body: str) -> SlackMessage:
    """An operator notice (source health); its text may quote a server's error message, so it is escaped."""
    return SlackMessage(text=cut(escape(title), MAX_FALLBACK), blocks=(_section(f"*{escape(title)}*\n{escape(body)}"),))


# --- blocks ------------------------------------------------------------------------------------------------------


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut_plain(text, MAX_HEADER), "emoji": False}}


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(mrkdwn, MAX_SECTION)}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(mrkdwn, MAX_SECTION)}]}


def _cut_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def block_text_size(block: Any) -> int:
    """Characters of text and URLs in a block — what Slack's aggregate cap appears to count."""
    return sum(len(value) for value in _strings(block))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "url") and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
