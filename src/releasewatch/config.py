"""feeds.yaml → typed, frozen Config.

Validated once, at load. Every problem is reported as ``file:line: key: message`` so a newcomer can fix it
without reading the code; secrets (values read through ``${VAR}``) never appear in a message.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from releasewatch import quickyaml
from releasewatch.errors import ConfigError, ReleasewatchError
from releasewatch.units import parse_bytes, parse_duration, parse_param_count

Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
ByteSize = Annotated[int, BeforeValidator(parse_bytes)]
ParamCount = Annotated[int, BeforeValidator(parse_param_count)]

DEFAULT_CONFIG_NAME = "feeds.yaml"
DEFAULT_DATABASE_URL = "sqlite:///releasewatch.db"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class DatabaseConfig(_Strict):
    url: str | None = None


class Defaults(_Strict):
    interval: Duration = timedelta(minutes=30)
    timeout: Duration = timedelta(seconds=20)
    concurrency: int = Field(default=32, ge=1, le=1024)
    per_host_concurrency: int = Field(default=4, ge=1, le=1024)
    max_bytes: ByteSize = 10_000_000
    since: Duration = timedelta(days=14)
    # A source failing this long (or quiet this long past its usual gap) is reported to `mode: [ops]` destinations.
    alert_after: Duration = timedelta(hours=24)


# --- sources ------------------------------------------------------------------------------------------------


class SourceConfig(_Strict):
    """Keys every source type accepts (INTERFACE.md)."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    type: str
    enabled: bool = True
    interval: Duration | None = None
    vendor: str | None = None
    since: Duration | None = None
    timeout: Duration | None = None
    max_bytes: ByteSize | None = None
    alert_after: Duration | None = None


_HTTP_URL = r"^https?://[^\s/$.?#][^\s]*$"


class RssSourceConfig(SourceConfig):
    type: Literal["rss"] = "rss"
    url: str = Field(pattern=_HTTP_URL)
    fetch_article: bool = False
    allow_private: bool = False


class HuggingFaceSourceConfig(SourceConfig):
    type: Literal["huggingface"] = "huggingface"
    author: str | None = None
    search: str | None = None
    endpoint: str = Field(default="https://huggingface.co", pattern=_HTTP_URL)
    token: SecretStr | None = None
    min_params: ParamCount | None = None
    include_derivatives: bool = False
    page_size: int = Field(default=50, ge=1, le=1000)

    @model_validator(mode="after")
    def _author_or_search(self) -> HuggingFaceSourceConfig:
        if not self.author and not self.search:
            raise ValueError("needs 'author' (an organisation) or 'search' (a query)")
        return self


class GithubSourceConfig(SourceConfig):
    type: Literal["github"] = "github"
    repo: str = Field(pattern=r"^[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+$")
    token: SecretStr | None = None
    url: str = Field(default="https://github.com", pattern=_HTTP_URL)
    api_url: str = Field(default="https://api.github.com", pattern=_HTTP_URL)


class OpenRouterSourceConfig(SourceConfig):
    type: Literal["openrouter"] = "openrouter"
    url: str = Field(default="https://openrouter.ai/api/v1/models", pattern=_HTTP_URL)


SOURCE_TYPES: dict[str, type[SourceConfig]] = {
    "rss": RssSourceConfig,
    "huggingface": HuggingFaceSourceConfig,
    "github": GithubSourceConfig,
    "openrouter": OpenRouterSourceConfig,
}


# --- destinations -------------------------------------------------------------------------------------------

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE = re.compile(r"^\s*(?:(?P<days>[a-z,\-*]+|daily)\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})(?:\s+(?P<tz>\S+))?\s*$")


@dataclass(frozen=True)
class Schedule:
    """A digest time: days of the week, hour, minute, zone ("mon 09:00 Europe/Berlin")."""

    days: str  # APScheduler's day_of_week syntax: "mon", "mon-fri", "*"
    hour: int
    minute: int
    timezone: str

    def __str__(self) -> str:
        return f"{self.days} {self.hour:02d}:{self.minute:02d} {self.timezone}"


