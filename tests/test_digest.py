"""The pure digest core: grouping, sizes, periods, changes, links and filters."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasewatch.config import Filter
from releasewatch.digest import (
    build_digest,
    describe_period,
    format_size,
    make_entry,
    make_links,
    matches,
    safe_url,
)
from releasewatch.models import Release, ReleaseChange
from tests.support.digestdata import END, START, B, qwen3, release, sample_digest

# --- sizes -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "active", "expected"),
    [
        (235 * B, 22 * B, "235B-A22B"),
        (397 * B, None, "397B"),
        (397 * B, 397 * B, "397B"),  # active == total is a dense model
        (None, None, "undisclosed"),
        (None, 22 * B, "undisclosed"),
        (1_600 * B, None, "1.6T"),
        (600_000_000, None, "0.6B"),
        (30 * B, 3 * B, "30B-A3B"),
    ],
)
def test_format_size(total: int | None, active: int | None, expected: str) -> None:
    assert format_size(release("M", params_total=total, params_active=active)) == expected


# --- grouping ----------------------------------------------------------------------------------------------------


def test_a_family_is_one_line_with_its_sizes_moe_first_then_largest() -> None:
    digest = build_digest(qwen3(), [], start=START, end=END)
    (section,) = digest.sections
    (entry,) = section.entries
    assert entry.headline == "Alibaba: Qwen3 (235B-A22B, 30B-A3B, 32B, 14B)"
    assert entry.license_text == "Apache-2.0"
    assert entry.weights_text == "open weights"
    assert [link.label for link in entry.links] == ["qwenlm.github.io", "huggingface.co"]  # every source, once
    assert section.release_count == 4
    assert digest.counts.new == 4


def test_a_lone_family_member_is_shown_by_its_model_name() -> None:
    lone = release("Qwen3-32B", "Alibaba", family="Qwen3", params_total=32 * B)
    (entry,) = build_digest([lone], [], start=START, end=END).sections[0].entries
    assert entry.headline == "Alibaba: Qwen3-32B (32B)"


def test_family_members_of_different_vendors_stay_apart() -> None:
    a = release("X-7B", "A", family="X", params_total=7 * B)
    b = release("X-8B", "B", family="X", params_total=8 * B)
    entries = build_digest([a, b], [], start=START, end=END).sections[0].entries
    assert [entry.headline for entry in entries] == ["A: X-7B (7B)", "B: X-8B (8B)"]


def test_mixed_facts_within_a_family_are_reported_as_mixed() -> None:
    members = [
        release("F-70B", family="F", params_total=70 * B, license="MIT", open_weights=True),
        release("F-Max", family="F", license=None, open_weights=False),
    ]
    entry = make_entry(members, name="F")
    assert entry.size_text == "70B, undisclosed"
    assert entry.license_text == "MIT / unknown"
    assert entry.weights_text == "open weights (some)"
    assert make_entry([release("G")]).license_text == "license unknown"
    assert make_entry([release("G")]).weights_text == "weights unknown"
    assert make_entry([release("G", open_weights=False)]).weights_text == "closed weights"


def test_regions_cn_us_eu_then_others_by_name_then_other() -> None:
    releases = [
        release("a", region=None),
        release("b", region="KR"),
        release("c", region="EU"),
        release("d", region="AE"),
        release("e", region="us"),
        release("f", region="JP"),
        release("g", region="CN"),
        release("h", region="ZZ"),
    ]
    digest = build_digest(releases, [], start=START, end=END)
    assert [s.name for s in digest.sections] == ["China", "US", "Europe", "Japan", "South Korea", "UAE", "ZZ", "Other"]
    assert digest.sections[1].code == "US"  # codes are normalised


def test_region_names_can_be_overridden() -> None:
    digest = build_digest([release("a", region="CN")], [], start=START, end=END, region_names={"CN": "PRC"})
    assert digest.sections[0].name == "PRC"


def test_vendors_sorted_within_a_region_and_the_same_release_listed_once() -> None:
    zeta, alpha = release("Z1", "zeta", region="US"), release("A1", "Alpha", region="US")
    digest = build_digest([zeta, alpha, zeta], [], start=START, end=END)
    assert [group.vendor for group in digest.sections[0].vendors] == ["Alpha", "zeta"]
    assert digest.counts.new == 2


def test_feed_text_is_flattened_and_bounded() -> None:
    entry = make_entry([release("Line\nbreak\r\nhere " + "x" * 500, "V\tendor")])
    assert entry.name.startswith("Line break here x")
    assert len(entry.name) <= 160 and entry.name.endswith("…")
    assert entry.vendor == "V endor"


# --- the heading ----------------------------------------------------------------------------------------------


def test_title_summary_and_counts() -> None:
    digest = sample_digest()
    assert digest.title == "releasewatch: 8 new models, 1 updated (Nov 23–29)"
    assert digest.summary == "8 new models from 5 vendors · 1 updated · Nov 23–29, 2026"
    assert (digest.counts.new, digest.counts.changed, digest.counts.vendors) == (8, 1, 5)
    assert not digest.is_empty


def test_singular_and_empty() -> None:
    one = build_digest([release("M")], [], start=START, end=END)
    assert one.title == "releasewatch: 1 new model (Nov 23–29)"
    empty = build_digest([], [], start=START, end=END)
    assert empty.is_empty and empty.counts.new == 0 and empty.title == "releasewatch: 0 new models (Nov 23–29)"


@pytest.mark.parametrize(
    ("start", "end", "short", "long"),
    [
        ((2026, 11, 23), (2026, 11, 30), "Nov 23–29", "Nov 23–29, 2026"),  # midnight end is exclusive
        ((2026, 11, 23), (2026, 11, 29, 12), "Nov 23–29", "Nov 23–29, 2026"),
        ((2026, 11, 28), (2026, 12, 5), "Nov 28–Dec 4", "Nov 28–Dec 4, 2026"),
        ((2025, 12, 29), (2026, 1, 5), "Dec 29, 2025–Jan 4, 2026", "Dec 29, 2025–Jan 4, 2026"),
        ((2026, 11, 29), (2026, 11, 30), "Nov 29", "Nov 29, 2026"),
        ((2026, 11, 29), (2026, 11, 29), "Nov 29", "Nov 29, 2026"),
    ],
)
def test_period_labels(start: tuple[int, ...], end: tuple[int, ...], short: str, long: str) -> None:
    period = describe_period(datetime(*start, tzinfo=UTC), datetime(*end, tzinfo=UTC))  # type: ignore[misc]
    assert (period.short, period.long) == (short, long)


# --- changes ---------------------------------------------------------------------------------------------------


def test_changed_releases_say_what_changed() -> None:
    (item,) = sample_digest().changed
    assert item.entry.headline == "DeepSeek: DeepSeek-V4 (1.2T-A60B)"
    assert item.region == "China"
    assert item.notes == ("size: undisclosed → 1.2T-A60B", "license: unknown → MIT")


def test_change_notes_for_weights_and_sources() -> None:
    now = release("M", open_weights=True, sources=("https://a.example/1", "https://b.example/2"))
    change = ReleaseChange(now, ("open_weights", "sources"), {"open_weights": None, "sources": ["https://a.example/1"]})
    (item,) = build_digest([], [change], start=START, end=END).changed
    assert item.notes == ("weights: unknown → open", "1 new source")


def test_a_release_new_and_changed_in_the_same_period_is_listed_once_as_new() -> None:
    new = release("M", params_total=7 * B)
    digest = build_digest([new], [ReleaseChange(new, ("params_total",), {"params_total": None})], start=START, end=END)
    assert digest.counts == type(digest.counts)(new=1, changed=0, vendors=1)
    assert digest.changed == ()


def test_the_filter_applies_to_changes_too() -> None:
    digest = build_digest([], [ReleaseChange(release("M", region="US"), ("license",))], start=START, end=END,
                          filter=Filter(regions=("CN",)))  # fmt: skip
    assert digest.changed == () and digest.is_empty


# --- links -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://huggingface.co/Qwen/Qwen3", "https://huggingface.co/Qwen/Qwen3"),
        ("HTTP://Example.com/a?b=1&c=2", "HTTP://Example.com/a?b=1&c=2"),
        ("https://x.example/a|b>c", "https://x.example/a%7Cb%3Ec"),
        ('https://x.example/"><script>', "https://x.example/%22%3E%3Cscript%3E"),
        ("javascript:alert(1)", None),
        ("<http://evil|official>", None),
        ("data:text/html,hi", None),
        ("https://", None),
        ("https://a.example/with space", None),
        ("https://a.example/\nX-Injected: 1", None),
        ("ftp://files.example/x", None),
        ("https://[::1", None),
        ("https://long.example/" + "a" * 2000, None),
    ],
)
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_links_labelled_by_host_numbered_when_repeated() -> None:
    links = make_links(
        [
            "https://www.a.example/1",
            "https://a.example/2",
            "https://a.example/1",
            "mailto:x@y",
            "https://www.a.example/1",
        ]
    )
    assert [(link.label, link.url is not None) for link in links] == [
        ("a.example", True),
        ("a.example 2", True),
        ("a.example 3", True),
        ("mailto:x@y", False),
    ]


# --- filters ---------------------------------------------------------------------------------------------------

_BIG_OPEN_CN = release("Qwen3-235B-A22B", "Alibaba", family="Qwen3", params_total=235 * B, params_active=22 * B,
                       license="Apache-2.0", open_weights=True, region="CN")  # fmt: skip
_UNKNOWN = release("Mystery", "Nobody")


@pytest.mark.parametrize(
    ("filter", "big", "unknown"),
    [
        (Filter(), True, True),
        (Filter(vendors=("alibaba",)), True, False),
        (Filter(regions=("cn", "US")), True, False),
        (Filter(regions=("other",)), False, True),
        (Filter(min_params=10 * B), True, True),  # undisclosed size passes a size floor (frontier API models)
        (Filter(min_params=300 * B), False, True),
        (Filter(open_weights=True), True, False),  # unknown is not known to be open
        (Filter(open_weights=False), False, False),
        (Filter(licenses=("apache-2.0", "MIT")), True, False),
        (Filter(keywords=("QWEN",)), True, False),
        (Filter(keywords=("nobody",)), False, True),  # vendors count as text too
        (Filter(keywords=("  ",)), True, True),  # blank keywords are ignored, not "match nothing"
        (Filter(vendors=("Alibaba",), regions=("CN",), min_params=10 * B, open_weights=True), True, False),
    ],
)
def test_matches(filter: Filter, big: bool, unknown: bool) -> None:
    assert (matches(_BIG_OPEN_CN, filter), matches(_UNKNOWN, filter)) == (big, unknown)


# --- properties ------------------------------------------------------------------------------------------------

_regions = st.sampled_from([None, "CN", "US", "EU", "JP", "KR", "cn", "XX", ""])
_sizes = st.one_of(st.none(), st.integers(min_value=1, max_value=3 * 10**12))


@st.composite
def _releases(draw: st.DrawFn) -> list[Release]:
    count = draw(st.integers(min_value=0, max_value=25))
    out = []
    for index in range(count):
        total = draw(_sizes)
        active = draw(st.one_of(st.none(), st.integers(1, total))) if total else None
        out.append(
            Release(
                id=index,
                vendor=draw(st.sampled_from(["Alibaba", "OpenAI", "Mistral", "x<y>", "&"])),
                model=draw(st.text(max_size=30)),
                family=draw(st.sampled_from([None, "F", "G"])),
                params_total=total,
                params_active=active,
                license=draw(st.sampled_from([None, "MIT", "Apache-2.0"])),
                open_weights=draw(st.sampled_from([None, True, False])),
                region=draw(_regions),
                first_seen=START,
                announced_at=None,
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(_releases(), st.integers(min_value=0, max_value=400))
def test_every_kept_release_appears_exactly_once_in_region_order(releases: list[Release], floor: int) -> None:
    filter = Filter(min_params=floor * B)
    digest = build_digest(releases, [], start=START, end=END, filter=filter)
    shown = [r.id for section in digest.sections for entry in section.entries for r in entry.releases]
    assert sorted(shown) == sorted(r.id for r in releases if matches(r, filter))
    assert digest.counts.new == len(shown)
    codes = [section.code for section in digest.sections]
    leading = [code for code in codes if code in ("CN", "US", "EU")]
    assert leading == [code for code in ("CN", "US", "EU") if code in leading]
    assert codes[: len(leading)] == leading
    assert None not in codes[:-1]  # unknown region last
    others = [section.name for section in digest.sections if section.code not in (None, "CN", "US", "EU")]
    assert others == sorted(others, key=str.casefold)


@settings(max_examples=100, deadline=None)
@given(_sizes, _sizes)
def test_format_size_reads_like_the_notation(total: int | None, active: int | None) -> None:
    text = format_size(release("M", params_total=total, params_active=active))
    if total is None:
        assert text == "undisclosed"
    elif active is not None and active < total:
        assert "-A" in text
    else:
        assert "-A" not in text and text != "undisclosed"


# --- purity ----------------------------------------------------------------------------------------------------

_SRC = Path(__file__).resolve().parent.parent / "src" / "releasewatch"


def test_the_core_and_renderers_import_no_io_library() -> None:
    code = (
        "import sys, releasewatch.digest, releasewatch.render.slack, releasewatch.render.email, "
        "releasewatch.render.markdown\n"
        "bad = [m for m in ('slack_sdk', 'smtplib', 'httpx', 'sqlalchemy', 'urllib.request', 'ssl') "
        "if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == ""


def test_the_core_and_renderers_never_read_the_clock() -> None:
    files = [_SRC / "digest.py", *(_SRC / "render").glob("*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert ".now(" not in text and "utcnow" not in text and "time.time" not in text, path
