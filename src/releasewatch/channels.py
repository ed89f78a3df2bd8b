"""One channel per destination type: how to build its destination, render a message for it, and store that
message in the outbox as JSON (so a retry in a later run sends exactly what was first rendered)."""

from __future__ import annotations

import email
import email.policy
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from releasewatch.config import (
    DestinationConfig,
    EmailDestinationConfig,
    FileDestinationConfig,
    SlackDestinationConfig,
    StdoutDestinationConfig,
)
from releasewatch.digest import Digest
from releasewatch.models import Release, ReleaseChange

Payload = dict[str, Any]


@dataclass(frozen=True)
class Channel:
    """Renders to JSON payloads and turns a payload back into the destination's message type."""

    digest: Callable[[Digest], list[Payload]]
    alert: Callable[[Release], Payload]
    update: Callable[[ReleaseChange], Payload] | None  # None: sent messages cannot be edited
    decode: Callable[[Payload], Any]
    preview: Callable[[Payload], str]  # what --dry-run prints
    build: Callable[[], Any]  # the destination (I/O) itself
    ops: Callable[[str, str], Payload] = lambda title, body: {"text": f"{title}\n\n{body}"}  # a source-health notice


def channel_for(config: DestinationConfig) -> Channel:
    if isinstance(config, SlackDestinationConfig):
        return _slack(config)
    if isinstance(config, EmailDestinationConfig):
        return _email(config)
    if isinstance(config, StdoutDestinationConfig | FileDestinationConfig):
        return _markdown(config)
    raise ValueError(f"no channel for destination type {config.type!r}")


def _slack(config: SlackDestinationConfig) -> Channel:
    from releasewatch.destinations.slack import SlackDestination
    from releasewatch.render import slack

    def preview(payload: Payload) -> str:
        return f"[slack text] {payload['text']}\n[slack blocks] {len(payload.get('blocks') or [])} blocks"

    return Channel(
        digest=lambda digest: [message.to_payload() for message in slack.render_slack(digest)],
        alert=lambda release: slack.render_alert(release).to_payload(),
        update=lambda change: slack.render_update(change).to_payload(),
        decode=slack.SlackMessage.from_payload,
        preview=preview,
        build=lambda: SlackDestination(config),
        ops=lambda title, body: slack.render_notice(title, body).to_payload(),
    )


def _email(config: EmailDestinationConfig) -> Channel:
    from releasewatch.destinations.email import EmailDestination
    from releasewatch.render import email as render

    def encode(message: email.message.EmailMessage) -> Payload:
        return {"raw": message.as_string(policy=email.policy.SMTP)}

    def decode(payload: Payload) -> email.message.EmailMessage:
        return email.message_from_string(payload["raw"], policy=email.policy.default)

    def preview(payload: Payload) -> str:
        message = decode(payload)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        body = text.get_content() if text is not None else ""
        where = _html_preview(config.name, html.get_content()) if html is not None else "-"
        return f"Subject: {message['Subject']}\nTo: {message['To']}\nHTML preview: {where}\n\n{body}"

    sender, to, subject = config.from_, list(config.to), config.subject
    return Channel(
        digest=lambda digest: [encode(render.render_email(digest, sender=sender, to=to, subject_template=subject))],
        alert=lambda release: encode(render.render_alert(release, sender=sender, to=to)),
        update=None,
        decode=decode,
        preview=preview,
        build=lambda: EmailDestination(config),
        ops=lambda title, body: encode(render.render_notice(title, body, sender=sender, to=to)),
    )


def _html_preview(name: str, html: str) -> str:
    """Write the HTML part where a browser can open it; --dry-run prints the path."""
    handle, path = tempfile.mkstemp(prefix=f"releasewatch-{name}-", suffix=".html")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(html)
    return path


def _markdown(config: StdoutDestinationConfig | FileDestinationConfig) -> Channel:
    from releasewatch.destinations.stdout import FileDestination, StdoutDestination
    from releasewatch.render import markdown

    def build() -> Any:
        if isinstance(config, FileDestinationConfig):
            return FileDestination(config)
        return StdoutDestination(config)

    return Channel(
        digest=lambda digest: [{"text": markdown.render_markdown(digest)}],
        alert=lambda release: {"text": markdown.render_alert(release)},
        update=None,
        decode=lambda payload: str(payload["text"]),
        preview=lambda payload: str(payload["text"]),
        build=build,
    )
