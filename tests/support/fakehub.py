"""A loopback fake of the Hugging Face Hub, GitHub and OpenRouter APIs, in the shapes the real services answer.

Test support, no business logic. One threaded HTTP server on 127.0.0.1 serves:

- ``GET /api/models`` (the hub): ``author``/``search`` filters, ``sort=createdAt`` (always descending), ``limit`` as
  the page size capped by ``hub_page_cap``, ``expand`` (only the listed properties come back, an unknown one is a 400),
  and ``Link: <…&cursor=N>; rel="next"`` (an absolute URL carrying every query parameter) while more remain.
- ``GET /{owner}/{repo}/releases.atom`` and ``GET /repos/{owner}/{repo}/releases`` (GitHub): the Atom feed and the
  REST list of ``releases[repo]``; drafts are only visible with an ``Authorization`` header, as on GitHub; both
  carry an ETag and answer ``If-None-Match`` with 304.
- ``GET /api/v1/models`` (OpenRouter): ``{"data": [...]}``, with an ETag unless ``router_etag`` is False.

``fail(path, Canned(...))`` makes the next requests to a path fail the way real servers do (429 with Retry-After,
an HTML error page, malformed JSON). Every request is recorded in ``requests``.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, get_args
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from huggingface_hub.hf_api import ExpandModelProperty_T

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hub"
# The values the hub accepts for expand (huggingface_hub 2.4.0 mirrors the server's list in this Literal).
HUB_EXPANDABLE = frozenset(get_args(ExpandModelProperty_T))
HTML_ERROR_PAGE = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></html>"


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Canned:
    """A fixed answer that replaces the normal one."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Request:
    path: str  # without the query
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class FakeHub:
    def __init__(self) -> None:
        self.repos: list[dict[str, Any]] = []  # hub model objects, every property present
        self.hub_page_cap = 2  # the server's own page size limit: forces Link paging in tests
        self.releases: dict[str, list[dict[str, Any]]] = {}  # "owner/repo" → REST release objects, newest first
        self.router_models: list[dict[str, Any]] = []
        self.router_etag = True
        self.delay = 0.0  # seconds before answering any request
        self.requests: list[Request] = []
        self._failures: dict[str, list[Canned]] = {}
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), name="fakehub", daemon=True)

    # --- lifecycle ---

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # --- programming ---

    def fail(self, path: str, answer: Canned, times: int = 1) -> None:
        with self._lock:
            self._failures.setdefault(path, []).extend([answer] * times)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    # --- answering (handler threads) ---

    def answer(self, request: Request) -> _Answer:
        with self._lock:
            self.requests.append(request)
            canned = self._failures.get(request.path)
            failure = canned.pop(0) if canned else None
        if self.delay:
            time.sleep(self.delay)
        if failure is not None:
            return _Answer(failure.status, failure.headers, failure.body)
        return self._route(request)

    def _route(self, request: Request) -> _Answer:
        parts = request.path.strip("/").split("/")
        if request.path == "/api/models":
            return self._hub_models(request)
        if request.path == "/api/v1/models":
            return self._router_models(request)
        if len(parts) == 3 and parts[2] == "releases.atom":
            return self._github_atom(request, f"{parts[0]}/{parts[1]}")
        if len(parts) == 4 and parts[0] == "repos" and parts[3] == "releases":
            return self._github_rest(request, f"{parts[1]}/{parts[2]}")
        return _json({"error": "Not Found"}, status=404)

    # --- the hub ---

    def _hub_models(self, request: Request) -> _Answer:
        query = request.query
        expand = query.get("expand", []) + query.get("expand[]", [])
        unknown = [value for value in expand if value not in HUB_EXPANDABLE]
        if unknown:
            return _json({"error": f'"expand" must be one of the allowed values, got {unknown[0]}'}, status=400)
        repos = self._matching(query.get("author", [None])[0], query.get("search", [None])[0])
        offset = int(query.get("cursor", ["0"])[0])
        size = min(int(query.get("limit", [str(self.hub_page_cap)])[0]), self.hub_page_cap)
        page = [_expanded(repo, expand) for repo in repos[offset : offset + size]]
        headers = {}
        if offset + size < len(repos):
            following = {**query, "cursor": [str(offset + size)]}
            headers["Link"] = f'<{self.url}/api/models?{urlencode(following, doseq=True)}>; rel="next"'
        return _json(page, headers=headers)

    def _matching(self, author: str | None, search: str | None) -> list[dict[str, Any]]:
        repos = [
            repo
            for repo in self.repos
            if (author is None or repo["author"].lower() == author.lower())
            and (search is None or search.lower() in repo["id"].lower())
        ]
        return sorted(repos, key=lambda repo: repo["createdAt"], reverse=True)

    # --- GitHub ---

    def _visible_releases(self, repo: str, authorized: bool) -> list[dict[str, Any]]:
        return [release for release in self.releases.get(repo, []) if authorized or not release["draft"]]

    def _github_rest(self, request: Request, repo: str) -> _Answer:
        if repo not in self.releases:
            return _json({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}, status=404)
        releases = self._visible_releases(repo, "authorization" in request.headers)
        return _conditional(request, json.dumps(releases).encode(), "application/json; charset=utf-8")

    def _github_atom(self, request: Request, repo: str) -> _Answer:
        if repo not in self.releases:
            return _Answer(404, {"Content-Type": "text/html"}, b"<html><body>Not Found</body></html>")
        body = releases_atom(repo, self._visible_releases(repo, authorized=False))
        return _conditional(request, body, "application/atom+xml; charset=utf-8")

    # --- OpenRouter ---

    def _router_models(self, request: Request) -> _Answer:
        body = json.dumps({"data": self.router_models, "total_count": len(self.router_models)}).encode()
        if not self.router_etag:
            return _Answer(200, {"Content-Type": "application/json"}, body)
        return _conditional(request, body, "application/json")


