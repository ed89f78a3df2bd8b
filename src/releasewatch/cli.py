"""The commands of INTERFACE.md: load config → build the app → call one method → print → exit code.

Exit codes: 0 ok, 1 partial failure (some source or delivery failed, the rest done), 2 usage/config/storage error.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from releasewatch import __version__, logs
from releasewatch.app import App
from releasewatch.config import (
    DESTINATION_TYPES,
    SOURCE_TYPES,
    Config,
    InvalidConfig,
    StdoutDestinationConfig,
    find_config_path,
    load_config,
)
from releasewatch.errors import ReleasewatchError
from releasewatch.output import (
    mention_json,
    print_mentions,
    print_poll_report,
    print_releases,
    print_status,
    release_json,
    status_json,
)
from releasewatch.registry import implemented
from releasewatch.storage.engine import redact_url

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Built before sub-command options are parsed; reads --config lazily so that it may come before or after
    the command name (INTERFACE.md)."""

    def __init__(self, root: click.Context) -> None:
        self._root = root
        self._app: App | None = None

    @property
    def config_path(self) -> Path:
        return find_config_path(self._root.meta.get("config_path"), os.environ)

    def config(self) -> Config:
        return load_config(self.config_path)

    def app(self) -> App:
        if self._app is None:
            self._app = App(self.config())
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


