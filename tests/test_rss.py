"""The RSS/Atom source: golden feeds for the pure parser, hostile documents and servers through the real client."""

from __future__ import annotations

import asyncio
import codecs
import gzip
import json
import os
import time
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasewatch.config import Defaults, RssSourceConfig
from releasewatch.errors import FetchError, GoneError, ParseError, SourceError
from releasewatch.htmltext import html_to_text
from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources import rss
from releasewatch.sources._http import HttpClient
from releasewatch.sources.base import FetchContext
from releasewatch.sources.rss import ParsedFeed, RssSource, parse_feed
from tests.support.feedserver import FeedServer, RecordedRequest, Reply, endless, gzip_bomb

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
RSS = "application/rss+xml"
SECRET = "TOP-SECRET-5f1c0e"  # planted in a local file that hostile documents try to read


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


FIRST_POLL = SourceState()


def fetch(url: str, state: SourceState = FIRST_POLL, **config: Any) -> FetchResult:
    settings = {"name": "test", "url": url, "timeout": "2s", "max_bytes": "1MB"} | config
    source = RssSource(RssSourceConfig.model_validate(settings), Defaults())

    async def go() -> FetchResult:
        async with HttpClient() as http:
            return await source.fetch(state, FetchContext(http=http, now=NOW))

    return run(go())


def fetch_fails(url: str, **config: Any) -> SourceError:
    with pytest.raises(SourceError) as caught:
        fetch(url, **config)
    assert str(caught.value) and "\n" not in str(caught.value)
    return caught.value


def rss_feed(*items: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel><title>T</title>'
        f"{''.join(items)}</channel></rss>"
    ).encode()


def item(guid: str, title: str = "Title", extra: str = "") -> str:
    return f'<item><guid isPermaLink="false">{guid}</guid><title>{title}</title>{extra}</item>'


def parse(body: bytes, content_type: str | None = RSS) -> ParsedFeed:
    return parse_feed(body, url="https://example.org/feed.xml", content_type=content_type)


def not_a_feed(body: bytes, content_type: str | None) -> str:
    with pytest.raises(ParseError) as caught:
        parse(body, content_type)
    return str(caught.value)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


# --- golden files -------------------------------------------------------------------------------------------------


def _as_json(parsed: ParsedFeed) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "warnings": list(parsed.warnings),
        "items": [
            {
                "key": entry.key,
                "title": entry.title,
                "url": entry.url,
                "published": entry.published.isoformat() if entry.published else None,
                "text": entry.text,
            }
            for entry in parsed.items
        ],
    }


