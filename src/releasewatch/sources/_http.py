"""The HTTP edge: one shared httpx client with the politeness and safety limits every source needs.

This is the only module that imports httpx, and it makes no decisions about feeds: it turns a URL (plus the
validators a source stored) into bytes or a ``FetchError``.

- Redirects are followed by hand, so every hop is counted, checked against private addresses when asked, stripped
  of credentials when it leaves the origin, and a chain made only of 301/308 is reported as a permanent move.
- Bodies are read raw and decompressed here with a bounded output per chunk, so the byte cap applies to the
  *decoded* size and a gzip or brotli bomb never expands past it in memory.
- A per-host semaphore keeps us polite; the total timeout starts once a slot is held, so queueing behind our own
  limit never counts against a request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import urllib.request
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import MappingProxyType, TracebackType
from typing import NamedTuple, Protocol

import httpcore
import httpx

from releasewatch import USER_AGENT
from releasewatch.errors import FetchError, GoneError

try:  # httpx[brotli] is a dependency, but a missing wheel should cost only the "br" encoding
    import brotli  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover
    brotli = None

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})  # RFC 9110 §15.4.2, §15.4.9: clients should update stored links
RETRY_AFTER_STATUSES = frozenset({429, 503})  # RFC 9110 §10.2.3, RFC 6585 §4
MAX_RETRY_AFTER = 31 * 24 * 3600.0  # reader's MAX_UPDATE_AFTER: a bogus value must not park a source forever
CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")


@dataclass(frozen=True)
class HttpLimits:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0  # longest silence between two reads
    total_timeout: float = 20.0  # wall-clock bound for the whole request incl. redirects and body
    max_bytes: int = 10_000_000  # decoded body
    max_redirects: int = 5


@dataclass(frozen=True)
class HttpResponse:
    url: str  # final URL, after redirects
    status: int  # a 2xx (normally 200) or 304; anything else raises
    headers: Mapping[str, str]  # lower-cased names
    body: bytes  # decompressed; b"" on 304
    etag: str | None
    last_modified: str | None
    permanent_url: str | None  # the new URL when every redirect hop was 301/308, else None


class _Redirect(NamedTuple):
    status: int
    location: str | None


@dataclass
class _HostSlot:
    semaphore: asyncio.Semaphore
    users: int = 0  # holding or waiting


class HttpClient:
    """One per process (or per poll): shares connections, and enforces the per-host limit across all sources."""

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        per_host: int = 4,
        connections: int = 32,
        verify: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(
            follow_redirects=False,  # followed by hand, see the module docstring
            cookies=_no_cookies(),
            headers={"User-Agent": user_agent, "Accept-Encoding": _accept_encoding()},
            transport=_ShardedTransport(connections, verify=verify),
        )
        self._per_host = per_host
        self._slots: dict[str, _HostSlot] = {}
        self._clock = clock or (lambda: datetime.now(UTC))

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        limits: HttpLimits = HttpLimits(),  # frozen, so one shared default is safe
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
        allow_private: bool = True,
    ) -> HttpResponse:
        request_headers = _request_headers(headers, etag, last_modified)
        deadline = asyncio.timeout(None)
        try:
            async with deadline:
                response = await self._follow(_parse_url(url), request_headers, limits, deadline, allow_private)
        except TimeoutError:
            if not deadline.expired():
                raise
            raise FetchError(f"timed out after {limits.total_timeout:g}s") from None
        if response.status == 304:  # RFC 9111 §4.3.4: a 304 updates the stored validators it carries
            etag = response.etag or etag
            last_modified = response.last_modified or last_modified
            return _replace_validators(response, etag, last_modified)
        return response

    async def _follow(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        limits: HttpLimits,
        deadline: asyncio.Timeout,
        allow_private: bool,
    ) -> HttpResponse:
        hops: list[int] = []
        visited = {str(url)}
        while True:
            async with self._slot(url):
                if deadline.when() is None:  # the clock starts once we hold a slot, not while we queue
                    deadline.reschedule(asyncio.get_running_loop().time() + limits.total_timeout)
                if not allow_private:
                    await _refuse_private_address(url)
                hop = await self._send(url, headers, limits, check_peer=not allow_private and not _proxied(url))
            if isinstance(hop, HttpResponse):
                return _with_permanent_url(hop, hops)
            hops.append(hop.status)
            next_url = _redirect_target(url, hop.location, hop.status)
            _check_redirect(next_url, visited, hops, limits.max_redirects)
            visited.add(str(next_url))
            if next_url.host != url.host or next_url.scheme != url.scheme or next_url.port != url.port:
                headers = _without_credentials(headers)  # RFC 9110 §15.4: credentials stay with their origin
            url = next_url

    @asynccontextmanager
    async def _slot(self, url: httpx.URL) -> AsyncIterator[None]:
        """Holds one of the host's ``per_host`` slots; a host nobody is using is forgotten (no unbounded dict)."""
        key = f"{url.host}:{url.port or _default_port(url.scheme)}"
        slot = self._slots.setdefault(key, _HostSlot(asyncio.Semaphore(self._per_host)))
        slot.users += 1
        try:
            async with slot.semaphore:
                yield
        finally:
            slot.users -= 1
            if not slot.users:
                del self._slots[key]

    async def _send(
        self, url: httpx.URL, headers: Mapping[str, str], limits: HttpLimits, *, check_peer: bool = False
    ) -> HttpResponse | _Redirect:
        """One request: the final response, or a redirect to follow."""
        timeout = httpx.Timeout(
            connect=limits.connect_timeout, read=limits.read_timeout, write=limits.read_timeout, pool=None
        )
        extensions = {"trace": _peer_guard(url)} if check_peer else None
        try:
            request = self._client.build_request("GET", url, headers=headers, timeout=timeout, extensions=extensions)
            response = await self._client.send(request, stream=True)
            try:
                return await self._handle(url, response, limits)
            finally:
                await response.aclose()
        except httpx.HTTPError as exc:
            raise FetchError(_describe(exc, limits)) from None

    async def _handle(self, url: httpx.URL, response: httpx.Response, limits: HttpLimits) -> HttpResponse | _Redirect:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            return _Redirect(status, response.headers.get("location"))
        if status != 304 and not 200 <= status < 300:
            raise self._status_error(response)
        if status == 304:
            # Read to its end, though a 304 has no body: a response closed before that closes its connection too,
            # and a warm poll (all 304s) then paid a new TCP or TLS handshake for every source.
            await response.aread()
            body = b""
        else:
            body = await _read_body(response, limits.max_bytes)
        names = {name.lower(): value for name, value in response.headers.items()}
        return HttpResponse(
            url=str(url),
            status=status,
            headers=MappingProxyType(names),
            body=body,
            etag=names.get("etag"),
            last_modified=names.get("last-modified"),
            permanent_url=None,
        )

    def _status_error(self, response: httpx.Response) -> FetchError:
        status = response.status_code
        message = f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
        if status == 410:
            return GoneError(message, status=status)
        retry_after = None
        # An HTTP-date is relative to the server's own clock (its Date header) when it sent one.
        now = _parse_http_date(response.headers.get("date")) or self._clock()
        if status in RETRY_AFTER_STATUSES or (status == 403 and "retry-after" in response.headers):
            retry_after = parse_retry_after(response.headers.get("retry-after"), now)
        if retry_after is None and status in (403, 429) and response.headers.get("x-ratelimit-remaining") == "0":
            # GitHub's (and others') exhausted rate limit: a 403 or 429 with the reset time as epoch seconds.
            retry_after = _until_reset(response.headers.get("x-ratelimit-reset"), now)
        if retry_after is not None:
            message += f" (retry after {retry_after:.0f}s)"
        return FetchError(message, status=status, retry_after=retry_after)


