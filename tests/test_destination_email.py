"""The email destination against a real SMTP server (aiosmtpd) on loopback: plain, STARTTLS, implicit TLS, AUTH."""

from __future__ import annotations

import ssl
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from releasewatch.config import EmailDestinationConfig
from releasewatch.destinations.email import EmailDestination
from releasewatch.errors import DeliveryError
from releasewatch.render.email import render_email
from tests.support.digestdata import hostile_digest, sample_digest
from tests.support.smtpserver import Received, SmtpServer, TlsFiles, free_port, smtp_server, tls_files

__all__ = ["smtp_server", "tls_files"]  # fixtures, imported for pytest

SENDER = "releasewatch <bot@example.com>"
PASSWORD = "pa55-w0rd-s3cret"


def _config(port: int, **smtp: Any) -> EmailDestinationConfig:
    values = {"host": "127.0.0.1", "port": port, "starttls": False, "timeout": "5s", **smtp}
    return EmailDestinationConfig(name="mail", smtp=values, from_=SENDER, to=("team@example.com", "cto@example.com"))


def _destination(config: EmailDestinationConfig, context: ssl.SSLContext | None = None) -> EmailDestination:
    return EmailDestination(config, ssl_context=context, local_hostname="localhost")  # no DNS lookup for EHLO


def _digest_email() -> Any:
    return render_email(sample_digest(), sender=SENDER, to=("team@example.com", "cto@example.com"))


def _only(server: SmtpServer) -> Received:
    (received,) = server.messages
    return received


def test_plain_smtp_delivers_both_parts(smtp_server: SmtpServer) -> None:
    receipt = _destination(_config(smtp_server.port)).send(_digest_email())
    received = _only(smtp_server)
    assert received.mail_from == "bot@example.com"
    assert received.rcpt_tos == ("team@example.com", "cto@example.com")
    assert not received.tls and received.login is None
    message = received.parsed()
    assert message["Subject"] == "releasewatch: 8 new models, 1 updated (Nov 23–29)"
    assert message["Message-ID"] == receipt.remote_id and receipt.remote_id.endswith("@example.com>")
    assert message["Date"] is not None
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "- Alibaba: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B) — Apache-2.0 · open weights" in text
    rows = [[" ".join(c.text().split()) for c in r.css("td")] for r in LexborHTMLParser(html).css("table.releases tr")]
    rows = [row for row in rows if row]
    assert rows[0][:3] == ["Alibaba", "Qwen3", "235B-A22B, 30B-A3B, 32B, 14B"]
    assert [row[1] for row in rows] == ["Qwen3", "GPT-5", "Mistral Large 3", "Sarashina", "Mystery-7B"]


def test_the_rendered_message_is_not_changed_by_sending(smtp_server: SmtpServer) -> None:
    message = _digest_email()
    _destination(_config(smtp_server.port)).send(message)
    assert message["Message-ID"] is None and message["Date"] is None


def test_hostile_titles_arrive_escaped(smtp_server: SmtpServer) -> None:
    message = render_email(hostile_digest(), sender=SENDER, to=("team@example.com",))
    _destination(_config(smtp_server.port)).send(message)
    html = _only(smtp_server).parsed().get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script" not in html and LexborHTMLParser(html).css("script") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;!channel&gt; pwned" in html


def test_starttls_with_auth(tls_files: TlsFiles) -> None:
    with SmtpServer(starttls=tls_files.server_context(), users={"bot": PASSWORD}) as server:
        config = _config(server.port, starttls=True, username="bot", password=PASSWORD)
        _destination(config, tls_files.client_context()).send(_digest_email())
        received = _only(server)
    assert received.tls and received.login == "bot"
    assert received.parsed()["Subject"].startswith("releasewatch: 8 new models")


def test_implicit_tls(tls_files: TlsFiles) -> None:
    with SmtpServer(implicit_tls=tls_files.server_context()) as server:
        config = _config(server.port, ssl=True, starttls=False)
        _destination(config, tls_files.client_context()).send(_digest_email())
        assert len(server.messages) == 1


def test_wrong_password_is_permanent_and_not_in_the_message(tls_files: TlsFiles) -> None:
    with SmtpServer(starttls=tls_files.server_context(), users={"bot": "other"}) as server:
        config = _config(server.port, starttls=True, username="bot", password=PASSWORD)
        with pytest.raises(DeliveryError) as caught:
            _destination(config, tls_files.client_context()).send(_digest_email())
        assert server.messages == []
    assert not caught.value.transient
    assert "authentication failed (535)" in str(caught.value)
    assert PASSWORD not in str(caught.value) and caught.value.__cause__ is None


def test_an_untrusted_certificate_is_permanent(tls_files: TlsFiles) -> None:
    with SmtpServer(starttls=tls_files.server_context()) as server:
        with pytest.raises(DeliveryError) as caught:
            _destination(_config(server.port, starttls=True), ssl.create_default_context()).send(_digest_email())
        assert server.messages == []
    assert not caught.value.transient and "certificate" in str(caught.value)


def test_starttls_is_never_skipped_when_the_server_lacks_it(smtp_server: SmtpServer) -> None:
    with pytest.raises(DeliveryError) as caught:
        _destination(_config(smtp_server.port, starttls=True)).send(_digest_email())
    assert not caught.value.transient and "STARTTLS" in str(caught.value)
    assert smtp_server.messages == []


def test_server_down_is_transient() -> None:
    with pytest.raises(DeliveryError) as caught:
        _destination(_config(free_port(), password=PASSWORD, username="bot")).send(_digest_email())
    assert caught.value.transient and "ConnectionRefusedError" in str(caught.value)
    assert PASSWORD not in str(caught.value)


@pytest.mark.parametrize(("reply", "transient"), [("451 4.3.0 try again later", True), ("554 5.6.0 rejected", False)])
def test_smtp_replies_decide_transient_or_permanent(reply: str, transient: bool) -> None:
    with SmtpServer(data_reply=reply) as server, pytest.raises(DeliveryError) as caught:
        _destination(_config(server.port)).send(_digest_email())
    assert caught.value.transient is transient
    assert reply.split()[0] in str(caught.value)