def releases_atom(repo: str, releases: list[dict[str, Any]]) -> bytes:
    """GitHub's releases.atom for these (published) releases, as its generator writes it."""
    entries = "".join(_atom_entry(release) for release in releases)
    updated = releases[0]["published_at"] if releases else "2026-01-01T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en-US">\n'
        f"  <id>tag:github.com,2008:https://github.com/{repo}/releases</id>\n"
        f'  <link type="text/html" rel="alternate" href="https://github.com/{repo}/releases"/>\n'
        f'  <link type="application/atom+xml" rel="self" href="https://github.com/{repo}/releases.atom"/>\n'
        f"  <title>Release notes from {repo.split('/')[1]}</title>\n"
        f"  <updated>{updated}</updated>\n{entries}</feed>\n"
    ).encode()


def _atom_entry(release: dict[str, Any]) -> str:
    notes = "".join(f"<p>{html.escape(line)}</p>" for line in (release["body"] or "No content.").splitlines())
    return (
        "  <entry>\n"
        f"    <id>tag:github.com,2008:Repository/123456789/{release['tag_name']}</id>\n"
        f"    <updated>{release['published_at']}</updated>\n"
        f'    <link rel="alternate" type="text/html" href="{release["html_url"]}"/>\n'
        f"    <title>{html.escape(release['name'] or release['tag_name'])}</title>\n"
        f'    <content type="html">{html.escape(notes)}</content>\n'
        f"    <author><name>{release['author']['login']}</name></author>\n"
        "  </entry>\n"
    )


def _expanded(repo: dict[str, Any], expand: list[str]) -> dict[str, Any]:
    """With ``expand`` only the listed properties come back, plus ``_id`` and ``id`` (hub-api notes, section 1)."""
    if not expand:
        return {key: repo[key] for key in ("_id", "id", "tags") if key in repo} | {"likes": 0, "private": False}
    return {key: value for key, value in repo.items() if key in expand or key in ("_id", "id")}


def _conditional(request: Request, body: bytes, content_type: str) -> _Answer:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if request.headers.get("if-none-match") == etag:
        return _Answer(304, {"ETag": etag}, b"")
    return _Answer(200, {"Content-Type": content_type, "ETag": etag}, body)


def _json(value: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> _Answer:
    body = json.dumps(value).encode()
    return _Answer(status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: FakeHub) -> None:
        self.owner = owner
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (a timeout test) is expected


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(path=parts.path, query=parse_qs(parts.query), headers=headers)
        answer = self.server.owner.answer(request)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Connection", "close")  # no idle keep-alive handler outlives a test
        self.end_headers()
        if answer.status != 304:
            self.wfile.write(answer.body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fakehub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A running FakeHub; huggingface_hub telemetry is off (tests point HfApi at the fake, never the internet)."""
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    with FakeHub() as hub:
        yield hub