@pytest.mark.parametrize(("name", "content_type"), [("atom.xml", "application/atom+xml"), ("rss.xml", RSS)])
def test_golden_feeds(name: str, content_type: str) -> None:
    """Set RELEASEWATCH_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change."""
    body = (FEEDS / name).read_bytes()
    parsed = parse_feed(body, url="https://example.org/blog/feed", content_type=content_type)
    expected_path = FEEDS / f"{name}.expected.json"
    if os.environ.get("RELEASEWATCH_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(_as_json(parsed), indent=2, ensure_ascii=False) + "\n")
    assert _as_json(parsed) == json.loads(expected_path.read_text())


def test_dates_are_utc_and_updated_is_only_a_fallback() -> None:
    parsed = parse(
        rss_feed(
            item("a", extra="<pubDate>Tue, 04 Aug 2026 10:00:00 +0200</pubDate>"),
            item("b", extra='<updated xmlns="http://www.w3.org/2005/Atom">2026-08-05T01:02:03Z</updated>'),
            item("c"),
            item("d", extra="<pubDate>not a date</pubDate>"),
        )
    )
    published = [entry.published for entry in parsed.items]
    assert published == [datetime(2026, 8, 4, 8, 0, tzinfo=UTC), datetime(2026, 8, 5, 1, 2, 3, tzinfo=UTC), None, None]


def test_content_hash_follows_title_link_and_text() -> None:
    def hashed(title: str = "T", link: str = "https://e.org/1", text: str = "body") -> str:
        body = rss_feed(item("g", title, f"<link>{link}</link><description>{text}</description>"))
        return parse(body).items[0].content_hash

    base = hashed()
    assert hashed() == base
    assert len({base, hashed(title="T2"), hashed(link="https://e.org/2"), hashed(text="changed")}) == 4
    assert hashed(link="https://e.org/1?utm_source=x") == base  # the canonical link is what counts


def test_entry_without_link_title_or_date() -> None:
    parsed = parse(
        rss_feed(
            "<item><description>first</description></item>",
            "<item><description>second</description></item>",
            "<item><title>only a title</title></item>",
            "<item><link>https://example.org/only-link</link></item>",
        )
    )
    assert [entry.key for entry in parsed.items][-1] == "https://example.org/only-link"
    assert len({entry.key for entry in parsed.items}) == 4
    assert all(entry.published is None for entry in parsed.items)
    assert [entry.url for entry in parsed.items] == [None, None, None, "https://example.org/only-link"]
    assert [entry.title for entry in parsed.items] == ["", "", "only a title", ""]


def test_duplicate_guids_keep_one_item_per_key() -> None:
    parsed = parse(rss_feed(item("same", "newest"), item("other"), item("same", "older")))
    assert [(entry.key, entry.title) for entry in parsed.items] == [("same", "newest"), ("other", "Title")]
    assert parsed.warnings == ("dropped 1 entries repeating an earlier entry's id",)


def test_relative_links_resolve_against_the_final_url() -> None:
    body = rss_feed(item("g", extra="<link>/posts/1?utm_medium=rss</link>"))
    parsed = parse_feed(body, url="https://blog.example.org/feeds/all.xml", content_type=RSS)
    assert parsed.items[0].url == "https://blog.example.org/posts/1"


_BASE_CASES = [
    b'<rss version="2.0"><channel><item><guid>v1-3</guid><title>a</title></item>'
    b'<item><guid isPermaLink="false">v1-4</guid><link>/p/4</link></item><item><guid>tag:example.org,2024:5</guid>'
    b"</item><item><guid>https://x.org/a?#</guid></item><item><link>posts/6?utm_source=x</link><title>t</title>"
    b"</item><item><guid>//cdn.example/7</guid></item><item><guid>http:///x.org/8</guid></item></channel></rss>",
    b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><entry><id>urn:uuid:1</id><link href="post-1"/>'
    b'<title>x</title></entry><entry><id>2</id><link rel="alternate" href="https://other.org/2"/></entry></feed>',
    b'<rss version="2.0"><channel xml:base="https://base.example/dir/"><item><guid>rel/9</guid>'
    b"<link>../up/9</link></item></channel></rss>",
]


@pytest.mark.parametrize("body", _BASE_CASES)
def test_keys_and_links_are_what_feedparser_resolved_when_given_the_feed_url(body: bytes) -> None:
    # Stored keys must not change across versions: parse_feed resolves GUIDs and links itself now, instead of
    # handing feedparser the feed's URL as Content-Location (which made it resolve every link-like element).
    import io

    import feedparser

    from releasewatch.canonical import canonical_url, entry_key

    url = "https://blog.example.org/feeds/all.xml"
    headers = {"content-location": url, "content-type": RSS}
    old = feedparser.parse(io.BytesIO(body), response_headers=headers, resolve_relative_uris=False)
    new = parse_feed(body, url=url, content_type=RSS)
    assert len(new.items) == len(old.entries)
    for entry, item in zip(old.entries, new.items, strict=True):
        link = entry.get("link")
        link = canonical_url(link) if link and link.startswith(("http:", "https:")) else None
        assert (item.key, item.url) == (entry_key(entry.get("id"), link, item.title, item.published), link)


def test_non_http_links_are_not_urls() -> None:
    parsed = parse(rss_feed(item("g", extra="<link>javascript:alert(1)</link>")))
    assert parsed.items[0].url is None


_HTML_PIECES = st.sampled_from(
    ["<p>", "</p>", "<br>", "<pre>", "</pre>", "<td>", "</td>", "<th>", "<tr>", "</tr>", "<table>", "</table>",
     "<li>", "<div>", "<b>", "</b>", "<script>", "<svg>", "</svg>", "<math>",
     "<td></td>", "<td> </td>", "-->", "&nbsp;", "&#133;", "&#x2028;", "&#9;", "Qwen3 32B", "a b",
     " ", "\n", "\r", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u3000", "\u1680", "\u200b"]
)  # fmt: skip


@settings(database=None, max_examples=1000)
@given(st.lists(_HTML_PIECES, max_size=40).map("".join))
def test_entry_html_text_is_what_the_line_pass_gives(html: str) -> None:
    # The entry text skips the line pass when html_to_text's lines need none: the stored text (and so content
    # hashes) must stay what the pass gives, or every stored entry would read as changed.
    text = html_to_text(html)
    passed = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    assert rss._plain(html, html=True, lines=True) == passed


def test_a_five_thousand_entry_feed() -> None:
    entries = [
        item(f"g{n}", f"Entry {n}", f"<link>https://e.org/{n}</link><description>Text {n}</description>")
        for n in range(5000)
    ]
    started = time.monotonic()
    parsed = parse(rss_feed(*entries))
    assert len(parsed.items) == 5000
    assert parsed.items[4999].text == "Text 4999"
    assert time.monotonic() - started < 10


# --- hostile documents (pure parser) ------------------------------------------------------------------------------


def test_malformed_xml_keeps_what_parsed() -> None:
    body = rss_feed(item("1", "one"), item("2", "two")).replace(b"</channel></rss>", b"<item><title>three<b></item>")
    parsed = parse(body)
    assert [entry.key for entry in parsed.items][:2] == ["1", "2"]
    assert any(warning.startswith("not well-formed XML") for warning in parsed.warnings)


def test_truncated_feed_keeps_complete_entries() -> None:
    body = rss_feed(item("1", "one"), item("2", "two"))[:-40]
    parsed = parse(body)
    assert [entry.key for entry in parsed.items] == ["1", "2"]
    assert parsed.warnings


HTML_PAGE = b"<!DOCTYPE html><html><head><title>Blog</title></head><body><p>hi</p></body></html>"
JSON_FEED = b'{"version": "https://jsonfeed.org/version/1", "items": []}'
OTHER_XML = b"<?xml version='1.0'?><catalog><book/></catalog>"
BINARY = bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", RSS, "the body is empty"),
        (b"  \n\t ", None, "the body is empty"),
        (HTML_PAGE, "text/html; charset=utf-8", "got an HTML page (text/html)"),
        (b"<html><body>no doctype</body></html>", None, "got an HTML page"),
        (JSON_FEED, "application/json", "got JSON (application/json)"),
        (b"[1, 2, 3]", None, "got JSON"),
        (BINARY, "application/octet-stream", "got binary data (application/octet-stream)"),
        (OTHER_XML, "application/xml", "XML without an RSS or Atom root element (application/xml)"),
        (b"just some words", "text/plain", "got plain text, not XML (text/plain)"),
    ],
)
def test_documents_that_are_not_feeds(body: bytes, content_type: str | None, message: str) -> None:
    assert not_a_feed(body, content_type) == f"not a feed: {message}"


