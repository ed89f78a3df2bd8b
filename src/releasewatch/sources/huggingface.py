"""``type: huggingface``: new model repos of an organisation (``author:``) or a query (``search:``), newest first.

Retrieve: ``HfApi.list_models`` sorted by creation, in a worker thread (HfApi is synchronous), reading only the repos
created after the stored cursor (``SourceState.cursor``, the ISO creation time of the newest repo seen). Parse:
``parse_models`` (pure) turns each ``ModelInfo`` into an ``Item`` whose ``Facts`` are what the hub states.

``list_models(limit=N)`` sends N as the page size but also stops after N repos, so a poll asks for ``page_size`` and,
only when every repo it got is new, asks again for four times as many: a typical poll is one small request, and the
hub's ``Link: rel="next"`` pages are followed inside one call only until a repo older than the cursor shows up.

Why the hub client gets our transport (``_install_guard``): huggingface_hub 2.x sends requests without a timeout and
retries 408/429/5xx and network errors up to 5 times, sleeping in our worker thread (on a 429 as long as the server
asks, every time). The poller already backs off and honours Retry-After between polls, so inside a releasewatch call
(marked by a context variable, which ``asyncio.to_thread`` carries into the thread) the transport bounds each request
by the source's timeout and turns those answers into a ``FetchError`` at once. Outside our calls it passes requests
through untouched, exactly like huggingface_hub's default client.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import urlsplit

import httpx2
from huggingface_hub import HfApi, ModelInfo, get_session, set_client_factory
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
from huggingface_hub.hf_api import ExpandModelProperty_T
from huggingface_hub.repocard_data import CardData
from huggingface_hub.utils import parse_ratelimit_headers  # type: ignore[attr-defined]  # lazily exported

from releasewatch import __version__
from releasewatch.config import Defaults, HuggingFaceSourceConfig
from releasewatch.errors import FetchError, ParseError
from releasewatch.hub_licenses import repo_license
from releasewatch.models import Facts, FetchResult, Item, SourceState
from releasewatch.sources._http import parse_retry_after
from releasewatch.sources.base import FetchContext
from releasewatch.units import format_param_count

# Only these properties come back (plus id); the hub answers 400 to an unknown one (hub-api notes, section 1).
EXPAND: Final[list[ExpandModelProperty_T]] = [
    "author",
    "createdAt",
    "lastModified",
    "tags",
    "pipeline_tag",
    "library_name",
    "safetensors",
    "gguf",
    "cardData",
    "gated",
]
MAX_REPOS_PER_POLL: Final = 1000
LIMIT_GROWTH: Final = 4
CONNECT_TIMEOUT: Final = 5.0
WEIGHT_TAGS: Final = frozenset({"safetensors", "gguf", "pytorch", "onnx", "mlx", "jax", "tf", "keras", "gptq", "awq"})
BASE_RELATIONS: Final = frozenset({"finetune", "quantized", "adapter", "merge"})
_RELATION_WORDS: Final = {"quantized": "quantized from", "finetune": "fine-tune of", "adapter": "adapter for"}
_MINOR_DTYPE_SHARE: Final = 0.01  # F32 norms and I64 buffers next to BF16 weights are not worth naming
# "A22B" as its own name part ("-A22B", "_a3b"), optionally right after the total ("235B-A22B").
_ACTIVE_IN_NAME: Final = re.compile(r"(?:^|[-_ ])A(\d+(?:\.\d+)?)([BM])(?=$|[-_ .])", re.IGNORECASE)
_SCALES: Final = {"b": 10**9, "m": 10**6}
_VOLATILE_EXTRA: Final = frozenset({"last_modified"})  # a new commit is not a new release


@dataclass(frozen=True)
class RepoOptions:
    """What ``parse_models`` needs from the source's config."""

    endpoint: str  # the hub's base URL, for repo links
    author: str | None = None  # the configured organisation: its own repos get the vendor hint
    vendor: str | None = None
    min_params: int | None = None
    include_derivatives: bool = False


# --- parse: ModelInfo → Item (pure) ---------------------------------------------------------------------------


def parse_models(models: Iterable[ModelInfo], options: RepoOptions) -> tuple[Item, ...]:
    """The items of the repos worth reporting: small repos and third-party derivatives are skipped when configured."""
    items = []
    for model in models:
        facts = repo_facts(model, options)
        if _kept(model, facts, options):
            items.append(_item(model, facts))
    return tuple(items)


