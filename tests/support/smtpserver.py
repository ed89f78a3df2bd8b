"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the email destination's tests, plus a throw-away TLS certificate.

Test support, no business logic. Modes: plain, STARTTLS (optionally required), implicit TLS, and AUTH against a
user table. Every accepted message is recorded with its envelope and whether it came over TLS and AUTH.

    with SmtpServer(starttls=tls.server_context(), users={"bot": "s3cret"}) as server:
        ... EmailDestination(config_for(server), ssl_context=tls.client_context()) ...
        received = server.messages[0].parsed()
"""

from __future__ import annotations

import email
import email.policy
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass(frozen=True)
class TlsFiles:
    """A self-signed certificate for 127.0.0.1/localhost, made for one test session and trusted only by tests."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(folder: Path) -> TlsFiles:
    """openssl CLI (the venv has no `cryptography`): an EC P-256 key, 1 day, SAN IP:127.0.0.1 and DNS:localhost."""
    files = TlsFiles(cert=folder / "cert.pem", key=folder / "key.pem")
    command = [
        "openssl", "req", "-x509", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", str(files.key), "-out", str(files.cert), "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=30)
    return files


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    tls: bool
    login: str | None  # the AUTH user, None when the client did not authenticate

    def parsed(self) -> EmailMessage:
        message = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


class _Recorder:
    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        received = Received(
            mail_from=str(envelope.mail_from),
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(envelope.original_content or envelope.content or b""),
            tls=session.ssl is not None,
            login=login,
        )
        with self.owner.lock:
            self.owner.messages.append(received)
        return self.owner.data_reply


class _Controller(Controller):
    """Listens on port 0 and reads back the port the OS chose (aiosmtpd would otherwise need a fixed one)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    def __init__(
        self,
        *,
        starttls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
        users: dict[str, str] | None = None,
        data_reply: str = "250 OK",
    ) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.data_reply = data_reply  # e.g. "451 try later" or "554 rejected" to test failures
        self.users = users or {}
        kwargs: dict[str, Any] = {"server_hostname": "localhost"}  # no DNS lookup of our own name
        if starttls is not None:
            kwargs.update(tls_context=starttls, require_starttls=True)
        if users:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=True, auth_required=True)
        self._controller = _Controller(
            _Recorder(self), hostname="127.0.0.1", port=0, ssl_context=implicit_tls, ready_timeout=5, **kwargs
        )

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._controller.stop()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        return AuthResult(success=self.users.get(user) == password, handled=False, auth_data=auth_data)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain SMTP server without TLS or AUTH."""
    with SmtpServer() as server:
        yield server


def free_port() -> int:
    """A port nothing listens on (bound, then released), for 'server down' tests."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
