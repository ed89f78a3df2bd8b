"""The Slack destination through slack_sdk against a fake Slack Web API on loopback (tests/support/fakeslack.py)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from releasewatch.config import SlackDestinationConfig
from releasewatch.destinations.base import Receipt, UpdatableDestination
from releasewatch.destinations.slack import SlackDestination
from releasewatch.errors import DeliveryError
from releasewatch.render.slack import SlackMessage, render_alert, render_slack
from tests.support.digestdata import hostile_digest, hostile_releases, sample_digest
from tests.support.fakeslack import (
    CHANNEL_ID,
    WEBHOOK_PATH,
    FakeSlack,
    SlackReply,
    api_error,
    fake_slack,
    rate_limited,
    server_error,
    webhook_error,
)
from tests.support.smtpserver import free_port

__all__ = ["fake_slack"]  # the fixture, imported for pytest

TOKEN = "xoxb-test"
MESSAGE = SlackMessage(text="hello", blocks=({"type": "section", "text": {"type": "mrkdwn", "text": "hello"}},))


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _bot(server: FakeSlack, sleeps: Sleeps | None = None, **config: Any) -> SlackDestination:
    values = {"name": "team", "channel": "#model-releases", "token": TOKEN, "api_url": server.base_url, **config}
    return SlackDestination(
        SlackDestinationConfig(**values), sleep=sleeps if sleeps is not None else Sleeps(), max_retry_wait=5, timeout=5
    )


def _webhook(url: str, sleeps: Sleeps | None = None) -> SlackDestination:
    config = SlackDestinationConfig(name="hook", webhook_url=url)
    return SlackDestination(config, sleep=sleeps if sleeps is not None else Sleeps(), max_retry_wait=5, timeout=5)


# --- bot token ------------------------------------------------------------------------------------------------


def test_send_posts_the_message_and_returns_channel_and_ts(fake_slack: FakeSlack) -> None:
    destination: UpdatableDestination[SlackMessage] = _bot(fake_slack)
    (message,) = render_slack(sample_digest())
    receipt = destination.send(message)
    assert receipt == Receipt(remote_id=f"{CHANNEL_ID}:1700000000.000001")
    (request,) = fake_slack.calls("chat.postMessage")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body["channel"] == "#model-releases"
    assert request.body["text"] == message.text
    assert request.body["blocks"] == list(message.blocks)
    assert request.body["unfurl_links"] is False and request.body["unfurl_media"] is False
    assert "parse" not in request.body and "link_names" not in request.body


def test_unfurl_is_configurable(fake_slack: FakeSlack) -> None:
    _bot(fake_slack, unfurl=True).send(MESSAGE)
    (request,) = fake_slack.calls("chat.postMessage")
    assert request.body["unfurl_links"] is True and request.body["unfurl_media"] is True


def test_update_edits_the_message_in_its_channel(fake_slack: FakeSlack) -> None:
    destination = _bot(fake_slack)
    receipt = destination.send(MESSAGE)
    assert receipt.remote_id is not None
    edited = SlackMessage(text="edited", blocks=())
    assert destination.update(receipt.remote_id, edited) == receipt
    (request,) = fake_slack.calls("chat.update")
    assert request.body["channel"] == CHANNEL_ID  # the ID from the post, not the "#name" (chat.update needs IDs)
    assert request.body["ts"] == "1700000000.000001"
    assert request.body["text"] == "edited"


def test_hostile_titles_reach_slack_escaped(fake_slack: FakeSlack) -> None:
    destination = _bot(fake_slack)
    for message in render_slack(hostile_digest(), table=False):
        destination.send(message)
    destination.send(render_alert(hostile_releases()[0]))
    for request in fake_slack.calls("chat.postMessage"):
        texts = [request.body["text"]] + [b["text"]["text"] for b in request.body["blocks"] if b["type"] == "section"]
        for text in texts:
            assert "<!channel>" not in text and "<!here>" not in text and "<@U123>" not in text
            assert "<http://evil|official>" not in text


def test_posts_are_paced_one_second_apart(fake_slack: FakeSlack) -> None:
    sleeps = Sleeps()
    now = [100.0]
    config = SlackDestinationConfig(name="t", channel="#c", token=TOKEN, api_url=fake_slack.base_url)
    destination = SlackDestination(config, sleep=sleeps, clock=lambda: now[0])
    destination.send(MESSAGE)
    now[0] += 0.25
    destination.send(MESSAGE)
    now[0] += 5
    destination.send(MESSAGE)
    assert sleeps == [0.75]
    assert len(fake_slack.calls("chat.postMessage")) == 3


# --- retries and failures ------------------------------------------------------------------------------------


def test_a_rate_limit_is_retried_once_after_retry_after(fake_slack: FakeSlack) -> None:
    sleeps = Sleeps()
    fake_slack.queue(rate_limited(retry_after=2))
    receipt = _bot(fake_slack, sleeps).send(MESSAGE)
    assert receipt.remote_id == f"{CHANNEL_ID}:1700000000.000001"
    assert sleeps == [2.0]
    assert len(fake_slack.calls("chat.postMessage")) == 2


def test_a_long_retry_after_is_handed_to_the_outbox_instead_of_waited(fake_slack: FakeSlack) -> None:
    sleeps = Sleeps()
    fake_slack.queue(rate_limited(retry_after=120))
    with pytest.raises(DeliveryError) as caught:
        _bot(fake_slack, sleeps).send(MESSAGE)
    assert caught.value.transient and caught.value.retry_after == 120
    assert sleeps == [] and len(fake_slack.calls("chat.postMessage")) == 1
    assert "ratelimited" in str(caught.value) and "429" in str(caught.value)


def test_the_real_sleep_is_bounded_by_the_cap(fake_slack: FakeSlack) -> None:
    config = SlackDestinationConfig(name="t", channel="#c", token=TOKEN, api_url=fake_slack.base_url)
    fake_slack.queue(rate_limited(retry_after=0))
    started = time.monotonic()
    SlackDestination(config, max_retry_wait=0.5).send(MESSAGE)
    assert time.monotonic() - started < 2


def test_a_second_failure_is_not_retried_again(fake_slack: FakeSlack) -> None:
    sleeps = Sleeps()
    fake_slack.queue(rate_limited(retry_after=1), rate_limited(retry_after=3))
    with pytest.raises(DeliveryError) as caught:
        _bot(fake_slack, sleeps).send(MESSAGE)
    assert caught.value.transient and caught.value.retry_after == 3
    assert sleeps == [1.0] and len(fake_slack.calls("chat.postMessage")) == 2


@pytest.mark.parametrize("reply", [server_error(500), server_error(503), api_error("internal_error")])
def test_server_errors_are_transient_and_retried_after_a_backoff(fake_slack: FakeSlack, reply: SlackReply) -> None:
    sleeps = Sleeps()
    fake_slack.queue(reply, reply)
    with pytest.raises(DeliveryError) as caught:
        _bot(fake_slack, sleeps).send(MESSAGE)
    assert caught.value.transient and caught.value.retry_after is None
    assert sleeps == [1.0] and len(fake_slack.calls("chat.postMessage")) == 2


def test_a_server_error_then_success(fake_slack: FakeSlack) -> None:
    fake_slack.queue(server_error(502))
    assert _bot(fake_slack).send(MESSAGE).remote_id == f"{CHANNEL_ID}:1700000000.000001"


@pytest.mark.parametrize(
    "code", ["invalid_auth", "channel_not_found", "not_in_channel", "account_inactive", "is_archived", "invalid_blocks"]
)
def test_configuration_errors_are_permanent_and_not_retried(fake_slack: FakeSlack, code: str) -> None:
    sleeps = Sleeps()
    fake_slack.queue(api_error(code))
    with pytest.raises(DeliveryError) as caught:
        _bot(fake_slack, sleeps).send(MESSAGE)
    assert not caught.value.transient
    assert code in str(caught.value) and TOKEN not in str(caught.value)
    assert sleeps == [] and len(fake_slack.calls("chat.postMessage")) == 1


def test_a_wrong_token_is_invalid_auth(fake_slack: FakeSlack) -> None:
    with pytest.raises(DeliveryError) as caught:
        _bot(fake_slack, token="xoxb-wrong-secret").send(MESSAGE)
    assert not caught.value.transient and "invalid_auth" in str(caught.value)
    assert "xoxb-wrong-secret" not in str(caught.value) and "xoxb-wrong-secret" not in repr(caught.value.__cause__)


def test_connection_refused_is_transient() -> None:
    sleeps = Sleeps()
    config = SlackDestinationConfig(name="t", channel="#c", token=TOKEN, api_url=f"http://127.0.0.1:{free_port()}/api/")
    with pytest.raises(DeliveryError) as caught:
        SlackDestination(config, sleep=sleeps, timeout=5).send(MESSAGE)
    assert caught.value.transient and "Connection refused" in str(caught.value)
    assert sleeps == [1.0]  # nothing was posted, so one retry was safe
    assert TOKEN not in str(caught.value)


def test_a_timeout_is_transient_but_not_retried_the_message_may_have_been_posted(fake_slack: FakeSlack) -> None:
    sleeps = Sleeps()
    fake_slack.queue(SlackReply(body={"ok": True, "channel": "C1", "ts": "1.0"}, delay=1.6))
    destination = SlackDestination(
        SlackDestinationConfig(name="t", channel="#c", token=TOKEN, api_url=fake_slack.base_url),
        sleep=sleeps,
        timeout=1,
    )
    with pytest.raises(DeliveryError) as caught:
        destination.send(MESSAGE)
    assert caught.value.transient and sleeps == []


# --- incoming webhooks --------------------------------------------------------------------------------------


def test_webhook_send(fake_slack: FakeSlack) -> None:
    destination = _webhook(fake_slack.webhook_url)
    assert destination.send(MESSAGE) == Receipt(remote_id=None)
    (request,) = fake_slack.calls(WEBHOOK_PATH)
    assert request.body == {
        "text": "hello",
        "blocks": list(MESSAGE.blocks),
        "unfurl_links": False,
        "unfurl_media": False,
    }
    assert "authorization" not in request.headers


def test_a_webhook_cannot_update(fake_slack: FakeSlack) -> None:
    with pytest.raises(DeliveryError) as caught:
        _webhook(fake_slack.webhook_url).update("C1:1.0", MESSAGE)
    assert not caught.value.transient


@pytest.mark.parametrize(
    ("reply", "transient", "requests"),
    [
        (webhook_error(404, "channel_not_found"), False, 1),
        (webhook_error(410, "channel_is_archived"), False, 1),
        (webhook_error(400, "invalid_payload"), False, 1),
        (webhook_error(403, "action_prohibited"), False, 1),
        (webhook_error(500, "rollup_error"), True, 2),
        (SlackReply(429, "rate limited", {"Retry-After": "1"}), True, 2),
    ],
)
def test_webhook_failures(fake_slack: FakeSlack, reply: SlackReply, transient: bool, requests: int) -> None:
    fake_slack.queue(reply, reply)
    with pytest.raises(DeliveryError) as caught:
        _webhook(fake_slack.webhook_url).send(MESSAGE)
    assert caught.value.transient is transient
    assert len(fake_slack.calls(WEBHOOK_PATH)) == requests
    assert "XXXXSECRET" not in str(caught.value)  # the webhook URL is a credential


def test_webhook_server_down_does_not_leak_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}{WEBHOOK_PATH}"
    with pytest.raises(DeliveryError) as caught:
        _webhook(url).send(MESSAGE)
    assert caught.value.transient and "XXXXSECRET" not in str(caught.value)


def test_the_bot_is_preferred_when_both_are_configured(fake_slack: FakeSlack) -> None:
    destination = _bot(fake_slack, webhook_url=fake_slack.webhook_url)
    assert destination.send(MESSAGE).remote_id is not None
    assert fake_slack.calls(WEBHOOK_PATH) == []