def test_random_bytes_are_not_a_feed() -> None:
    for seed in range(20):
        body = os.urandom(4096) if seed else bytes([seed]) * 10
        with pytest.raises(ParseError, match=r"^not a feed: "):
            parse(body, "application/rss+xml")


@pytest.mark.parametrize("codec", ["latin-1", "windows-1252"])
def test_legacy_encodings_mislabelled_as_utf8(codec: str) -> None:
    title = "Café déjà vu – “quoted”" if codec == "windows-1252" else "Café déjà vu"
    body = rss_feed(item("1", title)).decode().encode(codec)
    parsed = parse(body, "application/rss+xml; charset=utf-8")
    assert parsed.items[0].title == title
    assert any(warning.startswith("encoding: document declared as utf-8") for warning in parsed.warnings)


def test_undeclared_utf8_without_a_content_type_is_utf8() -> None:
    body = rss_feed(item("1", "Café – ünïcode")).replace(b' encoding="utf-8"', b"")
    parsed = parse(body, content_type=None)
    assert parsed.items[0].title == "Café – ünïcode"
    assert parsed.warnings == ()


def test_a_wrong_content_type_is_a_warning_not_a_failure() -> None:
    parsed = parse(rss_feed(item("1")), "text/html")
    assert [entry.key for entry in parsed.items] == ["1"]
    assert parsed.warnings == ("content type: text/html is not an XML media type",)