def repo_facts(model: ModelInfo, options: RepoOptions) -> Facts:
    tags = [tag for tag in model.tags or () if isinstance(tag, str)]
    bases, relation = base_models(_card(model, "base_model"), tags)
    total, dtypes, params_source = _params(model)
    url = repo_url(options.endpoint, model.id)
    return Facts(
        model_id=model.id,
        vendor=options.vendor if _is_own(model, options.author) else None,
        params_total=total,
        params_active=active_params_in_name(model.id, total),
        license=repo_license(_card(model, "license"), _card(model, "license_name"), tags),
        open_weights=True if params_source or WEIGHT_TAGS.intersection(tags) else None,
        base_model=bases[0] if bases else None,
        repo_url=url,
        extra={
            "author": _author(model),
            "created_at": _iso(model.created_at),
            "last_modified": _iso(model.last_modified),
            "pipeline_tag": model.pipeline_tag,
            "library": model.library_name,
            "gated": model.gated if model.gated is not None else False,
            "dtypes": dtypes,
            "params_source": params_source,
            "base_models": bases,
            "base_model_relation": _card(model, "base_model_relation") or relation,
            "license_name": _card(model, "license_name"),
            "license_link": _license_link(_card(model, "license_link"), url),
            "tags": tags,
        },
    )


def base_models(declared: object, tags: Iterable[str]) -> tuple[list[str], str | None]:
    """The repos this one derives from (card ``base_model``, a string or a list, then ``base_model:`` tags) and the
    relation the hub inferred (``base_model:quantized:<repo>``)."""
    found = [declared] if isinstance(declared, str) else [b for b in _as_list(declared) if isinstance(b, str)]
    relation = None
    for tag in tags:
        if not tag.startswith("base_model:"):
            continue
        rest = tag.removeprefix("base_model:")
        kind, _, repo = rest.partition(":")
        if repo and kind in BASE_RELATIONS:
            relation = relation or kind
            found.append(repo)
        else:
            found.append(rest)
    return list(dict.fromkeys(base.strip() for base in found if base.strip())), relation


def is_derivative(author: str, bases: Iterable[str]) -> bool:
    """A fine-tune or quantisation of another org's model (a base without an org, like 'gpt2', is not ours either)."""
    return any(base.split("/", 1)[0].lower() != author.lower() or "/" not in base for base in bases)


def active_params_in_name(name: str, total: int | None = None) -> int | None:
    """Active parameters as an MoE name states them ('Qwen3-235B-A22B', 'qwen3-30b-a3b' → 22B, 3B): the hub's
    listing has no expert counts to derive them from. None when absent or not below a known total."""
    match = _ACTIVE_IN_NAME.search(name.rsplit("/", 1)[-1])
    if match is None:
        return None
    active = round(float(match.group(1)) * _SCALES[match.group(2).lower()])
    return active if total is None or active < total else None


def repo_url(endpoint: str, repo_id: str) -> str:
    return f"{endpoint.rstrip('/')}/{repo_id}"


def summary(facts: Facts) -> str:
    """'deepseek-ai/DeepSeek-V3 — text-generation — 671B parameters (BF16) — license: MIT' (plain text)."""
    extra = facts.extra
    parts = [facts.model_id or "", extra.get("pipeline_tag") or "", _params_phrase(facts), _base_phrase(facts)]
    if extra.get("gated"):
        parts.append("gated")
    if facts.license:
        parts.append(f"license: {facts.license}")
    return " — ".join(part for part in parts if part)


def _kept(model: ModelInfo, facts: Facts, options: RepoOptions) -> bool:
    total = facts.params_total
    if options.min_params is not None and total is not None and total < options.min_params:
        return False  # unknown sizes are kept: a brand-new repo often has no weights uploaded yet
    return options.include_derivatives or not is_derivative(_author(model), facts.extra["base_models"])


def _item(model: ModelInfo, facts: Facts) -> Item:
    text = summary(facts)
    return Item(
        key=model.id,
        title=model.id,
        url=facts.repo_url,
        published=model.created_at,
        text=text,
        content_hash=_content_hash(text, facts),
        facts=facts,
    )


