"""Releases and digests for the digest, renderer and destination tests. Test support, no business logic."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from releasewatch.digest import Digest, build_digest
from releasewatch.models import Release, ReleaseChange

B = 10**9
START = datetime(2026, 11, 23, tzinfo=UTC)
END = datetime(2026, 11, 30, tzinfo=UTC)  # exclusive: the digest covers Nov 23–29
SEEN = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)

# Model names and URLs a hostile or careless feed could carry.
CHANNEL_PING = "<!channel> pwned"
FORGED_LINK = "<http://evil|official>"
SCRIPT = "<script>alert(1)</script>"

_ids = itertools.count(1000)


def release(model: str, vendor: str = "Acme", **fields: Any) -> Release:
    values: dict[str, Any] = {
        "id": next(_ids),
        "vendor": vendor,
        "model": model,
        "family": None,
        "params_total": None,
        "params_active": None,
        "license": None,
        "open_weights": None,
        "region": None,
        "first_seen": SEEN,
        "announced_at": None,
        "sources": (),
    }
    values.update(fields)
    return Release(**values)


def qwen3() -> list[Release]:
    common = {"vendor": "Alibaba", "family": "Qwen3", "license": "Apache-2.0", "open_weights": True, "region": "CN"}
    blog = "https://qwenlm.github.io/blog/qwen3/"
    return [
        release("Qwen3-32B", params_total=32 * B, sources=(blog,), **common),
        release("Qwen3-235B-A22B", params_total=235 * B, params_active=22 * B, sources=(blog, _hf()), **common),
        release("Qwen3-14B", params_total=14 * B, **common),
        release("Qwen3-30B-A3B", params_total=30 * B, params_active=3 * B, **common),
    ]


def _hf() -> str:
    return "https://huggingface.co/Qwen/Qwen3-235B-A22B"


def sample_releases() -> list[Release]:
    return [
        *qwen3(),
        release("GPT-5", "OpenAI", open_weights=False, region="US", sources=("https://openai.com/index/gpt-5/",)),
        release("Mistral Large 3", "Mistral", params_total=675 * B, params_active=41 * B, license="Apache-2.0",
                open_weights=True, region="EU", sources=("https://mistral.ai/news/mistral-3",)),
        release("Sarashina", "SB Intuitions", params_total=70 * B, region="JP"),
        release("Mystery-7B", "Nobody", params_total=7 * B, license="MIT", open_weights=True),
    ]  # fmt: skip


def sample_changes() -> list[ReleaseChange]:
    deepseek = release("DeepSeek-V4", "DeepSeek", params_total=1200 * B, params_active=60 * B, license="MIT",
                       open_weights=True, region="CN", sources=("https://api-docs.deepseek.com/news/v4",))  # fmt: skip
    return [
        ReleaseChange(deepseek, ("params_total", "params_active", "license"),
                      {"params_total": None, "params_active": None, "license": None}),
    ]  # fmt: skip


def sample_digest() -> Digest:
    return build_digest(sample_releases(), sample_changes(), start=START, end=END)


def hostile_releases() -> list[Release]:
    return [
        release(CHANNEL_PING, "Evil", region="CN", sources=(FORGED_LINK, "javascript:alert(1)")),
        release(FORGED_LINK, "<@U123> & co", region="US", license=SCRIPT, sources=("https://ok.example/a|b>c&d",)),
        release(SCRIPT, "<!here>", params_total=7 * B, sources=('https://x.example/"><script>',)),
    ]


def hostile_digest() -> Digest:
    return build_digest(hostile_releases(), [], start=START, end=END)