def parse_schedule(value: object) -> Schedule:
    if isinstance(value, Schedule):
        return value
    match = _SCHEDULE.match(str(value).lower()) if isinstance(value, str) else None
    problem = f"{value!r} is not a schedule like 'mon 09:00 Europe/Berlin'"
    if not match:
        raise ValueError(problem)
    days = match.group("days") or "mon"
    days = "*" if days in ("daily", "*") else days
    if days != "*" and not all(part in _DAYS for part in re.split(r"[,\-]", days)):
        raise ValueError(f"{problem} (days: mon..sun, mon-fri, daily)")
    hour, minute = int(match.group("h")), int(match.group("m"))
    if hour > 23 or minute > 59:
        raise ValueError(problem)
    tz = _case_preserved_zone(str(value), match.group("tz"))
    return Schedule(days=days, hour=hour, minute=minute, timezone=tz)


def _case_preserved_zone(original: str, lowered: str | None) -> str:
    if lowered is None:
        return "UTC"
    name = original.split()[-1]
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a time zone like Europe/Berlin or UTC") from None
    return name


ScheduleField = Annotated[Schedule, BeforeValidator(parse_schedule)]
Mode = Literal["instant", "digest", "ops"]


class Filter(_Strict):
    vendors: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    min_params: ParamCount | None = None
    open_weights: bool | None = None
    licenses: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


class DestinationConfig(_Strict):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    type: str
    enabled: bool = True
    mode: tuple[Mode, ...] = ("digest",)
    schedule: ScheduleField = Schedule(days="mon", hour=9, minute=0, timezone="UTC")
    filter: Filter = Filter()

    @field_validator("mode", mode="before")
    @classmethod
    def _one_mode_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value


class SlackDestinationConfig(DestinationConfig):
    type: Literal["slack"] = "slack"
    channel: str | None = None
    token: SecretStr | None = None
    webhook_url: SecretStr | None = None
    api_url: str = Field(default="https://slack.com/api/", pattern=_HTTP_URL)
    unfurl: bool = False

    @model_validator(mode="after")
    def _token_or_webhook(self) -> SlackDestinationConfig:
        if self.webhook_url is None and (self.token is None or not self.channel):
            raise ValueError("needs 'token' and 'channel' (a bot), or 'webhook_url' (an incoming webhook)")
        return self


class SmtpConfig(_Strict):
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False  # implicit TLS (usually port 465)
    username: str | None = None
    password: SecretStr | None = None
    timeout: Duration = timedelta(seconds=30)


class EmailDestinationConfig(DestinationConfig):
    type: Literal["email"] = "email"
    smtp: SmtpConfig
    from_: str = Field(alias="from")
    to: tuple[str, ...] = Field(min_length=1)
    subject: str | None = None


class StdoutDestinationConfig(DestinationConfig):
    type: Literal["stdout"] = "stdout"


class FileDestinationConfig(DestinationConfig):
    type: Literal["file"] = "file"
    path: str
    format: Literal["markdown", "html"] = "markdown"


DESTINATION_TYPES: dict[str, type[DestinationConfig]] = {
    "slack": SlackDestinationConfig,
    "email": EmailDestinationConfig,
    "stdout": StdoutDestinationConfig,
    "file": FileDestinationConfig,
}


# --- vendors an operator adds to the built-in registry ----------------------------------------------------


class VendorConfig(_Strict):
    name: str
    aliases: tuple[str, ...] = ()
    hf_orgs: tuple[str, ...] = ()
    github_orgs: tuple[str, ...] = ()
    country: str | None = None
    region: str | None = None
    families: tuple[str, ...] = ()


# --- the whole file -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    path: Path
    sources: tuple[SourceConfig, ...]
    destinations: tuple[DestinationConfig, ...] = ()
    defaults: Defaults = field(default_factory=Defaults)
    database_url: str | None = None  # as written in the file; see database_url_for()
    vendors: tuple[VendorConfig, ...] = ()

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)

    def interval_of(self, source: SourceConfig) -> timedelta:
        return source.interval or self.defaults.interval

    def secrets(self, env: Mapping[str, str]) -> list[str]:
        """Every secret value this config holds (tokens, passwords, webhook URLs, the database password), so that
        logging can mask them wherever a library happens to quote one."""
        found = [value for model in (*self.sources, *self.destinations) for value in _secret_values(model)]
        password = _url_password(database_url_for(self, env))
        return found + ([password] if password else [])


