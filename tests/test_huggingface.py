"""The hub source: the pure parse over ModelInfo fixtures, and the real HfApi against the loopback fake hub."""

from __future__ import annotations

import asyncio
import copy
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from huggingface_hub import ModelInfo
from pydantic import SecretStr

from releasewatch.config import Defaults, HuggingFaceSourceConfig
from releasewatch.errors import FetchError, ParseError
from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources._http import HttpClient
from releasewatch.sources.base import FetchContext
from releasewatch.sources.huggingface import (
    HuggingFaceSource,
    RepoOptions,
    base_models,
    is_derivative,
    parse_cursor,
    parse_models,
    retry_after_seconds,
)
from tests.support.fakehub import HTML_ERROR_PAGE, Canned, FakeHub, fakehub, load_fixture

__all__ = ["fakehub"]  # the fixture, imported for pytest

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
MOE = "acme-ai/Acme-MoE-120B-A12B-Instruct"
GGUF = "quantfolk/Acme-MoE-120B-A12B-Instruct-GGUF"
TOKEN = "hf_secretTokenValue123"


def repos() -> list[dict[str, Any]]:
    return copy.deepcopy(load_fixture("hf-models.json"))


def model(repo_id: str) -> ModelInfo:
    (item,) = [repo for repo in repos() if repo["id"] == repo_id]
    return ModelInfo(**item)


def one(items: tuple[Item, ...], key: str) -> Item:
    (item,) = [item for item in items if item.key == key]
    return item


def source(hub: FakeHub, **options: Any) -> HuggingFaceSource:
    settings: dict[str, Any] = {"name": "hf", "author": "acme-ai", "endpoint": hub.url, "page_size": 5, **options}
    return HuggingFaceSource(HuggingFaceSourceConfig(**settings), Defaults())


def fetch(src: HuggingFaceSource, state: SourceState | None = None) -> FetchResult:
    async def run() -> FetchResult:
        async with HttpClient() as http:
            return await src.fetch(state or SourceState(), FetchContext(http=http, now=NOW))

    return asyncio.run(run())


def new_repo(number: int, created: str) -> dict[str, Any]:
    return {
        "_id": f"6b{number:022d}",
        "id": f"acme-ai/Acme-New-{number}B",
        "author": "acme-ai",
        "createdAt": created,
        "lastModified": created,
        "tags": ["safetensors", "license:apache-2.0"],
        "safetensors": {"parameters": {"BF16": number * 10**9}, "total": number * 10**9},
        "cardData": {"license": "apache-2.0"},
    }


# --- parse (pure) -----------------------------------------------------------------------------------------------

OPTIONS = RepoOptions(endpoint="https://huggingface.co", author="acme-ai", vendor="Acme")


def test_moe_repo_facts_and_summary() -> None:
    (item,) = parse_models([model(MOE)], OPTIONS)
    facts = item.facts
    assert facts is not None
    assert item.key == item.title == MOE
    assert item.url == facts.repo_url == f"https://huggingface.co/{MOE}"
    assert item.published == datetime(2026, 7, 1, 9, 12, 44, tzinfo=UTC)
    assert item.text == f"{MOE} — text-generation — 120B parameters, 12B active (BF16) — license: Apache-2.0"
    assert (facts.model_id, facts.vendor, facts.license, facts.open_weights) == (MOE, "Acme", "Apache-2.0", True)
    assert (facts.params_total, facts.params_active) == (120432152576, 12 * 10**9)
    assert facts.extra["dtypes"] == {"BF16": 120431104000, "F32": 1048576}
    assert facts.extra["pipeline_tag"] == "text-generation"
    assert facts.extra["library"] == "transformers"
    assert facts.extra["gated"] is False
    assert facts.extra["created_at"] == "2026-07-01T09:12:44+00:00"
    assert facts.extra["last_modified"] == "2026-07-03T16:20:05+00:00"
    assert facts.base_model is None


def test_repo_without_safetensors_metadata() -> None:
    (item,) = parse_models([model("acme-ai/Acme-Next-Preview")], OPTIONS)
    assert item.facts is not None
    assert (item.facts.params_total, item.facts.open_weights, item.facts.extra["dtypes"]) == (None, None, {})
    assert item.text == "acme-ai/Acme-Next-Preview — license: MIT"


