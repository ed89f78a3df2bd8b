"""Shared fixtures: a database for every backend under test, a clock, a config folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.fakeslack import FakeSlack
from tests.support.feedserver import FeedServer

PG_ENV = "RELEASEWATCH_TEST_DATABASE_URL"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _backends() -> list[object]:
    """SQLite by default; with $RELEASEWATCH_TEST_DATABASE_URL set, PostgreSQL instead — `.ci/run` runs the suite
    once each way, so the second pass does not repeat the SQLite half (it kept one pass under three minutes)."""
    if os.environ.get(PG_ENV):
        return [pytest.param("sqlite", marks=pytest.mark.skip(reason="covered by the SQLite pass")), "postgresql"]
    postgres = pytest.param("postgresql", marks=pytest.mark.skip(reason=f"PostgreSQL tests need ${PG_ENV}"))
    return ["sqlite", postgres]


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a temp SQLite file, or a throw-away schema on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    yield from _postgres_schema(os.environ[PG_ENV])


def _postgres_schema(base_url: str) -> Iterator[str]:
    schema = f"rw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def storage(db_url: str) -> Iterator[object]:
    from releasewatch.storage import Storage

    store = Storage.open(db_url)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own config or database through the environment."""
    for name in ("RELEASEWATCH_CONFIG", "RELEASEWATCH_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """A local feed server (tests/support/feedserver.py)."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    """A local fake of the Slack Web API, reached through slack-sdk's base_url."""
    with FakeSlack() as fake:
        yield fake
