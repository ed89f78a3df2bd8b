"""The OpenRouter models source: pure parsing of the list, and polls of a list that grows, against the fake."""

from __future__ import annotations

import asyncio
import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from releasewatch.config import Defaults, OpenRouterSourceConfig
from releasewatch.errors import ParseError
from releasewatch.models import FetchResult, Item, SourceState
from releasewatch.sources._http import HttpClient
from releasewatch.sources.base import FetchContext
from releasewatch.sources.openrouter import OpenRouterSource, parse_models, price_per_million, request_url
from tests.support.fakehub import HTML_ERROR_PAGE, FakeHub, fakehub, load_fixture

__all__ = ["fakehub"]  # the fixture, imported for pytest

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
SITE = "https://openrouter.ai"


def models() -> list[dict[str, Any]]:
    return copy.deepcopy(load_fixture("openrouter-models.json")["data"])


def by_key(items: tuple[Item, ...]) -> dict[str, Item]:
    return {item.key: item for item in items}


def source(hub: FakeHub) -> OpenRouterSource:
    return OpenRouterSource(OpenRouterSourceConfig(name="or", url=f"{hub.url}/api/v1/models"), Defaults())


def fetch(src: OpenRouterSource, state: SourceState | None = None) -> FetchResult:
    async def run() -> FetchResult:
        async with HttpClient() as http:
            return await src.fetch(state or SourceState(), FetchContext(http=http, now=NOW))

    return asyncio.run(run())


# --- parse (pure) -----------------------------------------------------------------------------------------------


def test_open_weights_model_folds_into_its_hub_repo() -> None:
    items = by_key(parse_models(json.dumps({"data": models()}).encode(), SITE))
    item = items["acme-ai/acme-moe-120b-a12b"]
    facts = item.facts
    assert facts is not None
    assert (item.title, item.url) == ("Acme: MoE 120B A12B", f"{SITE}/acme-ai/acme-moe-120b-a12b")
    assert item.published == datetime(2026, 7, 1, 9, 32, 44, tzinfo=UTC)
    assert (facts.model_id, facts.vendor, facts.open_weights) == ("acme-ai/Acme-MoE-120B-A12B-Instruct", "Acme", True)
    assert (facts.params_total, facts.params_active, facts.license) == (None, 12 * 10**9, None)
    assert facts.repo_url == "https://huggingface.co/acme-ai/Acme-MoE-120B-A12B-Instruct"
    assert facts.extra["openrouter_id"] == "acme-ai/acme-moe-120b-a12b"
    assert facts.extra["context_length"] == 131072
    assert facts.extra["price_per_million"] == {"prompt": "0.2", "completion": "0.8"}
    assert facts.extra["pricing"]["prompt"] == "0.0000002"
    assert item.text == (
        "Acme: MoE 120B A12B (acme-ai/acme-moe-120b-a12b) — 131,072-token context — $0.2/M input, $0.8/M output"
        " — open weights: acme-ai/Acme-MoE-120B-A12B-Instruct\n\n"
        "Open-weight mixture-of-experts model with 12B active parameters."
    )


def test_api_only_model() -> None:
    items = by_key(parse_models(json.dumps({"data": models()}).encode(), SITE))
    facts = items["bigco/bigco-ultra"].facts
    assert facts is not None
    assert (facts.model_id, facts.open_weights, facts.repo_url) == ("bigco/bigco-ultra", False, None)
    assert (facts.params_total, facts.params_active) == (None, None)
    assert facts.extra["api_only"] is True and facts.extra["hugging_face_id"] is None  # "" means none
    assert items["bigco/bigco-ultra"].text.startswith(
        "Bigco: Ultra (bigco/bigco-ultra) — 1,000,000-token context — $3/M input, $15/M output — API only\n\n"
    )
    free = items["acme-ai/acme-7b:free"]
    assert free.text == "Acme: Acme 7B (free) (acme-ai/acme-7b:free) — free — open weights: acme-ai/Acme-7B"


def test_price_changes_do_not_make_an_item_updated() -> None:
    before = parse_models(json.dumps({"data": models()}).encode(), SITE)
    cheaper = models()
    cheaper[0]["pricing"]["prompt"] = "0.0000001"
    after = parse_models(json.dumps({"data": cheaper}).encode(), SITE)
    assert before[0].content_hash == after[0].content_hash
    assert before[0].facts != after[0].facts


def test_entries_without_an_id_are_skipped_and_odd_prices_ignored() -> None:
    body = json.dumps({"data": [{"name": "no id"}, "junk", {"id": "x/y", "pricing": {"prompt": "n/a"}}]}).encode()
    (item,) = parse_models(body, SITE)
    assert item.key == "x/y" and item.facts is not None
    assert item.facts.extra["price_per_million"] == {}
    assert price_per_million({"prompt": "0.000015", "completion": "-1"}) == {"prompt": "15"}


def test_not_a_models_list_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="got an HTML page"):
        parse_models(HTML_ERROR_PAGE, SITE)
    with pytest.raises(ParseError, match="another JSON shape"):
        parse_models(b'{"error": {"code": 500, "message": "Internal"}}', SITE)
    with pytest.raises(ParseError, match="malformed JSON"):
        parse_models(b'{"data": [', SITE)


def test_request_url_asks_for_every_modality() -> None:
    assert request_url(f"{SITE}/api/v1/models") == f"{SITE}/api/v1/models?output_modalities=all"
    assert request_url(f"{SITE}/api/v1/models?output_modalities=text") == f"{SITE}/api/v1/models?output_modalities=text"
    assert request_url(f"{SITE}/api/v1/models?q=acme") == f"{SITE}/api/v1/models?q=acme&output_modalities=all"


# --- against the fake -------------------------------------------------------------------------------------------


def test_a_list_that_grows_between_polls(fakehub: FakeHub) -> None:
    fakehub.router_models = models()[1:]
    first = fetch(source(fakehub))
    assert first.status == "ok"
    assert set(by_key(first.items)) == {"bigco/bigco-ultra", "acme-ai/acme-7b:free"}
    unchanged = fetch(source(fakehub), first.state)
    assert (unchanged.status, unchanged.items) == ("not_modified", ())

    fakehub.router_models = models()  # a new model appears
    grown = fetch(source(fakehub), unchanged.state)
    assert grown.status == "ok"
    assert set(by_key(grown.items)) == {"acme-ai/acme-moe-120b-a12b", "bigco/bigco-ultra", "acme-ai/acme-7b:free"}
    assert grown.state.etag != first.state.etag
    requests = fakehub.requests_to("/api/v1/models")
    assert requests[0].query == {"output_modalities": ["all"]}
    assert "if-none-match" not in requests[0].headers
    assert requests[1].headers["if-none-match"] == requests[2].headers["if-none-match"] == first.state.etag


def test_unchanged_body_without_etag_is_not_parsed_again(fakehub: FakeHub) -> None:
    fakehub.router_etag = False
    fakehub.router_models = models()
    first = fetch(source(fakehub))
    assert len(first.items) == 3 and first.state.etag is None
    second = fetch(source(fakehub), first.state)
    assert (second.status, second.items, second.state.body_hash) == ("not_modified", (), first.state.body_hash)