def test_license_other_with_license_name_and_gated_repo() -> None:
    options = RepoOptions(endpoint="https://huggingface.co")
    (item,) = parse_models([model("bigco/Bigco-Vision-8B-Instruct")], options)
    facts = item.facts
    assert facts is not None
    assert facts.license == "Bigco Community License"
    assert facts.extra["license_name"] == "bigco-community-license"
    assert facts.extra["license_link"] == "https://huggingface.co/bigco/Bigco-Vision-8B-Instruct/blob/main/LICENSE"
    assert facts.extra["gated"] == "manual"
    assert facts.base_model == "bigco/Bigco-Vision-8B"  # same org: a fine-tune of its own model, kept
    assert facts.vendor is None  # the hint belongs to the configured author only
    assert item.text == (
        "bigco/Bigco-Vision-8B-Instruct — image-text-to-text — 8B parameters (BF16)"
        " — fine-tune of bigco/Bigco-Vision-8B — gated — license: Bigco Community License"
    )


def test_license_from_the_tag_when_the_card_has_none() -> None:
    (item,) = parse_models([model("acme-ai/Acme-Coder-32B")], OPTIONS)
    assert item.facts is not None and item.facts.license == "CC-BY-NC-4.0"


def test_third_party_quantisation_skipped_unless_derivatives_included() -> None:
    quant = model(GGUF)
    assert parse_models([quant], OPTIONS) == ()
    (item,) = parse_models([quant], RepoOptions(endpoint="https://huggingface.co", include_derivatives=True))
    facts = item.facts
    assert facts is not None
    assert facts.base_model == MOE
    assert facts.extra["base_model_relation"] == "quantized"
    assert (facts.params_total, facts.extra["params_source"], facts.open_weights) == (120432152576, "gguf", True)
    assert item.text == f"{GGUF} — text-generation — 120B parameters, 12B active (GGUF) — quantized from {MOE}" + (
        " — license: Apache-2.0"
    )


def test_own_repo_deriving_from_another_org_is_a_derivative() -> None:
    tuned = model("acme-ai/Acme-Llama-3.1-8B-Tuned")
    assert parse_models([tuned], OPTIONS) == ()
    (item,) = parse_models([tuned], RepoOptions(endpoint="https://huggingface.co", include_derivatives=True))
    assert item.facts is not None and item.facts.license == "Llama 3.1 Community License"


def test_min_params_skips_small_repos_but_keeps_unknown_sizes() -> None:
    options = RepoOptions(endpoint="https://huggingface.co", author="acme-ai", min_params=1_000_000_000)
    kept = parse_models([model("acme-ai/Acme-Tiny-350M"), model("acme-ai/Acme-Next-Preview"), model(MOE)], options)
    assert [item.key for item in kept] == ["acme-ai/Acme-Next-Preview", MOE]


def test_base_models_from_card_and_tags() -> None:
    tags = ["base_model:org/A", "base_model:merge:org/B", "base_model:adapter:x/C"]
    assert base_models(["org/A"], tags) == (["org/A", "org/B", "x/C"], "merge")
    assert base_models(None, []) == ([], None)
    assert is_derivative("org", ["org/A"]) is False
    assert is_derivative("ORG", ["org/A", "x/C"]) is True
    assert is_derivative("org", ["gpt2"]) is True


def test_content_hash_ignores_last_modified() -> None:
    changed = next(repo for repo in repos() if repo["id"] == MOE) | {"lastModified": "2026-09-01T00:00:00.000Z"}
    (before,) = parse_models([model(MOE)], OPTIONS)
    (after,) = parse_models([ModelInfo(**changed)], OPTIONS)
    assert before.content_hash == after.content_hash


def test_retry_after_from_the_hubs_ratelimit_header() -> None:
    assert retry_after_seconds({"ratelimit": '"api";r=0;t=42'}, NOW) == 42.0
    assert retry_after_seconds({"ratelimit": '"api";r=7;t=42'}, NOW) is None
    assert retry_after_seconds({"retry-after": "120", "ratelimit": '"api";r=0;t=42'}, NOW) == 120.0


