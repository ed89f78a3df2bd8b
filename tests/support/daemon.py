"""`releasewatch run` as a real subprocess: start it, wait until /healthz answers, signal it, read its logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from tests.support.smtpserver import free_port


def wait_until(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Daemon:
    def __init__(self, workdir: Path, env: dict[str, str], *args: str, replica: str = "r1") -> None:
        self.workdir = workdir
        self.port = free_port()
        self.replica = replica
        self.log_path = workdir / f"daemon-{replica}-{time.monotonic_ns()}.log"
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.args = ["--http-port", str(self.port), "--replica-id", replica, *args]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait: bool = True) -> Daemon:
        log = self.log_path.open("wb")
        command = [sys.executable, "-m", "releasewatch", "run", *self.args]
        self.process = subprocess.Popen(command, cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        if wait:
            wait_until(self.healthy, 30, f"/healthz of replica {self.replica}\n{self.log()}")
        return self

    def __enter__(self) -> Daemon:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def healthy(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"daemon exited with {self.process.returncode}:\n{self.log()}")
        try:
            status, body = self.get("/healthz")
        except OSError:
            return False
        return status == 200 and json.loads(body)["status"] == "ok"

    def signal(self, number: int) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        assert self.process is not None
        self.process.wait(10)

    def stop(self, timeout: float = 10.0) -> tuple[int, float]:
        """SIGTERM; the exit code and the seconds it took."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout + 5)
        return code, time.monotonic() - started

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
