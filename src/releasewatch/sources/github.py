"""``type: github``: the releases of one repository (``repo: owner/name``).

Retrieve: without a token, the releases Atom feed ``{url}/{repo}/releases.atom`` (costs no API budget, but cannot
tell a pre-release from a release); with a ``token:``, the REST API ``{api_url}/repos/{repo}/releases``, whose
``draft`` and ``prerelease`` flags are explicit (github-releases notes, section 3). Both are conditional GETs
(ETag/Last-Modified) and an unchanged body is not parsed again. Parse: ``parse_releases_atom`` and
``parse_releases_json``, pure. Drafts are skipped (a token with push access sees them); pre-releases are kept and
marked ``Item.extra["prerelease"] = True``.

An item's key is the release page (``https://github.com/OWNER/REPO/releases/tag/TAG``), the same in both modes, so
adding a token later does not make every old release look new.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import unquote

import feedparser  # type: ignore[import-untyped]

from releasewatch.config import Defaults, GithubSourceConfig
from releasewatch.errors import ParseError
from releasewatch.htmltext import html_to_text
from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources._conditional import conditional_result, http_limits
from releasewatch.sources.base import FetchContext

API_VERSION: Final = "2022-11-28"  # unsupported versions answer 410 (gh-docs api-versions), so it is pinned
_TAG_PATH: Final = "/releases/tag/"


# --- parse (pure) -----------------------------------------------------------------------------------------------


def parse_releases_atom(body: bytes, repo: str) -> tuple[Item, ...]:
    """Items of a ``releases.atom`` feed. Atom entries carry no pre-release flag, so none is set."""
    feed = feedparser.parse(body)
    if not feed.get("version"):
        problem = feed.get("bozo_exception")
        raise ParseError(f"not an Atom feed{f' ({problem})' if problem else ''}"[:200])
    return tuple(item for entry in feed.entries if (item := _atom_item(entry, repo)) is not None)


def parse_releases_json(body: bytes, repo: str) -> tuple[Item, ...]:
    """Items of a REST releases list; drafts are skipped."""
    releases = _json_list(body)
    items = (_rest_item(release, repo) for release in releases if isinstance(release, dict))
    return tuple(item for item in items if item is not None)


def release_item(
    repo: str, tag: str, name: str, url: str, published: datetime | None, notes: str, prerelease: bool | None
) -> Item:
    """One release. The title names the repo and the tag ('acme-ai/acme-infer v2.4.0 – MoE kernels': a bare 'v2.4.0'
    says nothing in a digest), and heads the text the extractor reads, the notes following."""
    title = f"{repo} {name}" if tag in name else f"{repo} {tag}: {name}"
    heading = f"{title} (pre-release)" if prerelease else title
    text = f"{heading}\n\n{notes}".strip()
    extra: dict[str, Any] = {"repo": repo, "tag": tag}
    if prerelease is not None:
        extra["prerelease"] = prerelease
    digest = hashlib.sha256(json.dumps([title, text, extra], sort_keys=True).encode()).hexdigest()
    return Item(key=url, title=title, url=url, published=published, text=text, content_hash=digest, extra=extra)


def _atom_item(entry: Mapping[str, Any], repo: str) -> Item | None:
    url = entry.get("link")
    if not url:
        return None
    tag = _tag_of(url) or str(entry.get("id", "")).rsplit("/", 1)[-1]
    contents = entry.get("content") or []
    notes_html = contents[0].get("value", "") if contents else entry.get("summary", "")
    published = _from_struct(entry.get("updated_parsed"))  # GitHub's feed has no <published>
    return release_item(repo, tag, entry.get("title") or tag, url, published, html_to_text(notes_html), None)


def _rest_item(release: Mapping[str, Any], repo: str) -> Item | None:
    tag = release.get("tag_name")
    url = release.get("html_url")
    if release.get("draft") or not isinstance(tag, str) or not isinstance(url, str):
        return None
    name = release.get("name")
    notes = release.get("body")  # Markdown, already text
    when = _from_iso(release.get("published_at")) or _from_iso(release.get("created_at"))
    return release_item(
        repo,
        tag,
        name if isinstance(name, str) and name else tag,
        url,
        when,
        notes if isinstance(notes, str) else "",
        bool(release.get("prerelease")),
    )


def _tag_of(url: str) -> str | None:
    # Tags may contain "/", so split on the path marker rather than taking the last segment.
    return unquote(url.split(_TAG_PATH, 1)[1]) if _TAG_PATH in url else None


def _from_struct(value: time.struct_time | None) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(value), UTC) if value else None


def _from_iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _json_list(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        hint = "an HTML page" if body.lstrip()[:1] == b"<" else "malformed JSON"
        raise ParseError(f"expected a JSON list of releases, got {hint}") from None
    if not isinstance(data, list):
        raise ParseError(f"expected a JSON list of releases, got a JSON {type(data).__name__}")
    return data


# --- retrieve ---------------------------------------------------------------------------------------------------


class GithubSource:
    def __init__(self, config: GithubSourceConfig, defaults: Defaults) -> None:
        self._repo = config.repo
        self._limits = http_limits(config.timeout or defaults.timeout, config.max_bytes or defaults.max_bytes)
        token = config.token.get_secret_value() if config.token else None
        self._headers: dict[str, str]
        if token:
            self._base = config.api_url.rstrip("/")
            self._default_url = f"{self._base}/repos/{config.repo}/releases"
            self._headers = {
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "Authorization": f"Bearer {token}",
            }
            self._parse: Callable[[bytes, str], tuple[Item, ...]] = parse_releases_json
            self._atom = False
        else:
            self._base = config.url.rstrip("/")
            self._default_url = f"{self._base}/{config.repo}/releases.atom"
            self._headers = {"Accept": "application/atom+xml, application/xml;q=0.9, */*;q=0.1"}
            self._parse = parse_releases_atom
            self._atom = True

    async def fetch(self, state: SourceState, ctx: FetchContext) -> FetchResult:
        url = self._url(state)
        # Validators belong to the exact request they came from (GitHub varies on Accept and Authorization).
        sent = state if state.url in (None, url) else SourceState()
        response = await ctx.http.get(
            url, limits=self._limits, etag=sent.etag, last_modified=sent.last_modified, headers=self._headers
        )
        return conditional_result(state, url, response, lambda body: self._parse(body, self._repo))

    def _url(self, state: SourceState) -> str:
        """The stored URL (after a permanent redirect: a renamed repo) when it belongs to this mode, else ours."""
        stored = state.url
        if stored and stored.startswith(self._base + "/") and stored.endswith(".atom") == self._atom:
            return stored
        return self._default_url
