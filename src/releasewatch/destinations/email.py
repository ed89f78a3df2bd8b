"""Email destination over SMTP: STARTTLS (RFC 3207) or implicit TLS (RFC 8314), optional AUTH. I/O only.

TLS is never downgraded: with ``starttls: true`` a server that does not offer STARTTLS is a permanent error, not
a reason to send in clear text. The SSL context is injectable so tests can trust a throw-away certificate.

Failures: connection problems and 4xx replies are transient (RFC 5321 §4.2.1: "transient negative completion");
5xx replies, refused authentication and untrusted certificates are permanent. No message carries the password.
"""

from __future__ import annotations

import copy
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from releasewatch.config import EmailDestinationConfig
from releasewatch.destinations.base import Receipt
from releasewatch.errors import DeliveryError


class EmailDestination:
    def __init__(
        self,
        config: EmailDestinationConfig,
        *,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ) -> None:
        self.name = config.name
        self.config = config
        self._ssl_context = ssl_context
        self._local_hostname = local_hostname

    def send(self, message: EmailMessage) -> Receipt:
        message = _stamped(message, self.config.from_)
        try:
            with self._connect() as smtp:
                self._secure_and_login(smtp)
                smtp.send_message(message, from_addr=parseaddr(self.config.from_)[1], to_addrs=list(self.config.to))
        except (smtplib.SMTPException, OSError) as exc:  # ssl.SSLError is an OSError
            raise self._failure(exc) from None
        return Receipt(remote_id=str(message["Message-ID"]))

    # --- the session ---

    def _connect(self) -> smtplib.SMTP:
        smtp = self.config.smtp
        timeout = smtp.timeout.total_seconds()
        if smtp.ssl:
            return smtplib.SMTP_SSL(
                smtp.host, smtp.port, local_hostname=self._local_hostname, timeout=timeout, context=self._context()
            )
        return smtplib.SMTP(smtp.host, smtp.port, local_hostname=self._local_hostname, timeout=timeout)

    def _secure_and_login(self, client: smtplib.SMTP) -> None:
        smtp = self.config.smtp
        if smtp.starttls and not smtp.ssl:
            client.ehlo()
            client.starttls(context=self._context())  # raises SMTPNotSupportedError rather than go on in clear
            client.ehlo()
        if smtp.username:
            password = smtp.password.get_secret_value() if smtp.password is not None else ""
            client.login(smtp.username, password)

    def _context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    # --- failures ---

    def _failure(self, exc: smtplib.SMTPException | OSError) -> DeliveryError:
        prefix = f"email {self.name}: {self.config.smtp.host}:{self.config.smtp.port}:"
        transient, reason = _classify(exc)
        return DeliveryError(f"{prefix} {self._scrub(reason)}", transient=transient)

    def _scrub(self, text: str) -> str:
        password = self.config.smtp.password
        secret = password.get_secret_value() if password is not None else ""
        return text.replace(secret, "***") if secret else text


def _classify(exc: smtplib.SMTPException | OSError) -> tuple[bool, str]:
    """(transient, reason) for an exception raised during an SMTP session."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False, f"authentication failed ({exc.smtp_code})"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return False, f"server does not support it: {_text(exc)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return any(400 <= code < 500 for code in codes), f"all recipients refused ({', '.join(map(str, codes))})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500, f"server replied {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True, "server disconnected"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return False, f"TLS certificate not trusted ({exc.verify_message})"
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError)):
        return True, f"TLS connection closed ({type(exc).__name__})"  # the server went away mid-handshake
    if isinstance(exc, ssl.SSLError):
        return False, f"TLS failed ({exc.reason})"  # e.g. implicit TLS against a plain-text port: fix the config
    if isinstance(exc, OSError):  # refused, reset, timed out, unreachable, DNS
        return True, f"{type(exc).__name__}: {exc.strerror or exc}"
    return True, f"{type(exc).__name__}: {_text(exc)}"  # other SMTPException: protocol hiccups


def _text(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())[:200]


def _stamped(message: EmailMessage, sender: str) -> EmailMessage:
    """Add Date and Message-ID if the renderer (which has no clock) left them out; the original is not changed."""
    if message["Date"] is not None and message["Message-ID"] is not None:
        return message
    stamped = copy.deepcopy(message)
    if stamped["Date"] is None:
        stamped["Date"] = formatdate(usegmt=True)
    if stamped["Message-ID"] is None:
        domain = parseaddr(sender)[1].rpartition("@")[2] or "releasewatch.invalid"
        stamped["Message-ID"] = make_msgid(domain=domain)  # domain given: no DNS lookup of our own host name
    return stamped
