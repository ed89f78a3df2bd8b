"""Slack mrkdwn escaping and link building. A utility module: no business logic.

Slack treats only ``&``, ``<`` and ``>`` as control characters in mrkdwn (docs: "Formatting message text"), so
those three are all we escape — anything more (``&#39;``) would show literally. Escaping them is what makes
``<!channel>``, ``<@U123>`` or ``<http://evil|official>`` in a feed title arrive as inert text.
"""

from __future__ import annotations

from releasewatch.digest import Link, safe_url


def escape(text: str) -> str:
    """Untrusted text → mrkdwn that renders as exactly that text (``&`` first, so nothing is escaped twice)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None, label: str) -> str:
    """``<url|label>`` when ``url`` is a safe http(s) URL; the escaped label alone otherwise.

    ``safe_url`` has already percent-encoded ``|``, ``<``, ``>``, so the URL cannot end the link early; ``&``
    in a URL is written ``&amp;`` as Slack expects.
    """
    safe = safe_url(url) if url else None
    if safe is None:
        return escape(label)
    # A label must not contain "|" or ">" unescaped either; escape() handles ">", and "|" ends nothing after it.
    return f"<{escape(safe)}|{escape(label)}>"


def source_links(links: tuple[Link, ...], separator: str = " · ") -> str:
    return separator.join(link(item.url, item.label) for item in links)
