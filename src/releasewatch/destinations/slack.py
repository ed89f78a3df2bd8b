"""Slack destination: a bot token + channel (chat.postMessage / chat.update) or an incoming webhook. I/O only.

Retries (issue 6): slack_sdk's own retry handlers are switched off so that every retry is ours and bounded. The
outbox retries across runs; within a run we retry once, after the server's Retry-After (or a short backoff),
and only if that wait is at most ``max_retry_wait`` — a longer wait is handed back as a transient error with
``retry_after`` instead of blocking the run. A read timeout is not retried here: the message may have been posted.
"""

from __future__ import annotations

import logging
import ssl
import time
import urllib.error
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient, WebhookResponse

from releasewatch.config import SlackDestinationConfig
from releasewatch.destinations.base import Receipt
from releasewatch.errors import DeliveryError
from releasewatch.render.slack import SlackMessage

T = TypeVar("T")

# Errors that will not go away by waiting (the token, the channel or the payload must change).
# Anything not listed as transient is treated as permanent: a malformed payload does not fix itself.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
DEFAULT_MAX_RETRY_WAIT = 30.0
DEFAULT_BACKOFF = 1.0
DEFAULT_MIN_INTERVAL = 1.0  # shared/reference/slack.md §5: ~1 message per second per channel

# slack_sdk logs the webhook URL (a secret) at DEBUG; this logger never lets DEBUG through.
_sdk_logger = logging.getLogger("releasewatch.destinations.slack.sdk")
_sdk_logger.setLevel(logging.INFO)


