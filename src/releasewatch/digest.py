"""Releases → one digest document (issue 6, part 2). Pure: no I/O, no clock; the caller passes the period.

The document is what every renderer (Slack, email, Markdown) draws from, so the decisions live here once:
which releases pass a destination's filter, how they are grouped (region, then vendor, then family), how a size
reads ("235B-A22B", "undisclosed") and which source links are safe to make clickable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from releasewatch.config import Filter
from releasewatch.models import Release, ReleaseChange
from releasewatch.units import format_size as format_params

# CN, US and EU lead (the bulk of releases); other regions follow alphabetically by name, then unknown ("Other").
LEADING_REGIONS = ("CN", "US", "EU")
DEFAULT_REGION_NAMES: Mapping[str, str] = {
    "CN": "China",
    "US": "US",
    "EU": "Europe",
    "AE": "UAE",
    "CA": "Canada",
    "GB": "UK",
    "IL": "Israel",
    "IN": "India",
    "JP": "Japan",
    "KR": "South Korea",
}
OTHER_REGION = "Other"

# Feed-derived strings are bounded here so that no renderer can be pushed past a platform limit by one title.
MAX_NAME = 160
MAX_URL = 1000  # longer URLs are shown as their host only, unlinked


@dataclass(frozen=True)
class Link:
    """A source link. ``url`` is None unless it is a plain http(s) URL, safe to put in an href or a Slack link."""

    label: str
    url: str | None


@dataclass(frozen=True)
class DigestEntry:
    """One line: a model, or a family when several releases share one ("Qwen3 (235B-A22B, 32B)")."""

    vendor: str
    name: str
    sizes: tuple[str, ...]
    licenses: tuple[str | None, ...]  # distinct, in size order; None = not known
    open_weights: tuple[bool | None, ...]  # distinct values across the releases
    links: tuple[Link, ...]
    releases: tuple[Release, ...]

    @property
    def size_text(self) -> str:
        return ", ".join(self.sizes)

    @property
    def license_text(self) -> str:
        if all(value is None for value in self.licenses):
            return "license unknown"
        return " / ".join(value or "unknown" for value in self.licenses)

    @property
    def weights_text(self) -> str:
        values = set(self.open_weights)
        if values == {True}:
            return "open weights"
        if values == {False}:
            return "closed weights"
        return "open weights (some)" if True in values else "weights unknown"

    @property
    def headline(self) -> str:
        """'Alibaba: Qwen3 (235B-A22B, 32B)' — plain text, unescaped."""
        return f"{self.vendor}: {self.name} ({self.size_text})"


@dataclass(frozen=True)
class VendorGroup:
    vendor: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True)
class RegionSection:
    code: str | None  # None: the region is not known
    name: str  # "China", "Other"
    vendors: tuple[VendorGroup, ...]

    @property
    def entries(self) -> tuple[DigestEntry, ...]:
        return tuple(entry for group in self.vendors for entry in group.entries)

    @property
    def release_count(self) -> int:
        """Releases, not lines: a family of four sizes is one line and four releases."""
        return sum(len(entry.releases) for entry in self.entries)


@dataclass(frozen=True)
class ChangedEntry:
    """A release that gained facts: its line as it reads now, and what changed ("license: unknown → MIT")."""

    entry: DigestEntry
    region: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class DigestCounts:
    new: int  # releases (a family of four sizes counts four)
    changed: int
    vendors: int


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive
    start_label: str  # "Nov 23"
    end_label: str  # "Nov 29" (the last day inside the period)
    short: str  # "Nov 23–29"
    long: str  # "Nov 23–29, 2026"


@dataclass(frozen=True)
class Digest:
    title: str  # "releasewatch: 7 new models (Nov 23–29)"
    period_start: datetime
    period_end: datetime
    sections: tuple[RegionSection, ...]
    changed: tuple[ChangedEntry, ...]
    counts: DigestCounts
    period: Period

    @property
    def summary(self) -> str:
        """'7 new models from 5 vendors · 2 updated · Nov 23–29, 2026' — the line under the heading."""
        parts = [f"{_plural(self.counts.new, 'new model')} from {_plural(self.counts.vendors, 'vendor')}"]
        if self.counts.changed:
            parts.append(f"{self.counts.changed} updated")
        parts.append(self.period.long)
        return " · ".join(parts)

    @property
    def is_empty(self) -> bool:
        return not self.sections and not self.changed


# --- building -----------------------------------------------------------------------------------------------


def build_digest(
    new: Sequence[Release],
    changed: Sequence[ReleaseChange],
    *,
    start: datetime,
    end: datetime,
    filter: Filter | None = None,
    region_names: Mapping[str, str] = DEFAULT_REGION_NAMES,
) -> Digest:
    """The digest of ``new`` releases and ``changed`` ones over [start, end), after ``filter``.

    A release that is both new and changed in the period is shown once, as new: its line already has the facts.
    """
    kept = [release for release in _unique(new) if filter is None or matches(release, filter)]
    new_ids = {release.id for release in kept}
    kept_changes = [
        change
        for change in changed
        if change.release.id not in new_ids and (filter is None or matches(change.release, filter))
    ]
    period = describe_period(start, end)
    counts = DigestCounts(new=len(kept), changed=len(kept_changes), vendors=len({r.vendor for r in kept}))
    return Digest(
        title=_title(counts, period),
        period_start=start,
        period_end=end,
        sections=_sections(kept, region_names),
        changed=tuple(describe_change(change, region_names) for change in _sorted_changes(kept_changes)),
        counts=counts,
        period=period,
    )


def _unique(releases: Iterable[Release]) -> list[Release]:
    seen: dict[int, Release] = {}
    for release in releases:
        seen.setdefault(release.id, release)
    return list(seen.values())


def _title(counts: DigestCounts, period: Period) -> str:
    text = _plural(counts.new, "new model")
    if counts.changed:
        text += f", {counts.changed} updated"
    return f"releasewatch: {text} ({period.short})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _sections(releases: Sequence[Release], region_names: Mapping[str, str]) -> tuple[RegionSection, ...]:
    by_region: dict[str | None, list[Release]] = defaultdict(list)
    for release in releases:
        by_region[region_code(release.region)].append(release)
    codes = sorted(by_region, key=lambda code: _region_sort_key(code, region_names))
    return tuple(
        RegionSection(code=code, name=region_name(code, region_names), vendors=_vendor_groups(by_region[code]))
        for code in codes
    )


def region_code(region: str | None) -> str | None:
    code = (region or "").strip().upper()
    return code or None


def region_name(code: str | None, region_names: Mapping[str, str] = DEFAULT_REGION_NAMES) -> str:
    if code is None:
        return OTHER_REGION
    return region_names.get(code) or _bounded(code, 40)


def _region_sort_key(code: str | None, region_names: Mapping[str, str]) -> tuple[int, int, str]:
    if code is None:
        return (2, 0, "")
    if code in LEADING_REGIONS:
        return (0, LEADING_REGIONS.index(code), "")
    return (1, 0, region_name(code, region_names).casefold())


def _vendor_groups(releases: Sequence[Release]) -> tuple[VendorGroup, ...]:
    by_vendor: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        by_vendor[release.vendor].append(release)
    return tuple(
        VendorGroup(vendor=_bounded(vendor), entries=_family_entries(by_vendor[vendor]))
        for vendor in sorted(by_vendor, key=lambda name: (name.casefold(), name))
    )


def _family_entries(releases: Sequence[Release]) -> tuple[DigestEntry, ...]:
    """One entry per family shared by two or more releases, one per release otherwise."""
    by_family: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        if release.family:
            by_family[release.family].append(release)
    entries: list[DigestEntry] = []
    grouped: set[int] = set()
    for family, members in by_family.items():
        if len(members) > 1:
            entries.append(make_entry(members, name=family))
            grouped.update(member.id for member in members)
    entries.extend(make_entry([release]) for release in releases if release.id not in grouped)
    return tuple(sorted(entries, key=lambda entry: (entry.name.casefold(), entry.name, entry.releases[0].id)))


def make_entry(releases: Sequence[Release], *, name: str | None = None) -> DigestEntry:
    """The line for one release (``name`` None: its model name) or for a family of them (``name`` = family)."""
    ordered = sorted(releases, key=_size_sort_key)
    return DigestEntry(
        vendor=_bounded(ordered[0].vendor),
        name=_bounded(name if name is not None else ordered[0].model),
        sizes=_distinct(format_size(release) for release in ordered),
        licenses=_distinct(_bounded(r.license) if r.license else None for r in ordered),
        open_weights=_distinct(release.open_weights for release in ordered),
        links=make_links(url for release in ordered for url in release.sources),
        releases=tuple(ordered),
    )


def _size_sort_key(release: Release) -> tuple[int, int, int]:
    """Mixtures of experts first, then dense models, each largest first; undisclosed sizes last.

    So Qwen3 reads "235B-A22B, 30B-A3B, 32B, 14B", the order the vendor announces them in.
    """
    if release.params_total is None:
        return (2, 0, release.id)
    moe = release.params_active is not None and release.params_active < release.params_total
    return (0 if moe else 1, -release.params_total, release.id)


def _distinct(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def _bounded(text: str | None, limit: int = MAX_NAME) -> str:
    """Collapse whitespace (a newline in a title would break a line-based format) and cap the length."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- sizes, links ---------------------------------------------------------------------------------------------