pass_context = click.make_pass_decorator(Context)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handles_errors(command: F) -> F:
    """Our own errors become a clear message and exit 2; anything else is a bug and keeps its traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidConfig as exc:
            for error in exc.errors:
                click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_ERROR)
        except ReleasewatchError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def config_option(function: F) -> F:
    """--config is accepted before or after the command name (INTERFACE.md)."""

    return click.option(
        "--config",
        "-c",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_remember_config,
        help="Config file (default: $RELEASEWATCH_CONFIG, else ./feeds.yaml).",
    )(function)


def _remember_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().meta["config_path"] = value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "-c",
    type=click.Path(dir_okay=False),
    expose_value=False,
    callback=_remember_config,
    help="Config file (default: $RELEASEWATCH_CONFIG, else ./feeds.yaml).",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(__version__, prog_name="releasewatch")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """releasewatch: know within the hour that a new AI model has shipped.

    Polls the sources in feeds.yaml, stores every item once, extracts the models they announce and sends
    digests to Slack, email or stdout.
    """
    logs.setup(level=logging.WARNING - 10 * min(verbose, 2))
    ctx.meta["verbose"] = verbose
    ctx.obj = Context(ctx)
    ctx.call_on_close(ctx.obj.close)


# --- init / db / config -------------------------------------------------------------------------------------


def shipped_config() -> str:
    return files("releasewatch").joinpath("data/feeds.yaml").read_text(encoding="utf-8")


@cli.command()
@config_option
@pass_context
@handles_errors
def init(ctx: Context) -> None:
    """Create feeds.yaml (from the shipped default, if absent) and the database."""
    path = ctx.config_path
    if path.exists():
        click.echo(f"{path} exists; leaving it as it is")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(shipped_config(), encoding="utf-8")
        click.echo(f"wrote {path}")
    app = ctx.app()
    app.open_database()
    click.echo(f"database ready: {redact_url(app.database_url)}")


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@config_option
@pass_context
@handles_errors
def db_upgrade(ctx: Context) -> None:
    """Apply the schema migrations (to the newest revision)."""
    from releasewatch.storage.migrate import current_revision

    app = ctx.app()
    revision = current_revision(app.storage.engine)
    click.echo(f"database {redact_url(app.database_url)} at revision {revision}")


@cli.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command("check")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_context
@handles_errors
def config_check(ctx: Context, as_json: bool) -> None:
    """Validate feeds.yaml and print the sources and destinations it defines."""
    config = ctx.config()
    summary = _config_summary(config)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(f"{config.path}: ok — {len(config.sources)} sources, {len(config.destinations)} destinations")
    for source in summary["sources"]:
        flags = "" if source["enabled"] else " (disabled)"
        flags += "" if source["implemented"] else " (type not implemented yet: skipped by poll)"
        click.echo(f"  source  {source['name']:<28} {source['type']:<12} {source['target']}{flags}")
    for destination in summary["destinations"]:
        modes = ",".join(destination["mode"])
        click.echo(f"  dest    {destination['name']:<28} {destination['type']:<12} {modes} {destination['schedule']}")
    if not config.destinations:
        click.echo("  no destinations: `releasewatch digest` prints to stdout")


def _config_summary(config: Config) -> dict[str, Any]:
    from releasewatch.poll import source_target

    return {
        "path": str(config.path),
        "sources": [
            {
                "name": source.name,
                "type": source.type,
                "enabled": source.enabled,
                "implemented": implemented(source.type),
                "target": source_target(source),
                "interval": str(config.interval_of(source)),
            }
            for source in config.sources
        ],
        "destinations": [
            {
                "name": destination.name,
                "type": destination.type,
                "enabled": destination.enabled,
                "mode": list(destination.mode),
                "schedule": str(destination.schedule),
            }
            for destination in config.destinations
        ],
        "known_source_types": list(SOURCE_TYPES),
        "known_destination_types": list(DESTINATION_TYPES),
    }


# --- poll / status -----------------------------------------------------------------------------------------


@cli.command()
@config_option
@click.option("--source", "-s", "names", multiple=True, metavar="NAME", help="Poll only this source (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
@handles_errors
def poll(ctx: Context, names: tuple[str, ...], as_json: bool) -> None:
    """One polling pass over all enabled (or the named) sources; then instant alerts and source-health notices
    (to `mode: [ops]` destinations).

    Exit 0 when every source was fine, 1 when some source failed (the others are stored), 2 on a config error.
    """
    app = ctx.app()
    known = {source.name for source in app.config.sources}
    unknown = [name for name in names if name not in known]
    if unknown:
        fail(f"no source named {', '.join(map(repr, unknown))} in {app.config.path}")
    from releasewatch.output import PollProgress

    total = len(names) if names else sum(source.enabled for source in app.config.sources)
    with PollProgress(total=total, enabled=not as_json) as progress:
        report = app.poll(list(names) or None, on_progress=progress.advance)
    alerts = app.send_alerts()
    notices = app.send_ops_notices()
    if as_json:
        deliveries = {"alerts": [delivery_json(a) for a in alerts], "ops": [delivery_json(n) for n in notices]}
        click.echo(json.dumps({**report_json(report), **deliveries}, indent=2))
    else:
        print_poll_report(report)
        for outcome in [*alerts, *notices]:
            if outcome.sent or not outcome.ok:
                click.echo(delivery_line(outcome), err=not outcome.ok)
    sys.exit(EXIT_PARTIAL if report.failed_sources else EXIT_OK)


def report_json(report: Any) -> dict[str, Any]:
    return {
        "sources": [
            {
                "name": outcome.name,
                "status": outcome.status,
                "new_entries": outcome.new_entries,
                "updated_entries": outcome.updated_entries,
                "unchanged_entries": outcome.unchanged_entries,
                "error": outcome.error,
                "warnings": list(outcome.warnings),
                "moved_to": outcome.moved_to,
                "seconds": round(outcome.seconds, 3),
            }
            for outcome in report.sources
        ],
        "new_entries": report.new_entries,
        "updated_entries": report.updated_entries,
        "new_releases": report.new_releases,
        "failed_sources": report.failed_sources,
        "seconds": round(report.seconds, 3),
        "fetch_seconds": round(report.fetch_seconds, 3),
        "extract_seconds": round(report.extract_seconds, 3),
    }


@cli.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
@handles_errors
def status(ctx: Context, as_json: bool) -> None:
    """Health of each source: last success, last error, failures in a row, next due, entries stored."""
    app = ctx.app()
    records = app.status()
    enabled = {source.name: source.enabled for source in app.config.sources}
    configured = [record for record in records if record.name in enabled]
    healths = {verdict.name: verdict for verdict in app.source_health(configured)}
    if as_json:
        click.echo(json.dumps(status_json(configured, enabled, app.clock(), healths), indent=2))
    else:
        print_status(configured, enabled, app.clock(), healths=healths)


@cli.command()
@config_option
@click.option("--since", metavar="SPEC", help="Only releases first seen since SPEC (7d, 36h, or an ISO date).")
@click.option("--vendor", metavar="V", multiple=True, help="Only this vendor (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many releases.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object per release.")
@pass_context
@handles_errors
def releases(ctx: Context, since: str | None, vendor: tuple[str, ...], limit: int | None, as_json: bool) -> None:
    """The release table, newest first: one row per model, however many sources reported it."""
    app = ctx.app()
    found = app.releases(since=parse_since(since, app.clock()) if since else None, vendors=vendor, limit=limit)
    if as_json:
        for release in found:
            click.echo(json.dumps(release_json(release)))
    else:
        print_releases(found)


@cli.command()
@click.argument("file", required=False, default="-")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "html"]), help="Input format (default: sniffed)."
)
@click.option("--vendor", "vendor_hint", metavar="V", help="The vendor publishing the document (a hint).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object per model.")
@handles_errors
def extract(file: str, fmt: str | None, vendor_hint: str | None, as_json: bool) -> None:
    """The models that one document (text, Markdown or HTML; FILE or - for stdin) announces.

    Needs no config or database: it reads the document and prints what extraction finds.
    """
    from releasewatch.extract import extract as extract_models

    text = _read_document(file)
    mentions = extract_models(text, fmt=fmt, vendor_hint=vendor_hint)  # type: ignore[arg-type]
    if as_json:
        for mention in mentions:
            click.echo(json.dumps(mention_json(mention)))
    else:
        print_mentions(mentions)


def _read_document(file: str) -> str:
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    if b"\x00" in data[:8192]:
        fail(f"{file}: looks like a binary file, not text, Markdown or HTML")
    return data.decode("utf-8", errors="replace")


@cli.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_context
@handles_errors
def reprocess(ctx: Context, as_json: bool) -> None:
    """Re-run extraction over stored entries and rebuild releases, without fetching anything.

    Run it after upgrading releasewatch: an improved extractor improves history. Nothing is announced again.
    """
    result = ctx.app().reprocess()
    counts = {
        "entries": result.entries,
        "mentions": result.mentions,
        "new_releases": len(result.new),
        "changed_releases": len(result.changed),
        "removed_releases": result.pruned,
    }
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo(", ".join(f"{value} {name.replace('_', ' ')}" for name, value in counts.items()))


@cli.command()
@config_option
@click.option("--to", "names", multiple=True, metavar="NAME", help="Only this destination (repeatable).")
@click.option("--since", metavar="SPEC", help="Cover releases first seen since SPEC instead of since the last digest.")
@click.option("--dry-run", is_flag=True, help="Print what each destination would receive; record nothing.")
@click.option("--force", is_flag=True, help="Send again even if this period was already sent.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome per destination as JSON.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html", "text"]),
    help="Write the digest in this format to --output (or stdout) instead of sending it.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="File for --format.")
@pass_context
@handles_errors
def digest(
    ctx: Context,
    names: tuple[str, ...],
    since: str | None,
    dry_run: bool,
    force: bool,
    as_json: bool,
    fmt: str | None,
    output: str | None,
) -> None:
    """Build and send digests to the named (default: all digest) destinations.

    With no digest destination configured, the digest is printed to stdout as Markdown. Exit 0 when sent (or
    nothing to send), 1 when some delivery failed (kept for the next run), 2 on error.
    """
    app = ctx.app()
    notifier = app.notifier()
    known = {d.name for d in notifier.destinations("digest")}
    if unknown := [name for name in names if name not in known]:
        fail(f"no digest destination named {', '.join(map(repr, unknown))} in {app.config.path}")
    start = parse_since(since, app.clock()) if since else None
    if fmt or output:
        document = app.digest_document(since=start, fmt=fmt or "html")
        if output:
            Path(output).write_text(document, encoding="utf-8")
            click.echo(f"wrote {output}")
        else:
            click.echo(document)
        return
    if not known:
        outcome = notifier.digest_preview(StdoutDestinationConfig(name="stdout"), since=start, end=app.clock())
        click.echo("\n".join(outcome.previews) or _nothing(outcome))
        return
    outcomes = notifier.digest(names, since=start, dry_run=dry_run, force=force)
    if as_json:
        click.echo(json.dumps([delivery_json(outcome) for outcome in outcomes], indent=2))
    for outcome in outcomes:
        if dry_run and not as_json:
            click.echo(f"== {outcome.destination}")
            click.echo("\n\n".join(outcome.previews) or _nothing(outcome))
        elif not as_json:
            click.echo(delivery_line(outcome), err=not outcome.ok)
    sys.exit(EXIT_OK if all(outcome.ok for outcome in outcomes) else EXIT_PARTIAL)


def _nothing(outcome: Any) -> str:
    start, end = outcome.period or (None, None)
    return f"nothing to send: no new releases between {start:%Y-%m-%d %H:%M} and {end:%Y-%m-%d %H:%M} UTC"


def delivery_json(outcome: Any) -> dict[str, Any]:
    period = outcome.period
    return {
        "destination": outcome.destination,
        "sent": outcome.sent,
        "skipped": outcome.skipped,
        "pending": outcome.pending,
        "failed": outcome.failed,
        "errors": outcome.errors,
        "period": [moment.isoformat() for moment in period] if period else None,
    }


def delivery_line(outcome: Any) -> str:
    text = f"{outcome.destination}: {outcome.sent} sent"
    if outcome.skipped:
        text += f", {outcome.skipped} already sent"
    if outcome.pending:
        text += f", {outcome.pending} pending (will retry)"
    if outcome.failed:
        text += f", {outcome.failed} failed"
    if outcome.errors:
        text += f" — {outcome.errors[-1]}"
    return text


@cli.command()
@config_option
@click.option(
    "--http-host",
    default="127.0.0.1",
    show_default=True,
    envvar="RELEASEWATCH_HTTP_HOST",
    help="Address for /healthz and /metrics (0.0.0.0 in a container). Env: RELEASEWATCH_HTTP_HOST.",
)
@click.option(
    "--http-port",
    type=click.IntRange(0, 65535),
    default=9184,
    show_default=True,
    envvar="RELEASEWATCH_HTTP_PORT",
    help="Port for /healthz and /metrics. Env: RELEASEWATCH_HTTP_PORT.",
)
@click.option("--no-http", is_flag=True, help="Serve neither /healthz nor /metrics.")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    envvar="RELEASEWATCH_LOG_FORMAT",
    help="Readable lines, or one JSON object per line (source, duration, counts, error).",
)
@click.option(
    "--replica-id",
    envvar="RELEASEWATCH_REPLICA_ID",
    help="This replica's name in leases and logs (default: host-pid). Env: RELEASEWATCH_REPLICA_ID.",
)
@pass_context
@handles_errors
def run(ctx: Context, http_host: str, http_port: int, no_http: bool, log_format: str, replica_id: str | None) -> None:
    """The daemon: scheduled polls, instant alerts, scheduled digests, source-health notices.

    Each source is polled at its interval; on PostgreSQL any number of replicas share the sources (each is
    claimed in the database) and every message is sent once. On SQLite one daemon runs per database.
    SIGHUP reloads the config (a bad file is reported and the old one kept); SIGTERM/SIGINT stop within
    10 seconds with exit code 0. Exit 2 when it cannot start (config, database, port, another daemon).
    """
    from releasewatch.daemon import Daemon, DaemonOptions
    from releasewatch.notify import default_owner

    app = ctx.app()
    verbose = click.get_current_context().find_root().meta.get("verbose", 0)
    logs.setup(level=logging.INFO - 10 * min(verbose, 1), fmt=log_format, secrets=app.config.secrets(app.env))
    options = DaemonOptions(
        config_path=ctx.config_path,
        replica_id=replica_id or default_owner(),
        http_host=http_host,
        http_port=None if no_http else http_port,
    )
    sys.exit(Daemon(app, options).run())


def main() -> None:
    cli(prog_name="releasewatch")


def parse_since(spec: str, now: datetime) -> datetime:  # used by releases/digest once they land
    from releasewatch.units import parse_duration

    try:
        return now - parse_duration(spec)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(spec)
    except ValueError:
        raise click.BadParameter(f"{spec!r} is neither a duration like 7d nor an ISO date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
