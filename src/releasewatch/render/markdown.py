"""Digest → Markdown (CommonMark) for the stdout and file destinations. Pure.

Feed-derived text is backslash-escaped, so a model called ``<script>`` or ``[x](javascript:…)`` reads as text
in any Markdown viewer; links are made only from URLs ``digest.safe_url`` accepted (http(s), no spaces, no ``<>``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from releasewatch.digest import (
    DEFAULT_REGION_NAMES,
    ChangedEntry,
    Digest,
    DigestEntry,
    Link,
    describe_change,
    make_entry,
    region_code,
    region_name,
)
from releasewatch.models import Release, ReleaseChange

# CommonMark lets any ASCII punctuation be backslash-escaped; we escape only what can start markup mid-line
# (emphasis, code, links, raw HTML, entities, GFM strikethrough), so the file stays readable as plain text.
# Feed text never starts a line, so line-start markers (#, -, 1.) need no escaping.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(digest: Digest) -> str:
    lines = [f"# {escape(digest.title)}", "", escape(digest.summary), ""]
    for section in digest.sections:
        lines += [f"## {escape(section.name)}", ""]
        lines += [f"- {entry_line(entry)}" for entry in section.entries]
        lines.append("")
    if digest.changed:
        lines += ["## Updated", ""]
        lines += [f"- {_changed_line(item)}" for item in digest.changed]
        lines.append("")
    if digest.is_empty:
        lines += ["No new models in this period.", ""]
    return "\n".join(lines)


def entry_line(entry: DigestEntry) -> str:
    """'Alibaba: Qwen3 (235B-A22B, 32B) — Apache-2.0 · open weights · [hf.co](https://…)'."""
    text = f"**{escape(entry.vendor)}**: {escape(entry.name)} ({escape(entry.size_text)})"
    text += f" — {escape(entry.license_text)} · {escape(entry.weights_text)}"
    return " · ".join([text, *(_link(item) for item in entry.links)])


def _changed_line(item: ChangedEntry) -> str:
    notes = "; ".join(escape(note) for note in item.notes)
    return f"{entry_line(item.entry)} — {escape(item.region)}" + (f" — {notes}" if notes else "")


def _link(item: Link) -> str:
    # An <angle-bracket> destination may hold parentheses; safe_url already percent-encoded "<" and ">".
    if item.url is None:
        return escape(item.label)
    return f"[{escape(item.label)}](<{item.url}>)"


def render_alert(release: Release, *, region_names: Mapping[str, str] = DEFAULT_REGION_NAMES) -> str:
    region = region_name(region_code(release.region), region_names)
    return f"**New model** ({escape(region)}): {entry_line(make_entry([release]))}\n"


def render_update(change: ReleaseChange, *, region_names: Mapping[str, str] = DEFAULT_REGION_NAMES) -> str:
    item = describe_change(change, region_names)
    return f"**Updated** ({escape(item.region)}): {_changed_line(item)}\n"
