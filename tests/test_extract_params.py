"""Parameter counts in the forms announcements use, and the numbers that only look like them (issue 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasewatch.extract.params import Strength, find_params, parse_count, size_in_name
from releasewatch.units import format_param_count

B = 10**9


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("397B", 397 * B),
        ("1.6T", 1_600 * B),
        ("0.6B", 600_000_000),
        ("500M", 500_000_000),
        ("1,000B", 1_000 * B),
        ("7 billion", 7 * B),
        ("1.6 trillion", 1_600 * B),
        ("nonsense", None),
    ],
)
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count


@given(st.integers(min_value=10, max_value=9_999).map(lambda tenths: tenths * 10**8))
def test_a_formatted_count_reads_back_within_two_percent(count: int) -> None:
    parsed = parse_count(format_param_count(count))
    assert parsed is not None
    assert abs(parsed - count) <= 0.02 * count


@given(st.decimals(min_value="0.1", max_value="999", places=1), st.sampled_from(["M", "B", "T"]))
def test_a_written_count_parses_exactly(number: object, unit: str) -> None:
    scale = {"M": 10**6, "B": 10**9, "T": 10**12}[unit]
    assert parse_count(f"{number}{unit}") == round(float(str(number)) * scale)
    found = find_params(f"a model with {number}{unit} parameters")
    assert [claim.total for claim in found] == ([round(float(str(number)) * scale)] if found else [])


@pytest.mark.parametrize(
    ("name", "total", "active", "notation", "strength"),
    [
        ("Qwen3-235B-A22B", 235 * B, 22 * B, "235B-A22B", Strength.NAME),
        ("Qwen3-30B-A3B-Instruct-2507", 30 * B, 3 * B, "30B-A3B", Strength.NAME),
        ("Qwen3-Next-80B-A3B", 80 * B, 3 * B, "80B-A3B", Strength.NAME),
        ("gpt-oss-120b", 120 * B, None, "120b", Strength.NAME),
        ("Qwen3-0.6B", 600_000_000, None, "0.6B", Strength.NAME),
        ("SmolLM2-360M", 360_000_000, None, "360M", Strength.NAME),
        ("Mixtral-8x7B", 56 * B, None, "8x7B", Strength.ESTIMATE),
        ("Llama-4-Scout-17B-16E", None, 17 * B, "17B-16E", Strength.NAME),
        ("Qwen2.5-7B-Instruct-1M", 7 * B, None, "7B", Strength.NAME),
    ],
)
def test_size_in_name(name: str, total: int | None, active: int | None, notation: str, strength: Strength) -> None:
    claim = size_in_name(name)
    assert claim is not None
    assert (claim.total, claim.active, claim.notation, claim.strength) == (total, active, notation, strength)


@pytest.mark.parametrize("name", ["DeepSeek-V3", "GPT-4o", "Kimi K2", "Qwen3.5", "GLM-4.5"])
def test_names_without_a_size(name: str) -> None:
    assert size_in_name(name) is None


def _counts(text: str) -> list[tuple[int | None, int | None]]:
    return [(claim.total, claim.active) for claim in find_params(text)]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "a strong MoE language model with 671B total parameters with 37B activated for each token",
            [(671 * B, None), (None, 37 * B)],
        ),
        (
            "Kimi K2 has 1 trillion total parameters and 32 billion activated parameters",
            [(1_000 * B, None), (None, 32 * B)],
        ),
        (
            "a 456 billion parameter model with 45.9 billion parameters activated per token",
            [(456 * B, None), (None, 45_900_000_000)],
        ),
        (
            "Mixtral has 46.7B total parameters but only uses 12.9B parameters per token",
            [(46_700_000_000, None), (None, 12_900_000_000)],
        ),
        ("Alibaba: Qwen3.5 (397B-A17B)", [(397 * B, 17 * B)]),
        ("the 1T/32B model", [(1_000 * B, 32 * B)]),
        ("Total Parameters: 1T", [(1_000 * B, None)]),
        ("Activated Parameters: 32B", [(None, 32 * B)]),
        ("Number of Parameters: 32.8B; Number of Parameters (Non-Embedding): 31.2B", [(32_800_000_000, None)]),
        ("a 7-billion-parameter model", [(7 * B, None)]),
        ("gpt-oss-120b (117B total, 5.1B active)", [(117 * B, None), (None, 5_100_000_000)]),
        ("GLM-4.5 with 355B-A32B", [(355 * B, 32 * B)]),
        (
            "It comprises 236B total parameters, of which 21B are activated for each token",
            [(236 * B, None), (None, 21 * B)],
        ),
        ("80B total parameters, of which only about 3B are activated per token", [(80 * B, None), (None, 3 * B)]),
        ("The total parameter count is 42B.", [(42 * B, None)]),
    ],
)
def test_find_params(text: str, counts: list[tuple[int | None, int | None]]) -> None:
    assert _counts(text) == counts


@pytest.mark.parametrize(
    "text",
    [
        "It supports a 128K context window and a 1M-token context.",
        "Pre-trained on 15T tokens, or 14.8 trillion high-quality tokens.",
        "The training cost $294,000 and OpenAI raised $40 billion at a $600 billion valuation.",
        "It took 2.788M H800 GPU hours on 2,048 GPUs.",
        "ChatGPT has 800M weekly users and 1B downloads.",
        "It scores 85.3 on MMLU and 92.1 on GSM8K.",
        "Released on 2025-07-21, version v2.5.",
        "The checkpoint is a 40GB download (700 MB quantized).",
        "The company spent 2 billion on chips.",
    ],
)
def test_numbers_that_are_not_parameter_counts(text: str) -> None:
    assert find_params(text) == []


def test_stated_counts_outrank_bare_ones() -> None:
    stated, bare = find_params("with 671B total parameters; (397B)")
    assert stated.strength is Strength.STATED
    assert bare.strength is Strength.BARE


def test_spans_of_model_names_are_skipped() -> None:
    text = "Qwen3-235B-A22B has 235 billion total parameters"
    assert _counts(text) == [(235 * B, 22 * B), (235 * B, None)]
    assert _counts_skipping(text, (0, 15)) == [(235 * B, None)]


def _counts_skipping(text: str, span: tuple[int, int]) -> list[tuple[int | None, int | None]]:
    return [(claim.total, claim.active) for claim in find_params(text, (span,))]
