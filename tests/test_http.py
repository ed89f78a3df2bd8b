"""The HTTP edge against a real local server: validators, decoding, caps, redirects, statuses, timeouts, limits."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import socket
import ssl
import time
import tracemalloc
import zlib
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime
from typing import Any

import brotli  # type: ignore[import-untyped]
import pytest
import trustme

from releasewatch import USER_AGENT
from releasewatch.errors import FetchError, GoneError
from releasewatch.sources import _http
from releasewatch.sources._http import HttpClient, HttpLimits, HttpResponse, _is_internal, parse_retry_after
from tests.support.feedserver import FeedServer, RecordedRequest, Reply, brotli_bomb, endless, gzip_bomb

FAST = HttpLimits(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0, max_bytes=100_000)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


def get(url: str, limits: HttpLimits = FAST, **kwargs: Any) -> HttpResponse:
    async def go() -> HttpResponse:
        async with HttpClient(per_host=kwargs.pop("per_host", 4)) as http:
            return await http.get(url, limits=limits, **kwargs)

    return run(go())


def fetch_error(url: str, limits: HttpLimits = FAST, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        get(url, limits, **kwargs)
    message = str(caught.value)
    assert message and "\n" not in message
    return caught.value


# --- the happy path and conditional GET (RFC 9110 §13, RFC 9111 §4.3) -------------------------------------------


def test_get_returns_body_validators_and_lowercased_headers(server: FeedServer) -> None:
    url = server.route(
        "/feed",
        Reply(body=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Tue, 04 Aug 2026 10:00:00 GMT", "X-A": "b"}),
    )
    response = get(url)
    assert (response.status, response.body, response.url) == (200, b"<rss/>", url)
    assert (response.etag, response.last_modified) == ('"v1"', "Tue, 04 Aug 2026 10:00:00 GMT")
    assert response.headers["x-a"] == "b"
    assert response.permanent_url is None
    sent = server.requests_to("/feed")[0].headers
    assert sent["user-agent"] == USER_AGENT
    assert {"gzip", "deflate", "br"} <= {coding.strip() for coding in sent["accept-encoding"].split(",")}
    assert "if-none-match" not in sent


def _conditional(request: RecordedRequest) -> Reply:
    if request.headers.get("if-none-match") == '"v1"':
        return Reply(status=304, headers={"Last-Modified": "Wed, 05 Aug 2026 10:00:00 GMT"})
    return Reply(body=b"full body", headers={"ETag": '"v1"'})


def test_conditional_get_sends_validators_and_a_304_has_no_body(server: FeedServer) -> None:
    url = server.route("/feed", _conditional)
    response = get(url, etag='"v1"', last_modified="Tue, 04 Aug 2026 10:00:00 GMT")
    sent = server.requests_to("/feed")[0].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 04 Aug 2026 10:00:00 GMT"
    assert (response.status, response.body) == (304, b"")
    # The 304 carried a new Last-Modified but no ETag: the stored ETag stays, Last-Modified is updated.
    assert (response.etag, response.last_modified) == ('"v1"', "Wed, 05 Aug 2026 10:00:00 GMT")


def test_cookies_never_carry_over_between_requests(server: FeedServer) -> None:
    url = server.route("/feed", Reply(body=b"x", headers={"Set-Cookie": "session=abc; Path=/"}))

    async def twice() -> None:
        async with HttpClient() as http:
            await http.get(url, limits=FAST)
            await http.get(url, limits=FAST)

    run(twice())
    assert all("cookie" not in request.headers for request in server.requests_to("/feed"))


# --- decoding and the size cap ------------------------------------------------------------------------------------


BODY = b"<rss>" + b"release notes " * 2000 + b"</rss>"


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", zlib.compress(BODY)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress(BODY)),
        ("identity", BODY),
    ],
)
def test_bodies_are_decoded(server: FeedServer, encoding: str, encoded: bytes) -> None:
    url = server.route("/feed", Reply(body=encoded, headers={"Content-Encoding": encoding}))
    assert get(url).body == BODY


def test_unsupported_or_corrupt_encodings_are_fetch_errors(server: FeedServer) -> None:
    weird = server.route("/weird", Reply(body=b"x", headers={"Content-Encoding": "compress"}))
    corrupt = server.route("/corrupt", Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    assert "unsupported Content-Encoding 'compress'" in str(fetch_error(weird))
    assert str(fetch_error(corrupt)) == "corrupt compressed body"


def test_a_body_over_the_cap_is_refused(server: FeedServer) -> None:
    declared = server.route("/declared", Reply(body=bytes(100_001)))
    streamed = server.route("/streamed", Reply(body=[bytes(60_000), bytes(60_000)]))
    assert str(fetch_error(declared)) == "body larger than 100 KB"
    assert str(fetch_error(streamed)) == "body larger than 100 KB"
    assert get(server.route("/exact", Reply(body=bytes(100_000)))).body == bytes(100_000)


@pytest.mark.parametrize(("encoding", "bomb"), [("gzip", gzip_bomb), ("br", brotli_bomb)])
def test_a_compression_bomb_is_stopped_by_the_decoded_size_cap(server: FeedServer, encoding: str, bomb: Any) -> None:
    # 1 GiB of zeros once expanded; the cap counts decoded bytes and no chunk may expand past it in memory.
    url = server.route("/bomb", Reply(body=bomb(1 << 30), headers={"Content-Encoding": encoding}))
    limits = HttpLimits(read_timeout=5, total_timeout=5, max_bytes=1_000_000)
    tracemalloc.start()
    started = time.monotonic()
    try:
        error = fetch_error(url, limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(error) == "body larger than 1 MB"
    assert time.monotonic() - started < 5
    assert peak < 20_000_000, peak


def test_an_endless_body_is_stopped_by_the_cap(server: FeedServer) -> None:
    url = server.route("/endless", Reply(body=endless()))
    assert str(fetch_error(url)) == "body larger than 100 KB"


def test_a_slow_endless_body_is_stopped_by_the_total_timeout(server: FeedServer) -> None:
    url = server.route("/drip", Reply(body=endless(b"x"), chunk_delay=0.05))
    limits = HttpLimits(connect_timeout=1, read_timeout=1, total_timeout=0.5, max_bytes=10_000_000)
    started = time.monotonic()
    assert str(fetch_error(url, limits)) == "timed out after 0.5s"
    assert time.monotonic() - started < 2


# --- timeouts and connection failures -----------------------------------------------------------------------------


def test_a_server_that_never_answers_times_out(server: FeedServer) -> None:
    url = server.route("/hang", Reply(hang=True))
    limits = HttpLimits(connect_timeout=1, read_timeout=0.3, total_timeout=5)
    started = time.monotonic()
    assert str(fetch_error(url, limits)) == "timed out after 0.3s without data"
    assert time.monotonic() - started < 2


def test_a_server_that_never_accepts_the_connection_is_a_connect_timeout() -> None:
    # A listen backlog of 0 holds one pending connection; the kernel then drops further SYNs unanswered, as a
    # firewalled or overloaded host does, so the client's connect itself hangs.
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        filler.connect(listener.getsockname())
        limits = HttpLimits(connect_timeout=0.3, read_timeout=5, total_timeout=5)
        started = time.monotonic()
        port = listener.getsockname()[1]
        assert str(fetch_error(f"http://127.0.0.1:{port}/feed", limits)) == "connect timed out after 0.3s"
        assert time.monotonic() - started < 2


def test_the_total_timeout_bounds_a_slow_answer(server: FeedServer) -> None:
    url = server.route("/slow", Reply(body=b"x", delay=3))
    limits = HttpLimits(connect_timeout=1, read_timeout=5, total_timeout=0.3)
    assert str(fetch_error(url, limits)) == "timed out after 0.3s"


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = fetch_error(f"http://127.0.0.1:{port}/feed")
    assert str(error) == "connection refused"
    assert error.status is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "not a url", "http://"])
def test_only_http_urls_are_fetched(url: str) -> None:
    assert "URL" in str(fetch_error(url))


# --- HTTPS ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def https_server(authority: trustme.CA) -> Iterator[FeedServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with FeedServer(tls=context) as running:
        yield running


def test_https_from_a_trusted_authority_through_every_pool(
    https_server: FeedServer, authority: trustme.CA, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pools share one TLS context (built once, see _ShardedTransport): each of them must still verify with
    the CA bundle the environment names, so enough requests run at once to use all four."""
    url = https_server.route("/feed", Reply(body=b"<rss/>", delay=0.2))

    async def go() -> list[HttpResponse]:
        async with HttpClient(per_host=16, connections=32) as http:
            return await asyncio.gather(*(http.get(f"{url}?n={n}", limits=FAST) for n in range(16)))

    with authority.cert_pem.tempfile() as bundle:
        monkeypatch.setenv("SSL_CERT_FILE", bundle)
        responses = run(go())
    assert [response.body for response in responses] == [b"<rss/>"] * 16
    assert https_server.max_in_flight > 8  # more than one pool's worth of connections were open at once


