"""The stdout and file destinations: write an already rendered document (Markdown or HTML). I/O only."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from releasewatch.config import FileDestinationConfig, StdoutDestinationConfig
from releasewatch.destinations.base import Receipt
from releasewatch.errors import DeliveryError

_TRANSIENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.ESTALE}
)


class StdoutDestination:
    def __init__(self, config: StdoutDestinationConfig, *, stream: TextIO | None = None) -> None:
        self.name = config.name
        self._stream = stream

    def send(self, message: str) -> Receipt:
        stream = self._stream or sys.stdout  # looked up late, so pytest's capture and redirections apply
        try:
            stream.write(message if message.endswith("\n") else message + "\n")
            stream.flush()
        except OSError as exc:  # a closed pipe (`releasewatch digest | head`) will not heal by retrying
            raise DeliveryError(f"stdout {self.name}: {exc.strerror or exc}", transient=False) from None
        return Receipt(remote_id=None)


class FileDestination:
    """Writes the latest digest to ``path``, replacing it atomically (a reader never sees half a file).

    The path is relative to the working directory unless the caller resolved it (e.g. against the config file).
    """

    def __init__(self, config: FileDestinationConfig, *, base_dir: Path | None = None) -> None:
        self.name = config.name
        self.path = (base_dir / config.path) if base_dir is not None else Path(config.path)

    def send(self, message: str) -> Receipt:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _replace_atomically(self.path, message)
        except OSError as exc:
            # A full disk or a flaky mount may heal by the next run; permissions or a bad path need an operator.
            message = f"file {self.name}: cannot write {self.path}: {exc.strerror or exc}"
            raise DeliveryError(message, transient=exc.errno in _TRANSIENT_ERRNOS) from None
        return Receipt(remote_id=str(self.path))


def _replace_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
