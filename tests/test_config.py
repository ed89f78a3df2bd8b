"""feeds.yaml validation: every bad config names file, line and key, and exits 2 from the CLI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasewatch.cli import cli
from releasewatch.config import (
    HuggingFaceSourceConfig,
    InvalidConfig,
    RssSourceConfig,
    SlackDestinationConfig,
    database_url_for,
    find_config_path,
    load_config,
    parse_config,
)

GOOD = """\
defaults:
  interval: 15m
sources:
  - {name: blog, type: rss, url: "https://example.org/feed.xml", vendor: Alibaba}
  - name: hub
    type: huggingface
    author: Qwen
    min_params: 1.5B
destinations:
  - name: team
    type: slack
    channel: "#releases"
    token: ${SLACK_BOT_TOKEN}
    schedule: "mon 09:00 Europe/Berlin"
"""

# (file text, expected "file:line: key:" prefix, a fragment of the message)
BAD = [
    (
        "sources:\n  - {name: a, type: rss, url: 'https://x.org/f', interval: 5 minutes}\n",
        "feeds.yaml:2: sources[0].interval:",
        "'5 minutes' is not a duration like 30m",
    ),
    (
        "sources:\n  - name: a\n    type: rss\n    url: https://x.org/f\n    interval: 10\n",
        "feeds.yaml:5: sources[0].interval:",
        "is not a duration",
    ),
    (
        "sources:\n  - {name: a, type: huggingface, author: x, min_params: 10Q}\n",
        "feeds.yaml:2: sources[0].min_params:",
        "'10Q' is not a parameter count like 10B",
    ),
    (
        "sources:\n  - {name: a, type: rss, url: 'https://x.org/f', max_bytes: lots}\n",
        "feeds.yaml:2: sources[0].max_bytes:",
        "is not a size like 10MB",
    ),
    (
        "sources:\n  - {name: a, type: rss, url: 'https://x.org/f'}\n  - {name: b, type: rsss, url: 'https://x'}\n",
        "feeds.yaml:3: sources[1].type:",
        "'rsss' is not a known source type (did you mean 'rss'?)",
    ),
    (
        "sources:\n  - {name: a, type: rss, url: 'https://x.org/f', intervall: 5m}\n",
        "feeds.yaml:2: sources[0].intervall:",
        "unknown key (did you mean 'interval'?)",
    ),
    (
        "sources:\n  - {name: a, type: rss, url: 'https://x.org/f'}\n  - {name: a, type: rss, url: 'https://y.org/f'}\n",
        "feeds.yaml:3: sources[1].name:",
        "duplicate source name 'a'",
    ),
    ("sources:\n  - {name: a, type: rss}\n", "feeds.yaml:2: sources[0].url:", "is required"),
    (
        "sources:\n  - {name: a, type: rss, url: 'ftp://x.org/f'}\n",
        "feeds.yaml:2: sources[0].url:",
        "'ftp://x.org/f'",
    ),
    (
        "sources:\n  - {name: a, type: rss, url: 'https://x.org/f', enabled: maybe}\n",
        "feeds.yaml:2: sources[0].enabled:",
        "valid boolean",
    ),
    (
        "destinations:\n  - name: d\n    type: slack\n    channel: '#x'\n    token: ${RW_TEST_UNSET_TOKEN}\n",
        "feeds.yaml:5: destinations[0].token:",
        "${RW_TEST_UNSET_TOKEN} is not set in the environment",
    ),
    (
        "destinations:\n  - {name: d, type: pager}\n",
        "feeds.yaml:2: destinations[0].type:",
        "not a known destination type",
    ),
    (
        "destinations:\n  - {name: d, type: stdout, schedule: 'someday 9am'}\n",
        "feeds.yaml:2: destinations[0].schedule:",
        "is not a schedule like 'mon 09:00 Europe/Berlin'",
    ),
    (
        "destinations:\n  - {name: d, type: stdout, schedule: 'mon 09:00 Mars/Olympus'}\n",
        "feeds.yaml:2: destinations[0].schedule:",
        "'Mars/Olympus' is not a time zone",
    ),
    (
        "destinations:\n  - {name: d, type: stdout, mode: [weekly]}\n",
        "feeds.yaml:2: destinations[0].mode[0]:",
        "'instant'",
    ),
    ("sourcs: []\n", "feeds.yaml:1: sourcs:", "unknown key (did you mean 'sources'?)"),
    ("defaults:\n  concurrency: 0\n", "feeds.yaml:2: defaults.concurrency:", "greater than or equal to 1"),
    ("sources:\n  - {name: a, type: rss, url: 'https://x.org/f'\n", "feeds.yaml:3:", "invalid YAML"),
    ("sources:\n  a: 1\n  a: 2\n", "feeds.yaml:3:", "invalid YAML"),
    ("sources: 5\n", "feeds.yaml:1: sources:", "must be a list"),
    ("- just\n- a list\n", "feeds.yaml:1:", "must be a mapping"),
    ("sources:\n  - {name: a, type: huggingface}\n", "feeds.yaml:2: sources[0]:", "needs 'author'"),
    (
        "sources:\n  - {name: a, type: github, repo: not-a-repo}\n",
        "feeds.yaml:2: sources[0].repo:",
        "'not-a-repo'",
    ),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_is_typed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD), env={"SLACK_BOT_TOKEN": "xoxb-secret-123"})
    blog, hub = config.sources
    assert isinstance(blog, RssSourceConfig) and blog.vendor == "Alibaba"
    assert isinstance(hub, HuggingFaceSourceConfig) and hub.min_params == 1_500_000_000
    assert config.defaults.interval == timedelta(minutes=15)
    slack = config.destinations[0]
    assert isinstance(slack, SlackDestinationConfig)
    assert slack.token is not None and slack.token.get_secret_value() == "xoxb-secret-123"
    assert "xoxb-secret-123" not in repr(config) and "xoxb-secret-123" not in str(slack)
    assert str(slack.schedule) == "mon 09:00 Europe/Berlin"


@pytest.mark.parametrize(("text", "where", "fragment"), BAD)
def test_bad_config_names_file_line_and_key(tmp_path: Path, text: str, where: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidConfig) as caught:
        load_config(path, env={})
    messages = [str(error) for error in caught.value.errors]
    prefix = str(path.parent) + "/"
    assert any(m.removeprefix(prefix).startswith(where) and fragment in m for m in messages), messages


@pytest.mark.parametrize(("text", "where", "fragment"), BAD[:6])
def test_cli_reports_bad_config_with_exit_2(tmp_path: Path, text: str, where: str, fragment: str) -> None:
    path = write(tmp_path, text)
    result = CliRunner().invoke(cli, ["--config", str(path), "config", "check"])
    assert result.exit_code == 2
    assert where in result.output and fragment in result.output


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = "sources:\n  - {name: a, type: rss, url: 'https://x/f', interval: soon}\n  - {name: b, type: nope}\n"
    with pytest.raises(InvalidConfig) as caught:
        load_config(write(tmp_path, text), env={})
    assert [error.line for error in caught.value.errors] == [2, 3]


def test_secret_from_environment_never_echoed(tmp_path: Path) -> None:
    text = "sources:\n  - name: a\n    type: rss\n    url: ${FEED_URL}\n"
    with pytest.raises(InvalidConfig) as caught:
        load_config(write(tmp_path, text), env={"FEED_URL": "not-a-url-hunter2"})
    assert "hunter2" not in str(caught.value)
    assert "sources[0].url" in str(caught.value)


def test_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(InvalidConfig, match="releasewatch init"):
        load_config(tmp_path / "absent.yaml", env={})


def test_config_path_precedence(tmp_path: Path) -> None:
    assert find_config_path("x.yaml", {"RELEASEWATCH_CONFIG": "y.yaml"}) == Path("x.yaml")
    assert find_config_path(None, {"RELEASEWATCH_CONFIG": "y.yaml"}) == Path("y.yaml")
    assert find_config_path(None, {}) == Path("feeds.yaml")


def test_database_url_precedence(tmp_path: Path) -> None:
    config = parse_config("database: {url: 'sqlite:///data/rw.db'}\n", path=tmp_path / "feeds.yaml", env={})
    assert database_url_for(config, {}) == f"sqlite:///{tmp_path / 'data' / 'rw.db'}"
    assert database_url_for(config, {"RELEASEWATCH_DATABASE_URL": "postgresql+psycopg://h/db"}) == (
        "postgresql+psycopg://h/db"
    )
    bare = parse_config("", path=tmp_path / "feeds.yaml", env={})
    assert database_url_for(bare, {}) == f"sqlite:///{tmp_path / 'releasewatch.db'}"


def test_shipped_feeds_yaml_is_valid_and_packaged() -> None:
    from releasewatch.cli import shipped_config

    root = Path(__file__).resolve().parents[1]
    assert (root / "feeds.yaml").read_text(encoding="utf-8") == shipped_config()
    config = load_config(root / "feeds.yaml", env={})
    assert len(config.sources) >= 25
    assert not [d for d in config.destinations if d.enabled]
    types = {source.type for source in config.sources}
    assert types == {"rss", "huggingface", "github", "openrouter"}
