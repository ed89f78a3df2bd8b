"""Log output: JSON lines with structured fields, and secrets masked wherever they appear (logs.py)."""

from __future__ import annotations

import json
import logging

from releasewatch.config import load_config
from releasewatch.logs import JsonFormatter, RedactSecrets


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    item = logging.LogRecord("releasewatch.poll", logging.WARNING, __file__, 1, message, args, None)
    for name, value in extra.items():
        setattr(item, name, value)
    return item


def test_json_lines_carry_the_structured_fields() -> None:
    line = JsonFormatter().format(record("source=%s failed", "blog", source="blog", error="HTTP 500", seconds=0.25))
    document = json.loads(line)
    assert document["message"] == "source=blog failed"
    assert (document["source"], document["error"], document["seconds"], document["level"]) == (
        "blog",
        "HTTP 500",
        0.25,
        "warning",
    )


def test_secrets_are_masked_in_message_arguments_and_fields() -> None:
    secret = "xoxb-1234-very-secret"
    item = record("POST failed: Authorization: Bearer %s", secret, error=f"token {secret} rejected")
    RedactSecrets([secret, "abc"]).filter(item)
    assert secret not in item.getMessage() and "***" in item.getMessage()
    assert item.error == "token *** rejected"  # type: ignore[attr-defined]


def test_the_config_knows_its_secrets_including_the_database_password(tmp_path, monkeypatch) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "sources: []\ndestinations:\n  - {name: s, type: slack, channel: C1, token: '${TOKEN}'}\n"
        "  - {name: e, type: email, from: a@x.org, to: [b@x.org], smtp: {host: mail, password: '${PASS}'}}\n"
    )
    monkeypatch.setenv("TOKEN", "xoxb-token-value")
    monkeypatch.setenv("PASS", "smtp-password-value")
    config = load_config(path)
    secrets = config.secrets({"RELEASEWATCH_DATABASE_URL": "postgresql+psycopg://rw:db-password-value@db/rw"})
    assert set(secrets) == {"xoxb-token-value", "smtp-password-value", "db-password-value"}