def test_billion_laughs_does_not_expand() -> None:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10))
    prolog = f'\n<!DOCTYPE rss [\n<!ENTITY lol0 "lol">\n{entities}]>\n'
    body = rss_feed(item("1", "&lol9;"), prolog=prolog)
    started = time.monotonic()
    parsed = parse(body)
    assert time.monotonic() - started < 2
    assert "lollol" not in repr(parsed)
    assert "ignored the document's entity declarations (DTD internal subset)" in parsed.warnings


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_quadratic_blowup_does_not_expand(codec: str) -> None:
    # One 50 KB entity referenced 20,000 times would be 1 GB; feedparser alone keeps such "safe" entities.
    prolog = f'\n<!DOCTYPE rss [\n<!ENTITY a "{"A" * 50_000}">\n]>\n'
    body = rss_feed(item("1", "x", f"<description>{'&a;' * 20_000}</description>"), prolog=prolog)
    if codec != "utf-8":
        body = codecs.BOM_UTF16_LE + body.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le")
    started = time.monotonic()
    parsed = parse(body)
    assert time.monotonic() - started < 5
    assert len(parsed.items) == 1
    assert "A" * 100_000 not in parsed.items[0].text


def test_entity_declarations_hidden_in_another_charset_are_scrubbed_too() -> None:
    # The HTTP charset decides what feedparser decodes; the scrubber must look at the same characters.
    prolog = f'\n<!DOCTYPE rss [\n<!ENTITY a "{"A" * 50_000}">\n]>\n'
    document = rss_feed(item("1", "x", f"<description>{'&a;' * 20_000}</description>"), prolog=prolog).decode()
    body = document.replace('encoding="utf-8"', 'encoding="utf-16-be"').encode("utf-16-be")
    parsed = parse(body, "application/rss+xml; charset=utf-16-be")
    assert "A" * 100_000 not in repr(parsed)


def test_entities_outside_a_doctype_are_refused() -> None:
    body = b'<?xml version="1.0"?>\n<!ENTITY a "x">\n<rss version="2.0"><channel></channel></rss>'
    with pytest.raises(ParseError, match="refused: XML entity declarations outside a DOCTYPE"):
        parse(body)


def test_xxe_never_reads_the_local_file(secret_file: Path) -> None:
    prolog = (
        f'\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://{secret_file}">\n'
        f'<!ENTITY % remote SYSTEM "file://{secret_file}">\n%remote;\n]>\n'
    )
    body = rss_feed(item("1", "&xxe;", "<description>&xxe;</description>"), prolog=prolog)
    parsed = parse(body)
    assert SECRET not in repr(parsed)


def test_a_body_that_is_a_local_path_is_not_read(secret_file: Path) -> None:
    for body in (str(secret_file).encode(), f"file://{secret_file}".encode()):
        message = not_a_feed(body, RSS)
        assert message.startswith("not a feed")
        assert SECRET not in message


def test_deeply_nested_entry_html_is_bounded() -> None:
    description = "&lt;div&gt;" * 200_000 + "deep" + "&lt;/div&gt;" * 200_000
    started = time.monotonic()
    parsed = parse(rss_feed(item("1", "x", f"<description>{description}</description>")))
    assert len(parsed.items) == 1
    assert time.monotonic() - started < 10


# --- the source over HTTP -----------------------------------------------------------------------------------------


ATOM = (FEEDS / "atom.xml").read_bytes()


def _validating(request: RecordedRequest) -> Reply:
    if request.headers.get("if-none-match") == '"v1"':
        return Reply(status=304)
    return Reply(body=ATOM, headers={"ETag": '"v1"', "Content-Type": "application/atom+xml"})


def test_fetch_then_conditional_get(server: FeedServer) -> None:
    url = server.route("/feed", _validating)
    first = fetch(url)
    assert first.status == "ok"
    assert len(first.items) == 3
    assert first.state.etag == '"v1"'
    assert first.state.body_hash
    second = fetch(url, first.state)
    assert second.status == "not_modified"
    assert second.items == ()
    assert second.state == first.state
    assert server.requests_to("/feed")[1].headers["if-none-match"] == '"v1"'
    assert "application/atom+xml" in server.requests_to("/feed")[0].headers["accept"]