def _secret_values(model: BaseModel) -> list[str]:
    values: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            values.append(value.get_secret_value())
        elif isinstance(value, BaseModel):
            values.extend(_secret_values(value))
    return values


def _url_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password
    except ArgumentError:
        return None


class InvalidConfig(ReleasewatchError):
    """All the problems found in one config file, each a ConfigError with file, line and key."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


_TOP_KEYS = ("database", "defaults", "sources", "destinations", "vendors")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

Loc = tuple[str | int, ...]


def find_config_path(explicit: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path:
    """INTERFACE.md: --config > $RELEASEWATCH_CONFIG > ./feeds.yaml."""
    if explicit:
        return Path(explicit)
    if env.get("RELEASEWATCH_CONFIG"):
        return Path(env["RELEASEWATCH_CONFIG"])
    return Path(DEFAULT_CONFIG_NAME)


def database_url_for(config: Config, env: Mapping[str, str]) -> str:
    """INTERFACE.md: $RELEASEWATCH_DATABASE_URL > database.url > sqlite:///releasewatch.db next to the config.

    A relative SQLite path is resolved against the config file's folder, so the database does not depend on
    the directory the command runs from.
    """
    url = env.get("RELEASEWATCH_DATABASE_URL") or config.database_url or DEFAULT_DATABASE_URL
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        url = prefix + str((config.path.parent / url[len(prefix) :]).resolve())
    return url


def load_config(path: Path, env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidConfig(
            [ConfigError("no such file; create one with `releasewatch init`", path=str(path))]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidConfig([ConfigError(f"cannot read: {exc}", path=str(path))]) from None
    return parse_config(text, path=path, env=env)


def parse_config(text: str, *, path: Path, env: Mapping[str, str]) -> Config:
    tree = quickyaml.load(text)
    if isinstance(tree, dict):
        # The usual case, a valid file, without ruamel's cost (see quickyaml); any problem at all is found again
        # below, where each key's line is known for the message.
        quick = _Reader(str(path), env)
        with contextlib.suppress(InvalidConfig):
            return quick.build(quick.plain(tree), path)
    reader = _Reader(str(path), env)
    document = reader.load(text)
    return reader.build(document, path)


class _Reader:
    """Walks the ruamel tree once: keeps each key's line, expands ${VAR}, collects every problem."""

    def __init__(self, path: str, env: Mapping[str, str]) -> None:
        self.path = path
        self.env = env
        self.lines: dict[Loc, int] = {}
        self.from_env: set[Loc] = set()
        self.errors: list[ConfigError] = []

    def load(self, text: str) -> Any:
        yaml = YAML(typ="rt")
        try:
            tree = yaml.load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = exc.problem or exc.context or "invalid YAML"
            raise InvalidConfig([ConfigError(f"invalid YAML: {problem}", path=self.path, line=line)]) from None
        except Exception as exc:  # ruamel raises a few unmarked errors (e.g. bad encodings)
            raise InvalidConfig([ConfigError(f"invalid YAML: {exc}", path=self.path)]) from None
        if tree is None:
            tree = CommentedMap()
        if not isinstance(tree, dict):
            raise InvalidConfig([ConfigError("the file must be a mapping of keys", path=self.path, line=1)])
        return self.plain(tree)

    def plain(self, tree: Any) -> Any:
        """The document as plain values with ${VAR} expanded, and the line of each key where ruamel read it."""
        return self._plain(tree, ())

    def _plain(self, node: Any, loc: Loc) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            key_lines = node.lc.data if isinstance(node, CommentedMap) else {}
            for key, value in node.items():
                line = key_lines.get(key, [None])[0]
                if line is not None:
                    self.lines[(*loc, str(key))] = line + 1
                out[str(key)] = self._plain(value, (*loc, str(key)))
            return out
        if isinstance(node, list):
            items = []
            item_lines = node.lc.data if isinstance(node, CommentedSeq) else {}
            for index, value in enumerate(node):
                line = item_lines[index][0] if index in item_lines else None
                if line is not None:
                    self.lines[(*loc, index)] = line + 1
                items.append(self._plain(value, (*loc, index)))
            return items
        if isinstance(node, str):
            return self._expand(node, loc)
        return node

    def _expand(self, value: str, loc: Loc) -> str:
        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.env:
                self.error(loc, f"${{{name}}} is not set in the environment")
                return ""
            self.from_env.add(loc)
            return self.env[name]

        return _VAR.sub(substitute, value)

    def line_of(self, loc: Loc) -> int | None:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def error(self, loc: Loc, message: str) -> None:
        self.errors.append(ConfigError(message, path=self.path, line=self.line_of(loc), key=_key_text(loc)))

    # --- building typed objects ---

    def build(self, document: dict[str, Any], path: Path) -> Config:
        for key in document:
            if key not in _TOP_KEYS:
                self.error((key,), f"unknown key{_suggest(key, _TOP_KEYS)}")
        defaults = self.model(Defaults, document.get("defaults") or {}, ("defaults",)) or Defaults()
        database = self.model(DatabaseConfig, document.get("database") or {}, ("database",))
        sources = self.plugins(document.get("sources"), ("sources",), SOURCE_TYPES, "source")
        destinations = self.plugins(document.get("destinations"), ("destinations",), DESTINATION_TYPES, "destination")
        vendors = [
            vendor
            for index, raw in enumerate(self.sequence(document.get("vendors"), ("vendors",)))
            if (vendor := self.model(VendorConfig, raw, ("vendors", index))) is not None
        ]
        self.unique_names(sources, ("sources",), "source")
        self.unique_names(destinations, ("destinations",), "destination")
        if self.errors:
            raise InvalidConfig(sorted(self.errors, key=lambda e: e.line or 0))
        return Config(
            path=path,
            sources=tuple(sources),  # type: ignore[arg-type]
            destinations=tuple(destinations),  # type: ignore[arg-type]
            defaults=defaults,
            database_url=database.url if database else None,
            vendors=tuple(vendors),
        )

    def sequence(self, raw: Any, loc: Loc) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(loc, "must be a list")
            return []
        return raw

    def plugins(self, raw: Any, loc: Loc, types: Mapping[str, type[_Strict]], what: str) -> list[_Strict | None]:
        built: list[_Strict | None] = []
        for index, item in enumerate(self.sequence(raw, loc)):
            here = (*loc, index)
            if not isinstance(item, dict):
                self.error(here, f"each {what} must be a mapping with at least 'name' and 'type'")
                built.append(None)
                continue
            kind = item.get("type")
            if not isinstance(kind, str) or kind not in types:
                known = ", ".join(types)
                problem = "is missing" if kind is None else f"{kind!r} is not a known {what} type"
                self.error((*here, "type"), f"{problem}{_suggest(str(kind), types)} (known: {known})")
                built.append(None)
                continue
            built.append(self.model(types[kind], item, here))
        return built

    def model(self, cls: type[Any], raw: Any, loc: Loc) -> Any:
        if not isinstance(raw, dict):
            self.error(loc, "must be a mapping")
            return None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            for problem in exc.errors(include_url=False):
                self.pydantic_error(cls, raw, loc, problem)
            return None

    def pydantic_error(self, cls: type[Any], raw: dict[str, Any], loc: Loc, problem: Any) -> None:
        where: Loc = (*loc, *problem["loc"])
        kind = problem["type"]
        if kind == "extra_forbidden":
            known = [f.alias or name for name, f in cls.model_fields.items()]
            message = f"unknown key{_suggest(str(where[-1]), known)}"
        elif kind == "missing":
            message = "is required"
        else:
            message = str(problem["msg"]).removeprefix("Value error, ")
            if kind.startswith(("string_pattern", "string_too_short")) or "is not" not in message:
                shown = "${…}" if where in self.from_env else repr(problem.get("input"))
                message = f"{shown}: {message}"
        if where in self.from_env:
            message = _mask(message, raw, where[len(loc) :])
        self.error(where, message)

    def unique_names(self, items: list[Any], loc: Loc, what: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item is None:
                continue
            if item.name in seen:
                self.error(
                    (*loc, index, "name"),
                    f"duplicate {what} name {item.name!r} (first at index {seen[item.name]})",
                )
            else:
                seen[item.name] = index


def _mask(message: str, raw: dict[str, Any], rel: Loc) -> str:
    value: Any = raw
    for part in rel:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return message
    return message.replace(repr(value), "${…}").replace(str(value), "${…}") if value else message


def _key_text(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