def test_unreadable_cursor_counts_as_none() -> None:
    assert parse_cursor("garbage") is None
    assert parse_cursor("2026-08-05T07:00:00") == datetime(2026, 8, 5, 7, tzinfo=UTC)


# --- the real HfApi against the fake hub ------------------------------------------------------------------------


def test_first_poll_follows_link_pages(fakehub: FakeHub) -> None:
    fakehub.repos = repos()
    result = fetch(source(fakehub))
    # The 5 newest acme-ai repos, over pages of 2; the Llama fine-tune (another org's base) is skipped.
    assert [item.key for item in result.items] == [
        "acme-ai/Acme-Next-Preview",
        "acme-ai/Acme-Coder-32B",
        MOE,
        "acme-ai/Acme-Tiny-350M",
    ]
    assert result.status == "ok"
    assert result.state.cursor == "2026-08-05T07:00:00+00:00"  # the newest seen, skipped or not
    pages = fakehub.requests_to("/api/models")
    assert [page.query.get("cursor") for page in pages] == [None, ["2"], ["4"]]
    first = pages[0].query
    assert (first["author"], first["sort"], first["limit"]) == (["acme-ai"], ["createdAt"], ["5"])
    assert "safetensors" in first["expand"] and "cardData" in first["expand"]
    assert "authorization" not in pages[0].headers  # no saved or $HF_TOKEN token leaks to an endpoint


def test_second_poll_reads_only_newer_repos_and_stops_paging(fakehub: FakeHub) -> None:
    fakehub.repos = repos()
    first = fetch(source(fakehub))
    fakehub.repos += [new_repo(1, "2026-08-20T10:00:00.000Z"), new_repo(2, "2026-08-21T10:00:00.000Z")]
    fakehub.requests.clear()
    second = fetch(source(fakehub), first.state)
    assert [item.key for item in second.items] == ["acme-ai/Acme-New-2B", "acme-ai/Acme-New-1B"]
    assert second.state.cursor == "2026-08-21T10:00:00+00:00"
    # Page 2 starts with a repo older than the cursor: page 3 (of 5) is never requested.
    assert len(fakehub.requests_to("/api/models")) == 2
    fakehub.requests.clear()
    third = fetch(source(fakehub), second.state)
    assert (third.items, third.state.cursor) == ((), second.state.cursor)
    assert len(fakehub.requests_to("/api/models")) == 1


def test_more_new_repos_than_a_page_asks_for_more(fakehub: FakeHub) -> None:
    fakehub.repos = repos()
    fakehub.hub_page_cap = 50
    state = SourceState(cursor="2026-08-10T07:00:00+00:00")
    fakehub.repos += [new_repo(number, f"2026-08-{10 + number:02d}T00:00:00.000Z") for number in range(1, 8)]
    result = fetch(source(fakehub, page_size=3), state)
    assert [item.key for item in result.items] == [f"acme-ai/Acme-New-{n}B" for n in range(7, 0, -1)]
    assert [request.query["limit"] for request in fakehub.requests_to("/api/models")] == [["3"], ["12"]]


def test_search_source_with_and_without_derivatives(fakehub: FakeHub) -> None:
    fakehub.repos = repos()
    plain = fetch(source(fakehub, author=None, search="Acme-MoE"))
    assert [item.key for item in plain.items] == [MOE]
    assert plain.state.cursor == "2026-07-02T11:00:00+00:00"
    derived = fetch(source(fakehub, author=None, search="Acme-MoE", include_derivatives=True))
    assert [item.key for item in derived.items] == [GGUF, MOE]


def test_token_is_sent_and_never_shown(fakehub: FakeHub) -> None:
    fakehub.repos = repos()
    fetch(source(fakehub, token=SecretStr(TOKEN)))
    assert fakehub.requests_to("/api/models")[0].headers["authorization"] == f"Bearer {TOKEN}"
    body = b'{"error": "Invalid credentials in Authorization header"}'
    fakehub.fail("/api/models", Canned(401, {"Content-Type": "application/json", "X-Error-Message": TOKEN}, body))
    with pytest.raises(FetchError) as failure:
        fetch(source(fakehub, token=SecretStr(TOKEN)))
    assert failure.value.status == 401
    assert str(failure.value).startswith("HTTP 401 Unauthorized")
    assert TOKEN not in str(failure.value)


