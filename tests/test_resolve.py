"""resolve: one release per model — names, families, keys and merging (issue 4, part 5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasewatch.models import ModelMention
from releasewatch.resolve import (
    best_value,
    counts_agree,
    display_name,
    family_of,
    has_size,
    merge,
    normalise_name,
    release_key,
)

B = 10**9


@pytest.mark.parametrize(
    "names",
    [
        ["Qwen-3.5", "Qwen3.5", "qwen3.5", "Qwen 3.5"],
        ["deepseek-ai/DeepSeek-V3", "DeepSeek-V3-Base", "DeepSeek V3", "DeepSeek-V3-FP8", "deepseek-v3"],
        ["Qwen3-235B-A22B", "Qwen/Qwen3-235B-A22B-Instruct-2507", "Qwen3-235B-A22B-Thinking-2507", "qwen3 235b a22b"],
        ["Kimi K2", "moonshotai/Kimi-K2-Instruct", "Kimi-K2-Instruct-0905", "Kimi-K2-Base"],
        ["Llama 3.1 405B", "meta-llama/Meta-Llama-3.1-405B-Instruct", "Llama-3.1-405B-Instruct-FP8"],
        ["Gemma 3 27B", "google/gemma-3-27b-it", "gemma-3-27b-pt"],
        [
            "Qwen3-32B",
            "unsloth/Qwen3-32B-GGUF",
            "Qwen3-32B-AWQ",
            "Qwen3-32B-MLX-4bit",
            "Qwen3-32B-Q4_K_M",
            "Qwen3-32B-bnb-4bit",
            "Qwen3-32B-GPTQ-Int4",
            "qwen3:32b",
        ],
        ["Mixtral 8x7B", "mistralai/Mixtral-8x7B-Instruct-v0.1", "Mixtral-8x7B-v0.1"],
        ["gpt-oss-120b", "openai/gpt-oss-120b", "GPT-OSS 120B"],
        ["OLMo 2 1B", "allenai/OLMo-2-0425-1B", "OLMo-2-0425-1B-Instruct", "OLMo-2-1B"],
        ["InternLM2.5-7B", "internlm/internlm2_5-7b", "InternLM2.5 7B"],
        ["MiniCPM-V 2.6", "openbmb/MiniCPM-V-2_6", "MiniCPM-V-2.6"],
        ["Gemma 2 9B", "gemma_2_9b", "gemma-2-9b"],
        ["InternLM9-Chat-7B", "InternLM9-7B", "internlm9-7b-chat"],
        ["GLM-9-9B-Chat-1M", "THUDM/glm-9-9b-chat-1m"],
    ],
)
def test_spellings_of_one_model_share_a_key(names: list[str]) -> None:
    assert len({normalise_name(name) for name in names}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qwen3-32B", "Qwen3-14B"),
        ("Qwen3", "Qwen3.5"),
        ("GLM-4.5", "GLM-4.5-Air"),
        ("Llama 3.1 8B", "Llama 3.18B"),
        ("DeepSeek-V3", "DeepSeek-V3.1"),
        ("Mistral-7B-v0.3", "Mistral-7B-v0.2"),
        ("Qwen3-30B-A3B", "Qwen3-30B"),
        ("OLMo-2-0425-1B", "OLMo-2-1124-7B"),
        ("gemma_2_9b", "Gemma 2.9B"),
        ("GLM-9-9B-Chat-1M", "GLM-9-9B-Chat"),
    ],
)
def test_different_models_keep_different_keys(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


@given(
    st.from_regex(r"[A-Z][a-z]{2,6}[0-9](\.[0-9])?-[0-9]{1,3}B", fullmatch=True),
    st.sampled_from(["", "-Instruct", "-Base", "-FP8", "-GGUF", "-Instruct-2507", "-Thinking", "-AWQ"]),
    st.sampled_from(["", "acme/", "some-org/"]),
)
def test_variant_suffixes_and_org_prefixes_never_change_the_key(name: str, suffix: str, org: str) -> None:
    assert normalise_name(f"{org}{name}{suffix}") == normalise_name(name) == normalise_name(name.lower())


@pytest.mark.parametrize(
    ("name", "shown", "family"),
    [
        ("Qwen/Qwen3-235B-A22B-Instruct-2507", "Qwen3-235B-A22B", "Qwen3"),
        ("Llama 3.1 405B", "Llama 3.1 405B", "Llama 3.1"),
        ("gpt-oss-120b", "gpt-oss-120b", "gpt-oss"),
        ("Qwen3-Coder-480B-A35B-Instruct", "Qwen3-Coder-480B-A35B", "Qwen3-Coder"),
        ("Mixtral 8x7B", "Mixtral 8x7B", "Mixtral"),
        ("DeepSeek-V3", "DeepSeek-V3", "DeepSeek-V3"),
        ("Kimi-K2-Thinking", "Kimi-K2", "Kimi-K2"),
        ("Llama-4-Scout-17B-16E-Instruct", "Llama-4-Scout-17B-16E", "Llama-4-Scout"),
        ("allenai/OLMo-2-0425-1B-Instruct", "OLMo-2-1B", "OLMo-2"),
        ("Qwen9-7B-Instruct-1M", "Qwen9-7B-Instruct-1M", "Qwen9"),
        ("Mistral-7B-Instruct-v0.9", "Mistral-7B-v0.9", "Mistral"),
    ],
)
def test_display_name_and_family(name: str, shown: str, family: str) -> None:
    assert display_name(name) == shown
    assert family_of(name) == family
    assert has_size(name) == (family != shown)


def test_release_key() -> None:
    assert release_key("Alibaba", "Qwen/Qwen3-32B-Instruct") == release_key("alibaba ", "qwen3-32b")


def _mention(**fields: object) -> ModelMention:
    base: dict[str, object] = {"vendor": "DeepSeek", "model": "DeepSeek-V3"}
    return ModelMention(**{**base, **fields})  # type: ignore[arg-type]


def test_structured_facts_beat_tables_beat_prose_and_conflicts_are_kept() -> None:
    resolved = merge(
        [
            _mention(params_total=700 * B, evidence="It has about 700B parameters."),
            _mention(params_total=671 * B, params_active=37 * B, evidence="| DeepSeek-V3 | 671B | 37B |"),
            _mention(
                model="deepseek-ai/DeepSeek-V3",
                params_total=684_531_386_000,
                license="MIT",
                structured=True,
                evidence="https://huggingface.co/deepseek-ai/DeepSeek-V3",
            ),
            _mention(license="DeepSeek License", open_weights=True, evidence="subject to the Model License"),
        ]
    )
    assert (resolved.vendor, resolved.model, resolved.family) == ("DeepSeek", "DeepSeek-V3", "DeepSeek-V3")
    assert (resolved.params_total, resolved.params_active) == (684_531_386_000, 37 * B)
    assert (resolved.license, resolved.open_weights) == ("MIT", True)
    assert {(c.field, c.value) for c in resolved.conflicts} == {
        ("params_total", 700 * B),
        ("license", "DeepSeek License"),
    }


def test_counts_within_two_percent_agree_and_the_majority_wins_among_equals() -> None:
    resolved = merge(
        [
            _mention(params_total=32_800_000_000),
            _mention(params_total=33 * B),
            _mention(params_total=14 * B),
        ]
    )
    assert resolved.params_total == 32_800_000_000
    assert [c.value for c in resolved.conflicts] == [14 * B]


def test_an_unknown_vendor_gives_way_to_a_known_one_and_active_must_be_below_total() -> None:
    resolved = merge([_mention(vendor="unknown", params_total=8 * B, params_active=9 * B), _mention(vendor="DeepSeek")])
    assert resolved.vendor == "DeepSeek"
    assert resolved.params_active is None


def test_merge_needs_a_mention() -> None:
    with pytest.raises(ValueError, match="at least one"):
        merge([])


def test_best_value_and_counts_agree() -> None:
    assert best_value([]) is None
    assert best_value([("a", 0), ("b", 1)]) == "b"
    assert best_value([("a", 0), ("b", 0), ("a", 0)]) == "a"
    assert counts_agree(32_800_000_000, 33 * B)
    assert not counts_agree(117 * B, 120 * B)