def format_size(release: Release) -> str:
    """'235B-A22B' for a mixture of experts, '397B' for a dense model, 'undisclosed' when unknown."""
    return format_params(release.params_total, release.params_active)


def make_links(urls: Iterable[str]) -> tuple[Link, ...]:
    """One link per distinct source; labelled by host, numbered when a host repeats ("example.com 2")."""
    links: list[Link] = []
    seen_labels: dict[str, int] = defaultdict(int)
    for url in dict.fromkeys(urls):
        safe = safe_url(url)
        host = _host(safe) if safe else None
        label = host or _bounded(url, 60)
        seen_labels[label] += 1
        if seen_labels[label] > 1:
            label = f"{label} {seen_labels[label]}"
        links.append(Link(label=label, url=safe))
    return tuple(links)


_URL_ENCODE = {'"': "%22", "<": "%3C", ">": "%3E", "|": "%7C", "`": "%60", "\\": "%5C"}


def safe_url(url: str) -> str | None:
    """The URL if it is http(s) with a host and no whitespace or control characters; None otherwise.

    Characters that would end a Slack link (``|``, ``>``) or an HTML attribute (``"``) are percent-encoded, so
    every renderer can embed the result after its own escaping of ``&``.
    """
    url = url.strip()
    if len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return "".join(_URL_ENCODE.get(ch, ch) for ch in url)


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


