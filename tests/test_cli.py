"""The CLI as an operator uses it: a real subprocess where it matters, CliRunner for the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from releasewatch.cli import cli


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "releasewatch", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


def test_init_then_config_check_then_status_json(tmp_path: Path, db_url: str) -> None:
    env = {"RELEASEWATCH_DATABASE_URL": db_url}
    init = run(["init"], tmp_path, env)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "feeds.yaml").exists()
    check = run(["config", "check"], tmp_path, env)
    assert check.returncode == 0, check.stderr
    assert "sources" in check.stdout and "hf-deepseek" in check.stdout
    status = run(["status", "--json"], tmp_path, env)
    assert status.returncode == 0, status.stderr
    sources = json.loads(status.stdout)["sources"]
    assert {
        "name",
        "type",
        "enabled",
        "last_success",
        "last_error",
        "consecutive_failures",
        "next_due",
        "entries",
    } <= (set(sources[0]))
    assert len(sources) >= 25


def test_init_creates_sqlite_next_to_config_and_keeps_an_existing_file(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    result = run(["--config", str(folder / "feeds.yaml"), "init"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (folder / "releasewatch.db").exists()
    (folder / "feeds.yaml").write_text("sources: []\n")
    again = run(["init", "--config", str(folder / "feeds.yaml")], tmp_path)
    assert again.returncode == 0 and "leaving it" in again.stdout
    assert (folder / "feeds.yaml").read_text() == "sources: []\n"


def test_db_upgrade_reports_head(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text("sources: []\n")
    result = run(["db", "upgrade"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "revision 0005" in result.stdout  # the head; bump with each migration


@pytest.mark.parametrize("command", all_commands(cli))
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_bad_config_exits_2_with_location(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(
        "sources:\n  - {name: a, type: rss, url: 'https://x/f', interval: 5 minutes}\n"
    )
    result = run(["status"], tmp_path)
    assert result.returncode == 2
    assert "feeds.yaml:2: sources[0].interval: '5 minutes' is not a duration like 30m" in result.stderr


def test_unreachable_database_is_a_clear_error_without_password(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text("sources: []\n")
    url = "postgresql+psycopg://bob:hunter2@127.0.0.1:1/nowhere?connect_timeout=2"
    result = run(["status"], tmp_path, {"RELEASEWATCH_DATABASE_URL": url})
    assert result.returncode == 2
    assert "cannot open database" in result.stderr and "hunter2" not in result.stderr + result.stdout


def test_config_given_after_the_command(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("sources:\n  - {name: only, type: rss, url: 'https://x.org/f'}\n")
    result = CliRunner().invoke(cli, ["config", "check", "--config", str(tmp_path / "mine.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    assert [s["name"] for s in json.loads(result.output)["sources"]] == ["only"]


def test_the_cli_starts_without_compiling_the_extraction_patterns() -> None:
    """A warm poll, `status` or `config check` extracts nothing: the pipeline (≈ 0.1–0.3 s of regex compiling)
    is imported on first use, and a worker pool's fork server preloads it."""
    script = "import sys, releasewatch.cli; print(sorted(m for m in sys.modules if m.startswith('releasewatch.')))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "'releasewatch.extract.vendors'" in loaded
    assert "'releasewatch.extract.pipeline'" not in loaded
    assert "'releasewatch.extract.cues'" not in loaded
    from releasewatch.ingest import WORKER_MODULES

    assert "releasewatch.extract.pipeline" in WORKER_MODULES