def test_an_unchanged_body_is_not_parsed_again(server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    url = server.route("/feed", Reply(body=ATOM))  # a server that ignores validators
    first = fetch(url)

    def must_not_parse(*args: Any, **kwargs: Any) -> ParsedFeed:
        raise AssertionError("parsed an unchanged body")

    monkeypatch.setattr(rss, "parse_feed", must_not_parse)
    second = fetch(url, first.state)
    assert (second.status, second.items, second.state) == ("not_modified", (), first.state)


def test_gzip_feed(server: FeedServer) -> None:
    url = server.route("/feed", Reply(body=gzip.compress(ATOM), headers={"Content-Encoding": "gzip"}))
    assert len(fetch(url).items) == 3


def test_a_permanent_redirect_moves_the_source(server: FeedServer) -> None:
    server.route("/new.xml", Reply(body=ATOM))
    old = server.redirect("/old.xml", "/new.xml", status=301)
    result = fetch(old)
    assert result.moved_to == result.state.url == server.url("/new.xml")
    again = fetch(old, result.state)  # the stored URL wins over the configured one
    assert again.status == "not_modified"
    assert len(server.requests_to("/old.xml")) == 1


def test_a_temporary_redirect_does_not_move_the_source(server: FeedServer) -> None:
    server.route("/new.xml", Reply(body=ATOM))
    result = fetch(server.redirect("/old.xml", "/new.xml", status=302))
    assert (result.status, result.moved_to, result.state.url) == ("ok", None, None)


def test_a_bozo_feed_over_http_keeps_its_entries(server: FeedServer) -> None:
    body = rss_feed(item("1", "one"), item("2", "two"))[:-30]
    result = fetch(server.route("/feed", Reply(body=body, headers={"Content-Type": "text/html"})))
    assert [entry.key for entry in result.items] == ["1", "2"]
    assert any("not an XML media type" in warning for warning in result.warnings)
    assert any("not well-formed XML" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("reply", "error", "message"),
    [
        (Reply(status=404), FetchError, "HTTP 404 Not Found"),
        (Reply(status=410), GoneError, "HTTP 410 Gone"),
        (Reply(status=500), FetchError, "HTTP 500 Internal Server Error"),
        (Reply(status=429, headers={"Retry-After": "60"}), FetchError, "HTTP 429 Too Many Requests (retry after 60s)"),
        (Reply(body=HTML_PAGE, headers={"Content-Type": "text/html"}), ParseError, "not a feed: got an HTML page"),
        (Reply(body=JSON_FEED, headers={"Content-Type": "application/json"}), ParseError, "not a feed: got JSON"),
        (Reply(body=b""), ParseError, "not a feed: the body is empty"),
        (Reply(body=BINARY), ParseError, "not a feed: got binary data"),
        (Reply(body=endless()), FetchError, "body larger than 1 MB"),
        (Reply(body=gzip_bomb(), headers={"Content-Encoding": "gzip"}), FetchError, "body larger than 1 MB"),
        (Reply(hang=True), FetchError, "timed out after 2s"),
    ],
)
def test_hostile_servers(server: FeedServer, reply: Reply, error: type[SourceError], message: str) -> None:
    started = time.monotonic()
    failure = fetch_fails(server.route("/feed", reply))
    assert type(failure) is error
    assert str(failure).startswith(message)  # a hang may hit the read or the total timeout first: both are 2s
    assert time.monotonic() - started < 5


def test_retry_after_reaches_the_error(server: FeedServer) -> None:
    failure = fetch_fails(server.route("/feed", Reply(status=429, headers={"Retry-After": "60"})))
    assert failure.retry_after == 60


def test_a_redirect_loop_is_a_fetch_error(server: FeedServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    assert str(fetch_fails(server.url("/a"))) == "redirect loop after 2 redirects"


def test_an_xxe_feed_over_http_leaks_nothing(server: FeedServer, secret_file: Path) -> None:
    prolog = f'\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://{secret_file}">\n]>\n'
    result = fetch(server.route("/feed", Reply(body=rss_feed(item("1", "&xxe;"), prolog=prolog))))
    assert SECRET not in repr(result)


def test_a_body_naming_a_local_file_is_not_read(server: FeedServer, secret_file: Path) -> None:
    failure = fetch_fails(server.route("/feed", Reply(body=str(secret_file).encode())))
    assert isinstance(failure, ParseError)
    assert SECRET not in str(failure)


# --- full text of linked articles ---------------------------------------------------------------------------------


ARTICLE = b"""<html><head><title>Qwen3</title></head><body><nav>Home | Blog | About</nav>
<article><h1>Qwen3 is here</h1><p>We release Qwen3-235B-A22B, a mixture-of-experts model with 235B total and 22B
active parameters, under the Apache 2.0 license, with weights on Hugging Face for everyone.</p>
<table><tr><th>Model</th><th>Params</th></tr><tr><td>Qwen3-8B</td><td>8B</td></tr></table>
<p>It was trained on 36 trillion tokens in 119 languages and dialects, twice as many as its predecessor.</p></article>
<footer>Copyright 2026</footer></body></html>"""


def _feed_linking(*links: str) -> bytes:
    entries = (f"<link>{link}</link><description>teaser</description>" for link in links)
    return rss_feed(*(item(f"g{n}", f"Post {n}", entry) for n, entry in enumerate(entries)))


def test_fetch_article_replaces_the_text_with_the_pages_main_text(server: FeedServer) -> None:
    server.route("/post", Reply(body=ARTICLE, headers={"Content-Type": "text/html; charset=utf-8"}))
    url = server.route("/feed", Reply(body=_feed_linking(server.url("/post"))))
    result = fetch(url, fetch_article=True, allow_private=True)
    text = result.items[0].text
    assert "We release Qwen3-235B-A22B" in text
    assert "Qwen3-8B | 8B" in text.splitlines()
    assert "Home | Blog" not in text and "Copyright" not in text
    plain = fetch(url, fetch_article=False)
    assert plain.items[0].text == "teaser"
    assert plain.items[0].content_hash == result.items[0].content_hash  # a page's churn never "updates" an entry
    assert result.warnings == ()


def test_article_pages_on_private_addresses_are_refused(server: FeedServer) -> None:
    server.route("/post", Reply(body=ARTICLE, headers={"Content-Type": "text/html"}))
    url = server.route("/feed", Reply(body=_feed_linking(server.url("/post"))))
    result = fetch(url, fetch_article=True)  # the feed itself may be local; its links may not
    assert result.status == "ok"
    assert result.items[0].text == "teaser"
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"article {server.url('/post')}: refused: 127.0.0.1")
    assert server.requests_to("/post") == []


def test_article_failures_are_warnings(server: FeedServer) -> None:
    server.route("/pdf", Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))
    links = (server.url("/missing"), server.url("/pdf"))
    result = fetch(server.route("/feed", Reply(body=_feed_linking(*links))), fetch_article=True, allow_private=True)
    assert [entry.text for entry in result.items] == ["teaser", "teaser"]
    assert result.warnings == (
        f"article {links[0]}: HTTP 404 Not Found",
        f"article {links[1]}: not an HTML page (application/pdf)",
    )


