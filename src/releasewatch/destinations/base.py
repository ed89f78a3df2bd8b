"""The one shape of a destination (issue 6 part 1): send a rendered message, get a receipt.

Destinations do I/O only — what to send, and whether to retry later, is decided elsewhere (the digest, the
renderers, the lead's outbox). Each wraps its library's exceptions once into ``DeliveryError`` with
``transient`` set: True means "try again later" (the outbox keeps the message), False means "this will not
work until someone changes the config". Messages never contain a token or a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

M = TypeVar("M", contravariant=True)


@dataclass(frozen=True)
class Receipt:
    """What the far side gave back: Slack's ``channel:ts``, an email's Message-ID, a file path; None if nothing."""

    remote_id: str | None


class Destination(Protocol[M]):
    name: str

    def send(self, message: M) -> Receipt:
        """Deliver one message; raise ``DeliveryError`` on failure."""
        ...


class UpdatableDestination(Destination[M], Protocol[M]):
    """A destination whose sent messages can be edited in place (Slack's chat.update)."""

    def update(self, remote_id: str, message: M) -> Receipt: ...