def test_https_with_an_untrusted_certificate_fails_in_one_line(https_server: FeedServer) -> None:
    url = https_server.route("/feed", Reply(body=b"<rss/>"))
    error = fetch_error(url)
    assert str(error).startswith("TLS certificate rejected: "), error
    assert https_server.requests_to("/feed") == []


# --- statuses -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"), (401, "HTTP 401 Unauthorized")],
)
def test_error_statuses(server: FeedServer, status: int, message: str) -> None:
    url = server.route("/feed", Reply(status=status, body=b"<html>error page</html>"))
    error = fetch_error(url)
    assert (str(error), error.status, error.retry_after) == (message, status, None)
    assert not isinstance(error, GoneError)


def test_410_gone(server: FeedServer) -> None:
    error = fetch_error(server.route("/feed", Reply(status=410)))
    assert isinstance(error, GoneError)
    assert (str(error), error.status) == ("HTTP 410 Gone", 410)


def test_429_retry_after_seconds(server: FeedServer) -> None:
    error = fetch_error(server.route("/feed", Reply(status=429, headers={"Retry-After": "120"})))
    assert (error.status, error.retry_after) == (429, 120.0)
    assert str(error) == "HTTP 429 Too Many Requests (retry after 120s)"


def test_an_exhausted_github_rate_limit_waits_until_its_reset(server: FeedServer) -> None:
    # GitHub answers 403 (or 429) with x-ratelimit-remaining: 0 and the reset as epoch seconds, no Retry-After.
    headers = {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": str(int(datetime(2026, 11, 29, 12, 30, tzinfo=UTC).timestamp())),
        "Date": "Sun, 29 Nov 2026 12:00:00 GMT",
    }
    error = fetch_error(server.route("/repos/o/r/releases", Reply(status=403, headers=headers)))
    assert (error.status, error.retry_after) == (403, 1800.0)
    plain = fetch_error(server.route("/forbidden", Reply(status=403)))
    assert plain.retry_after is None  # an ordinary 403 is just an error


