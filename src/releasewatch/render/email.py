"""Digest → email (issue 6 part 4): a multipart/alternative message with a plain-text and an HTML part. Pure.

Both parts come from Jinja2 templates in ``templates/``; HTML templates autoescape every value and nothing is
marked safe, so a model called ``<script>`` reaches the reader as text. No feed HTML is ever passed through (were
it ever needed, it would go through nh3 first). CSS is inlined (css_inline, remote stylesheets off) because many
web mail clients drop ``<style>`` blocks.

The message carries no Date or Message-ID: those need the clock and the host name, so the destination adds them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from functools import cache
from typing import Any

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from releasewatch.digest import (
    DEFAULT_REGION_NAMES,
    Digest,
    describe_change,
    make_entry,
    region_code,
    region_name,
)
from releasewatch.models import Release, ReleaseChange

DEFAULT_ALERT_SUBJECT = "releasewatch: new model {headline}"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("releasewatch.render", "templates"),
        # Safe by default: only the .txt.j2 templates (plain text, never interpreted) render unescaped.
        autoescape=select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _inliner() -> css_inline.CSSInliner:
    return css_inline.CSSInliner(load_remote_stylesheets=False)  # never fetch anything while rendering


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def render_html(digest: Digest) -> str:
    """The digest as a standalone HTML document with inlined CSS (also what the ``file`` destination writes)."""
    return _inliner().inline(_render("digest.html.j2", digest=digest))


def render_text(digest: Digest) -> str:
    return _tidy(_render("digest.txt.j2", digest=digest))


def subject_for(digest: Digest, template: str | None = None) -> str:
    """The digest's title, or the configured template with {count}, {changed}, {start}, {end}, {period}, {title}.

    Placeholders are substituted by name only (not str.format), so a template cannot reach attributes; unknown
    ones stay as written.
    """
    if template is None:
        return digest.title
    values = {
        "count": str(digest.counts.new),
        "changed": str(digest.counts.changed),
        "start": digest.period.start_label,
        "end": digest.period.end_label,
        "period": digest.period.short,
        "title": digest.title,
    }
    return _fill(template, values)


def render_email(
    digest: Digest, *, sender: str, to: Sequence[str], subject_template: str | None = None
) -> EmailMessage:
    return _message(
        subject=subject_for(digest, subject_template),
        sender=sender,
        to=to,
        text=render_text(digest),
        html=render_html(digest),
    )


def render_alert(
    release: Release,
    *,
    sender: str,
    to: Sequence[str],
    subject_template: str = DEFAULT_ALERT_SUBJECT,
    region_names: Mapping[str, str] = DEFAULT_REGION_NAMES,
) -> EmailMessage:
    """One email for one new release; ``subject_template`` may use {vendor}, {model}, {size}, {headline}."""
    entry = make_entry([release])
    context = {"heading": "New model", "region": region_name(region_code(release.region), region_names)}
    return _entry_message(entry, context, (), sender=sender, to=to, subject_template=subject_template)


def render_update(
    change: ReleaseChange,
    *,
    sender: str,
    to: Sequence[str],
    subject_template: str = "releasewatch: updated {headline}",
    region_names: Mapping[str, str] = DEFAULT_REGION_NAMES,
) -> EmailMessage:
    item = describe_change(change, region_names)
    context = {"heading": "Updated model", "region": item.region}
    return _entry_message(item.entry, context, item.notes, sender=sender, to=to, subject_template=subject_template)


def _entry_message(
    entry: Any,
    context: dict[str, str],
    notes: Sequence[str],
    *,
    sender: str,
    to: Sequence[str],
    subject_template: str,
) -> EmailMessage:
    values = {"vendor": entry.vendor, "model": entry.name, "size": entry.size_text, "headline": entry.headline}
    variables = {**context, "entry": entry, "notes": tuple(notes)}
    return _message(
        subject=_fill(subject_template, values),
        sender=sender,
        to=to,
        text=_tidy(_render("alert.txt.j2", **variables)),
        html=_inliner().inline(_render("alert.html.j2", **variables)),
    )


def render_notice(title: str, body: str, *, sender: str, to: Sequence[str]) -> EmailMessage:
    """An operator notice (source health): plain text, and the same text escaped as HTML."""
    html_body = f"<p><strong>{html.escape(title)}</strong></p><p>{html.escape(body)}</p>"
    return _message(subject=title, sender=sender, to=to, text=body + "\n", html=html_body)


def _message(*, subject: str, sender: str, to: Sequence[str], text: str, html: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = _header_safe(subject)
    message["From"] = sender
    message["To"] = ", ".join(to)
    # quoted-printable keeps both parts readable in a raw view and avoids base64, which spam filters weigh.
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def _header_safe(text: str) -> str:
    """One line of printable text: a CR or LF from a feed title must never start a new header."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())[:250]


def _tidy(text: str) -> str:
    """Templates leave runs of blank lines around optional blocks; keep at most one."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
