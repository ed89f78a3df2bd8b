"""A programmable HTTP/1.1 server on 127.0.0.1 for edge tests: real sockets, no mocks of httpx.

Test support, no business logic. Each route answers with a ``Reply`` (or a function of the request returning
one): status, headers, a body that is bytes (Content-Length) or an iterable of chunks (chunked, possibly endless),
a delay before answering, or a hang that never answers. Every request is recorded, and ``max_in_flight`` tells
how many requests the server was handling at once.

    with FeedServer() as server:
        server.route("/feed.xml", Reply(body=b"<rss/>", headers={"ETag": '"v1"'}))
        server.redirect("/old", "/feed.xml", status=301)
        url = server.url("/old")
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import pytest

Body = bytes | Iterable[bytes] | Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: Body = b""  # bytes → Content-Length; an iterable (or a factory of one) → chunked
    delay: float = 0.0  # seconds before the status line
    chunk_delay: float = 0.0  # seconds between chunks of an iterable body
    hang: bool = False  # read the request, then never answer (until the server stops)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    at: float  # time.monotonic()


Handler = Callable[[RecordedRequest], Reply]


class FeedServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[RecordedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.connections_opened = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler, self)
        self.scheme = "http"
        if tls is not None:  # HTTPS: the handshake runs as each connection is accepted
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="feedserver", daemon=True
        )

    # --- lifecycle ---

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # wakes delayed, hanging and streaming handlers
        self._httpd.shutdown()
        with self._lock:
            for connection in self._connections:  # idle keep-alive handlers are blocked reading: unblock them
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()  # joins every handler thread
        self._thread.join()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # --- programming ---

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def route(self, path: str, reply: Reply | Handler) -> str:
        """Answer GETs of ``path`` (query string included when given); returns its URL."""
        self.routes[path] = reply
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.route(path, Reply(status=status, headers={"Location": to}))

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    # --- used by the handler threads ---

    def _reply_for(self, request: RecordedRequest) -> Reply:
        route = self.routes.get(request.path) or self.routes.get(request.path.split("?")[0])
        if route is None:
            return Reply(status=404, body=b"not found")
        return route(request) if callable(route) else route

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _done(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _track(self, connection: socket.socket, open_: bool) -> None:
        with self._lock:
            self.connections_opened += open_
            (self._connections.add if open_ else self._connections.discard)(connection)


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handlers, so no thread outlives a test
    request_queue_size = 64  # a client opening dozens of connections at once must not wait on SYN retries
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: FeedServer) -> None:
        self.owner = owner
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-body is what these tests do on purpose


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, True)
        if self.server.owner.stopping.is_set():  # accepted while stop() ran: don't wait for a request
            self.connection.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        self.server.owner._track(self.connection, False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        request = RecordedRequest(
            method="GET",
            path=self.path,
            headers={name.lower(): value for name, value in self.headers.items()},
            at=time.monotonic(),
        )
        owner._record(request)
        done = False
        try:
            reply = owner._reply_for(request)
            if reply.hang:
                owner.stopping.wait()
                self.close_connection = True
                return
            if reply.delay and owner.stopping.wait(reply.delay):
                self.close_connection = True
                return
            owner._done()  # before answering: the client may send its next request as soon as it has the reply
            done = True
            self._answer(reply)
        except OSError:  # the client went away
            self.close_connection = True
        finally:
            if not done:
                owner._done()

    def _answer(self, reply: Reply) -> None:
        self.send_response_only(reply.status)
        given = {name.lower() for name in reply.headers}
        if "date" not in given:  # a test may pin the server's clock through its Date header
            self.send_header("Date", self.date_time_string())
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if isinstance(reply.body, bytes):
            if "content-length" not in given:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunks = reply.body() if callable(reply.body) else reply.body
        for chunk in chunks:
            if self.server.owner.stopping.is_set():
                self.close_connection = True
                return
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if reply.chunk_delay:
                time.sleep(reply.chunk_delay)
        self.wfile.write(b"0\r\n\r\n")


# --- bodies for hostile cases -----------------------------------------------------------------------------------


def endless(chunk: bytes = b"<item>" * 100) -> Callable[[], Iterator[bytes]]:
    """A chunked body that never ends."""

    def chunks() -> Iterator[bytes]:
        while True:
            yield chunk

    return chunks


def gzip_bomb(expanded: int = 1 << 30, block: int = 1 << 20) -> Callable[[], Iterator[bytes]]:
    """gzip of ``expanded`` zero bytes (1 GiB: about 1 MB on the wire), compressed lazily as the client reads."""

    def chunks() -> Iterator[bytes]:
        compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        zeros = bytes(block)
        for _ in range(expanded // block):
            yield compressor.compress(zeros)
        yield compressor.flush()

    return chunks


def brotli_bomb(expanded: int = 1 << 30, block: int = 1 << 20) -> Callable[[], Iterator[bytes]]:
    """brotli of ``expanded`` zero bytes: a few KB on the wire, the worst ratio of the codings we accept."""
    import brotli  # type: ignore[import-untyped]

    def chunks() -> Iterator[bytes]:
        compressor = brotli.Compressor(quality=1)
        zeros = bytes(block)
        for _ in range(expanded // block):
            yield compressor.process(zeros)
        yield compressor.finish()

    return chunks


def gzipped(body: bytes) -> Reply:
    return Reply(body=gzip.compress(body), headers={"Content-Encoding": "gzip", "Content-Type": "application/xml"})


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started FeedServer, stopped after the test."""
    with FeedServer() as server:
        yield server
