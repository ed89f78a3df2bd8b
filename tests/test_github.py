"""The GitHub releases source: golden-file parsing, and the Atom and REST modes against the loopback fake."""

from __future__ import annotations

import asyncio
import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import SecretStr

from releasewatch.config import Defaults, GithubSourceConfig
from releasewatch.errors import FetchError, ParseError
from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources._http import HttpClient
from releasewatch.sources.base import FetchContext
from releasewatch.sources.github import GithubSource, parse_releases_atom, parse_releases_json
from tests.support.fakehub import FIXTURES, HTML_ERROR_PAGE, Canned, FakeHub, fakehub, load_fixture

__all__ = ["fakehub"]  # the fixture, imported for pytest

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
REPO = "acme-ai/acme-infer"
PAGE = f"https://github.com/{REPO}/releases/tag"
TOKEN = "ghp_secretTokenValue123"
VISION = "Acme-Vision-30B-A3B"


def releases() -> list[dict[str, Any]]:
    return copy.deepcopy(load_fixture("github-releases.json"))


def by_key(items: tuple[Item, ...]) -> dict[str, Item]:
    return {item.key: item for item in items}


def source(hub: FakeHub, token: str | None = None) -> GithubSource:
    config = GithubSourceConfig(
        name="gh", repo=REPO, url=hub.url, api_url=hub.url, token=SecretStr(token) if token else None
    )
    return GithubSource(config, Defaults())


def fetch(src: GithubSource, state: SourceState | None = None) -> FetchResult:
    async def run() -> FetchResult:
        async with HttpClient() as http:
            return await src.fetch(state or SourceState(), FetchContext(http=http, now=NOW))

    return asyncio.run(run())


# --- parse (pure) -----------------------------------------------------------------------------------------------


def test_golden_atom_feed() -> None:
    items = parse_releases_atom((FIXTURES / "github-releases.atom").read_bytes(), REPO)
    assert [item.key for item in items] == [f"{PAGE}/v2.5.0-rc1", f"{PAGE}/v2.4.0", f"{PAGE}/release/2026.06"]
    rc, stable, slashed = items
    assert stable.title == f"{REPO} v2.4.0 – MoE kernels"
    assert stable.url == f"{PAGE}/v2.4.0"
    assert stable.published == datetime(2026, 7, 25, 9, 0, tzinfo=UTC)
    assert stable.text == f"{REPO} v2.4.0 – MoE kernels\n\nWhat's changed\nSupport Acme-MoE-120B by @dev in #42"
    assert stable.extra == {"repo": REPO, "tag": "v2.4.0"}  # Atom cannot tell a pre-release: no mark at all
    assert "prerelease" not in rc.extra
    assert rc.text == f"{REPO} v2.5.0-rc1: v2.5.0 release candidate 1\n\nPreview\nExperimental support for {VISION}"
    assert slashed.extra["tag"] == "release/2026.06"  # tags may contain "/"


def test_rest_list_skips_drafts_and_marks_prereleases() -> None:
    items = by_key(parse_releases_json(json.dumps(releases()).encode(), REPO))
    assert list(items) == [f"{PAGE}/v2.5.0-rc1", f"{PAGE}/v2.4.0", f"{PAGE}/v2.3.1"]
    rc = items[f"{PAGE}/v2.5.0-rc1"]
    assert rc.extra == {"repo": REPO, "tag": "v2.5.0-rc1", "prerelease": True}
    assert rc.text.startswith(f"{REPO} v2.5.0-rc1: v2.5.0 release candidate 1 (pre-release)\n\n## Preview")
    assert rc.published == datetime(2026, 8, 12, 8, 5, tzinfo=UTC)  # published_at, not created_at
    assert items[f"{PAGE}/v2.4.0"].extra["prerelease"] is False
    untitled = items[f"{PAGE}/v2.3.1"]
    assert untitled.title == untitled.text == f"{REPO} v2.3.1"  # name and body may be null


def test_not_a_feed_or_not_a_list_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not an Atom feed"):
        parse_releases_atom(HTML_ERROR_PAGE.replace(b"<html>", b"<html><p>unclosed"), REPO)
    with pytest.raises(ParseError, match="got a JSON dict"):
        parse_releases_json(b'{"message": "Not Found"}', REPO)
    with pytest.raises(ParseError, match="got an HTML page"):
        parse_releases_json(HTML_ERROR_PAGE, REPO)


