"""The daemon's HTTP edge: /healthz for probes and /metrics for Prometheus, served from a thread so that a busy
event loop never makes a probe time out (the probe instead reports the loop as stalled)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from releasewatch.metrics import Metrics

log = logging.getLogger("releasewatch.http")

HealthCheck = Callable[[], tuple[bool, dict[str, Any]]]


class HealthServer:
    def __init__(self, host: str, port: int, health: HealthCheck, metrics: Metrics) -> None:
        handler = _handler(health, metrics)
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="releasewatch-http", daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(health: HealthCheck, metrics: Metrics) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "releasewatch"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                ok, body = health()
                self._reply(200 if ok else 503, "application/json", json.dumps(body).encode())
            elif path == "/metrics":
                try:
                    self._reply(200, CONTENT_TYPE_LATEST, generate_latest(metrics.registry))
                except Exception as exc:  # the database is down: say so instead of dropping the connection
                    log.warning("metrics scrape failed: %s", type(exc).__name__)
                    self._reply(503, "text/plain", f"metrics unavailable: {type(exc).__name__}\n".encode())
            else:
                self._reply(404, "text/plain", b"not found: try /healthz or /metrics\n")

        def _reply(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("http %s", format % args)

    return Handler