def test_article_fetches_are_capped_per_poll(server: FeedServer) -> None:
    server.route("/post", Reply(body=ARTICLE, headers={"Content-Type": "text/html"}))
    links = [server.url(f"/post?n={n}") for n in range(rss.MAX_ARTICLES + 5)]
    result = fetch(server.route("/feed", Reply(body=_feed_linking(*links))), fetch_article=True, allow_private=True)
    assert len(server.requests_to("/post")) == 0
    assert len([r for r in server.requests if r.path.startswith("/post")]) == rss.MAX_ARTICLES
    assert result.warnings[-1] == f"fetched the linked articles of the first {rss.MAX_ARTICLES} entries only"


def test_limits_come_from_the_source_then_the_defaults() -> None:
    config = RssSourceConfig.model_validate({"name": "x", "url": "https://e.org/f", "timeout": "3s"})
    limits = RssSource(config, Defaults(max_bytes=5_000)).limits()
    assert (limits.total_timeout, limits.read_timeout, limits.max_bytes) == (3.0, 3.0, 5_000)
    assert RssSource(config.model_copy(update={"timeout": None}), Defaults()).limits().total_timeout == 20.0
    assert Defaults().timeout == timedelta(seconds=20)


def test_items_are_frozen_plain_data() -> None:
    parsed = parse((FEEDS / "rss.xml").read_bytes())
    assert all(isinstance(entry, Item) and "<" not in entry.text for entry in parsed.items)
