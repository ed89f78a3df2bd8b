"""One daemon per SQLite file: an OS lock beside the database, which the kernel frees when the process dies —
even by kill -9 — so a restart never waits for an expiry and two daemons never write the same file."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from releasewatch.errors import ReleasewatchError


class AlreadyRunning(ReleasewatchError):
    pass


class RunLock:
    def __init__(self, database_path: Path) -> None:
        self.database = database_path
        self.path = database_path.with_name(database_path.name + ".run.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise AlreadyRunning(
                f"another `releasewatch run` ({holder}) is using {self.database}; on SQLite only one "
                "daemon may run per database — stop it first, or use PostgreSQL to run replicas"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None