# --- against the fake -------------------------------------------------------------------------------------------


def test_atom_mode_without_token(fakehub: FakeHub) -> None:
    fakehub.releases[REPO] = releases()
    first = fetch(source(fakehub))
    assert first.status == "ok"
    assert list(by_key(first.items)) == [f"{PAGE}/v2.5.0-rc1", f"{PAGE}/v2.4.0", f"{PAGE}/v2.3.1"]  # no draft
    assert first.state.url == f"{fakehub.url}/{REPO}/releases.atom"
    assert first.state.etag and first.state.body_hash
    second = fetch(source(fakehub), first.state)
    assert (second.status, second.items) == ("not_modified", ())
    requests = fakehub.requests_to(f"/{REPO}/releases.atom")
    assert requests[1].headers["if-none-match"] == first.state.etag
    assert "authorization" not in requests[0].headers


def test_rest_mode_with_token(fakehub: FakeHub) -> None:
    fakehub.releases[REPO] = releases()
    first = fetch(source(fakehub, TOKEN))
    items = by_key(first.items)
    assert list(items) == [f"{PAGE}/v2.5.0-rc1", f"{PAGE}/v2.4.0", f"{PAGE}/v2.3.1"]  # the token sees the draft
    assert items[f"{PAGE}/v2.5.0-rc1"].extra["prerelease"] is True
    (request,) = fakehub.requests_to(f"/repos/{REPO}/releases")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["accept"] == "application/vnd.github+json"
    assert request.headers["x-github-api-version"] == "2022-11-28"
    assert "if-none-match" not in request.headers

    second = fetch(source(fakehub, TOKEN), first.state)
    assert (second.status, second.items, second.state.etag) == ("not_modified", (), first.state.etag)
    assert fakehub.requests_to(f"/repos/{REPO}/releases")[1].headers["if-none-match"] == first.state.etag

    fakehub.releases[REPO][0]["draft"] = False  # the draft is published
    fakehub.releases[REPO][0]["published_at"] = "2026-08-25T10:00:00Z"
    fakehub.releases[REPO][0]["html_url"] = f"{PAGE}/v2.5.0"
    third = fetch(source(fakehub, TOKEN), second.state)
    assert third.status == "ok"
    assert f"{PAGE}/v2.5.0" in by_key(third.items)


def test_adding_a_token_keeps_the_keys(fakehub: FakeHub) -> None:
    fakehub.releases[REPO] = releases()
    atom = fetch(source(fakehub))
    rest = fetch(source(fakehub, TOKEN), atom.state)  # the stored Atom URL and ETag are not reused
    assert set(by_key(atom.items)) == set(by_key(rest.items))
    assert "if-none-match" not in fakehub.requests_to(f"/repos/{REPO}/releases")[0].headers


def test_unknown_repo_is_a_fetch_error(fakehub: FakeHub) -> None:
    with pytest.raises(FetchError) as failure:
        fetch(source(fakehub, TOKEN))
    assert failure.value.status == 404


def test_rate_limited_rest_call(fakehub: FakeHub) -> None:
    fakehub.releases[REPO] = releases()
    headers = {"Retry-After": "60", "X-RateLimit-Remaining": "0", "Content-Type": "application/json"}
    fakehub.fail(f"/repos/{REPO}/releases", Canned(429, headers, b'{"message": "API rate limit exceeded"}'))
    with pytest.raises(FetchError) as failure:
        fetch(source(fakehub, TOKEN))
    assert (failure.value.status, failure.value.retry_after) == (429, 60.0)
    assert TOKEN not in str(failure.value)


def test_renamed_repo_moves_the_stored_url(fakehub: FakeHub) -> None:
    fakehub.releases[REPO] = releases()
    new_url = f"{fakehub.url}/{REPO}/releases.atom"
    fakehub.fail("/acme-ai/old-name/releases.atom", Canned(301, {"Location": new_url}))
    config = GithubSourceConfig(name="gh", repo="acme-ai/old-name", url=fakehub.url)
    first = fetch(GithubSource(config, Defaults()))
    assert (first.moved_to, first.state.url) == (new_url, new_url)
    second = fetch(GithubSource(config, Defaults()), first.state)
    assert second.status == "not_modified"
    assert len(fakehub.requests_to("/acme-ai/old-name/releases.atom")) == 1