def _content_hash(text: str, facts: Facts) -> str:
    stable = asdict(facts)
    stable["extra"] = {key: value for key, value in facts.extra.items() if key not in _VOLATILE_EXTRA}
    payload = json.dumps({"text": text, "facts": stable}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _params(model: ModelInfo) -> tuple[int | None, dict[str, int], str | None]:
    """Total parameters, per-dtype counts and where they came from: safetensors counts tensor elements (for an MoE
    that is every expert), a GGUF header states the count of the model it quantises."""
    safetensors = model.safetensors
    if safetensors is not None and isinstance(safetensors.total, int):
        parameters = safetensors.parameters or {}
        counts = {str(dtype): count for dtype, count in parameters.items() if isinstance(count, int)}
        return safetensors.total, counts, "safetensors"
    gguf = model.gguf if isinstance(model.gguf, dict) else {}
    if isinstance(gguf.get("total"), int):
        return gguf["total"], {}, "gguf"
    return None, {}, None


def _params_phrase(facts: Facts) -> str:
    if facts.params_total is None:
        return ""
    phrase = f"{format_param_count(facts.params_total)} parameters"
    if facts.params_active is not None:
        phrase += f", {format_param_count(facts.params_active)} active"
    label = _dtype_label(facts.extra.get("dtypes") or {}, facts.params_total)
    if facts.extra.get("params_source") == "gguf":
        label = "GGUF"
    return f"{phrase} ({label})" if label else phrase


def _dtype_label(dtypes: Mapping[str, int], total: int) -> str:
    major = sorted((count, dtype) for dtype, count in dtypes.items() if total and count / total >= _MINOR_DTYPE_SHARE)
    return "/".join(dtype for _, dtype in reversed(major))


def _base_phrase(facts: Facts) -> str:
    bases = facts.extra.get("base_models") or []
    if not bases:
        return ""
    relation = facts.extra.get("base_model_relation")
    if relation == "merge" or len(bases) > 1:
        return f"merge of {', '.join(bases)}" if relation == "merge" else f"derived from {', '.join(bases)}"
    return f"{_RELATION_WORDS.get(str(relation), 'derived from')} {bases[0]}"


def _card(model: ModelInfo, key: str) -> Any:
    card = model.card_data
    return card.get(key) if isinstance(card, CardData | dict) else None


def _author(model: ModelInfo) -> str:
    return model.author or model.id.split("/", 1)[0]


def _is_own(model: ModelInfo, author: str | None) -> bool:
    return author is not None and _author(model).lower() == author.lower()


def _license_link(link: object, url: str) -> str | None:
    """A card's license_link is a URL or a file in the repo ('LICENSE'); the latter becomes a link to that file."""
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    return link if urlsplit(link).scheme else f"{url}/blob/main/{link.lstrip('./')}"


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


# --- the cursor -------------------------------------------------------------------------------------------------


def parse_cursor(cursor: str | None) -> datetime | None:
    """The stored creation time; a value we cannot read counts as none (the next poll is a first contact again)."""
    if not cursor:
        return None
    try:
        when = datetime.fromisoformat(cursor)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def advance_cursor(cursor: datetime | None, models: Iterable[ModelInfo]) -> str | None:
    """The newest creation time seen so far, skipped repos included (they are not worth fetching again either)."""
    dates = [model.created_at for model in models if model.created_at is not None]
    if cursor is not None:
        dates.append(cursor)
    return _iso(max(dates)) if dates else None


def is_newer(model: ModelInfo, cursor: datetime | None) -> bool:
    # Strictly newer: the repo at the cursor was seen. (Two repos created in the same millisecond, one of them
    # after our poll, would be missed; the hub's ordering gives us nothing finer to tell them apart.)
    return cursor is None or model.created_at is None or model.created_at > cursor


# --- retrieve: HfApi in a worker thread -----------------------------------------------------------------------


@dataclass(frozen=True)
class _HubCall:
    """One releasewatch call to the hub, as seen by the transport (see the module docstring)."""

    timeout: float
    now: datetime  # for Retry-After given as an HTTP-date
    max_bytes: int = 10_000_000  # per response, as for every other source


@dataclass(frozen=True)
class _Listing:
    repos: tuple[ModelInfo, ...]
    truncated: bool  # more new repos than MAX_REPOS_PER_POLL


_CALL: ContextVar[_HubCall | None] = ContextVar("releasewatch_hub_call", default=None)
_guard_lock = threading.Lock()
_guard_installed = False


class HuggingFaceSource:
    def __init__(self, config: HuggingFaceSourceConfig, defaults: Defaults) -> None:
        self._config = config
        self._timeout = (config.timeout or defaults.timeout).total_seconds()
        self._max_bytes = config.max_bytes or defaults.max_bytes
        self._secret = config.token.get_secret_value() if config.token else None
        endpoint = config.endpoint.rstrip("/")
        # token=False when none is configured: never fall back to a token saved on this machine or in $HF_TOKEN,
        # which the operator did not give to this endpoint.
        self._api = HfApi(
            endpoint=endpoint,
            token=self._secret or False,
            library_name="releasewatch",
            library_version=__version__,
        )
        self._options = RepoOptions(
            endpoint=endpoint,
            author=config.author,
            vendor=config.vendor,
            min_params=config.min_params,
            include_derivatives=config.include_derivatives,
        )

    async def fetch(self, state: SourceState, ctx: FetchContext) -> FetchResult:
        _install_guard()
        cursor = parse_cursor(state.cursor)
        call = _HubCall(timeout=self._timeout, now=ctx.now, max_bytes=self._max_bytes)
        listing = await asyncio.to_thread(self._list_newer, call, cursor)
        warnings: tuple[str, ...] = ()
        if listing.truncated:
            warnings = (f"more than {MAX_REPOS_PER_POLL} new repos since the last poll; only the newest were read",)
        return FetchResult(
            status="ok",
            items=parse_models(listing.repos, self._options),
            state=replace(state, cursor=advance_cursor(cursor, listing.repos)),
            warnings=warnings,
        )

    def _list_newer(self, call: _HubCall, cursor: datetime | None) -> _Listing:
        """Runs in the worker thread; every huggingface_hub/httpx2 exception is wrapped here, once."""
        token = _CALL.set(call)
        try:
            return self._newer_repos(cursor)
        except HfHubHTTPError as exc:
            raise FetchError(self._scrub(_http_error(exc)), status=_status(exc)) from None
        except OfflineModeIsEnabled:
            raise FetchError("huggingface_hub is in offline mode (HF_HUB_OFFLINE is set)") from None
        except httpx2.HTTPError as exc:
            raise FetchError(self._scrub(f"request to the hub failed: {type(exc).__name__}")) from None
        finally:
            _CALL.reset(token)

    def _newer_repos(self, cursor: datetime | None) -> _Listing:
        limit = self._config.page_size
        while True:
            repos = _take_newer(self._list(limit), cursor)
            maybe_more = len(repos) >= limit
            if cursor is None or not maybe_more or limit >= MAX_REPOS_PER_POLL:
                # No cursor: a first contact reads one page only; older repos are history, not news.
                return _Listing(tuple(repos), truncated=cursor is not None and maybe_more)
            limit = min(limit * LIMIT_GROWTH, MAX_REPOS_PER_POLL)

    def _list(self, limit: int) -> Iterator[ModelInfo]:
        listing = self._api.list_models(
            author=self._config.author,
            search=self._config.search,
            sort="created_at",  # always descending (huggingface_hub removed `direction`)
            limit=limit,
            expand=EXPAND,
        )
        return iter(listing)

    def _scrub(self, message: str) -> str:
        return message.replace(self._secret, "***") if self._secret else message


def _take_newer(listing: Iterator[ModelInfo], cursor: datetime | None) -> list[ModelInfo]:
    """Repos until the first one not newer than the cursor; later pages are then never requested."""
    repos: list[ModelInfo] = []
    while (model := _next_repo(listing)) is not None and is_newer(model, cursor):
        repos.append(model)
    return repos


def _next_repo(listing: Iterator[ModelInfo]) -> ModelInfo | None:
    """The next repo; JSON and shape problems of the hub's answer surface here (paginate parses lazily)."""
    try:
        return next(listing, None)
    except HfHubHTTPError:
        raise  # BadRequestError is also a ValueError, but it is an HTTP answer
    except json.JSONDecodeError as exc:
        raise ParseError(f"the hub's answer is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ParseError(f"the hub's answer has an unexpected shape ({type(exc).__name__}: {exc})"[:200]) from None


def _http_error(exc: HfHubHTTPError) -> str:
    status = _status(exc)
    message = f"HTTP {status} {_reason(status)}".rstrip() if status else "HTTP error"
    detail = " ".join((exc.server_message or "").split())[:160]
    return f"{message}: {detail}" if detail else message


def _status(exc: HfHubHTTPError) -> int | None:
    return exc.response.status_code if exc.response is not None else None


def _reason(status: int | None) -> str:
    try:
        return HTTPStatus(status or 0).phrase
    except ValueError:
        return ""


# --- the transport huggingface_hub's client gets (see the module docstring) -------------------------------------

REFUSED_STATUSES: Final = frozenset({408, 429})  # and every 5xx: what huggingface_hub would retry and sleep on


class _GuardedTransport(httpx2.BaseTransport):
    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        call = _CALL.get()
        if call is None:
            return self._inner.handle_request(request)
        # huggingface_hub passes timeout=None explicitly, so the client's default never applies: set it here.
        timeout = httpx2.Timeout(call.timeout, connect=min(call.timeout, CONNECT_TIMEOUT))
        request.extensions["timeout"] = timeout.as_dict()
        # Uncompressed, so that max_bytes bounds what is held in memory, not what crossed the wire (a gzip bomb).
        request.headers["Accept-Encoding"] = "identity"
        try:
            response = self._inner.handle_request(request)
        except httpx2.TransportError as exc:
            raise FetchError(_transport_failure(exc, call.timeout)) from None
        _refuse(response, call)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > call.max_bytes:
            response.close()
            raise FetchError(f"the hub's answer is larger than max_bytes ({call.max_bytes:,} bytes)")
        response.stream = _Capped(response.stream, call.max_bytes)
        return response

    def close(self) -> None:
        self._inner.close()


class _Capped(httpx2.SyncByteStream):
    """The response body, stopped with a FetchError once it passes max_bytes (also when sent without a length)."""

    def __init__(self, inner: Any, limit: int) -> None:
        self._inner = inner
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise FetchError(f"the hub's answer is larger than max_bytes ({self._limit:,} bytes)")
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _refuse(response: httpx2.Response, call: _HubCall) -> None:
    """Answers we handle ourselves instead of letting huggingface_hub retry them, and error pages served as 200."""
    status = response.status_code
    if status in REFUSED_STATUSES or status >= 500:
        response.close()
        raise _status_error(status, response.headers, call.now)
    content_type = response.headers.get("content-type", "")
    if 200 <= status < 300 and content_type and "json" not in content_type.lower():
        response.close()
        kind = content_type.split(";")[0].strip()[:60]
        raise ParseError(f"the hub answered with {kind} instead of JSON (an error page?)")


def _status_error(status: int, headers: Mapping[str, str], now: datetime) -> FetchError:
    message = f"HTTP {status} {_reason(status)}".rstrip()
    retry_after = retry_after_seconds(headers, now)
    if retry_after is not None:
        message += f" (retry after {retry_after:.0f}s)"
    return FetchError(message, status=status, retry_after=retry_after)


def retry_after_seconds(headers: Mapping[str, str], now: datetime) -> float | None:
    """Retry-After, else the hub's ``RateLimit: "api";r=0;t=N`` (hub-docs rate-limits.md: N seconds to the reset)."""
    seconds = parse_retry_after(headers.get("retry-after"), now)
    if seconds is not None:
        return seconds
    info = parse_ratelimit_headers(headers)
    return float(info.reset_in_seconds) if info is not None and info.remaining == 0 else None


def _transport_failure(exc: httpx2.TransportError, timeout: float) -> str:
    if isinstance(exc, httpx2.TimeoutException):
        return f"the hub did not answer within {timeout:g}s"
    reason = " ".join(str(exc).split())[:160] or type(exc).__name__
    return f"cannot reach the hub: {reason}"


def _install_guard() -> None:
    """Give huggingface_hub's shared client our transport, once per process (huggingface_hub offers no per-HfApi
    client). Its own request hooks (offline mode, request ids) are copied from the client it built itself."""
    global _guard_installed
    with _guard_lock:
        if _guard_installed:
            return
        hooks = get_session().event_hooks
        set_client_factory(lambda: _guarded_client(hooks))
        _guard_installed = True


def _guarded_client(hooks: Mapping[str, list[Any]]) -> httpx2.Client:
    return httpx2.Client(
        transport=_GuardedTransport(httpx2.HTTPTransport()),
        event_hooks=dict(hooks),
        follow_redirects=True,  # as huggingface_hub's default client: renamed repos redirect
        timeout=None,
    )