def test_503_retry_after_date_is_relative_to_the_servers_clock(server: FeedServer) -> None:
    headers = {"Retry-After": "Sun, 29 Nov 2026 12:05:00 GMT", "Date": "Sun, 29 Nov 2026 12:00:00 GMT"}
    error = fetch_error(server.route("/feed", Reply(status=503, headers=headers)))
    assert (error.status, error.retry_after) == (503, 300.0)


def test_secrets_never_reach_an_error_message(server: FeedServer) -> None:
    url = server.route("/api", Reply(status=401))
    secret = "ghp_s3cr3t-token"
    assert secret not in str(fetch_error(url, headers={"Authorization": f"Bearer {secret}"}))
    broken = fetch_error(url, headers={"Authorization": f"Bearer {secret}\r\nX-Injected: 1"})
    assert secret not in str(broken)
    assert str(broken) == "invalid request (a header value is not allowed in HTTP)"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Sun, 29 Nov 2026 12:02:00 GMT", 120.0),
        ("Sunday, 29-Nov-26 12:02:00 GMT", 120.0),  # RFC 850 form, still accepted (RFC 9110 §5.6.7)
        ("Sun, 29 Nov 2026 11:00:00 GMT", 0.0),  # in the past: retry now
        ("99999999999", 31 * 24 * 3600.0),  # capped
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