# --- changes ---------------------------------------------------------------------------------------------------

_FIELD_LABELS = {"license": "license", "open_weights": "weights", "family": "family", "region": "region"}


def describe_change(change: ReleaseChange, region_names: Mapping[str, str] = DEFAULT_REGION_NAMES) -> ChangedEntry:
    release = change.release
    return ChangedEntry(
        entry=make_entry([release]),
        region=region_name(region_code(release.region), region_names),
        notes=tuple(_change_notes(change)),
    )


def _change_notes(change: ReleaseChange) -> list[str]:
    release, previous = change.release, change.previous
    notes: list[str] = []
    fields = list(dict.fromkeys(change.changes))
    if "params_total" in fields or "params_active" in fields:
        before = replace(
            release,
            params_total=previous.get("params_total", release.params_total),
            params_active=previous.get("params_active", release.params_active),
        )
        notes.append(f"size: {format_size(before)} → {format_size(release)}")
    for name in fields:
        if name in ("params_total", "params_active"):
            continue
        if name == "sources":
            added = len(set(release.sources) - set(previous.get("sources") or ()))
            notes.append(f"{_plural(added, 'new source')}" if added else "sources changed")
            continue
        label = _FIELD_LABELS.get(name, name.replace("_", " "))
        notes.append(
            f"{label}: {_fact_text(name, previous.get(name))} → {_fact_text(name, getattr(release, name, None))}"
        )
    return notes


def _fact_text(name: str, value: Any) -> str:
    if value is None:
        return "unknown"
    if name == "open_weights":
        return "open" if value else "closed"
    if isinstance(value, (list, tuple)):
        return _bounded(", ".join(str(item) for item in value), 300)
    return _bounded(str(value))


def _sorted_changes(changes: Sequence[ReleaseChange]) -> list[ReleaseChange]:
    return sorted(changes, key=lambda c: (c.release.vendor.casefold(), c.release.model.casefold(), c.release.id))


# --- the period ----------------------------------------------------------------------------------------------


def describe_period(start: datetime, end: datetime) -> Period:
    """Labels for [start, end): the end is exclusive, so a period ending at midnight ends the day before."""
    first = start.date()
    last = max(first, (end - timedelta(microseconds=1)).date()) if end > start else first
    start_label, end_label = f"{first:%b} {first.day}", f"{last:%b} {last.day}"
    if first == last:
        short = start_label
    elif (first.year, first.month) == (last.year, last.month):
        short = f"{start_label}–{last.day}"
    else:
        short = f"{start_label}–{end_label}"
    if first.year != last.year:
        short = f"{start_label}, {first.year}–{end_label}, {last.year}"
        long = short
    else:
        long = f"{short}, {last.year}"
    return Period(start=start, end=end, start_label=start_label, end_label=end_label, short=short, long=long)


# --- filters ---------------------------------------------------------------------------------------------------


def matches(release: Release, filter: Filter) -> bool:
    """Whether a destination's filter lets a release through; an empty filter lets everything through.

    A fact the filter asks about must be known to pass (open_weights, license, region), except size: a model of
    undisclosed size passes ``min_params`` — it is usually a frontier API model, exactly what a size floor is not
    meant to hide (the floor is there to drop the flood of small fine-tunes, whose sizes are known).
    """
    return (
        _in(release.vendor, filter.vendors)
        and _region_matches(release.region, filter.regions)
        and (filter.min_params is None or release.params_total is None or release.params_total >= filter.min_params)
        and (filter.open_weights is None or release.open_weights is filter.open_weights)
        and _in(release.license, filter.licenses)
        and _keywords_match(release, filter.keywords)
    )


def _in(value: str | None, allowed: Sequence[str]) -> bool:
    if not allowed:
        return True
    return value is not None and value.casefold() in {item.casefold() for item in allowed}


def _region_matches(region: str | None, allowed: Sequence[str]) -> bool:
    """Regions are codes (CN, US, EU); 'other' or 'unknown' in the list admits releases of unknown region."""
    if not allowed:
        return True
    codes = {item.strip().upper() for item in allowed}
    code = region_code(region)
    return code in codes if code is not None else bool(codes & {"OTHER", "UNKNOWN"})


def _keywords_match(release: Release, keywords: Sequence[str]) -> bool:
    wanted = [keyword.casefold() for keyword in keywords if keyword.strip()]
    if not wanted:
        return True
    haystack = " ".join(text for text in (release.vendor, release.model, release.family) if text).casefold()
    return any(keyword in haystack for keyword in wanted)