class _Shard:
    def __init__(self, transport: httpx.AsyncHTTPTransport) -> None:
        self.transport = transport
        self.active = 0  # requests sent and not yet closed


class _ShardedTransport(httpx.AsyncBaseTransport):
    """Several connection pools, each request to the least busy one.

    httpcore's pool re-checks every connection it holds (a socket poll each) whenever a request starts or ends,
    so one pool of 32 connections cost 32 checks per event: 13% of a 1,000-feed poll's CPU. Pools of
    ``_SHARD_CONNECTIONS`` keep that bounded whatever the concurrency; a host's connections spread across them.
    """

    def __init__(self, connections: int, *, verify: bool) -> None:
        count = max(1, -(-connections // _SHARD_CONNECTIONS))
        per_shard = -(-connections // count)
        # Keep as many idle connections as requests may run at once: with httpx's default of 20 under 32
        # concurrent requests to one host, nearly every request opened a new connection (181 of 200 measured),
        # a TCP — and for HTTPS a TLS — handshake each.
        limits = httpx.Limits(max_connections=max(100, connections), max_keepalive_connections=per_shard)
        # One TLS context for every pool: each builds its own otherwise, loading the CA bundle again (≈ 45 ms
        # each, 16 of them at a concurrency of 128, for a poll that may not speak HTTPS at all).
        context = httpx.create_ssl_context(verify=verify)
        self._shards = [_Shard(httpx.AsyncHTTPTransport(verify=context, limits=limits)) for _ in range(count)]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        shard = min(self._shards, key=lambda candidate: candidate.active)
        shard.active += 1
        try:
            response = await shard.transport.handle_async_request(request)
        except BaseException:
            shard.active -= 1
            raise
        response.stream = _Released(response.stream, shard)
        return response

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.transport.aclose()


_SHARD_CONNECTIONS = 8


class _Released(httpx.AsyncByteStream):
    """The response body, which hands its shard's slot back once closed."""

    def __init__(self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, shard: _Shard) -> None:
        self._stream = stream
        self._shard: _Shard | None = shard

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            if isinstance(self._stream, httpx.AsyncByteStream):
                await self._stream.aclose()
        finally:
            if self._shard is not None:
                self._shard.active -= 1
                self._shard = None


def _until_reset(value: str | None, now: datetime) -> float | None:
    if value is None or not value.strip().isdigit():
        return None
    reset = datetime.fromtimestamp(int(value.strip()), UTC)
    return min(max((reset - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from ``now``: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    when = _parse_http_date(value)
    if when is None:
        return None
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _parse_http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # RFC 9110 §5.6.7: HTTP-dates are always GMT, whatever the string pretends.
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


# --- requests and redirects -----------------------------------------------------------------------------------


def _no_cookies() -> CookieJar:
    """Every fetch is a first visit: a cookie one source's server sets never rides along on another's request."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def _accept_encoding() -> str:
    return "gzip, deflate, br" if brotli is not None else "gzip, deflate"


def _request_headers(extra: Mapping[str, str] | None, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {name.lower(): value for name, value in (extra or {}).items()}
    # RFC 9110 §13.1.1/§13.1.3: validators go back exactly as the server sent them.
    if etag:
        headers["if-none-match"] = etag
    if last_modified:
        headers["if-modified-since"] = last_modified
    return headers


def _without_credentials(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name not in CREDENTIAL_HEADERS}


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchError("invalid URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"not an http(s) URL (scheme {parsed.scheme or 'missing'!r})")
    return parsed.copy_with(fragment=None)


def _redirect_target(url: httpx.URL, location: str | None, status: int) -> httpx.URL:
    if not location:
        raise FetchError(f"HTTP {status} redirect without a Location header", status=status)
    try:
        return _parse_url(str(url.join(location.strip())))
    except httpx.InvalidURL:
        raise FetchError(f"HTTP {status} redirect to an invalid URL", status=status) from None


def _check_redirect(target: httpx.URL, visited: set[str], hops: list[int], max_redirects: int) -> None:
    if str(target) in visited:
        # We keep no cookies, so coming back to a visited URL can only loop again.
        raise FetchError(f"redirect loop after {len(hops)} redirects", status=hops[-1])
    if len(hops) > max_redirects:
        raise FetchError(f"more than {max_redirects} redirects", status=hops[-1])


def _with_permanent_url(response: HttpResponse, hops: list[int]) -> HttpResponse:
    if not hops or not all(status in PERMANENT_REDIRECTS for status in hops):
        return response
    return replace(response, permanent_url=response.url)


def _replace_validators(response: HttpResponse, etag: str | None, last_modified: str | None) -> HttpResponse:
    return replace(response, etag=etag, last_modified=last_modified)


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


async def _refuse_private_address(url: httpx.URL) -> None:
    """SSRF guard: refuse a host any of whose addresses is not globally reachable.

    Every address is checked (not just the first), since the connection may use any of them.
    """
    port = url.port or _default_port(url.scheme)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(url.host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"cannot resolve host {url.host}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if _is_internal(address):
            raise FetchError(f"refused: {url.host} resolves to a non-public address ({address})")


def _peer_guard(url: httpx.URL) -> Callable[[str, dict[str, object]], Awaitable[None]]:
    """An httpcore trace hook that checks the address a new connection actually reached, before any request byte
    is written: the name was checked when resolved, but DNS may answer differently the second time (rebinding)."""

    async def guard(event: str, info: dict[str, object]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        if not isinstance(stream, httpcore.AsyncNetworkStream):
            return
        peer = stream.get_extra_info("server_addr")
        if not peer:
            return
        address = ipaddress.ip_address(str(peer[0]).split("%")[0])
        if _is_internal(address):
            await stream.aclose()
            raise FetchError(f"refused: {url.host} resolves to a non-public address ({address})")

    return guard


def _proxied(url: httpx.URL) -> bool:
    """Whether an environment proxy carries this request (then the proxy, not us, connects to the target)."""
    proxies = urllib.request.getproxies_environment()
    bypass: Callable[[str, dict[str, str]], bool] = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return bool(proxies.get(url.scheme) or proxies.get("all")) and not bypass(url.host, proxies)


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global is False for private, loopback, link-local, unique-local (fc00::/7), shared (100.64/10),
    # documentation and reserved ranges; multicast can still be "global", so it is refused explicitly.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _is_internal(address.ipv4_mapped)
    return not address.is_global or address.is_multicast


# --- bodies ---------------------------------------------------------------------------------------------------


class _Decoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes:
        """Decoded output for ``data``; never (much) more than ``limit`` bytes, reaching it means "too big"."""
        ...


class _Identity:
    def decode(self, data: bytes, limit: int) -> bytes:
        return data


class _Zlib:
    """gzip and deflate. "deflate" is zlib-wrapped by RFC 9110 §8.4.1.2, but some servers send it raw."""

    def __init__(self, encoding: str) -> None:
        self._raw_fallback = encoding == "deflate"
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            decoded = self._inflater.decompress(data, limit)  # stops at `limit`: the rest stays compressed
        except zlib.error:
            if not self._raw_fallback:
                raise FetchError("corrupt compressed body") from None
        else:
            self._raw_fallback = self._raw_fallback and not decoded  # only the very start may be raw deflate
            return decoded
        self._raw_fallback = False
        self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        return self.decode(data, limit)


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            return bytes(self._decompressor.process(data, output_buffer_limit=limit))
        except brotli.error:
            raise FetchError("corrupt compressed body") from None


def _decoders(content_encoding: str | None) -> list[_Decoder]:
    """Decoders in the order to apply them (the reverse of the order the server applied the codings)."""
    names = [name.strip().lower() for name in (content_encoding or "").split(",") if name.strip()]
    decoders: list[_Decoder] = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip", "deflate"):
            decoders.append(_Zlib(name))
        elif name == "br" and brotli is not None:
            decoders.append(_Brotli())
        elif name != "identity":
            raise FetchError(f"unsupported Content-Encoding {name[:40]!r}")
    return decoders or [_Identity()]


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, refused as soon as it grows past ``max_bytes`` (counted after decompression)."""
    too_big = FetchError(f"body larger than {_size(max_bytes)}", status=response.status_code)
    declared = response.headers.get("content-length", "")
    if "content-encoding" not in response.headers and declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    decoders = _decoders(response.headers.get("content-encoding"))
    body = bytearray()
    async for chunk in response.aiter_raw():
        for decoder in decoders:
            chunk = decoder.decode(chunk, max_bytes - len(body) + 1)
        body += chunk
        if len(body) > max_bytes:
            raise too_big
    return bytes(body)


def _size(count: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count} bytes"


# --- errors ---------------------------------------------------------------------------------------------------


def _describe(exc: httpx.HTTPError, limits: HttpLimits) -> str:
    """One human line for a transport failure; never echoes request headers (they may hold a token)."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timed out after {limits.connect_timeout:g}s"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {limits.read_timeout:g}s without data"
    if isinstance(exc, httpx.LocalProtocolError):
        return "invalid request (a header value is not allowed in HTTP)"
    if isinstance(exc, httpx.ConnectError):
        return _connect_failure(exc)
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"invalid response: {_one_line(str(exc))}"
    if isinstance(exc, httpx.NetworkError):
        return f"connection lost: {_os_reason(exc) or type(exc).__name__}"
    return f"request failed: {type(exc).__name__}"


def _connect_failure(exc: httpx.ConnectError) -> str:
    cause = _root_cause(exc)
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "cannot resolve host"
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS certificate rejected: {cause.verify_message}"
    if isinstance(cause, ssl.SSLError):
        return f"TLS handshake failed: {cause.reason or 'unknown reason'}"
    return f"cannot connect: {_os_reason(exc) or _one_line(str(exc))}"


def _root_cause(exc: BaseException) -> BaseException:
    seen: set[int] = set()
    while (exc.__cause__ or exc.__context__) is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return exc


def _os_reason(exc: BaseException) -> str | None:
    cause = _root_cause(exc)
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    return None


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