class _Failure(Exception):
    """A classified failure: the error to raise and whether one retry within this run is worthwhile."""

    def __init__(self, error: DeliveryError, retry_now: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_now = retry_now


class SlackDestination:
    def __init__(
        self,
        config: SlackDestinationConfig,
        *,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        backoff: float = DEFAULT_BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        min_interval: float = DEFAULT_MIN_INTERVAL,
        timeout: float = 30.0,
    ) -> None:
        self.name = config.name
        self.config = config
        self._max_retry_wait = max_retry_wait
        self._backoff = backoff
        self._sleep = sleep
        self._clock = clock
        self._min_interval = min_interval
        self._last_post: float | None = None
        self._web: WebClient | None = None
        self._webhook: WebhookClient | None = None
        seconds = max(1, round(timeout))  # slack_sdk takes whole seconds; 0 would mean "don't wait at all"
        if config.token is not None and config.channel:  # a bot is preferred: it returns ts, so it can update
            token = config.token.get_secret_value()
            self._web = WebClient(token=token, base_url=config.api_url, timeout=seconds, retry_handlers=[])
        elif config.webhook_url is not None:
            url = config.webhook_url.get_secret_value()
            self._webhook = WebhookClient(url, timeout=seconds, retry_handlers=[], logger=_sdk_logger)

    # --- the Destination protocol ---

    def send(self, message: SlackMessage) -> Receipt:
        self._pace()
        try:
            if self._web is None:
                return self._retrying("webhook", lambda: self._post_webhook(message))
            return self._retrying("chat.postMessage", lambda: self._post(message))
        finally:
            self._last_post = self._clock()

    def _pace(self) -> None:
        """Keep posts ≥ ``min_interval`` apart: chat.postMessage allows about one message a second per channel."""
        if self._last_post is not None:
            wait = self._min_interval - (self._clock() - self._last_post)
            if wait > 0:
                self._sleep(wait)

    def update(self, remote_id: str, message: SlackMessage) -> Receipt:
        """Replace a message sent earlier; ``remote_id`` is the ``channel:ts`` that ``send`` returned."""
        if self._web is None:
            raise DeliveryError(f"slack {self.name}: an incoming webhook cannot update messages", transient=False)
        channel, _, ts = remote_id.rpartition(":")
        return self._retrying("chat.update", lambda: self._update(channel or str(self.config.channel), ts, message))

    # --- one attempt each ---

    def _post(self, message: SlackMessage) -> Receipt:
        assert self._web is not None
        response = self._web.chat_postMessage(channel=str(self.config.channel), **self._body(message))
        return Receipt(remote_id=f"{response['channel']}:{response['ts']}")

    def _update(self, channel: str, ts: str, message: SlackMessage) -> Receipt:
        assert self._web is not None
        payload = self._body(message)
        response = self._web.chat_update(channel=channel, ts=ts, text=payload["text"], blocks=payload["blocks"])
        return Receipt(remote_id=f"{response['channel']}:{response['ts']}")

    def _post_webhook(self, message: SlackMessage) -> Receipt:
        assert self._webhook is not None
        response = self._webhook.send_dict(self._body(message))
        if response.status_code == 200 and response.body == "ok":
            return Receipt(remote_id=None)  # a webhook returns no ts: its messages cannot be threaded or updated
        raise _webhook_failure(self.name, response)

    def _body(self, message: SlackMessage) -> dict[str, Any]:
        # parse/link_names stay unset: they would turn "@here" in a feed title into a real mention.
        return {
            **message.to_payload(),
            "unfurl_links": self.config.unfurl,
            "unfurl_media": self.config.unfurl,
        }

    # --- failures ---

    def _retrying(self, action: str, attempt: Callable[[], T]) -> T:
        try:
            return self._classified(action, attempt)
        except _Failure as failure:
            wait = failure.error.retry_after if failure.error.retry_after is not None else self._backoff
            if not failure.retry_now or wait > self._max_retry_wait:
                raise failure.error from None
            self._sleep(wait)
        try:
            return self._classified(action, attempt)
        except _Failure as failure:
            raise failure.error from None

    def _classified(self, action: str, attempt: Callable[[], T]) -> T:
        try:
            return attempt()
        except SlackApiError as exc:
            raise _api_failure(self.name, action, exc) from None
        except (urllib.error.URLError, OSError) as exc:
            raise _network_failure(self.name, action, exc) from None
        except SlackClientError as exc:  # e.g. a request the SDK refused to build: a bug or bad config
            error = DeliveryError(f"slack {self.name}: {action}: {type(exc).__name__}", transient=False)
            raise _Failure(error, retry_now=False) from None


def _api_failure(name: str, action: str, exc: SlackApiError) -> _Failure:
    response = exc.response
    status = response.status_code
    code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
    retry_after = _retry_after(response.headers)
    message = f"slack {name}: {action} failed: {code or 'error'} (HTTP {status})"
    if status == 429 or code in ("ratelimited", "rate_limited"):
        return _Failure(DeliveryError(message, transient=True, retry_after=retry_after), True)
    if status >= 500 or code in TRANSIENT_ERRORS:
        return _Failure(DeliveryError(message, transient=True, retry_after=retry_after), True)
    return _Failure(DeliveryError(message, transient=False), False)


def _webhook_failure(name: str, response: WebhookResponse) -> _Failure:
    status = response.status_code
    reason = " ".join(str(response.body or "").split())[:100] or "error"
    message = f"slack {name}: webhook failed: {reason} (HTTP {status})"
    retry_after = _retry_after(response.headers)
    if status == 429 or status >= 500:
        return _Failure(DeliveryError(message, transient=True, retry_after=retry_after), True)
    # 400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived: fix the config.
    return _Failure(DeliveryError(message, transient=False), False)


def _network_failure(name: str, action: str, exc: BaseException) -> _Failure:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ssl.SSLCertVerificationError):  # waiting will not make the certificate valid
        message = f"slack {name}: {action} failed: TLS certificate not trusted ({reason.verify_message})"
        return _Failure(DeliveryError(message, transient=False), False)
    # Refused or reset before an answer: nothing was posted, so retrying now is safe. A timeout may have posted.
    retry_now = not isinstance(reason, TimeoutError)
    message = f"slack {name}: {action} failed: {type(reason).__name__}: {_describe(reason)}"
    return _Failure(DeliveryError(message, transient=True), retry_now)


def _describe(reason: object) -> str:
    """The OS's words (e.g. 'Connection refused'), never a URL — a webhook URL is a secret."""
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return "network error" if not isinstance(reason, str) else reason[:100]


def _retry_after(headers: Mapping[str, Any] | None) -> float | None:
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None