def test_429_is_a_fetch_error_with_retry_after_and_no_sleeping(fakehub: FakeHub) -> None:
    fakehub.repos = repos()
    answer = Canned(429, {"Retry-After": "120", "RateLimit": '"api";r=0;t=118'}, b'{"error": "rate limited"}')
    fakehub.fail("/api/models", answer)
    started = time.monotonic()
    with pytest.raises(FetchError) as failure:
        fetch(source(fakehub))
    assert time.monotonic() - started < 2  # huggingface_hub would have slept and retried 5 times
    assert (failure.value.status, failure.value.retry_after) == (429, 120.0)
    assert str(failure.value) == "HTTP 429 Too Many Requests (retry after 120s)"
    assert len(fakehub.requests_to("/api/models")) == 1


def test_5xx_html_page_is_a_fetch_error_without_retries(fakehub: FakeHub) -> None:
    fakehub.fail("/api/models", Canned(502, {"Content-Type": "text/html"}, HTML_ERROR_PAGE))
    with pytest.raises(FetchError, match=r"^HTTP 502 Bad Gateway$") as failure:
        fetch(source(fakehub))
    assert failure.value.retry_after is None
    assert len(fakehub.requests_to("/api/models")) == 1


def test_html_error_page_served_as_200_is_a_parse_error(fakehub: FakeHub) -> None:
    fakehub.fail("/api/models", Canned(200, {"Content-Type": "text/html; charset=utf-8"}, HTML_ERROR_PAGE))
    with pytest.raises(ParseError, match="text/html instead of JSON"):
        fetch(source(fakehub))


def test_malformed_json_is_a_parse_error(fakehub: FakeHub) -> None:
    fakehub.fail("/api/models", Canned(200, {"Content-Type": "application/json"}, b'[{"id": "acme-ai/x", '))
    with pytest.raises(ParseError, match="not valid JSON"):
        fetch(source(fakehub))


def test_json_of_the_wrong_shape_is_a_parse_error(fakehub: FakeHub) -> None:
    fakehub.fail("/api/models", Canned(200, {"Content-Type": "application/json"}, b'{"models": []}'))
    with pytest.raises(ParseError, match="unexpected shape"):
        fetch(source(fakehub))


def test_an_answer_larger_than_max_bytes_is_refused(fakehub: FakeHub) -> None:
    body = b"[" + b",".join([b'{"id": "acme-ai/padding", "pad": "' + b"x" * 1000 + b'"}'] * 200) + b"]"
    fakehub.fail("/api/models", Canned(200, {"Content-Type": "application/json"}, body))
    with pytest.raises(FetchError, match="larger than max_bytes"):
        fetch(source(fakehub, max_bytes=50_000))


def test_the_hub_is_asked_for_an_uncompressed_answer(fakehub: FakeHub) -> None:
    fetch(source(fakehub))
    assert fakehub.requests_to("/api/models")[0].headers.get("accept-encoding") == "identity"


def test_slow_hub_times_out(fakehub: FakeHub) -> None:
    fakehub.delay = 1.0
    config = HuggingFaceSourceConfig(name="hf", author="acme-ai", endpoint=fakehub.url, timeout=timedelta(seconds=0.2))
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not answer within 0\.2s"):
        fetch(HuggingFaceSource(config, Defaults()))
    assert time.monotonic() - started < 1


def test_unreachable_hub_fails_at_once() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = HuggingFaceSourceConfig(name="hf", author="acme-ai", endpoint=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(FetchError, match="cannot reach the hub"):
        fetch(HuggingFaceSource(config, Defaults()))
    assert time.monotonic() - started < 2  # no backoff sleeps


def test_offline_mode_is_reported(fakehub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    # huggingface_hub's own request hook stays on the client we give it: HF_HUB_OFFLINE still blocks every request.
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", True)
    with pytest.raises(FetchError, match="offline mode"):
        fetch(source(fakehub))
    assert fakehub.requests == []
