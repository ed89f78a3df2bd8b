"""``type: openrouter``: the models OpenRouter routes to (``GET /api/v1/models``), one item per model id.

The whole list is returned whenever it changed: the poller dedups by key, so only ids it has not stored are new.
An unchanged list costs nothing: the request is conditional (ETag) and a 200 whose body hashes as last time is not
parsed. Parse: ``parse_models`` (pure). A model with a ``hugging_face_id`` has open weights on the hub and takes
that repo id as its ``Facts.model_id``, so it folds into the release the hub source reports; any other model is
recorded as API-only (parameters unknown, ``open_weights`` False).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from releasewatch.config import Defaults, OpenRouterSourceConfig
from releasewatch.errors import ParseError
from releasewatch.models import Facts, FetchResult, Item, SourceState
from releasewatch.sources._conditional import conditional_result, http_limits
from releasewatch.sources.base import FetchContext
from releasewatch.sources.huggingface import active_params_in_name

HUB_URL: Final = "https://huggingface.co"  # hugging_face_id names a repo on the public hub
PER_MILLION: Final = Decimal(1_000_000)
# Prices change often and say nothing about a release: they travel with the item but do not make it "updated".
_HASHED_FIELDS: Final = ("id", "name", "description", "created", "context_length", "hugging_face_id")


def parse_models(body: bytes, site: str) -> tuple[Item, ...]:
    """Items of a models list (``{"data": [...]}``); entries without an id are skipped. ``site`` is the base of
    the model pages ('https://openrouter.ai')."""
    models = _data(body)
    items = (model_item(model, site) for model in models if isinstance(model, dict))
    return tuple(item for item in items if item is not None)


def model_item(model: Mapping[str, Any], site: str) -> Item | None:
    model_id = model.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        return None
    facts = model_facts(model)
    text = summary(model, facts)
    stable = json.dumps({key: model.get(key) for key in _HASHED_FIELDS}, sort_keys=True, default=str)
    return Item(
        key=model_id,
        title=_text(model.get("name")) or model_id,
        url=f"{site.rstrip('/')}/{model_id}",
        published=_created(model.get("created")),
        text=text,
        content_hash=hashlib.sha256(stable.encode()).hexdigest(),
        facts=facts,
    )


def model_facts(model: Mapping[str, Any]) -> Facts:
    model_id = str(model["id"])
    hf_id = _text(model.get("hugging_face_id"))  # null, absent and "" all mean none
    architecture = model.get("architecture")
    if not isinstance(architecture, dict):
        architecture = {}
    created = _created(model.get("created"))
    return Facts(
        model_id=hf_id or model_id,
        vendor=vendor_in_name(_text(model.get("name"))),
        params_active=active_params_in_name(hf_id or model_id),
        open_weights=hf_id is not None,
        repo_url=f"{HUB_URL}/{hf_id}" if hf_id else None,
        extra={
            "openrouter_id": model_id,
            "canonical_slug": _text(model.get("canonical_slug")),
            "hugging_face_id": hf_id,
            "api_only": hf_id is None,
            "created_at": created.isoformat() if created else None,
            "context_length": _count(model.get("context_length")),
            "pricing": _prices(model.get("pricing")),
            "price_per_million": price_per_million(model.get("pricing")),
            "modality": _text(architecture.get("modality")),
            "input_modalities": _texts(architecture.get("input_modalities")),
            "output_modalities": _texts(architecture.get("output_modalities")),
            "knowledge_cutoff": _text(model.get("knowledge_cutoff")),
            "expiration_date": _text(model.get("expiration_date")),
        },
    )


def vendor_in_name(name: str | None) -> str | None:
    """OpenRouter names read 'Vendor: Model' ('Qwen: Qwen3 235B A22B'); the part before the colon is the vendor."""
    if not name or ": " not in name:
        return None
    return name.split(": ", 1)[0].strip() or None


def price_per_million(pricing: object) -> dict[str, str]:
    """Prompt and completion prices in USD per million tokens, as decimal strings ('0.2'); odd values are left out."""
    if not isinstance(pricing, dict):
        return {}
    prices = {}
    for kind in ("prompt", "completion"):
        try:
            per_token = Decimal(str(pricing[kind]))
        except (KeyError, InvalidOperation):
            continue
        if per_token.is_finite() and per_token >= 0:
            prices[kind] = _plain(per_token * PER_MILLION)
    return prices


def summary(model: Mapping[str, Any], facts: Facts) -> str:
    """'Acme: MoE 120B A12B (acme-ai/acme-moe-120b-a12b) — 131,072-token context — $0.2/M input, $0.8/M output —
    open weights: acme-ai/…', then the description (plain text: the extractor reads it)."""
    name = _text(model.get("name")) or str(model["id"])
    parts = [f"{name} ({model['id']})"]
    context = facts.extra.get("context_length")
    if context:
        parts.append(f"{context:,}-token context")
    parts.append(_price_phrase(facts.extra.get("price_per_million") or {}))
    hf_id = facts.extra.get("hugging_face_id")
    parts.append(f"open weights: {hf_id}" if hf_id else "API only")
    heading = " — ".join(part for part in parts if part)
    description = _text(model.get("description"))
    return f"{heading}\n\n{description}" if description else heading


def _price_phrase(prices: Mapping[str, str]) -> str:
    if not prices:
        return ""
    if all(Decimal(price) == 0 for price in prices.values()):
        return "free"
    labels = {"prompt": "input", "completion": "output"}
    return ", ".join(f"${price}/M {labels[kind]}" for kind, price in prices.items())


def _data(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        hint = "an HTML page" if body.lstrip()[:1] == b"<" else "malformed JSON"
        raise ParseError(f'expected a JSON models list ({{"data": [...]}}), got {hint}') from None
    models = data.get("data") if isinstance(data, dict) else None
    if not isinstance(models, list):
        raise ParseError('expected a JSON models list ({"data": [...]}), got another JSON shape')
    return models


def _created(value: object) -> datetime | None:
    """``created`` is Unix seconds (when the model was added to OpenRouter)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _prices(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(key): str(price) for key, price in value.items() if isinstance(price, str | int | float)}


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")  # '0.2', '15', never '1.5E+1'


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _texts(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


# --- retrieve ---------------------------------------------------------------------------------------------------


def request_url(url: str) -> str:
    """The configured URL, asking for every output modality unless it says otherwise: the API lists only text
    models by default (openrouter notes, "Request"), and image or audio models are releases too."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "output_modalities" for name, _ in query):
        return url
    return urlunsplit(parts._replace(query=urlencode([*query, ("output_modalities", "all")])))


class OpenRouterSource:
    def __init__(self, config: OpenRouterSourceConfig, defaults: Defaults) -> None:
        self._url = request_url(config.url)
        parts = urlsplit(config.url)
        self._site = f"{parts.scheme}://{parts.netloc}"
        self._limits = http_limits(config.timeout or defaults.timeout, config.max_bytes or defaults.max_bytes)

    async def fetch(self, state: SourceState, ctx: FetchContext) -> FetchResult:
        url = state.url or self._url  # state.url only differs after a permanent redirect
        response = await ctx.http.get(
            url,
            limits=self._limits,
            etag=state.etag,
            last_modified=state.last_modified,
            headers={"Accept": "application/json"},
        )
        return conditional_result(state, url, response, lambda body: parse_models(body, self._site))
