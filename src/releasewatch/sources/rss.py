"""RSS/Atom source: retrieve through the shared HTTP client (I/O), parse with feedparser (pure).

``parse_feed`` turns bytes into items and never touches the network or the disk: feedparser only ever gets an
in-memory stream (a body that is a file path must not be opened) and never sees a DTD's entity declarations
(a billion-laughs or quadratic-blowup document must not expand). ``RssSource.fetch`` adds conditional GET, an
unchanged-body shortcut, permanent-redirect bookkeeping and, when asked, the full text of each linked article.
"""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import io
import json
import re
import xml.sax
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser  # type: ignore[import-untyped]
from feedparser.encodings import convert_to_utf8  # type: ignore[import-untyped]

from releasewatch.canonical import canonical_url, entry_key
from releasewatch.config import Defaults, RssSourceConfig
from releasewatch.errors import ParseError, SourceError
from releasewatch.htmltext import html_to_text
from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources._conditional import http_limits, revalidated
from releasewatch.sources._http import HttpLimits, HttpResponse
from releasewatch.sources.base import FetchContext

FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.8, */*;q=0.5"
)
ARTICLE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_ARTICLES = 30  # article pages fetched per poll: politeness towards a blog with a 100-entry feed
# lexbor's parse time grows with the square of <div> nesting depth; capping each entry's HTML bounds a hostile feed.
MAX_ENTRY_HTML = 256_000
MAX_WARNING = 200


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: tuple[Item, ...]
    warnings: tuple[str, ...] = ()


# --- parsing (pure) -------------------------------------------------------------------------------------------


def parse_feed(body: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    """Bytes → items. A bozo feed keeps every entry that parsed (with a warning); a non-feed raises ParseError."""
    if not body.strip():
        raise ParseError("not a feed: the body is empty")
    data, headers, warnings = _as_utf8(body, url, content_type)
    # We never emit the entry HTML, only selectolax's text of it (scripts and styles dropped), so feedparser's
    # pure-Python sanitizer and URI rewriter (~5 µs a tag) would be wasted work; entry links resolve regardless.
    result = feedparser.parse(
        io.BytesIO(data), response_headers=headers, resolve_relative_uris=False, sanitize_html=False
    )
    entries: Sequence[Any] = result.get("entries") or ()
    if not entries and not result.get("version"):
        raise ParseError(f"not a feed: {_what_it_is(body, content_type)}")
    if result.get("bozo"):
        warnings.append(_bozo_warning(result.get("bozo_exception"), len(entries)))
    items, duplicates = _unique(_item(entry, url) for entry in entries)
    if duplicates:
        warnings.append(f"dropped {duplicates} entries repeating an earlier entry's id")
    title = _plain(result.get("feed", {}).get("title", ""))
    return ParsedFeed(title=title, items=items, warnings=tuple(dict.fromkeys(warnings)))


def _as_utf8(body: bytes, url: str, content_type: str | None) -> tuple[bytes, dict[str, str], list[str]]:
    """The body as feedparser will see it, with any DTD entity declarations removed.

    feedparser strips external entities but re-inserts "safe" internal ones, and one 50 KB entity referenced
    200,000 times (quadratic blowup) exhausts memory. Which bytes its DTD scrubber sees depends on the encoding
    it picks (the HTTP charset may say UTF-7 or UTF-16), so we run its own RFC 3023 conversion first, then scrub
    the UTF-8 it produced, and hand that back declared as UTF-8.
    """
    # Only the Content-Type goes in here: given other headers but no type, feedparser assumes ISO-8859-1 (RFC
    # 2616) and would garble an undeclared UTF-8 feed; given none, it follows XML's own default, UTF-8.
    typed = {"content-type": content_type} if content_type else {}
    probe: dict[str, Any] = {}
    data = convert_to_utf8(typed, body, probe)
    problem = probe.get("bozo_exception")
    warnings = [_bozo_warning(problem, None)] if problem else []
    data, scrubbed = _without_entity_declarations(data)
    if scrubbed:
        warnings.append("ignored the document's entity declarations (DTD internal subset)")
    if probe.get("encoding"):  # RFC 3023: the charset of application/xml wins, so the UTF-8 is read as such
        typed = {"content-type": "application/xml; charset=utf-8"}
    # No Content-Location: given the feed's URL as a base, feedparser resolves every link-like element of every
    # entry against it (a fifth of parsing time); we resolve the two we use ourselves (``_resolve``).
    return data, typed, warnings


_ELEMENT_START = re.compile(rb"<\w")  # feedparser's own end of the prolog (sanitizer.replace_doctype)
_DTD_MARK = re.compile(rb"[\"'\[\]>]|<!--")
_DOCTYPE = b"<!DOCTYPE"
_ENTITY = b"<!ENTITY"


def _without_entity_declarations(data: bytes) -> tuple[bytes, bool]:
    if _ENTITY not in _prolog(data):
        return data, False
    start = _prolog(data).find(_DOCTYPE)
    if start >= 0:
        data = data[:start] + data[_doctype_end(data, start) :]
    if _ENTITY in _prolog(data):
        raise ParseError("refused: XML entity declarations outside a DOCTYPE")
    return data, True


def _prolog(data: bytes) -> bytes:
    match = _ELEMENT_START.search(data)
    return data[: match.start() + 1] if match else data


def _doctype_end(data: bytes, start: int) -> int:
    """End of the DOCTYPE declaration at ``start``: its internal subset may hold quoted '>' and ']' and comments."""
    depth, position = 0, start + len(_DOCTYPE)
    while match := _DTD_MARK.search(data, position):
        mark, position = match.group(), match.end()
        if mark in (b'"', b"'", b"<!--"):
            close = b"-->" if mark == b"<!--" else mark
            end = data.find(close, position)  # find(), not a regex: an unterminated quote costs one linear scan
            if end < 0:
                return len(data)
            position = end + len(close)
        elif mark == b"[":
            depth += 1
        elif mark == b"]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return position
    return len(data)


def _what_it_is(body: bytes, content_type: str | None) -> str:
    media = (content_type or "").split(";")[0].strip().lower()
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in media or head.startswith((b"<!doctype html", b"<html")):
        what = "got an HTML page"
    elif "json" in media or head[:1] in (b"{", b"["):
        what = "got JSON"
    elif _looks_binary(body[:1024]):
        what = "got binary data"
    elif head.startswith(b"<"):
        what = "XML without an RSS or Atom root element"
    else:
        what = "got plain text, not XML"
    return f"{what} ({media})" if media else what


def _looks_binary(sample: bytes) -> bool:
    controls = sum(byte < 9 or 13 < byte < 32 for byte in sample)
    return b"\x00" in sample or controls > len(sample) // 20


def _bozo_warning(exc: object, entries: int | None) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        where = f" at line {exc.getLineNumber()}" if exc.getLineNumber() else ""
        kept = "" if entries is None else f"; kept the {entries} entries that parsed"
        text = f"not well-formed XML ({exc.getMessage()}{where}){kept}"
    elif isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.CharacterEncodingUnknown):
        text = f"encoding: {exc}"
    elif isinstance(exc, feedparser.NonXMLContentType):
        text = f"content type: {exc}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= MAX_WARNING else text[: MAX_WARNING - 1] + "…"


def _unique(items: Any) -> tuple[tuple[Item, ...], int]:
    """One item per key; the first wins, as feeds list newest first."""
    seen: dict[str, Item] = {}
    duplicates = 0
    for item in items:
        if item.key in seen:
            duplicates += 1
        else:
            seen[item.key] = item
    return tuple(seen.values()), duplicates


def _item(entry: Mapping[str, Any], base: str) -> Item:
    title = _entry_title(entry)
    link = _entry_link(entry, base)
    published = _entry_date(entry)
    text = _entry_text(entry)
    guid = entry.get("id")
    if isinstance(guid, str) and guid and entry.get("guidislink"):
        # A permalink GUID is resolved like a link (never an isPermaLink="false" one), as feedparser did when it
        # was given the base: stored keys stay what they were.
        guid = _resolve(base, guid)
    return Item(
        key=entry_key(guid, link, title, published, text=text),
        title=title,
        url=link,
        published=published,
        text=text,
        content_hash=content_hash(title, link, text),
    )


def content_hash(title: str, url: str | None, text: str) -> str:
    return hashlib.sha256(json.dumps([title, url, text]).encode()).hexdigest()


def _entry_title(entry: Mapping[str, Any]) -> str:
    detail = entry.get("title_detail") or {}
    return _plain(entry.get("title", ""), html="html" in (detail.get("type") or ""))


def _entry_link(entry: Mapping[str, Any], base: str) -> str | None:
    link = entry.get("link")
    if not isinstance(link, str):
        return None
    link = _resolve(base, link)
    if urlsplit(link.strip()).scheme.lower() not in ("http", "https"):
        return None
    return canonical_url(link)


_EXTRA_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")


def _resolve(base: str, uri: str) -> str:
    """``uri`` against the feed's URL, exactly as feedparser resolves against a base it is given (its
    ``resolve_uri``: extra slashes after the scheme dropped, then RFC 3986 joining; unparseable → empty)."""
    uri = _EXTRA_SLASHES.sub(r"\1\3", uri)
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def _entry_date(entry: Mapping[str, Any]) -> datetime | None:
    # `entry.get("updated_parsed")` silently falls back to published (with a DeprecationWarning): ask with `in`.
    for field in ("published_parsed", "updated_parsed"):
        if field in entry and entry[field] is not None:
            return _utc(entry[field])
    return None


def _utc(parsed: Any) -> datetime | None:
    try:  # feedparser's struct_time is already UTC; timegm also copes with leap seconds (tm_sec 60)
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=calendar.timegm(parsed))
    except (OverflowError, ValueError, TypeError):
        return None


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The fullest body the entry carries: content (Atom content, content:encoded), else the summary."""
    candidates = [c for c in entry.get("content") or () if c.get("value")]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        return _plain(best["value"], html="html" in (best.get("type") or ""), lines=True)
    detail = entry.get("summary_detail") or {}
    return _plain(entry.get("summary", ""), html="html" in (detail.get("type") or "text/html"), lines=True)


# What the line pass would change in html_to_text's output: a space at a line's edge, two in a row, an empty line.
_NEEDS_LINE_PASS = re.compile(r"  |\n | \n|\n\n|\A[ \n]|[ \n]\Z")


def _plain(value: object, *, html: bool = False, lines: bool = False) -> str:
    text = str(value or "")
    if html:
        text = html_to_text(text[:MAX_ENTRY_HTML])
        # Its lines are already trimmed, with white space collapsed, and non-empty, but where a table cell is empty
        # (" | 7B", "A |  | 7B", or one outside a table, inside <svg> or <math>): only those need the pass below
        # (≈ 5 % of a short entry's HTML-to-text cost).
        if lines and not _NEEDS_LINE_PASS.search(text):
            return text
    if lines:
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return " ".join(text.split())


# --- retrieval (I/O) ------------------------------------------------------------------------------------------


class RssSource:
    def __init__(self, config: RssSourceConfig, defaults: Defaults) -> None:
        self.config = config
        self.defaults = defaults

    async def fetch(self, state: SourceState, ctx: FetchContext) -> FetchResult:
        response = await ctx.http.get(
            state.url or self.config.url,
            limits=self.limits(),
            etag=state.etag,
            last_modified=state.last_modified,
            headers={"Accept": FEED_ACCEPT},
            allow_private=True,  # the operator chose this URL; only links found *in* a feed are suspect
        )
        state, moved_to, unchanged = revalidated(state, state.url, response)
        if unchanged:
            return FetchResult(status="not_modified", items=(), state=state, moved_to=moved_to)
        parsed = await ctx.parse(
            parse_feed, response.body, url=response.url, content_type=response.headers.get("content-type")
        )
        items, warnings = parsed.items, parsed.warnings
        if self.config.fetch_article:
            items, article_warnings = await self._with_articles(items, ctx)
            warnings += article_warnings
        return FetchResult(status="ok", items=items, state=state, warnings=warnings, moved_to=moved_to)

    def limits(self) -> HttpLimits:
        return http_limits(
            self.config.timeout or self.defaults.timeout, self.config.max_bytes or self.defaults.max_bytes
        )

    async def _with_articles(
        self, items: tuple[Item, ...], ctx: FetchContext
    ) -> tuple[tuple[Item, ...], tuple[str, ...]]:
        """Each linked page's main text replaces the entry's text; a failure is a warning, never a source error.

        Only entries not stored yet (or changed in the feed) are enriched: the others are not written again, so
        fetching their pages on every change of the feed would only load the vendor's server. The content hash
        stays the feed's own, so a flaky or ad-rotating page never makes an entry "updated".
        """
        linked = [item for item, wanted in zip(items, ctx.to_store(items), strict=True) if wanted and item.url]
        chosen = linked[:MAX_ARTICLES]  # the per-host limit inside the client paces these
        results = await asyncio.gather(*(self._article(item.url or "", ctx) for item in chosen))
        texts = {item.key: text for item, (text, _) in zip(chosen, results, strict=True) if text}
        warnings = [warning for _, warning in results if warning]
        if len(linked) > MAX_ARTICLES:
            warnings.append(f"fetched the linked articles of the first {MAX_ARTICLES} entries only")
        enriched = tuple(replace(item, text=texts[item.key]) if item.key in texts else item for item in items)
        return enriched, tuple(warnings)

    async def _article(self, url: str, ctx: FetchContext) -> tuple[str | None, str | None]:
        try:
            response = await ctx.http.get(
                url,
                limits=self.limits(),
                headers={"Accept": ARTICLE_ACCEPT},
                allow_private=self.config.allow_private,
            )
        except SourceError as exc:
            return None, f"article {url}: {exc}"
        media = (response.headers.get("content-type") or "text/html").split(";")[0].strip().lower()
        if "html" not in media:
            return None, f"article {url}: not an HTML page ({media})"
        text = await asyncio.to_thread(article_text, response)
        return (text, None) if text else (None, f"article {url}: no main text found")


def article_text(response: HttpResponse) -> str:
    """The main text of an article page (trafilatura drops navigation, ads and footers), as plain lines."""
    import trafilatura  # only for `fetch_article` sources: ≈ 0.1 s to import in every process and parse worker

    main = trafilatura.extract(
        response.body, url=response.url, output_format="html", include_tables=True, include_comments=False
    )
    return _plain(html_to_text(main), lines=True) if main else ""
