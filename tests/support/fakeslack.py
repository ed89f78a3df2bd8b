"""A fake Slack Web API (and incoming-webhook endpoint) on 127.0.0.1, reached by slack_sdk through ``base_url``.

Test support, no business logic. Every request is recorded with its parsed JSON body. By default the server
answers like Slack does on success (``{"ok": true, "channel": "C0FAKE", "ts": "…"}``, webhooks ``200 ok``);
``queue()`` scripts the next answers (rate limits, server errors, API errors), one per request, in order.

    with FakeSlack() as slack:
        slack.queue(rate_limited(retry_after=0))
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import pytest

CHANNEL_ID = "C0FAKE"
WEBHOOK_PATH = "/services/T000/B000/XXXXSECRET"


@dataclass(frozen=True)
class SlackReply:
    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)  # a dict is sent as JSON, a str as text/plain
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (client timeouts)


@dataclass(frozen=True)
class SlackRequest:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: dict[str, Any]

    @property
    def method(self) -> str:
        """'chat.postMessage' for /api/chat.postMessage; the path for anything else."""
        return self.path.removeprefix("/api/") if self.path.startswith("/api/") else self.path


def api_error(code: str, status: int = 200) -> SlackReply:
    return SlackReply(status=status, body={"ok": False, "error": code})


def rate_limited(retry_after: float = 1) -> SlackReply:
    return SlackReply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})


def server_error(status: int = 500) -> SlackReply:
    return SlackReply(status, "<html><body>Internal Server Error</body></html>")


def webhook_error(status: int, reason: str) -> SlackReply:
    return SlackReply(status, reason)


class FakeSlack:
    def __init__(self, *, valid_token: str | None = None) -> None:
        self.valid_token = valid_token  # when set, any other bearer token gets invalid_auth
        self.requests: list[SlackRequest] = []
        self._replies: list[SlackReply] = []
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._httpd = _Server(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/api/"

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{WEBHOOK_PATH}"

    def queue(self, *replies: SlackReply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def calls(self, method: str) -> list[SlackRequest]:
        with self._lock:
            return [request for request in self.requests if request.method == method]

    # --- used by the handler threads ---

    def reply_to(self, request: SlackRequest) -> SlackReply:
        with self._lock:
            self.requests.append(request)
            if self._replies:
                return self._replies.pop(0)
        if request.path.startswith("/services/"):
            return SlackReply(200, "ok")
        if self.valid_token and request.headers.get("authorization") != f"Bearer {self.valid_token}":
            return api_error("invalid_auth")
        return self._success(request)

    def _success(self, request: SlackRequest) -> SlackReply:
        if request.method == "chat.update":
            ts = str(request.body.get("ts"))
            return SlackReply(body={"ok": True, "channel": request.body.get("channel"), "ts": ts})
        ts = f"1700000000.{next(self._ts):06d}"
        message = {"type": "message", "text": request.body.get("text"), "ts": ts}
        return SlackReply(body={"ok": True, "channel": CHANNEL_ID, "ts": ts, "message": message})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: FakeSlack) -> None:
        self.owner = owner
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is what some tests do on purpose


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = SlackRequest(path=self.path, headers=headers, body=_parse(raw))
        reply = self.server.owner.reply_to(request)
        if reply.delay:
            time.sleep(reply.delay)
        body = reply.body.encode() if isinstance(reply.body, str) else json.dumps(reply.body).encode()
        kind = "text/plain; charset=utf-8" if isinstance(reply.body, str) else "application/json; charset=utf-8"
        self.send_response(reply.status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(raw or b"{}")
    except ValueError:
        return {"_raw": raw.decode("utf-8", "replace")}
    return parsed if isinstance(parsed, dict) else {"_json": parsed}


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A started FakeSlack that accepts the bearer token ``xoxb-test``."""
    with FakeSlack(valid_token="xoxb-test") as server:
        yield server
