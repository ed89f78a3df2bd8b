"""The one error tree of releasewatch.

    ReleasewatchError
     ├── ConfigError(path, line, key)      bad feeds.yaml: names file, line and key
     ├── SourceError(source)               one source failed; a value for the poller, never fatal
     │    ├── FetchError                   network, HTTP status, size cap, redirects, timeouts
     │    │    └── GoneError              410: the source is disabled
     │    └── ParseError                   bytes arrived but are not a feed / not the JSON we expect
     ├── StorageError                      the database refused or is unreachable
     └── DeliveryError(destination)        a destination failed; ``transient`` says whether to retry

Library exceptions are wrapped once, at the boundary where they occur, and messages never carry a secret.
"""

from __future__ import annotations


class ReleasewatchError(Exception):
    """Base of every error releasewatch raises on purpose."""


class ConfigError(ReleasewatchError):
    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, key: str = "") -> None:
        self.path = path
        self.line = line
        self.key = key
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or "<config>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class SourceError(ReleasewatchError):
    """A failure of one source. ``retry_after`` (seconds) comes from the server when it said so."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FetchError(SourceError):
    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, retry_after=retry_after)
        self.status = status


class GoneError(FetchError):
    """HTTP 410: the publisher says the feed is gone for good; the source gets disabled."""


class ParseError(SourceError):
    pass


class StorageError(ReleasewatchError):
    pass


class DeliveryError(ReleasewatchError):
    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


class NotImplementedYet(ReleasewatchError):
    """A command of INTERFACE.md whose issue has not landed yet (exit 2, never a silent success)."""
