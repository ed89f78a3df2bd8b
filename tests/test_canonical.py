"""Canonical links and entry keys: one article, one key, however it was linked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasewatch.canonical import canonical_url, entry_key


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.ORG/Path/Post?b=2&a=1", "https://example.org/Path/Post?b=2&a=1"),
        ("https://example.org:443/x", "https://example.org/x"),
        ("http://example.org:80/x", "http://example.org/x"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org:80/x", "https://example.org:80/x"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/post#comments", "https://example.org/post"),
        ("https://example.org/p?utm_source=rss&utm_medium=feed&id=7", "https://example.org/p?id=7"),
        ("https://example.org/p?UTM_Campaign=x&id=7", "https://example.org/p?id=7"),
        ("https://example.org/p?fbclid=1&gclid=2&ref=home&mc_cid=3&mc_eid=4", "https://example.org/p"),
        ("https://example.org/p?referrer=keep&reference=keep", "https://example.org/p?referrer=keep&reference=keep"),
        ("https://example.org/p?q=a%20b&utm_term=x&empty=", "https://example.org/p?q=a%20b&empty="),
        ("https://example.org/p?&&id=1&", "https://example.org/p?id=1"),
        ("  https://example.org/p  ", "https://example.org/p"),
        ("https://Example.org./p", "https://example.org/p"),
        ("http://[2001:DB8::1]:80/p", "http://[2001:db8::1]/p"),
        ("https://user:Pass@Example.org/p", "https://user:Pass@example.org/p"),
        ("/relative/path", "/relative/path"),
        ("tag:example.org,2026:post", "tag:example.org,2026:post"),
        ("https://example.org:notaport/p", "https://example.org:notaport/p"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@settings(database=None)
@given(st.text(max_size=80))
def test_canonical_url_never_raises_and_is_idempotent(text: str) -> None:
    once = canonical_url(text)
    assert canonical_url(once) == once


@settings(database=None)
@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"[a-zA-Z0-9]{1,10}\.(com|org)", fullmatch=True),
    st.from_regex(r"(/[a-zA-Z0-9._~-]{0,8}){0,3}", fullmatch=True),
    st.lists(st.sampled_from(["id=1", "utm_source=x", "page=2", "ref=y", "fbclid=z"]), max_size=5),
)
def test_tracking_parameters_never_survive(scheme: str, host: str, path: str, params: list[str]) -> None:
    url = f"{scheme}://{host}{path}?{'&'.join(params)}#frag"
    canonical = canonical_url(url)
    assert canonical == canonical_url(canonical)
    assert "utm_" not in canonical and "fbclid" not in canonical and "ref=" not in canonical and "#" not in canonical
    assert canonical.startswith(f"{scheme.lower()}://{host.lower()}/")


WHEN = datetime(2026, 8, 4, 10, 0, tzinfo=UTC)


def test_entry_key_prefers_the_guid_then_the_canonical_link_then_a_hash() -> None:
    assert entry_key(" urn:uuid:1 ", "https://e.org/a", "T", WHEN) == "urn:uuid:1"
    assert entry_key(None, "https://E.org/a?utm_source=x", "T", WHEN) == "https://e.org/a"
    assert entry_key("  ", "https://e.org/a", "T", WHEN) == "https://e.org/a"
    hashed = entry_key(None, None, "T", WHEN)
    assert hashed.startswith("sha256:")
    assert hashed == entry_key(None, "", "T", WHEN, text="ignored when there is a title or a date")
    assert hashed != entry_key(None, None, "T", None)
    assert hashed != entry_key(None, None, "T2", WHEN)


def test_entries_with_nothing_but_text_do_not_collapse() -> None:
    assert entry_key(None, None, None, None, text="a") != entry_key(None, None, None, None, text="b")
    assert entry_key(None, None, "", None, text="a") == entry_key(None, None, None, None, text="a")