# --- redirects ----------------------------------------------------------------------------------------------------


def test_permanent_redirects_report_the_new_url(server: FeedServer) -> None:
    final = server.route("/new", Reply(body=b"feed"))
    server.redirect("/old", "/middle", status=301)
    server.redirect("/middle", final, status=308)
    response = get(server.url("/old"))
    assert (response.body, response.url, response.permanent_url) == (b"feed", final, final)


def test_a_temporary_hop_keeps_the_stored_url(server: FeedServer) -> None:
    server.route("/new", Reply(body=b"feed"))
    server.redirect("/old", "/middle", status=301)
    server.redirect("/middle", "/new", status=302)
    response = get(server.url("/old"))
    assert (response.url, response.permanent_url) == (server.url("/new"), None)


def test_redirect_loop(server: FeedServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    assert str(fetch_error(server.url("/a"))) == "redirect loop after 2 redirects"


def test_more_than_five_redirects(server: FeedServer) -> None:
    for hop in range(7):
        server.redirect(f"/{hop}", f"/{hop + 1}")
    server.route("/7", Reply(body=b"far"))
    assert str(fetch_error(server.url("/0"))) == "more than 5 redirects"
    assert len(server.requests) == 6  # five redirects followed, the sixth refused
    assert get(server.url("/2")).body == b"far"


def test_redirect_without_location(server: FeedServer) -> None:
    error = fetch_error(server.route("/a", Reply(status=302)))
    assert (str(error), error.status) == ("HTTP 302 redirect without a Location header", 302)


def test_a_redirect_to_a_file_url_is_refused(server: FeedServer) -> None:
    assert "not an http(s) URL" in str(fetch_error(server.redirect("/a", "file:///etc/passwd")))


def test_credentials_stay_with_their_origin(server: FeedServer) -> None:
    with FeedServer() as other:
        other.route("/elsewhere", Reply(body=b"x"))
        server.route("/same", Reply(body=b"x"))
        server.redirect("/to-same", "/same")
        server.redirect("/to-other", other.url("/elsewhere"))
        get(server.url("/to-same"), headers={"Authorization": "Bearer t"})
        get(server.url("/to-other"), headers={"Authorization": "Bearer t"})
        assert server.requests_to("/same")[0].headers["authorization"] == "Bearer t"
        assert "authorization" not in other.requests_to("/elsewhere")[0].headers


# --- politeness and private addresses -----------------------------------------------------------------------------


def test_the_per_host_limit_holds(server: FeedServer) -> None:
    url = server.route("/slow", Reply(body=b"x", delay=0.15))

    async def many() -> None:
        async with HttpClient(per_host=4) as http:
            await asyncio.gather(*(http.get(url, limits=FAST) for _ in range(12)))
            assert http._slots == {}  # an idle host is forgotten

    started = time.monotonic()
    run(many())
    assert len(server.requests) == 12
    assert server.max_in_flight == 4
    assert time.monotonic() - started >= 3 * 0.15  # 12 requests, 4 at a time


def test_connections_are_reused_at_full_concurrency(server: FeedServer) -> None:
    url = server.route("/feed", Reply(body=b"x", delay=0.05))

    async def rounds() -> None:
        async with HttpClient(per_host=30, connections=30) as http:
            for _ in range(3):  # with httpx's default of 20 idle connections, most of these opened a new one
                await asyncio.gather(*(http.get(url, limits=FAST) for _ in range(30)))

    run(rounds())
    assert len(server.requests) == 90
    assert server.connections_opened <= 32


def test_a_304_keeps_its_connection(server: FeedServer) -> None:
    """A warm poll is all 304s: each one closing its connection cost a TCP (or TLS) handshake per source."""
    url = server.route("/feed", _conditional)

    async def sequential() -> list[int]:
        async with HttpClient() as http:
            return [(await http.get(url, limits=FAST, etag='"v1"')).status for _ in range(5)]

    assert run(sequential()) == [304] * 5
    assert server.connections_opened == 1


def test_the_limit_is_per_host(server: FeedServer) -> None:
    with FeedServer() as other:
        urls = [s.route("/slow", Reply(body=b"x", delay=0.2)) for s in (server, other)]

        async def both() -> None:
            async with HttpClient(per_host=2) as http:
                await asyncio.gather(*(http.get(url, limits=FAST) for url in urls for _ in range(2)))

        run(both())
        assert (server.max_in_flight, other.max_in_flight) == (2, 2)


def test_queueing_for_a_slot_does_not_count_against_the_total_timeout(server: FeedServer) -> None:
    url = server.route("/slow", Reply(body=b"x", delay=0.3))
    limits = HttpLimits(connect_timeout=1, read_timeout=1, total_timeout=0.5)

    async def queued() -> list[HttpResponse]:
        async with HttpClient(per_host=1) as http:
            return await asyncio.gather(*(http.get(url, limits=limits) for _ in range(3)))

    assert [response.body for response in run(queued())] == [b"x"] * 3


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_addresses_are_refused_when_asked(server: FeedServer, host: str) -> None:
    url = server.route("/article", Reply(body=b"x")).replace("127.0.0.1", host)
    assert "non-public address" in str(fetch_error(url, allow_private=False))
    assert server.requests == []


def test_a_redirect_into_a_private_network_is_refused(server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every hop is checked, not just the first. Our loopback server stands in for a public one here.
    monkeypatch.setattr(_http, "_is_internal", lambda address: str(address) != "127.0.0.1")
    url = server.redirect("/public", "http://10.0.0.1/internal")
    assert str(fetch_error(url, allow_private=False)) == "refused: 10.0.0.1 resolves to a non-public address (10.0.0.1)"
    assert len(server.requests) == 1


def test_dns_rebinding_is_caught_at_connect_time(server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # A rebinding name answers "public" when checked and "private" when connected to. The first verdict is the
    # check's; the connection to our loopback server then has to be refused before a byte of request is sent.
    checked: list[object] = []
    real = _http._is_internal

    def rebinding(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        checked.append(address)
        return len(checked) > 1 and real(address)

    monkeypatch.setattr(_http, "_is_internal", rebinding)
    url = server.route("/article", Reply(body=b"secret"))
    assert "non-public address (127.0.0.1)" in str(fetch_error(url, allow_private=False))
    assert len(checked) == 2  # the resolver's answer, then the connected peer
    assert server.requests == []


def test_an_unresolvable_host_is_a_fetch_error() -> None:
    assert str(fetch_error("http://no-such-host.invalid/feed", allow_private=False)) == (
        "cannot resolve host no-such-host.invalid"
    )


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("127.0.0.1", True),
        ("169.254.169.254", True),  # cloud metadata, link-local
        ("100.64.0.1", True),  # carrier-grade NAT
        ("0.0.0.0", True),
        ("224.0.0.251", True),  # multicast
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),  # unique local
        ("fd12:3456::1", True),
        ("ff02::1", True),
        ("::ffff:192.168.0.1", True),  # IPv4-mapped
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_internal_addresses(address: str, internal: bool) -> None:
    assert _is_internal(ipaddress.ip_address(address)) is internal
